-- PostgreSQL's batched rating write (`marquee_set_ratings`). SQLite batches the server's writes
-- in its group commit (`server/src/state/group_commit.rs`): nothing changes here. The folder
-- exists so both backends keep the same migrations.
SELECT 1;
