//! Analytics and experiments (issue 11): the event batch a client posts, one's own events
//! (export), the account's opt-out, and the admins' experiments and stats.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most events in one batch.
pub const MAX_BATCH: usize = 500;

/// Event kinds a client may send.
pub const CLIENT_KINDS: &[&str] = &[
    "impression",
    "click",
    "play",
    "complete",
    "rating",
    "watchlist_add",
];

/// One event as a client sends it. `id` is a UUID the client generates once per event and keeps
/// across retries: the server stores each (profile, id) once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventIn {
    pub id: String,
    /// One of [`CLIENT_KINDS`]: `impression`, `click`, `play`, `complete`, `rating`,
    /// `watchlist_add`.
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movie_id: Option<i64>,
    /// The For You row kind (`top_picks`…) or `search` for a search result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_kind: Option<String>,
    /// 0-based position in the row or result list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
    /// What produced the item: For You's `model_version`, or `search`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// The search query a result was picked from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// A number the kind gives meaning to (`rating`: stars 0.5–5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// `POST /profiles/{pid}/events`: up to [`MAX_BATCH`] events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    pub events: Vec<EventIn>,
}

/// The reply to a batch: how many events were new, how many were already stored (a retry), and
/// whether the account opted out (then nothing is stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BatchAccepted {
    pub stored: u64,
    pub duplicates: u64,
    pub opted_out: bool,
}

/// One stored event, as its owner exports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: i64,
    pub profile_id: Option<i64>,
    pub kind: String,
    pub client_event_id: Option<String>,
    pub movie_id: Option<i64>,
    pub row_kind: Option<String>,
    pub position: Option<i32>,
    pub algorithm: Option<String>,
    pub experiment_id: Option<i64>,
    pub variant: Option<String>,
    pub query: Option<String>,
    pub value: Option<f64>,
    pub occurred_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
}

/// `GET /me/events` (JSON): a page of events by id; pass `next_after` as `after` for the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventPage {
    pub data: Vec<Event>,
    /// `None` on the last page.
    pub next_after: Option<i64>,
}

/// `DELETE /me/events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventsDeleted {
    pub deleted: u64,
}

/// `GET|PUT /me/analytics`: the account's privacy switch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsSettings {
    /// When true, no events are recorded for the account's profiles.
    pub opt_out: bool,
}

/// The experiment arm a For You response was served with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExperimentArm {
    pub experiment: String,
    pub variant: String,
}

/// A variant to create. `config` changes what For You serves: `{"diversity": 0.0–1.0}` (the
/// MMR trade-off; absent: the server's default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVariant {
    pub key: String,
    /// Share of profiles, 0–1; the shares of an experiment sum to 1 (to the thousandth).
    pub share: f64,
    #[serde(default)]
    pub config: serde_json::Value,
}

/// `POST /admin/experiments`: starts at once. The first variant is the control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExperiment {
    pub key: String,
    #[serde(default)]
    pub description: String,
    pub variants: Vec<NewVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Variant {
    pub id: i64,
    pub key: String,
    pub share: f64,
    pub config: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Experiment {
    pub id: i64,
    pub key: String,
    pub description: String,
    /// `running`, `stopped` or `rolled_out`.
    pub status: String,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// The variant serving everyone, once rolled out.
    pub rolled_out_variant: Option<String>,
    pub variants: Vec<Variant>,
}

/// One variant's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VariantResult {
    pub key: String,
    pub impressions: u64,
    pub clicks: u64,
    pub ctr: Option<f64>,
    /// CTR minus the control's, with its 95% confidence interval (two-proportion normal
    /// approximation); `None` for the control and without impressions on either side.
    pub diff_vs_control: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Whether the interval excludes zero.
    pub significant: bool,
}

/// `GET /admin/experiments/{id}`: the experiment and its results per variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExperimentResults {
    pub experiment: Experiment,
    pub control: String,
    pub results: Vec<VariantResult>,
}

/// `POST /admin/experiments/{id}/rollout`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rollout {
    pub variant: String,
}

/// Impressions, clicks and CTR of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Funnel {
    pub impressions: u64,
    pub clicks: u64,
    pub ctr: Option<f64>,
}

/// CTR of one algorithm (and experiment variant, `-` for none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlgorithmFunnel {
    pub algorithm: String,
    pub variant: String,
    #[serde(flatten)]
    pub funnel: Funnel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchStats {
    pub searches: u64,
    pub zero_result: u64,
    pub zero_result_rate: Option<f64>,
    pub clicks: u64,
    /// Mean 1-based position of the clicked results.
    pub mean_click_position: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RetentionStat {
    /// N of day-N retention.
    pub day: i64,
    /// Profiles first seen at least N days ago.
    pub cohort: u64,
    /// Of those, the ones active exactly N days after their first day.
    pub retained: u64,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DailyActive {
    pub day: NaiveDate,
    pub profiles: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TopMovie {
    pub movie_id: i64,
    pub title: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TopQuery {
    pub query: String,
    pub count: u64,
}

/// `GET /admin/stats` and `marqueectl stats`: metrics over the events since `since`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    pub since: DateTime<Utc>,
    pub computed_at: DateTime<Utc>,
    pub events: u64,
    /// CTR by For You row kind (`search` for search results).
    pub ctr_by_row: BTreeMap<String, Funnel>,
    pub ctr_by_algorithm: Vec<AlgorithmFunnel>,
    pub search: SearchStats,
    /// Profiles active today (UTC) and in the last 30 days.
    pub dau: u64,
    pub mau: u64,
    pub daily_active: Vec<DailyActive>,
    pub retention: Vec<RetentionStat>,
    pub plays: u64,
    pub completions: u64,
    pub completion_rate: Option<f64>,
    pub top_movies: Vec<TopMovie>,
    pub top_queries: Vec<TopQuery>,
}
