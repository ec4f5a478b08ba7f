-- Analytics and A/B experiments (issue 11), on the tables the system migration created.

-- Events carry the algorithm that produced what was shown (the For You model version, "search"),
-- the experiment arm the profile was in when the server received them, and a numeric value
-- (a rating, a result count). No foreign key on `experiment_id`: experiments are never deleted
-- (they stop or roll out), and SQLite cannot drop a column that is one.
ALTER TABLE analytics_events ADD COLUMN algorithm TEXT NULL;
ALTER TABLE analytics_events ADD COLUMN experiment_id BIGINT NULL;
ALTER TABLE analytics_events ADD COLUMN variant TEXT NULL;
ALTER TABLE analytics_events ADD COLUMN value REAL NULL;

-- A retried batch stores each event once: client event ids are unique per profile (a client
-- generates a UUID per event; two accounts cannot collide with, or probe, each other's ids).
DROP INDEX analytics_events_client_event_id_key;
CREATE UNIQUE INDEX analytics_events_profile_id_client_event_id_key
    ON analytics_events (profile_id, client_event_id);
CREATE INDEX analytics_events_experiment_id_variant_idx ON analytics_events (experiment_id, variant);
-- The retention cleanup deletes by time.
CREATE INDEX analytics_events_occurred_at_idx ON analytics_events (occurred_at);

-- The variant whose config now serves everyone (status 'rolled_out').
ALTER TABLE experiments ADD COLUMN rolled_out_variant_id BIGINT NULL;

-- Account-level privacy switch: no events are recorded for an account that opted out.
ALTER TABLE users ADD COLUMN analytics_opt_out BOOLEAN NOT NULL DEFAULT FALSE;
