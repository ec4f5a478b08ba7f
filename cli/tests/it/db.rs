//! `marqueectl db …` against a fresh database of the backend under test.

use marquee_db::testing::TestDb;
use marquee_db::{Backend, DatabaseUrl};

use crate::{Run, marqueectl};

fn on(db: &TestDb, args: &[&str]) -> Run {
    Run::of(
        marqueectl()
            .arg("--database-url")
            .arg(db.url_string())
            .args(args),
    )
}

#[test]
fn migrate_brings_a_fresh_database_up_to_date() {
    let db = TestDb::empty();
    let run = on(&db, &["db", "migrate"]).expect_code(0);
    assert!(run.stdout.contains("applied"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    let status = on(&db, &["--output", "json", "db", "status"])
        .expect_code(0)
        .json();
    assert_eq!(status["backend"], db.backend().to_string());
    assert_eq!(status["url"], db.url().redacted());
    assert_eq!(status["pending"], serde_json::json!([]));
    let applied = status["applied"].as_array().expect("applied is an array");
    assert!(!applied.is_empty(), "{status}");
}

#[test]
fn migrating_twice_is_a_no_op() {
    let db = TestDb::empty();
    let first = on(&db, &["--output", "json", "db", "migrate"])
        .expect_code(0)
        .json();
    assert!(
        !first["applied"].as_array().expect("array").is_empty(),
        "{first}"
    );

    let again = on(&db, &["db", "migrate"]).expect_code(0);
    assert!(
        again.stdout.contains("already up to date"),
        "{}",
        again.stdout
    );
    let again = on(&db, &["--output", "json", "db", "migrate"])
        .expect_code(0)
        .json();
    assert_eq!(again["applied"], serde_json::json!([]));
}

#[test]
fn status_lists_every_migration_pending_on_an_unmigrated_database() {
    let db = TestDb::empty();
    drop(db.conn()); // exists (SQLite creates the file on connect) but has no tables
    let status = on(&db, &["--output", "json", "db", "status"])
        .expect_code(0)
        .json();
    assert_eq!(status["applied"], serde_json::json!([]));
    assert!(
        !status["pending"].as_array().expect("array").is_empty(),
        "{status}"
    );

    let table = on(&db, &["db", "status"]).expect_code(0);
    assert!(
        table
            .stdout
            .contains("pending: run `marqueectl db migrate`"),
        "{}",
        table.stdout
    );
}

#[test]
fn status_never_creates_a_sqlite_file() {
    let db = TestDb::empty_on(Backend::Sqlite);
    let run = on(&db, &["db", "status"]).expect_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.starts_with("error: no database at"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: run `marqueectl db migrate`"),
        "{}",
        run.stderr
    );
    assert!(!db.sqlite_path().expect("sqlite").exists());
}

#[test]
fn quiet_migrate_prints_nothing() {
    let db = TestDb::empty();
    let run = on(&db, &["-q", "db", "migrate"]).expect_code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    // The work was still done.
    let status = on(&db, &["--output", "json", "db", "status"])
        .expect_code(0)
        .json();
    assert_eq!(status["pending"], serde_json::json!([]));
}

#[test]
fn database_url_comes_from_the_environment() {
    let db = TestDb::empty();
    Run::of(
        marqueectl()
            .env("DATABASE_URL", db.url_string())
            .args(["-q", "db", "migrate"]),
    )
    .expect_code(0);
    let mut conn = db.conn();
    assert!(
        marquee_db::migrate::status(&mut conn)
            .expect("status")
            .is_current()
    );
}

#[test]
fn data_dir_holds_the_default_sqlite_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("nested");
    Run::of(
        marqueectl()
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["-q", "db", "migrate"]),
    )
    .expect_code(0);
    let status = Run::of(
        marqueectl()
            .env("MARQUEE_DATA_DIR", &data_dir)
            .args(["--output", "json", "db", "status"]),
    )
    .expect_code(0)
    .json();
    assert_eq!(status["url"], DatabaseUrl::sqlite_in(&data_dir).redacted());
    assert_eq!(status["pending"], serde_json::json!([]));
}

#[test]
fn unknown_scheme_is_refused_with_a_hint() {
    let run =
        Run::of(marqueectl().args(["--database-url", "mysql://x", "db", "status"])).expect_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.starts_with("error: invalid database URL"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("caused by: unsupported database URL scheme `mysql`")
    );
    assert!(
        run.stderr.contains("hint: use postgres://"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("sqlite://"), "{}", run.stderr);
}

#[test]
fn the_error_says_where_a_bad_url_came_from() {
    let run = Run::of(
        marqueectl()
            .env("DATABASE_URL", "marquee.db")
            .args(["db", "migrate"]),
    )
    .expect_code(1);
    assert!(
        run.stderr
            .contains("in the DATABASE_URL environment variable"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreachable_postgres_gets_a_hint() {
    // Port 1 is never a PostgreSQL server; the connection is refused at once.
    let url = "postgres://postgres:secret@127.0.0.1:1/marquee";
    let run = Run::of(marqueectl().args(["--database-url", url, "db", "migrate"])).expect_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("error: cannot connect to postgres://"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("caused by: "), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hint: check that the PostgreSQL server is running")
    );
    assert!(
        !run.stderr.contains("secret"),
        "password leaked: {}",
        run.stderr
    );
}
