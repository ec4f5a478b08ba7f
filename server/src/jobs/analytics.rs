//! The analytics job: every `analytics_interval_secs` (default 15 minutes) it deletes the events
//! older than `analytics_retention_days` (default 365), then computes the stats of the last
//! [`WINDOW_DAYS`] days and keeps them for `GET /admin/stats` without `since` (which computes on
//! demand when no run has finished yet). The metrics themselves are computed on demand from the
//! events by the shared code (`crate::analytics::stats`); no table stores them.

use std::sync::{Arc, Mutex};

use chrono::TimeDelta;
use marquee_api::analytics::Stats;
use marquee_db::queries::analytics as q;

use crate::error::ApiResult;
use crate::jobs::{JobStatus, lock};
use crate::state::AppState;

/// The window of the stats the job keeps.
pub const WINDOW_DAYS: i64 = 30;

/// The job's status and its last stats.
#[derive(Default)]
pub struct AnalyticsJob {
    status: Mutex<JobStatus>,
    snapshot: Mutex<Option<Arc<Stats>>>,
}

impl AnalyticsJob {
    pub fn status(&self) -> JobStatus {
        lock(&self.status).clone()
    }

    /// The stats of the last run, if one finished.
    pub fn snapshot(&self) -> Option<Arc<Stats>> {
        match self.snapshot.lock() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn keep(&self, stats: Arc<Stats>) {
        match self.snapshot.lock() {
            Ok(mut g) => *g = Some(stats),
            Err(poisoned) => *poisoned.into_inner() = Some(stats),
        }
    }
}

/// One run: retention cleanup, then the stats snapshot.
pub async fn refresh(state: &AppState) -> ApiResult<Arc<Stats>> {
    let job = state.analytics_job();
    let started = std::time::Instant::now();
    lock(&job.status).start(marquee_db::now());
    let retention = i64::from(state.config().analytics.retention_days);
    let result = state
        .db(move |conn| {
            let now = marquee_db::now();
            let purged = q::purge_before(conn, now - TimeDelta::days(retention))?;
            let stats = crate::analytics::stats(conn, now - TimeDelta::days(WINDOW_DAYS), now)?;
            Ok((purged, stats))
        })
        .await;
    state
        .metrics()
        .job_run("analytics", started.elapsed(), result.is_ok());
    let mut status = lock(&job.status);
    status.finish(
        marquee_db::now(),
        started.elapsed(),
        result.as_ref().err().map(|e| e.message.clone()),
    );
    let (purged, stats) = result?;
    status.counts = vec![
        ("events_purged".to_owned(), purged),
        ("events_in_window".to_owned(), stats.events as usize),
    ];
    status.notes = vec![format!(
        "kept {retention} days of events; stats over the last {WINDOW_DAYS} days"
    )];
    drop(status);
    let stats = Arc::new(stats);
    job.keep(Arc::clone(&stats));
    Ok(stats)
}

/// The job's loop (first run at once); never returns.
pub async fn run(state: AppState) {
    let every = state.config().analytics.interval;
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Some(next) = super::after(every) {
            lock(&state.analytics_job().status).next_run = Some(next);
        }
        if let Err(err) = refresh(&state).await {
            tracing::warn!(error = %err, "analytics job failed");
        }
    }
}
