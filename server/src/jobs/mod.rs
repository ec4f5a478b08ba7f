//! Background work the server runs beside the request path: precomputed rankings, the
//! recommender and analytics (retention and stats) on every server, and the deployment-wide
//! jobs of [`scheduled`] on one server per run. Each job is a plain async function (tests call
//! it directly) plus a loop started by [`spawn`] when the server runs; each keeps a
//! [`JobStatus`] for admins.

pub mod analytics;
pub mod recommend;
pub mod scheduled;
pub mod trending;

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::task::JoinHandle;

use crate::state::AppState;

/// Starts the periodic jobs; abort the handle to stop them.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let training = recommend::run(state.clone());
        let cleanup_state = state.clone();
        let analytics = analytics::run(state.clone());
        let trending = async move {
            let every = state.config().catalogue.trending_interval;
            let mut interval = tokio::time::interval(every);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                if let Some(next) = after(every) {
                    lock(&state.rankings().status).next_run = Some(next);
                }
                if let Err(err) = trending::refresh(&state).await {
                    tracing::warn!(error = %err, "trending refresh failed; keeping the previous ranking");
                }
            }
        };
        tokio::join!(
            training,
            trending,
            analytics,
            scheduled::run_cleanup(cleanup_state)
        );
    })
}

/// Now plus `every`, as a database time.
fn after(every: Duration) -> Option<NaiveDateTime> {
    marquee_db::now().checked_add_signed(chrono::TimeDelta::from_std(every).ok()?)
}

/// A job's last run, for admins and logs.
#[derive(Debug, Clone, Default)]
pub struct JobStatus {
    /// Whether a run is under way now.
    pub running: bool,
    pub last_started: Option<NaiveDateTime>,
    pub last_finished: Option<NaiveDateTime>,
    pub last_duration: Option<Duration>,
    /// Why the last run failed (`None` when it succeeded).
    pub last_error: Option<String>,
    /// What the last run counted, by name, in a stable order.
    pub counts: Vec<(String, usize)>,
    /// Notes on the last run (a part left out, a step's time…).
    pub notes: Vec<String>,
    /// When the schedule runs it next (`None` when no loop runs it).
    pub next_run: Option<NaiveDateTime>,
}

impl JobStatus {
    pub(crate) fn start(&mut self, now: NaiveDateTime) {
        self.running = true;
        self.last_started = Some(now);
    }

    pub(crate) fn finish(&mut self, now: NaiveDateTime, took: Duration, error: Option<String>) {
        self.running = false;
        self.last_finished = Some(now);
        self.last_duration = Some(took);
        self.last_error = error;
    }
}

/// Locks a status, whether or not a panicking holder poisoned it (a status is always whole).
pub(crate) fn lock(status: &Mutex<JobStatus>) -> MutexGuard<'_, JobStatus> {
    match status.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}
