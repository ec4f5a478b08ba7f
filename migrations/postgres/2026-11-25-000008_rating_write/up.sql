-- A rating write in one statement (issue 10). From the server it was six round trips (BEGIN,
-- lock the aggregate, read the old rating, write the rating, write the aggregate, COMMIT), and
-- under load every one of them waited for a busy CPU on both sides while the transaction held the
-- movie's aggregate row locked. Called on its own, this function is its own transaction.
--
-- The same rule as `set_rating` in `db/src/queries/activity.rs`, which SQLite runs:
-- 1. lock the movie's aggregate row, creating it if missing: rating writes of one movie queue
--    here, and each statement below reads under a snapshot taken after that lock (a VOLATILE
--    function in READ COMMITTED takes one per statement);
-- 2. replace the profile's rating or insert it;
-- 3. store count, sum and the average rounded to 4 places (half away from zero, as Rust's
--    `f64::round`, with the same double-precision arithmetic), clamped to 0.5..5.
-- A missing movie or profile fails a foreign key whose name says which.
CREATE FUNCTION marquee_set_rating(
    p_profile_id BIGINT,
    p_movie_id BIGINT,
    p_rating_half SMALLINT,
    p_now TIMESTAMP,
    OUT o_count INTEGER,
    OUT o_sum_half BIGINT,
    OUT o_average DOUBLE PRECISION
)
LANGUAGE plpgsql AS $$
DECLARE
    v_id BIGINT;
    v_old SMALLINT;
BEGIN
    INSERT INTO movie_stats AS s (movie_id, rating_count, rating_sum_half, updated_at)
    VALUES (p_movie_id, 0, 0, p_now)
    ON CONFLICT (movie_id) DO UPDATE SET updated_at = excluded.updated_at
    RETURNING s.rating_count, s.rating_sum_half INTO o_count, o_sum_half;

    SELECT r.id, r.rating_half INTO v_id, v_old
    FROM ratings r
    WHERE r.profile_id = p_profile_id AND r.movie_id = p_movie_id;
    IF FOUND THEN
        UPDATE ratings SET rating_half = p_rating_half, updated_at = p_now WHERE id = v_id;
        o_sum_half := GREATEST(o_sum_half + p_rating_half - v_old, 0);
    ELSE
        INSERT INTO ratings (profile_id, movie_id, rating_half, created_at, updated_at)
        VALUES (p_profile_id, p_movie_id, p_rating_half, p_now, p_now);
        o_count := o_count + 1;
        o_sum_half := o_sum_half + p_rating_half;
    END IF;

    IF o_count > 0 THEN
        o_average := GREATEST(0.5, LEAST(5.0,
            floor(o_sum_half::DOUBLE PRECISION / (2.0 * o_count) * 10000.0 + 0.5) / 10000.0));
    END IF;
    UPDATE movie_stats
    SET rating_count = o_count, rating_sum_half = o_sum_half, rating_avg = o_average,
        updated_at = p_now
    WHERE movie_id = p_movie_id;
END
$$;
