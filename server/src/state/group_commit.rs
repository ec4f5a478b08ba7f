//! Group commit for SQLite's one writer (issue 10): see [`WriteQueue`].

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Mutex};

use marquee_db::{DbConn, DbPool};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::{Semaphore, oneshot};

use crate::error::{ApiError, ApiResult};

/// SQLite has one writer at a time. Each write paying for its own hand-off to a blocking
/// thread, pool checkout and `BEGIN IMMEDIATE … COMMIT` made that one writer the queue every
/// writing request waited in under load. Here writers queue their work; whoever gets the turn
/// takes everything queued so far, runs each write in its own savepoint of one transaction,
/// commits once and then answers them all:
///
/// - writes run in arrival order, one at a time, as they would one transaction each;
/// - a write whose work fails rolls back to its savepoint and gets its own error; the others
///   still commit;
/// - nobody is answered before the commit, so an acknowledged write is a stored one; if the
///   commit fails, no write of the batch was stored and each is told so (503, retry);
/// - a write whose caller goes away (a client disconnecting) still runs in its turn: the turn
///   is taken by a task of its own, not by the request.
///
/// The turn is a one-permit semaphore: a waiting writer holds no thread and no connection.
/// Other processes on the same file still meet SQLite's `busy_timeout`.
pub struct WriteQueue {
    shared: Arc<Shared>,
}

struct Shared {
    turn: Arc<Semaphore>,
    queued: Mutex<Vec<Box<dyn Job>>>,
    batches: Counter,
    writes: Counter,
}

/// What a caller receives: its work's result, or its panic to re-raise on its own task.
type Answer<T> = Result<ApiResult<T>, Box<dyn Any + Send>>;

/// A queued write, type-erased.
trait Job: Send {
    /// Runs the work in a savepoint; returns how to answer once the batch's fate is known.
    fn run(self: Box<Self>, conn: &mut DbConn) -> Ran;
    /// Answers without running (the batch could not begin, or was abandoned first).
    fn refuse(self: Box<Self>, err: ApiError);
}

struct Ran {
    /// Called with whether the batch committed; sends the caller its answer.
    answer: Box<dyn FnOnce(bool) + Send>,
    /// The work panicked: the batch is abandoned (see [`run_batch`]).
    panicked: bool,
}

struct Pending<T, F> {
    work: F,
    reply: oneshot::Sender<Answer<T>>,
    /// The request's span, entered while the work runs so its logs keep the request id.
    span: tracing::Span,
}

impl<T, F> Job for Pending<T, F>
where
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut DbConn) -> Ran {
        let Pending { work, reply, span } = *self;
        let outcome = span.in_scope(|| {
            catch_unwind(AssertUnwindSafe(|| {
                marquee_db::write_transaction::<_, ApiError, _>(conn, work)
            }))
        });
        Ran {
            panicked: outcome.is_err(),
            answer: Box::new(move |committed| {
                let answer = match outcome {
                    Ok(Ok(_)) if !committed => Ok(Err(not_stored())),
                    other => other,
                };
                // The caller may have gone (client disconnected): its write counts anyway.
                let _ = reply.send(answer);
            }),
        }
    }

    fn refuse(self: Box<Self>, err: ApiError) {
        let _ = self.reply.send(Ok(Err(err)));
    }
}

impl WriteQueue {
    /// A queue counting its batches, and the writes in them, in the given counters.
    pub fn new(batches: Counter, writes: Counter) -> WriteQueue {
        WriteQueue {
            shared: Arc::new(Shared {
                turn: Arc::new(Semaphore::new(1)),
                queued: Mutex::new(Vec::new()),
                batches,
                writes,
            }),
        }
    }

    /// Writes waiting for a turn now.
    pub fn queued(&self) -> usize {
        lock(&self.shared.queued).len()
    }

    /// Batches run so far, and the writes they held.
    pub fn counts(&self) -> (u64, u64) {
        (self.shared.batches.get(), self.shared.writes.get())
    }

    /// Runs `work` inside a transaction shared with the writes queued beside it, and returns
    /// once that transaction has committed (or with `work`'s own error, or the batch's).
    pub async fn write<T, F>(&self, pool: &DbPool, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Answer<T>>();
        lock(&self.shared.queued).push(Box::new(Pending {
            work,
            reply,
            span: tracing::Span::current(),
        }));
        tokio::spawn(self.shared.clone().take_turn(pool.clone()));
        match answer.await {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => resume_unwind(panic),
            // Only a panic outside any write's own work drops a reply unsent.
            Err(_) => Err(ApiError::internal("a write batch ended without an answer")),
        }
    }
}

impl Shared {
    /// Waits for the turn, then runs everything queued by then (often nothing: an earlier
    /// turn took this task's write along with its own).
    async fn take_turn(self: Arc<Self>, pool: DbPool) {
        let Ok(turn) = self.turn.clone().acquire_owned().await else {
            return;
        };
        let batch = std::mem::take(&mut *lock(&self.queued));
        if batch.is_empty() {
            return;
        }
        self.batches.inc();
        self.writes.inc_by(batch.len() as u64);
        // The turn is held until the batch is done, on the blocking thread.
        let ran = tokio::task::spawn_blocking(move || {
            let _turn = turn;
            run_batch(&pool, batch);
        })
        .await;
        if let Err(err) = ran {
            tracing::error!(error = %err, "a write batch panicked outside its writes");
        }
    }
}

/// One transaction for the whole batch; each write in its own savepoint.
fn run_batch(pool: &DbPool, batch: Vec<Box<dyn Job>>) {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(err) => {
            let err = ApiError::from(err);
            for job in batch {
                job.refuse(err.clone());
            }
            return;
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    let mut unrun = batch.into_iter();
    let result = marquee_db::write_transaction::<_, ApiError, _>(&mut conn, |conn| {
        for job in unrun.by_ref() {
            let ran = job.run(conn);
            answers.push(ran.answer);
            if ran.panicked {
                // Diesel's savepoint bookkeeping did not unwind with the panic: give up the
                // transaction rather than commit through it. The connection then reports
                // itself broken and the pool drops it, which rolls back what it held.
                return Err(ApiError::internal(
                    "a write panicked; the batch it was in is rolled back",
                ));
            }
        }
        Ok(())
    });
    let began = !answers.is_empty();
    for answer in answers {
        answer(result.is_ok());
    }
    for job in unrun {
        job.refuse(match &result {
            // `BEGIN` itself failed (another process held the lock past `busy_timeout`).
            Err(err) if !began => err.clone(),
            _ => not_stored(),
        });
    }
}

/// The answer of a write whose batch did not commit through no fault of its own.
fn not_stored() -> ApiError {
    ApiError::unavailable(
        "write_not_stored",
        "the write was not stored (the transaction it shared with other writes was rolled back); retry it",
    )
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
