-- PostgreSQL's rating-write function only (`marquee_set_rating`); SQLite runs the same rule in
-- Rust (`set_rating`). The folder exists so both backends keep the same migrations.
SELECT 1;
