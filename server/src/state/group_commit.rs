//! Group commit for SQLite's one writer (issue 10): see [`WriteQueue`].

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use marquee_db::pool::PooledConn;
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
    /// The connection every batch runs on; `None` until first needed, or after it broke.
    conn: Mutex<Option<WriterConn>>,
    pool: DbPool,
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
            conn: Mutex::new(None),
            pool,
        });
        let (jobs, queue) = mpsc::channel();
        let writer = shared.clone();
        std::thread::Builder::new()
            .name("marquee-writer".to_owned())
            .spawn(move || writer.run(&queue))?;
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
        self.queue(work, false).await
    }

    /// [`WriteQueue::write`] for a write of a few row-level statements (a rating, a watchlist
    /// entry): when nothing is queued and the connection is free, it runs at once on the
    /// calling async worker, in a transaction of its own. A write answered from the writer
    /// thread waits for an async worker to resume its request, and under load that wait (the
    /// workers' whole run queue) was most of a write's time. It never waits there for SQLite's
    /// lock: another process's lock sends it to the writer thread.
    pub async fn write_small<T, F>(&self, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.queue(work, true).await
    }

    async fn queue<T, F>(&self, work: F, inline: bool) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Answer<T>>();
        let mut job: Box<dyn Job> = Box::new(Pending {
            work,
            reply,
            span: tracing::Span::current(),
        });
        if inline {
            match self.shared.run_inline(job) {
                None => return answered(answer.await),
                Some(unrun) => job = unrun,
            }
        }
        self.shared.queued.fetch_add(1, Ordering::SeqCst);
        if self.jobs.send(job).is_err() {
            self.shared.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::internal("the writer thread has stopped"));
        }
        answered(answer.await)
    }
}

fn answered<T>(answer: Result<Answer<T>, oneshot::error::RecvError>) -> ApiResult<T> {
    match answer {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => resume_unwind(panic),
        // Only a panic outside any write's own work drops a reply unsent.
        Err(_) => Err(ApiError::internal("a write batch ended without an answer")),
    }
}

/// The queue's connection, kept between batches (its statements stay prepared). It never waits
/// for SQLite's lock while an async worker holds it (`busy_timeout` 0); the writer thread waits
/// the pool's `busy_timeout`, as every other connection does.
struct WriterConn {
    conn: PooledConn,
    busy_timeout_ms: i32,
}

impl WriterConn {
    fn open(conn: PooledConn) -> diesel::QueryResult<WriterConn> {
        let mut writer = WriterConn {
            conn,
            busy_timeout_ms: 0,
        };
        writer.busy_timeout_ms = diesel::RunQueryDsl::get_result::<BusyTimeout>(
            diesel::sql_query("PRAGMA busy_timeout"),
            &mut **writer.conn,
        )?
        .timeout;
        writer.set_busy_timeout(0)?;
        Ok(writer)
    }

    fn set_busy_timeout(&mut self, ms: i32) -> diesel::QueryResult<()> {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!("PRAGMA busy_timeout = {ms}")),
            &mut **self.conn,
        )
        .map(drop)
    }

    /// Still fit for the next batch: not broken by a panic, no transaction left open.
    fn reusable(&mut self) -> bool {
        use diesel::Connection;
        use diesel::connection::TransactionManager;
        matches!(
            <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(
                &mut self.conn
            )
            .transaction_depth(),
            Ok(None)
        )
    }
}

impl Drop for WriterConn {
    fn drop(&mut self) {
        // Back in the pool, it waits for the lock like the others (a broken one is dropped).
        let _ = self.set_busy_timeout(self.busy_timeout_ms);
    }
}

#[derive(diesel::QueryableByName)]
struct BusyTimeout {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    timeout: i32,
}

