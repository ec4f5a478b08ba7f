-- The engine's "Starring <person>" and "For your <time of day>" rows, and the time-of-day reason,
-- were refused by the CHECKs of the system migration: the precompute job could not store the
-- For You of a profile that had one (it logged the CHECK failure and served the rows from memory).
ALTER TABLE recommendation_rows DROP CONSTRAINT recommendation_rows_row_kind_check;
ALTER TABLE recommendation_rows ADD CONSTRAINT recommendation_rows_row_kind_check
    CHECK (row_kind IN ('top_picks', 'because_you_watched', 'trending_region', 'new_for_you', 'continue_watching', 'popular', 'genre', 'with_person', 'starring', 'time_of_day'));
ALTER TABLE recommendation_items DROP CONSTRAINT recommendation_items_reason_kind_check;
ALTER TABLE recommendation_items ADD CONSTRAINT recommendation_items_reason_kind_check
    CHECK (reason_kind IN ('similar_to_movie', 'same_person', 'preferred_genre', 'trending', 'new_release', 'in_progress', 'popular', 'collaborative', 'time_of_day'));
