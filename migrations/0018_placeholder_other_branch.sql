-- Placeholder so this branch's migrations have no gap: another branch owns number 0018.
-- DROP THIS FILE AT MERGE (the real 0018 replaces it).
SELECT 1;
