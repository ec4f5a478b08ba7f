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
        let DbConn::Sqlite(sqlite) = &mut *conn else {
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
