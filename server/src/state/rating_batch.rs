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
pub struct RatingBatcher {
    jobs: mpsc::Sender<Job>,
}

struct Job {
    write: RatingWrite,
    reply: oneshot::Sender<ApiResult<Rated>>,
}

impl RatingBatcher {
    /// Starts the batcher's thread (`marquee-ratings`).
    pub fn new(pool: DbPool, batches: Counter, writes: Counter) -> std::io::Result<RatingBatcher> {
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
                    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run(&pool, batch))) {
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
fn run(pool: &DbPool, batch: Vec<Job>) {
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
    if batch.len() > 1 {
        let writes: Vec<RatingWrite> = batch.iter().map(|job| job.write).collect();
        match q::set_ratings(&mut conn, &writes, now) {
            Ok(Some(aggregates)) => {
                conn.vouch();
                for (job, aggregate) in batch.into_iter().zip(aggregates) {
                    let _ = job.reply.send(Ok((now, aggregate)));
                }
                return;
            }
            Ok(None) => {}
            Err(err) => {
                tracing::debug!(error = %err, size = batch.len(), "rating batch failed; running its writes one by one");
            }
        }
    }
    let mut all_ok = true;
    for job in batch {
        let (profile_id, movie_id, half) = job.write;
        let result = q::set_rating(&mut conn, profile_id, movie_id, half).map_err(rating_error);
        all_ok &= result.is_ok();
        let _ = job.reply.send(result);
    }
    if all_ok {
        conn.vouch();
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
