//! PostgreSQL's rating writes in batches (issue 10): see [`RatingBatcher`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use chrono::NaiveDateTime;
use marquee_db::DbPool;
use marquee_db::queries::activity::{self as q, RatingAggregate, RatingWrite};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::oneshot;

use crate::error::{ApiError, ApiResult};

/// The most writes one batch takes.
const MAX_BATCH: usize = 512;

/// What a rating write answers: when it was stored and the movie's aggregate after it.
pub type Rated = (NaiveDateTime, RatingAggregate);

/// Under the mixed load every rating write was a statement and a commit of its own, each
/// waiting for a busy CPU on both sides of a round trip and for its WAL flush, with a pooled
/// connection held throughout. Here the server's rating writes queue for a thread of the
/// batcher's own, which takes everything queued so far and runs it as one statement in one
/// transaction (`marquee_set_ratings`), then answers each write with its own aggregate:
///
/// - nobody is answered before the commit, so an acknowledged write is a stored one;
/// - the writes of a batch lock movies in id order, as every server's batches do, so batches of
///   several servers cannot deadlock;
/// - when a batch fails (a missing movie or profile among its writes, a lost connection), each
///   of its writes runs again on its own, so only the failing one gets the error;
/// - a write whose caller goes away still runs: it is the thread's from the moment it is queued.
///
/// A lone write (nothing else queued) is the one-write statement (`marquee_set_rating`).
///
/// Between the commit and the answers, the batch's [`AfterCommit`] drops the rated movies'
/// cached details, in one Redis round trip for the whole batch (each server drops its local
/// copy as the notice reaches it): the write's caller waits for one wake-up (its answer), not
/// two, and the shared copy is gone before the answer.
pub struct RatingBatcher {
    jobs: mpsc::Sender<Job>,
}

/// What runs after a batch commits, before its writes are answered, with the movies whose
/// rating changed (on the batcher's thread; it may block).
pub type AfterCommit = Box<dyn Fn(Vec<i64>) + Send>;

struct Job {
    write: RatingWrite,
    reply: oneshot::Sender<ApiResult<Rated>>,
}

impl RatingBatcher {
    /// Starts the batcher's thread (`marquee-ratings`).
    pub fn new(
        pool: DbPool,
        batches: Counter,
        writes: Counter,
        after_commit: AfterCommit,
    ) -> std::io::Result<RatingBatcher> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("marquee-ratings".to_owned())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match queue.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    let size = batch.len();
                    // A panic drops the batch's reply senders: each caller is told the write
                    // was not stored, and the thread goes on with the next batch.
                    if let Err(panic) =
                        catch_unwind(AssertUnwindSafe(|| run(&pool, batch, &after_commit)))
                    {
                        tracing::error!(
                            panic = crate::error::panic_message(&*panic),
                            size,
                            "a rating batch panicked; its writes were not acknowledged"
                        );
                        continue;
                    }
                    batches.inc();
                    writes.inc_by(size as u64);
                }
            })?;
        Ok(RatingBatcher { jobs })
    }

    /// Stores the profile's rating of the movie with the next batch.
    pub async fn rate(&self, profile_id: i64, movie_id: i64, rating_half: i16) -> ApiResult<Rated> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                write: (profile_id, movie_id, rating_half),
                reply,
            })
            .map_err(|_| not_stored())?;
        answer.await.unwrap_or_else(|_| Err(not_stored()))
    }
}

/// Runs one batch and answers its writes.
fn run(pool: &DbPool, batch: Vec<Job>, after_commit: &AfterCommit) {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(err) => {
            let err = ApiError::from(err);
            for job in batch {
                let _ = job.reply.send(Err(err.clone()));
            }
            return;
        }
    };
    let now = marquee_db::now();
    let mut results: Option<Vec<ApiResult<Rated>>> = None;
    if batch.len() > 1 {
        let writes: Vec<RatingWrite> = batch.iter().map(|job| job.write).collect();
        match q::set_ratings(&mut conn, &writes, now) {
            Ok(Some(aggregates)) => {
                conn.vouch();
                results = Some(aggregates.into_iter().map(|a| Ok((now, a))).collect());
            }
            Ok(None) => {}
            Err(err) => {
                tracing::debug!(error = %err, size = batch.len(), "rating batch failed; running its writes one by one");
            }
        }
    }
    let results = results.unwrap_or_else(|| {
        let results: Vec<ApiResult<Rated>> = batch
            .iter()
            .map(|job| {
                let (profile_id, movie_id, half) = job.write;
                q::set_rating(&mut conn, profile_id, movie_id, half).map_err(rating_error)
            })
            .collect();
        if results.iter().all(Result::is_ok) {
            conn.vouch();
        }
        results
    });
    drop(conn);
    let mut changed: Vec<i64> = batch
        .iter()
        .zip(&results)
        .filter(|(_, result)| result.is_ok())
        .map(|(job, _)| job.write.1)
        .collect();
    changed.sort_unstable();
    changed.dedup();
    if !changed.is_empty() {
        after_commit(changed);
    }
    for (job, result) in batch.into_iter().zip(results) {
        let _ = job.reply.send(result);
    }
}

/// The API error of a failed rating write: PostgreSQL's foreign-key error names the
/// constraint, which tells a missing movie from a missing profile (both 404).
pub fn rating_error(err: diesel::result::Error) -> ApiError {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            info,
        ) => match info.constraint_name() {
            Some(name) if name.contains("movie_id") => ApiError::not_found("movie"),
            _ => ApiError::not_found("profile"),
        },
        other => other.into(),
    }
}

/// The answer of a write the batcher could not take or lost to a panic.
fn not_stored() -> ApiError {
    ApiError::unavailable(
        "write_not_stored",
        "the rating was not stored (its batch failed); retry it",
    )
}
