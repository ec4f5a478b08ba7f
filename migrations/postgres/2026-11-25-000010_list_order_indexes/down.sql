CREATE INDEX movies_popularity_idx ON movies (popularity);
DROP INDEX movies_title_id_idx;
DROP INDEX movies_year_id_idx;
DROP INDEX movies_year_desc_id_idx;
DROP INDEX movies_release_date_id_idx;
DROP INDEX movies_release_date_desc_id_idx;
DROP INDEX movies_popularity_id_idx;
DROP INDEX movies_popularity_desc_id_idx;
