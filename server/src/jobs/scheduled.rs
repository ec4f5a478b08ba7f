//! Jobs that run once per deployment, whichever servers are up: the schedule lives in the
//! database (`marquee_db::queries::jobs`), every server polls it, and the one that claims a due
//! run does it. A failed run is retried with exponential backoff up to `MAX_ATTEMPTS`; a server
//! that dies mid-run leaves a lease that lapses, and another server takes the run over.
//!
//! What runs here is what must not run twice: the cleanup of expired tokens, denylist entries
//! and old job history. Work whose result lives in a server's memory (the recommender model,
//! trending, the search index) runs on every server by design (`jobs::spawn`).

use std::sync::OnceLock;
use std::time::Duration;

use chrono::TimeDelta;
use marquee_db::queries::jobs as q;

use crate::error::ApiResult;
use crate::state::AppState;

/// Attempts per run before it is recorded as failed and the next run is scheduled.
const MAX_ATTEMPTS: i32 = 3;
/// How long a claimed run is this server's; it must finish (or the lease lapses) within it.
const LEASE: TimeDelta = TimeDelta::minutes(10);
/// Finished runs are kept this long for admins.
const HISTORY: TimeDelta = TimeDelta::days(7);

/// This process among the deployment's servers, as recorded in `jobs.locked_by`.
pub fn holder() -> &'static str {
    static HOLDER: OnceLock<String> = OnceLock::new();
    HOLDER.get_or_init(|| {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "marqueed".to_owned());
        let tag = uuid::Uuid::new_v4().simple().to_string();
        format!("{host}:{}:{}", std::process::id(), &tag[..8])
    })
}

/// Polls the schedule of the cleanup job for the life of the server.
pub async fn run_cleanup(state: AppState) {
    let every = state.config().cleanup_interval;
    // Poll often enough to start a run soon after it is due, never busily.
    let poll = (every / 4).clamp(Duration::from_millis(250), Duration::from_secs(30));
    loop {
        if let Err(err) = tick(&state, every).await {
            tracing::warn!(error = %err.message, "cannot read the job schedule");
        }
        tokio::time::sleep(poll).await;
    }
}

/// Queues the next cleanup if none is queued, and runs it if this server wins the due run.
pub async fn tick(state: &AppState, every: Duration) -> ApiResult<()> {
    let now = marquee_db::now();
    let holder = holder();
    let claimed = state
        .db(move |conn| {
            // The first run of a new deployment is due at once.
            q::schedule(conn, "cleanup", now, MAX_ATTEMPTS)?;
            Ok(q::claim(conn, "cleanup", holder, now, now + LEASE)?)
        })
        .await?;
    let Some(id) = claimed else {
        return Ok(());
    };
    let started = std::time::Instant::now();
    let outcome = cleanup(state).await;
    state
        .metrics()
        .job_run("cleanup", started.elapsed(), outcome.is_ok());
    let finished = marquee_db::now();
    let error = match &outcome {
        Ok(counts) => {
            tracing::info!(run = id, ?counts, "cleanup finished");
            None
        }
        Err(err) => Some(err.message.clone()),
    };
    let next = finished + TimeDelta::from_std(every).unwrap_or(TimeDelta::hours(1));
    state
        .db(move |conn| {
            marquee_db::write_transaction::<_, crate::error::ApiError, _>(conn, |conn| {
                let attempts: i32 = q::recent(conn, "cleanup", 1)?
                    .first()
                    .map_or(1, |run| run.attempts);
                let retry_at = finished + TimeDelta::seconds(30 << attempts.clamp(0, 8));
                let result = match &error {
                    None => Ok(()),
                    Some(message) => Err((message.as_str(), retry_at)),
                };
                q::finish(conn, id, holder, finished, result)?;
                // Out of the queue (done, or failed for good): the next round.
                q::schedule(conn, "cleanup", next, MAX_ATTEMPTS)?;
                Ok(())
            })
        })
        .await?;
    if let Err(err) = outcome {
        tracing::warn!(error = %err.message, "cleanup failed; retrying with backoff");
    }
    Ok(())
}

/// Deletes what has expired: refresh tokens, denylisted access tokens, old job history.
async fn cleanup(state: &AppState) -> ApiResult<Vec<(String, usize)>> {
    state
        .db(|conn| {
            let now = marquee_db::now();
            let tokens = marquee_db::queries::sessions::purge_expired(conn, now)?;
            let history = q::purge_finished(conn, now - HISTORY)?;
            Ok(vec![
                ("expired tokens deleted".to_owned(), tokens),
                ("old job runs deleted".to_owned(), history),
            ])
        })
        .await
}
