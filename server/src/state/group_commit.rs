//! Group commit for SQLite's one writer (issue 10): see [`WriteQueue`].

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use marquee_db::{DbConn, DbPool};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::oneshot;

use crate::error::{ApiError, ApiResult};

/// SQLite has one writer at a time. Each write paying for its own hand-off to a blocking
/// thread, pool checkout and `BEGIN IMMEDIATE … COMMIT` made that one writer the queue every
/// writing request waited in under load. Here writers queue their work for a thread of the
/// queue's own, which takes everything queued so far, runs each write in its own savepoint of
/// one transaction, commits once and then answers them all:
///
/// - writes run in arrival order, one at a time, as they would one transaction each;
/// - a write whose work fails rolls back to its savepoint and gets its own error; the others
///   still commit;
/// - nobody is answered before the commit, so an acknowledged write is a stored one; if the
///   commit fails, no write of the batch was stored and each is told so (503, retry);
/// - a write whose caller goes away (a client disconnecting) still runs in its turn: it is
///   the writer thread's from the moment it is queued.
///
/// A waiting writer holds no thread and no connection. The writer thread starts the next
/// batch as soon as the last one committed, without waiting for an async worker to hand it the
/// turn: under load the workers' run queues are long, and that hand-off was most of the time a
/// write spent queued. Other processes on the same file still meet SQLite's `busy_timeout`.
pub struct WriteQueue {
    shared: Arc<Shared>,
    jobs: mpsc::Sender<Box<dyn Job>>,
}

struct Shared {
    /// Writes sent to the writer thread and not yet taken into a batch.
    queued: AtomicUsize,
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
    /// A queue writing to `pool`, counting its batches, and the writes in them, in the given
    /// counters. Its writer thread ends once the queue is dropped and the writes sent before
    /// are done.
    pub fn new(pool: DbPool, batches: Counter, writes: Counter) -> std::io::Result<WriteQueue> {
        let shared = Arc::new(Shared {
            queued: AtomicUsize::new(0),
            batches,
            writes,
        });
        let (jobs, queue) = mpsc::channel();
        let writer = shared.clone();
        std::thread::Builder::new()
            .name("marquee-writer".to_owned())
            .spawn(move || writer.run(&pool, &queue))?;
        Ok(WriteQueue { shared, jobs })
    }

    /// Writes waiting for a turn now.
    pub fn queued(&self) -> usize {
        self.shared.queued.load(Ordering::SeqCst)
    }

    /// Batches run so far, and the writes they held.
    pub fn counts(&self) -> (u64, u64) {
        (self.shared.batches.get(), self.shared.writes.get())
    }

    /// Runs `work` inside a transaction shared with the writes queued beside it, and returns
    /// once that transaction has committed (or with `work`'s own error, or the batch's).
    pub async fn write<T, F>(&self, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Answer<T>>();
        self.shared.queued.fetch_add(1, Ordering::SeqCst);
        let sent = self.jobs.send(Box::new(Pending {
            work,
            reply,
            span: tracing::Span::current(),
        }));
        if sent.is_err() {
            self.shared.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::internal("the writer thread has stopped"));
        }
        match answer.await {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => resume_unwind(panic),
            // Only a panic outside any write's own work drops a reply unsent.
            Err(_) => Err(ApiError::internal("a write batch ended without an answer")),
        }
    }
}

impl Shared {
    /// The writer thread: waits for a write, takes it with everything queued behind it, runs
    /// them as one batch; until every sender is gone.
    fn run(&self, pool: &DbPool, queue: &mpsc::Receiver<Box<dyn Job>>) {
        while let Ok(first) = queue.recv() {
            let mut batch = vec![first];
            batch.extend(queue.try_iter());
            self.queued.fetch_sub(batch.len(), Ordering::SeqCst);
            self.batches.inc();
            self.writes.inc_by(batch.len() as u64);
            // Each write's own panic is caught in `Job::run`; this is for a bug around them,
            // which must not stop the thread every later write waits for.
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run_batch(pool, batch))) {
                tracing::error!(
                    panic = panic_message(&panic),
                    "a write batch panicked outside its writes"
                );
            }
        }
    }
}

fn panic_message(panic: &Box<dyn Any + Send>) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(not a string)")
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
