//! SQLite's group commit (`marquee_server::state::WriteQueue`): writes queued while another
//! holds the turn commit together in one transaction, each in its own savepoint; nobody is
//! answered before the commit. Always on SQLite, the only backend that queues its writes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use marquee_db::schema::genres;
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn};
use marquee_server::error::{ApiError, ApiResult};
use marquee_server::state::WriteQueue;
use prometheus_client::metrics::counter::Counter;
use tokio::task::JoinHandle;

struct Setup {
    db: TestDb,
    queue: Arc<WriteQueue>,
}

fn setup() -> Setup {
    let db = TestDb::empty_on(Backend::Sqlite);
    marquee_db::migrate::run_pending(&mut db.conn()).unwrap();
    let pool = db.pool();
    let queue = Arc::new(WriteQueue::new(pool, Counter::default(), Counter::default()).unwrap());
    Setup { db, queue }
}

impl Setup {
    fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    ) -> JoinHandle<ApiResult<T>> {
        let queue = self.queue.clone();
        tokio::spawn(async move { queue.write(f).await })
    }

    /// Starts a write that holds the turn until the returned sender is used (or dropped).
    async fn hold_the_turn(&self) -> (JoinHandle<ApiResult<()>>, std::sync::mpsc::Sender<()>) {
        let (release, released) = std::sync::mpsc::channel::<()>();
        let batches = self.queue.counts().0;
        let holder = self.write(move |_conn| {
            let _ = released.recv();
            Ok(())
        });
        self.wait_until(|queue| queue.counts().0 == batches + 1 && queue.queued() == 0)
            .await;
        (holder, release)
    }

    async fn wait_until(&self, ready: impl Fn(&WriteQueue) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !ready(&self.queue) {
            assert!(Instant::now() < deadline, "the write queue never got there");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    fn genre_names(&self) -> Vec<String> {
        genres::table
            .select(genres::name)
            .order(genres::name)
            .load(&mut self.db.conn())
            .unwrap()
    }
}

fn add_genre(name: String) -> impl FnOnce(&mut DbConn) -> ApiResult<String> + Send + 'static {
    move |conn| {
        diesel::insert_into(genres::table)
            .values((genres::name.eq(&name), genres::slug.eq(&name)))
            .execute(conn)?;
        Ok(name)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_queued_together_commit_in_one_batch_and_a_failing_one_fails_alone() {
    let s = setup();
    let (holder, release) = s.hold_the_turn().await;
    let mut writes = Vec::new();
    for i in 0..20 {
        writes.push(s.write(add_genre(format!("genre {i:02}"))));
    }
    // A second "genre 05": whichever of the two runs second breaks the unique name.
    writes.push(s.write(add_genre("genre 05".to_owned())));
    s.wait_until(|queue| queue.queued() == 21).await;
    // Nothing queued has run, let alone been answered, while the turn is held.
    assert!(writes.iter().all(|w| !w.is_finished()));
    assert!(s.genre_names().is_empty());

    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    let mut stored = Vec::new();
    let mut refused = Vec::new();
    for write in writes {
        match write.await.unwrap() {
            Ok(name) => stored.push(name),
            Err(err) => refused.push(err),
        }
    }
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(
        (refused[0].status.as_u16(), refused[0].code),
        (409, "conflict")
    );
    stored.sort();
    let expected: Vec<String> = (0..20).map(|i| format!("genre {i:02}")).collect();
    assert_eq!(stored, expected);
    assert_eq!(s.genre_names(), expected);
    // The holder's batch, then one batch for all 21 queued behind it.
    assert_eq!(s.queue.counts(), (2, 22));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_write_rolls_its_batch_back_and_the_queue_goes_on() {
    let s = setup();
    let (holder, release) = s.hold_the_turn().await;
    let mut writes = Vec::new();
    for i in 0..3 {
        writes.push(s.write(add_genre(format!("before {i}"))));
    }
    s.wait_until(|queue| queue.queued() == 3).await;
    #[allow(clippy::panic)]
    let panicking = s.write(|_conn| -> ApiResult<String> { panic!("a bug in a write") });
    s.wait_until(|queue| queue.queued() == 4).await;
    for i in 0..3 {
        writes.push(s.write(add_genre(format!("after {i}"))));
    }
    s.wait_until(|queue| queue.queued() == 7).await;

    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    // The panic reaches its own caller's task, as an unqueued write's would.
    let panicked = panicking.await.unwrap_err();
    assert!(panicked.is_panic());
    // Those that ran before it were rolled back with the batch; those after never ran. All
    // are told the write was not stored, with a status that invites a retry.
    for write in writes {
        let err: ApiError = write.await.unwrap().unwrap_err();
        assert_eq!(
            (err.status.as_u16(), err.code),
            (503, "write_not_stored"),
            "{err}"
        );
    }
    assert!(s.genre_names().is_empty());

    // The connection that held the abandoned transaction is not reused: the next write
    // commits for real (another connection sees it).
    let name = s
        .write(add_genre("later".to_owned()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(name, "later");
    assert_eq!(s.genre_names(), vec!["later".to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_whose_caller_went_away_still_runs_in_its_turn() {
    let s = setup();
    let (holder, release) = s.hold_the_turn().await;
    let dropped = s.write(add_genre("orphan".to_owned()));
    s.wait_until(|queue| queue.queued() == 1).await;
    // The client disconnects: its request future is dropped while the write is queued.
    dropped.abort();
    assert!(dropped.await.unwrap_err().is_cancelled());
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    // The write is the writer thread's once queued: it still runs, as it would have had it
    // been running already when the client left.
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.genre_names().is_empty() {
        assert!(Instant::now() < deadline, "the orphaned write never ran");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(s.genre_names(), vec!["orphan".to_owned()]);
    assert_eq!(s.queue.counts(), (2, 2));
}

/// Where a write's work ran: the calling thread, or the writer thread by name.
fn runs_on()
-> impl FnOnce(&mut DbConn) -> ApiResult<(std::thread::ThreadId, Option<String>)> + Send + 'static {
    |_conn| {
        let here = std::thread::current();
        Ok((here.id(), here.name().map(str::to_owned)))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_write_runs_at_once_on_the_caller_and_a_queued_one_on_the_writer_thread() {
    let s = setup();
    // The first write opens the queue's connection (on the writer thread: the pool may have
    // none idle, and an async worker never waits for one).
    let (_, name) = s.queue.write(runs_on()).await.unwrap();
    assert_eq!(name.as_deref(), Some("marquee-writer"));
    let queue = s.queue.clone();
    let (caller, (ran_on, _)) = tokio::spawn(async move {
        let caller = std::thread::current().id();
        (caller, queue.write_small(runs_on()).await.unwrap())
    })
    .await
    .unwrap();
    assert_eq!(ran_on, caller);
    assert_eq!(s.queue.counts(), (2, 2));

    // Behind queued writes a small one queues too: arrival order holds.
    let (holder, release) = s.hold_the_turn().await;
    let first = s.write(add_genre("first".to_owned()));
    s.wait_until(|queue| queue.queued() == 1).await;
    let queue = s.queue.clone();
    let second = tokio::spawn(async move {
        queue
            .write_small(|conn| {
                let seen = genres::table.select(genres::name).load::<String>(conn)?;
                Ok((seen, std::thread::current().name().map(str::to_owned)))
            })
            .await
    });
    s.wait_until(|queue| queue.queued() == 2).await;
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    first.await.unwrap().unwrap();
    let (seen, name) = second.await.unwrap().unwrap();
    assert_eq!(seen, ["first"]);
    assert_eq!(name.as_deref(), Some("marquee-writer"));
}

/// Another process holding SQLite's write lock (a `marqueectl` import, say) never blocks an
/// async worker: the small write goes to the writer thread, which waits for the lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_write_meeting_another_connections_lock_waits_on_the_writer_thread() {
    let s = setup();
    // The connection is opened (and its statements prepared) before the lock is taken.
    s.queue
        .write_small(add_genre("before".to_owned()))
        .await
        .unwrap();

    let mut other = s.db.conn();
    diesel::RunQueryDsl::execute(diesel::sql_query("BEGIN IMMEDIATE"), &mut other).unwrap();
    let queue = s.queue.clone();
    let write = tokio::spawn(async move {
        queue
            .write_small(|conn| {
                add_genre("after".to_owned())(conn)?;
                Ok(std::thread::current().name().map(str::to_owned))
            })
            .await
    });
    // Meanwhile both async workers stay free: a task gets through 20 sleeps of 10 ms.
    let started = Instant::now();
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(!write.is_finished());
    diesel::RunQueryDsl::execute(diesel::sql_query("COMMIT"), &mut other).unwrap();
    let name = write.await.unwrap().unwrap();
    assert_eq!(name.as_deref(), Some("marquee-writer"));
    assert_eq!(s.genre_names(), ["after", "before"]);
}

/// A small read (`AppState::db_small`, a dropped movie page recomputed) runs on the calling
/// async worker on SQLite when a pooled connection is idle, and on the blocking pool when none
/// is (it never waits for the pool on a worker) or on PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_read_runs_on_the_caller_on_sqlite_with_an_idle_connection() {
    let db = TestDb::empty();
    let data = tempfile::tempdir().unwrap();
    let mut config = marquee_server::config::Config::for_database(db.url().clone(), data.path());
    config.pool.max_size = 2;
    let state = marquee_server::prepare(config).await.unwrap();
    let sqlite = matches!(db.url(), marquee_db::DatabaseUrl::Sqlite(_));
    let read = |state: marquee_server::state::AppState| async move {
        let caller = std::thread::current().id();
        let ran_on = state
            .db_small(|conn| {
                genres::table.count().get_result::<i64>(conn)?;
                Ok(std::thread::current().id())
            })
            .await
            .unwrap();
        ran_on == caller
    };
    let on_caller = tokio::spawn(read(state.clone())).await.unwrap();
    assert_eq!(on_caller, sqlite);
    // With every connection taken, the read waits on the blocking pool, not on the worker.
    let held: Vec<_> = (0..2).map(|_| state.pool().get().unwrap()).collect();
    let waiting = tokio::spawn(read(state.clone()));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!waiting.is_finished());
    drop(held);
    assert!(!waiting.await.unwrap());
}

/// The server's SQLite connections never checkpoint on commit (`state::checkpoint`): a task
/// of the server's own copies the WAL into the database file. One small write, far below the
/// 1000 pages at which SQLite itself would have checkpointed, reaches the file while the
/// server runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_server_copies_committed_writes_into_the_database_file() {
    let db = TestDb::empty_on(Backend::Sqlite);
    let data = tempfile::tempdir().unwrap();
    let config = marquee_server::config::Config::for_database(db.url().clone(), data.path());
    let state = marquee_server::prepare(config).await.unwrap();
    let server = marquee_server::Server::bind(state.clone()).await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    state
        .write(add_genre("checkpointed".to_owned()))
        .await
        .unwrap();

    let file = db.sqlite_path().unwrap();
    let copy = data.path().join("file-alone.db");
    let in_the_file = || -> bool {
        // The copy leaves the WAL behind; a copy torn by a checkpoint in progress reads as
        // "not yet".
        std::fs::copy(&file, &copy).unwrap();
        let _ = std::fs::remove_file(copy.with_extension("db-wal"));
        let url = marquee_db::DatabaseUrl::Sqlite(copy.clone());
        marquee_db::pool::establish(&url, Duration::from_secs(1))
            .ok()
            .and_then(|mut conn| {
                genres::table
                    .select(genres::name)
                    .load::<String>(&mut conn)
                    .ok()
            })
            .is_some_and(|names| names.contains(&"checkpointed".to_owned()))
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while !in_the_file() {
        assert!(
            Instant::now() < deadline,
            "the write is still only in the WAL after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(()).unwrap();
    running.await.unwrap();
}

/// PostgreSQL's rating batcher: writes queued while a batch runs go together in the next (one
/// statement, one commit), each answered with its own aggregate; a write of a missing movie
/// fails alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rating_writes_queued_behind_a_batch_commit_together_and_a_bad_one_fails_alone_on_postgres()
{
    use marquee_db::schema::movie_stats;
    use marquee_server::state::RatingBatcher;
    let db = TestDb::empty_on(Backend::Postgres);
    marquee_db::migrate::run_pending(&mut db.conn()).unwrap();
    let (batches, writes) = (Counter::default(), Counter::default());
    // The movies each batch hands to its after-commit step (the cached details' drop).
    let committed: Arc<std::sync::Mutex<Vec<Vec<i64>>>> = Arc::default();
    let after_commit = {
        let committed = committed.clone();
        Box::new(move |movies: Vec<i64>| committed.lock().unwrap().push(movies))
    };
    let batcher = Arc::new(
        RatingBatcher::new(db.pool(), batches.clone(), writes.clone(), after_commit).unwrap(),
    );
    let mut c = db.conn();
    let profile = crate::fixtures::profile(&mut c, "batch@example.com", None);
    let held = crate::fixtures::movie("Held").insert(&mut c);
    let others: Vec<i64> = (0..20)
        .map(|i| crate::fixtures::movie(&format!("Other {i}")).insert(&mut c))
        .collect();

    // Another connection holds the held movie's aggregate row: the first batch waits on it.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (locked, is_locked) = std::sync::mpsc::channel::<()>();
    let mut other = db.conn();
    let holder = std::thread::spawn(move || {
        other
            .transaction::<_, diesel::result::Error, _>(|conn| {
                diesel::update(movie_stats::table.find(held))
                    .set(movie_stats::updated_at.eq(marquee_db::now()))
                    .execute(conn)?;
                let _ = locked.send(());
                let _ = released.recv();
                Ok(())
            })
            .unwrap();
    });
    is_locked.recv().unwrap();
    let rate = |movie: i64, half: i16| {
        let batcher = batcher.clone();
        tokio::spawn(async move { batcher.rate(profile, movie, half).await })
    };
    let first = rate(held, 8);
    let deadline = Instant::now() + Duration::from_secs(10);
    // The first write is taken (its batch is blocked on the lock) before the others queue.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(batches.get(), 0, "the first batch is still running");
    let queued: Vec<_> = others.iter().map(|&m| rate(m, 7)).collect();
    let missing = rate(others[0] + 1000, 6);
    tokio::time::sleep(Duration::from_millis(100)).await;
    release.send(()).unwrap();
    holder.join().unwrap();

    let (_, aggregate) = first.await.unwrap().unwrap();
    assert_eq!((aggregate.count, aggregate.sum_half), (1, 8));
    // Its movie went to the after-commit step before the write was answered.
    assert_eq!(committed.lock().unwrap()[0], vec![held]);
    for task in queued {
        let (_, aggregate) = task.await.unwrap().unwrap();
        assert_eq!(
            (aggregate.count, aggregate.sum_half, aggregate.average),
            (1, 7, Some(3.5))
        );
    }
    let err = missing.await.unwrap().unwrap_err();
    assert_eq!(
        (err.status.as_u16(), err.code),
        (404, "not_found"),
        "{err:?}"
    );
    while batches.get() < 2 {
        assert!(Instant::now() < deadline, "the second batch never ran");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // One batch for the held write, one for the 21 queued behind it.
    assert_eq!((batches.get(), writes.get()), (2, 22));
    // The second batch's stored writes, once each and in id order; not the failed one.
    assert_eq!(*committed.lock().unwrap(), vec![vec![held], others.clone()]);
    let stored: i64 = marquee_db::schema::ratings::table
        .count()
        .get_result(&mut db.conn())
        .unwrap();
    assert_eq!(stored, 21);
}
