//! `write_transaction`: a read-then-write transaction must wait for the write lock instead of
//! failing when another connection commits in between (SQLite's deferred transactions cannot).

use std::sync::{Arc, Barrier};
use std::time::Duration;

use diesel::prelude::*;
use marquee_db::models::NewGenre;
use marquee_db::schema::genres;
use marquee_db::testing::TestDb;
use marquee_db::{DbConn, write_transaction};

fn insert_genre(conn: &mut DbConn, name: &str) -> QueryResult<usize> {
    diesel::insert_into(genres::table)
        .values(&NewGenre { name, slug: name })
        .execute(conn)
}

/// Connection A reads, then B commits a write, then A writes. Returns A's outcome.
fn read_then_write_while_another_commits(
    db: &TestDb,
    immediate: bool,
) -> Result<usize, diesel::result::Error> {
    let started = Arc::new(Barrier::new(2));
    let writer = {
        let started = Arc::clone(&started);
        let mut conn = db.conn();
        std::thread::spawn(move || {
            started.wait();
            insert_genre(&mut conn, "other-writer")
        })
    };
    let mut conn = db.conn();
    let body = |conn: &mut DbConn| -> QueryResult<usize> {
        let before: i64 = genres::table.count().get_result(conn)?;
        started.wait();
        // Give the other connection time to commit (or to queue behind our lock).
        std::thread::sleep(Duration::from_millis(300));
        insert_genre(conn, &format!("after-{before}"))
    };
    let result = if immediate {
        write_transaction(&mut conn, body)
    } else {
        conn.transaction(body)
    };
    writer
        .join()
        .unwrap()
        .expect("the other writer succeeds either way");
    result
}

#[test]
fn immediate_write_transactions_wait_for_the_lock_instead_of_failing() {
    let db = TestDb::migrated();
    assert_eq!(read_then_write_while_another_commits(&db, true).unwrap(), 1);
    let names: Vec<String> = genres::table
        .select(genres::name)
        .load(&mut db.conn())
        .unwrap();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn deferred_sqlite_transactions_do_fail_in_that_race() {
    // The control for the test above: without BEGIN IMMEDIATE, SQLite refuses A's write.
    let db = TestDb::empty_on(marquee_db::Backend::Sqlite);
    marquee_db::migrate::run_pending(&mut db.conn()).unwrap();
    let err = read_then_write_while_another_commits(&db, false).unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
}

#[test]
fn write_transactions_nest_as_savepoints() {
    let db = TestDb::migrated();
    let mut conn = db.conn();
    let outer = conn.transaction(|conn| {
        write_transaction(conn, |c| insert_genre(c, "inner"))?;
        Err::<(), _>(diesel::result::Error::RollbackTransaction)
    });
    assert!(outer.is_err());
    let count: i64 = genres::table.count().get_result(&mut conn).unwrap();
    assert_eq!(count, 0, "the outer rollback undid the nested write");
}
