-- Placeholder so this branch's migrations have no gap: another branch owns number 0020.
-- DROP THIS FILE AT MERGE (the real 0020 replaces it).
SELECT 1;
