//! `/healthz` and `/readyz` bodies, and the admins' view of the background jobs.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: String,
    pub checks: ReadinessChecks,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReadinessChecks {
    pub database: Check,
    pub migrations: Check,
    /// Present when the server shares state through Redis. Not `ok` means this server is
    /// serving on its local state (local budgets and caches) until Redis is back; it does not
    /// make the server unready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis: Option<Check>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Check {
    pub ok: bool,
    /// What was found, e.g. `postgres` or `3 applied, 0 pending`, or why it failed.
    pub detail: String,
}

/// `GET /api/v1/admin/jobs`: every background job's last run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Jobs {
    pub jobs: Vec<Job>,
}

/// One background job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Job {
    /// `recommender` (model training, then the For You precompute), `trending` (trending
    /// rankings and new releases), both run by every server, or `cleanup` (expired tokens and
    /// old job history), run by one server of the deployment per round.
    pub name: String,
    pub description: String,
    /// Whether a run is under way now.
    pub running: bool,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_duration_ms: Option<u64>,
    /// Why the last run failed; `null` when it succeeded (or never ran).
    pub last_error: Option<String>,
    /// What the last run counted, e.g. `interactions`, `movies`, `profiles_precomputed`.
    pub counts: BTreeMap<String, u64>,
    /// Notes on the last run: the models blended, a part left out and why, step times.
    pub notes: Vec<String>,
    /// When the schedule runs it next (`null` when no schedule runs in this process).
    pub next_run_at: Option<DateTime<Utc>>,
    pub interval_secs: u64,
}

/// `POST /admin/jobs/{name}/run`: the run was started in the background (watch `GET /admin/jobs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct JobStarted {
    pub name: String,
    /// When the request started it; the run is over when the job's `last_finished_at` is at
    /// or after this and `running` is false.
    pub requested_at: DateTime<Utc>,
}
