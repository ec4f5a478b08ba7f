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

/// Two servers store one profile's For You at once (both precompute when they start): the second
/// waits for the first to commit and replaces its rows, instead of failing on a unique index.
#[test]
fn two_writers_replacing_one_profiles_stored_rows_both_succeed() {
    use marquee_db::queries::recommend::{StoredItem, StoredRow, replace_rows, stored_rows};
    let db = TestDb::migrated();
    let mut conn = db.conn();
    let user = crate::fixtures::user(&mut conn, "rows@example.com");
    let profile = crate::fixtures::profile(&mut conn, user.id, "Main").id;
    let movie = crate::fixtures::movie(&mut conn, "Heat").id;
    let rows = |title: &str| {
        vec![StoredRow {
            kind: "top_picks".into(),
            title: title.into(),
            items: vec![StoredItem {
                movie_id: movie,
                score: 1.0,
                reason_kind: "popular".into(),
                reason_movie_id: None,
                reason_person_id: None,
                reason_text: None,
            }],
        }]
    };
    let at = marquee_db::now();
    let first_stored = Arc::new(Barrier::new(2));
    let second = {
        let first_stored = Arc::clone(&first_stored);
        let mut conn = db.conn();
        let rows = rows("second");
        std::thread::spawn(move || {
            first_stored.wait();
            write_transaction(&mut conn, |c| replace_rows(c, profile, &rows, "v2", at))
        })
    };
    let first = write_transaction(&mut conn, |c| {
        replace_rows(c, profile, &rows("first"), "v1", at)?;
        first_stored.wait();
        // The second writer starts while these rows are not yet committed.
        std::thread::sleep(Duration::from_millis(300));
        QueryResult::Ok(())
    });
    first.expect("the first writer stores its rows");
    second
        .join()
        .unwrap()
        .expect("the second writer waits, then replaces the first one's rows");
    let (version, _, stored) = stored_rows(&mut conn, profile).unwrap().unwrap();
    assert_eq!(version, "v2");
    assert_eq!(stored, rows("second"));
}