impl Shared {
    /// Runs `job` as a batch of its own on the calling thread, if nothing is queued and the
    /// connection is free and nobody else holds SQLite's lock; else hands it back unrun.
    fn run_inline(&self, job: Box<dyn Job>) -> Option<Box<dyn Job>> {
        if self.queued.load(Ordering::SeqCst) > 0 {
            return Some(job);
        }
        let Ok(mut slot) = self.conn.try_lock() else {
            return Some(job);
        };
        if slot.is_none() {
            // Never waits for the pool here: with none idle, the writer thread waits instead.
            *slot = self.pool.try_get().and_then(|c| WriterConn::open(c).ok());
        }
        let Some(writer) = slot.as_mut() else {
            return Some(job);
        };
        match writer_batch(writer, vec![job]) {
            Ok(()) => {
                self.batches.inc();
                self.writes.inc();
                if !writer.reusable() {
                    *slot = None;
                }
                None
            }
            // `BEGIN IMMEDIATE` met another connection's lock: nothing ran.
            Err(unbegun) => unbegun.writes.into_iter().next(),
        }
    }

    /// The writer thread: waits for a write, takes it with everything queued behind it, runs
    /// them as one batch; until every sender is gone.
    fn run(&self, queue: &mpsc::Receiver<Box<dyn Job>>) {
        while let Ok(first) = queue.recv() {
            let mut slot = lock(&self.conn);
            let mut batch = vec![first];
            batch.extend(queue.try_iter());
            self.queued.fetch_sub(batch.len(), Ordering::SeqCst);
            self.batches.inc();
            self.writes.inc_by(batch.len() as u64);
            // Each write's own panic is caught in `Job::run`; this is for a bug around them,
            // which must not stop the thread every later write waits for.
            let ran = catch_unwind(AssertUnwindSafe(|| self.run_batch(&mut slot, batch)));
            if let Err(panic) = ran {
                *slot = None;
                tracing::error!(
                    panic = crate::error::panic_message(&*panic),
                    "a write batch panicked outside its writes"
                );
            }
        }
    }

    /// A batch on the writer thread, which waits for the pool and for SQLite's lock.
    fn run_batch(&self, slot: &mut Option<WriterConn>, batch: Vec<Box<dyn Job>>) {
        if slot.is_none() {
            match self
                .pool
                .get()
                .map_err(ApiError::from)
                .and_then(|c| WriterConn::open(c).map_err(ApiError::from))
            {
                Ok(writer) => *slot = Some(writer),
                Err(err) => {
                    for job in batch {
                        job.refuse(err.clone());
                    }
                    return;
                }
            }
        }
        let Some(writer) = slot.as_mut() else {
            return;
        };
        let waits = writer.set_busy_timeout(writer.busy_timeout_ms);
        let result = match waits {
            Ok(()) => writer_batch(writer, batch),
            Err(err) => Err(Box::new(Unbegun {
                err: err.into(),
                writes: batch,
            })),
        };
        if let Err(unbegun) = result {
            // `BEGIN` itself failed (another process held the lock past `busy_timeout`).
            for job in unbegun.writes {
                job.refuse(unbegun.err.clone());
            }
        }
        if !writer.reusable() || writer.set_busy_timeout(0).is_err() {
            *slot = None;
        }
    }
}

/// A batch whose transaction could not begin: nothing ran.
struct Unbegun {
    err: ApiError,
    writes: Vec<Box<dyn Job>>,
}

/// One transaction for the whole batch; each write in its own savepoint. When the transaction
/// could not begin, nothing ran: the writes come back with the error.
fn writer_batch(writer: &mut WriterConn, batch: Vec<Box<dyn Job>>) -> Result<(), Box<Unbegun>> {
    let conn: &mut DbConn = &mut writer.conn;
    let mut answers = Vec::with_capacity(batch.len());
    let mut unrun = batch.into_iter();
    let result = marquee_db::write_transaction::<_, ApiError, _>(conn, |conn| {
        for job in unrun.by_ref() {
            let ran = job.run(conn);
            answers.push(ran.answer);
            if ran.panicked {
                // Diesel's savepoint bookkeeping did not unwind with the panic: give up the
                // transaction rather than commit through it. The connection then reports
                // itself broken and is dropped, which rolls back what it held.
                return Err(ApiError::internal(
                    "a write panicked; the batch it was in is rolled back",
                ));
            }
        }
        Ok(())
    });
    if let (true, Err(err)) = (answers.is_empty(), &result) {
        return Err(Box::new(Unbegun {
            err: err.clone(),
            writes: unrun.collect(),
        }));
    }
    for answer in answers {
        answer(result.is_ok());
    }
    for job in unrun {
        job.refuse(not_stored());
    }
    Ok(())
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
