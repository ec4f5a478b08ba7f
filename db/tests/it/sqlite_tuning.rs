//! How the embedded SQLite is built and opened for a server under load (issue 10).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use marquee_db::pool::{PoolConfig, build_pool, checkpoint};
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn};

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Integer)]
    value: i32,
}

fn query_flag(conn: &mut DbConn, sql: &str) -> i32 {
    let DbConn::Sqlite(sqlite) = conn else {
        panic!("a SQLite connection");
    };
    diesel::sql_query(sql)
        .get_result::<Flag>(sqlite)
        .unwrap()
        .value
}

/// `.cargo/config.toml` passes `-DSQLITE_ENABLE_QPSG` to the bundled SQLite. Without it every
/// `LIMIT ?` query is re-prepared on every run, which only a profile shows.
#[test]
fn bundled_sqlite_has_the_query_planner_stability_guarantee() {
    let db = TestDb::empty_on(Backend::Sqlite);
    let mut conn = db.conn();
    assert_eq!(
        query_flag(
            &mut conn,
            "SELECT sqlite_compileoption_used('ENABLE_QPSG') AS value"
        ),
        1,
        "build the workspace through cargo so .cargo/config.toml's LIBSQLITE3_FLAGS apply"
    );
}

#[derive(QueryableByName)]
struct Autocheckpoint {
    #[diesel(sql_type = Integer)]
    wal_autocheckpoint: i32,
}

/// The connection's `wal_autocheckpoint` (0: never on commit).
fn autocheckpoint(conn: &mut DbConn) -> i32 {
    let DbConn::Sqlite(sqlite) = conn else {
        panic!("a SQLite connection");
    };
    diesel::sql_query("PRAGMA wal_autocheckpoint")
        .get_result::<Autocheckpoint>(sqlite)
        .unwrap()
        .wal_autocheckpoint
}

#[derive(QueryableByName)]
struct Size {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[test]
fn a_background_checkpoint_pool_leaves_the_wal_to_its_owner() {
    let db = TestDb::empty_on(Backend::Sqlite);
    let wal = db.sqlite_path().unwrap().with_extension("db-wal");
    let pool = build_pool(
        db.url(),
        &PoolConfig {
            max_size: 2,
            sqlite_background_checkpoint: true,
            ..PoolConfig::default()
        },
    );
    let mut conn = pool.get().unwrap();
    assert_eq!(autocheckpoint(&mut conn), 0);
    // About 2,000 pages of WAL, twice what SQLite's own checkpoint would have let through.
    conn.batch_execute("CREATE TABLE blobs (b TEXT NOT NULL)")
        .unwrap();
    for _ in 0..200 {
        let DbConn::Sqlite(sqlite) = &mut **conn else {
            unreachable!()
        };
        diesel::sql_query("INSERT INTO blobs (b) VALUES (?)")
            .bind::<Text, _>("x".repeat(40_000))
            .execute(sqlite)
            .unwrap();
    }
    let wal_pages = std::fs::metadata(&wal).unwrap().len() / 4096;
    assert!(wal_pages > 1500, "the WAL kept growing: {wal_pages} pages");

    let done = checkpoint(&mut conn).unwrap().expect("SQLite checkpoints");
    assert!(done.wal_pages > 1500, "{done:?}");
    assert_eq!(done.copied_pages, done.wal_pages, "{done:?}");
    // What was copied is in the database file: a connection to a copy of the file alone (the
    // WAL left behind), taken while the pool still holds it open, sees every row.
    let copy = db.sqlite_path().unwrap().with_extension("copy.db");
    std::fs::copy(db.sqlite_path().unwrap(), &copy).unwrap();
    drop(conn);
    drop(pool);
    let DbConn::Sqlite(mut sqlite) = marquee_db::pool::establish(
        &marquee_db::DatabaseUrl::Sqlite(copy),
        std::time::Duration::from_secs(1),
    )
    .unwrap() else {
        unreachable!()
    };
    let rows: Size = diesel::sql_query("SELECT count(*) AS n FROM blobs")
        .get_result(&mut sqlite)
        .unwrap();
    assert_eq!(rows.n, 200);

    // The default pool leaves checkpoints to SQLite.
    let mut plain = build_pool(db.url(), &PoolConfig::default()).get().unwrap();
    assert_eq!(autocheckpoint(&mut plain), 1000);
}

#[test]
fn checkpoint_is_a_no_op_on_postgres() {
    if TestDb::env_backend() != Backend::Postgres {
        return;
    }
    let db = TestDb::empty_on(Backend::Postgres);
    assert_eq!(checkpoint(&mut db.conn()).unwrap(), None);
}

/// Records the SQL of every statement run and of every statement put in the statement cache.
struct Statements(std::sync::Arc<std::sync::Mutex<(Vec<String>, Vec<String>)>>);

impl diesel::connection::Instrumentation for Statements {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        use diesel::connection::InstrumentationEvent::*;
        let mut seen = self.0.lock().unwrap();
        match event {
            StartQuery { query, .. } => {
                let shown = query.to_string();
                let sql = shown.split(" -- binds:").next().unwrap_or_default();
                seen.0.push(sql.to_owned());
            }
            CacheQuery { sql, .. } => seen.1.push(sql.to_owned()),
            _ => {}
        }
    }
}

/// Diesel prepares an `UPDATE` or an upsert anew each time it runs; the rating write's are
/// `queries::fixed` statements, prepared once per connection (issue 10).
#[test]
fn the_rating_write_prepares_each_of_its_statements_once_per_connection() {
    use marquee_db::queries::activity::{delete_rating, set_rating};
    let db = TestDb::migrated();
    let mut conn = db.conn();
    let user = super::fixtures::user(&mut conn, "cache@example.com");
    let profile = super::fixtures::profile(&mut conn, user.id, "p");
    let movie = super::fixtures::movie(&mut conn, "m");
    let seen = std::sync::Arc::new(std::sync::Mutex::new((Vec::new(), Vec::new())));
    conn.set_instrumentation(Statements(seen.clone()));
    // A new rating, two changes of it, its removal.
    for half in [4, 6, 8] {
        marquee_db::write_transaction(&mut conn, |c| set_rating(c, profile.id, movie.id, half))
            .unwrap();
    }
    marquee_db::write_transaction(&mut conn, |c| delete_rating(c, profile.id, movie.id)).unwrap();

    let (ran, cached) = seen.lock().unwrap().clone();
    let control = ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"];
    let uncached: Vec<&String> = ran
        .iter()
        .filter(|sql| !control.iter().any(|c| sql.starts_with(c)))
        .filter(|sql| !cached.contains(sql))
        .collect();
    assert!(uncached.is_empty(), "prepared on every run: {uncached:#?}");
    // The removal updates the aggregate from here on both backends.
    assert!(ran.iter().any(|sql| sql.starts_with("UPDATE movie_stats")));
    // On PostgreSQL the write itself is one statement, the function `marquee_set_rating`.
    let write = match db.backend() {
        Backend::Sqlite => "UPDATE ratings",
        Backend::Postgres => "SELECT o_count, o_sum_half, o_average FROM marquee_set_rating(",
    };
    assert!(ran.iter().any(|sql| sql.starts_with(write)), "{ran:#?}");
}
