-- The upsert form of migration 000008.
CREATE OR REPLACE FUNCTION marquee_set_rating(
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
