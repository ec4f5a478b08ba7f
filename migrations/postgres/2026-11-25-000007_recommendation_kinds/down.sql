-- Back to the system migration's CHECKs: rows of the newer kinds are dropped first (the
-- precompute job derives them again).
DELETE FROM recommendation_rows WHERE row_kind IN ('starring', 'time_of_day');
DELETE FROM recommendation_items WHERE reason_kind = 'time_of_day';
ALTER TABLE recommendation_rows DROP CONSTRAINT recommendation_rows_row_kind_check;
ALTER TABLE recommendation_rows ADD CONSTRAINT recommendation_rows_row_kind_check
    CHECK (row_kind IN ('top_picks', 'because_you_watched', 'trending_region', 'new_for_you', 'continue_watching', 'popular', 'genre', 'with_person'));
ALTER TABLE recommendation_items DROP CONSTRAINT recommendation_items_reason_kind_check;
ALTER TABLE recommendation_items ADD CONSTRAINT recommendation_items_reason_kind_check
    CHECK (reason_kind IN ('similar_to_movie', 'same_person', 'preferred_genre', 'trending', 'new_release', 'in_progress', 'popular', 'collaborative'));
