-- PostgreSQL's one-statement rating write (`marquee_set_rating`). SQLite runs the same rule
-- in-process (`set_rating` in `db/src/queries/activity.rs`), where a statement costs no round
-- trip: nothing changes here. The folder exists so both backends keep the same migrations.
SELECT 1;
