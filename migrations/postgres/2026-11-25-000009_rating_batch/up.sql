-- Rating writes in batches (issue 10): each server's rating writes that arrive while one batch
-- runs go together in the next, as one statement and one commit (one WAL flush) instead of one
-- each. Element i of the arrays is one write; each runs `marquee_set_rating`, in movie id order
-- so that concurrent batches (of several servers) lock movies' aggregate rows in one order and
-- cannot deadlock. Returns one row per write: its index (1-based) and the movie's aggregate
-- after it. Any failure fails the whole batch; the server then runs each write on its own.
CREATE FUNCTION marquee_set_ratings(
    p_profile_ids BIGINT[],
    p_movie_ids BIGINT[],
    p_rating_halves SMALLINT[],
    p_now TIMESTAMP
)
RETURNS TABLE (o_index INTEGER, o_count INTEGER, o_sum_half BIGINT, o_average DOUBLE PRECISION)
LANGUAGE plpgsql AS $$
DECLARE
    v_i INTEGER;
BEGIN
    FOR v_i IN
        SELECT g.i FROM generate_subscripts(p_movie_ids, 1) AS g (i)
        ORDER BY p_movie_ids[g.i], g.i
    LOOP
        o_index := v_i;
        SELECT r.o_count, r.o_sum_half, r.o_average INTO o_count, o_sum_half, o_average
        FROM marquee_set_rating(p_profile_ids[v_i], p_movie_ids[v_i], p_rating_halves[v_i], p_now) AS r;
        RETURN NEXT;
    END LOOP;
END
$$;
