//! Rows of the system tables (see `migrations/*/2026-11-23-*_system`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::Profile;
use super::catalogue::Movie;
use crate::schema::*;

/// A precomputed row of the "For you" page.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = recommendation_rows, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
pub struct RecommendationRow {
    pub id: i64,
    pub profile_id: i64,
    pub row_kind: String,
    pub title: String,
    pub position: i32,
    pub generated_at: NaiveDateTime,
    pub model_version: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = recommendation_rows)]
pub struct NewRecommendationRow<'a> {
    pub profile_id: i64,
    pub row_kind: &'a str,
    pub title: &'a str,
    pub position: i32,
    pub generated_at: NaiveDateTime,
    pub model_version: &'a str,
}

/// A movie in a recommendation row, with the reason it is there.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = recommendation_items, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(RecommendationRow, foreign_key = row_id))]
#[diesel(belongs_to(Movie, foreign_key = movie_id))]
pub struct RecommendationItem {
    pub id: i64,
    pub row_id: i64,
    pub movie_id: i64,
    pub position: i32,
    pub score: f64,
    pub reason_kind: String,
    pub reason_movie_id: Option<i64>,
    pub reason_person_id: Option<i64>,
    pub reason_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = recommendation_items)]
pub struct NewRecommendationItem<'a> {
    pub row_id: i64,
    pub movie_id: i64,
    pub position: i32,
    pub score: f64,
    pub reason_kind: &'a str,
    pub reason_movie_id: Option<i64>,
    pub reason_person_id: Option<i64>,
    pub reason_text: Option<&'a str>,
}

/// A background job.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = jobs, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub args: String,
    pub dedupe_key: Option<String>,
    pub priority: i16,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub locked_by: Option<String>,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = jobs)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub args: &'a str,
    pub dedupe_key: Option<&'a str>,
    pub priority: i16,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AuditLogEntry {
    pub id: i64,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub ip: Option<String>,
    pub details: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditLogEntry<'a> {
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<i64>,
    pub ip: Option<&'a str>,
    pub details: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = analytics_events, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AnalyticsEvent {
    pub id: i64,
    pub profile_id: Option<i64>,
    pub kind: String,
    pub movie_id: Option<i64>,
    pub row_kind: Option<String>,
    pub position: Option<i32>,
    pub query: Option<String>,
    pub props: Option<String>,
    pub client_event_id: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub received_at: NaiveDateTime,
    /// What produced the item shown: the For You model version, `search`…
    pub algorithm: Option<String>,
    /// The experiment arm the profile was in when the server received the event.
    pub experiment_id: Option<i64>,
    pub variant: Option<String>,
    /// A number the kind gives meaning to (a search's result count, a rating).
    pub value: Option<f64>,
}

/// An event to record. `Default` leaves every optional column empty (times at the epoch: set
/// them).
#[derive(Debug, Clone, PartialEq, Default, Insertable)]
#[diesel(table_name = analytics_events)]
pub struct NewAnalyticsEvent<'a> {
    pub profile_id: Option<i64>,
    pub kind: &'a str,
    pub movie_id: Option<i64>,
    pub row_kind: Option<&'a str>,
    pub position: Option<i32>,
    pub query: Option<&'a str>,
    pub props: Option<&'a str>,
    pub client_event_id: Option<&'a str>,
    pub occurred_at: NaiveDateTime,
    pub received_at: NaiveDateTime,
    pub algorithm: Option<&'a str>,
    pub experiment_id: Option<i64>,
    pub variant: Option<&'a str>,
    pub value: Option<f64>,
}

/// An A/B experiment.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = experiments, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Experiment {
    pub id: i64,
    pub key: String,
    pub description: String,
    pub status: String,
    pub started_at: Option<NaiveDateTime>,
    pub stopped_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The variant whose config serves everyone once the experiment is rolled out.
    pub rolled_out_variant_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = experiments)]
pub struct NewExperiment<'a> {
    pub key: &'a str,
    pub description: &'a str,
    pub status: &'a str,
    pub started_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = experiment_variants, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Experiment, foreign_key = experiment_id))]
pub struct ExperimentVariant {
    pub id: i64,
    pub experiment_id: i64,
    pub key: String,
    pub traffic_share_permille: i16,
    pub config: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = experiment_variants)]
pub struct NewExperimentVariant<'a> {
    pub experiment_id: i64,
    pub key: &'a str,
    pub traffic_share_permille: i16,
    pub config: &'a str,
}

/// The variant a profile was assigned in an experiment.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = experiment_assignments, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(Experiment, foreign_key = experiment_id))]
#[diesel(belongs_to(Profile, foreign_key = profile_id))]
#[diesel(belongs_to(ExperimentVariant, foreign_key = variant_id))]
pub struct ExperimentAssignment {
    pub id: i64,
    pub experiment_id: i64,
    pub profile_id: i64,
    pub variant_id: i64,
    pub assigned_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = experiment_assignments)]
pub struct NewExperimentAssignment {
    pub experiment_id: i64,
    pub profile_id: i64,
    pub variant_id: i64,
    pub assigned_at: NaiveDateTime,
}

/// An outgoing mail, sent by the mail job.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = outbox_mail, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OutboxMail {
    pub id: i64,
    pub user_id: Option<i64>,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub created_at: NaiveDateTime,
    pub send_after: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = outbox_mail)]
pub struct NewOutboxMail<'a> {
    pub user_id: Option<i64>,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub send_after: NaiveDateTime,
}
