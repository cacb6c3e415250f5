-- Placeholder so this branch's migrations have no gap: another branch owns number 0017.
-- DROP THIS FILE AT MERGE (the real 0017 replaces it).
SELECT 1;
