//! The PostgreSQL pool's checkout check: skipped for a connection whose last use succeeded a
//! moment ago (`Conn::vouch`), made for every other.

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::Integer;
use marquee_db::pool::{PoolConfig, VOUCHED_FOR, build_pool};
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn};

#[derive(QueryableByName)]
struct Pid {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

fn backend_pid(conn: &mut DbConn) -> QueryResult<i32> {
    diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(conn)
        .map(|r| r.pid)
}

/// Ends the server process behind `pid` from another session, as a restart would.
fn terminate(db: &TestDb, pid: i32) {
    let mut admin = db.conn();
    diesel::sql_query(format!("SELECT pg_terminate_backend({pid})"))
        .execute(&mut admin)
        .unwrap();
    // The backend is gone once no session has that pid.
    for _ in 0..100 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let left = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE pid = {pid}"
        ))
        .get_result::<Count>(&mut admin)
        .unwrap();
        if left.n == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("backend {pid} still running");
}

#[test]
fn a_vouched_connection_skips_the_checkout_check_and_any_other_is_checked_on_postgres() {
    let db = TestDb::empty_on(Backend::Postgres);
    let pool = build_pool(
        db.url(),
        &PoolConfig {
            max_size: 1,
            ..PoolConfig::default()
        },
    );

    // Not vouched for: the checkout finds the dead connection and opens another.
    let first = {
        let mut conn = pool.get().unwrap();
        backend_pid(&mut conn).unwrap()
    };
    terminate(&db, first);
    let second = {
        let mut conn = pool.get().unwrap();
        let pid = backend_pid(&mut conn).unwrap();
        conn.vouch();
        pid
    };
    assert_ne!(second, first);

    // Vouched for a moment ago: handed out unchecked, so its death shows on first use, and
    // that failed use leaves it unvouched.
    terminate(&db, second);
    {
        let mut conn = pool.get().unwrap();
        assert!(
            backend_pid(&mut conn).is_err(),
            "the dead connection was checked"
        );
    }
    let third = {
        let mut conn = pool.get().unwrap();
        let pid = backend_pid(&mut conn).unwrap();
        conn.vouch();
        pid
    };
    assert_ne!(third, second);

    // Vouched for longer ago than VOUCHED_FOR: checked again.
    terminate(&db, third);
    std::thread::sleep(VOUCHED_FOR + Duration::from_millis(50));
    let mut conn = pool.get().unwrap();
    assert_ne!(backend_pid(&mut conn).unwrap(), third);
}
