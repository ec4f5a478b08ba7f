//! `marqueectl user …`: the first administrator, with the server's own rules and hashing.

use diesel::prelude::*;
use marquee_db::schema::{profiles, users};
use marquee_db::testing::TestDb;

use crate::{Run, marqueectl};

fn on(db: &TestDb, args: &[&str], stdin: &str) -> Run {
    Run::of(
        marqueectl()
            .env("MARQUEE_BCRYPT_COST", "4")
            .arg("--database-url")
            .arg(db.url_string())
            .args(args)
            .write_stdin(stdin),
    )
}

fn account(db: &TestDb, email: &str) -> (String, String, bool, i64) {
    let mut conn = db.conn();
    let (id, role, hash, verified): (i64, String, String, Option<chrono::NaiveDateTime>) =
        users::table
            .filter(users::email_normalized.eq(email))
            .select((
                users::id,
                users::role,
                users::password_hash,
                users::email_verified_at,
            ))
            .first(&mut conn)
            .unwrap();
    let profiles: i64 = profiles::table
        .filter(profiles::user_id.eq(id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    (role, hash, verified.is_some(), profiles)
}

#[test]
fn create_admin_makes_a_verified_admin_that_logs_in_with_the_server_rules() {
    let db = TestDb::empty();
    let run = on(
        &db,
        &[
            "--output",
            "json",
            "user",
            "create",
            "Root@Example.com",
            "--admin",
            "--password-stdin",
        ],
        "correct horse battery staple\n",
    )
    .expect_code(0);
    let created = run.json();
    assert_eq!(created["role"], "admin");
    assert!(created.get("generated_password").is_none(), "{created}");
    let (role, hash, verified, profiles) = account(&db, "root@example.com");
    assert_eq!((role.as_str(), verified, profiles), ("admin", true, 1));
    assert!(!hash.contains("correct horse"), "never stored in plaintext");
    assert!(marquee_server::auth::password::verify(
        "correct horse battery staple",
        &hash
    ));
    assert!(!marquee_server::auth::password::verify(
        "correct horse battery stapl",
        &hash
    ));

    // The same address again (other case) is refused, and says what to do instead.
    let again = on(&db, &["user", "create", "root@example.com"], "").expect_code(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("hint:"), "{}", again.stderr);
}

#[test]
fn create_refuses_what_registration_refuses_and_writes_nothing() {
    let db = TestDb::migrated();
    let run = on(
        &db,
        &["user", "create", "not-an-address", "--password-stdin"],
        "password\n",
    )
    .expect_code(1);
    assert!(
        run.stderr.contains("email: must be a valid email address"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("password:"), "{}", run.stderr);
    let count: i64 = users::table.count().get_result(&mut db.conn()).unwrap();
    assert_eq!(count, 0);
}

#[test]
fn generated_password_is_shown_once_and_promote_demote_list_work() {
    let db = TestDb::empty();
    let run = on(
        &db,
        &["--output", "json", "user", "create", "ann@example.com"],
        "",
    )
    .expect_code(0);
    let created = run.json();
    let password = created["generated_password"].as_str().unwrap().to_owned();
    let (role, hash, _, _) = account(&db, "ann@example.com");
    assert_eq!(role, "user");
    assert!(marquee_server::auth::password::verify(&password, &hash));

    on(&db, &["user", "promote", "ANN@example.com"], "").expect_code(0);
    assert_eq!(account(&db, "ann@example.com").0, "admin");
    // The server's rule: the last administrator who can sign in is never demoted.
    let last = on(&db, &["user", "demote", "ann@example.com"], "").expect_code(1);
    assert!(last.stderr.contains("last_admin"), "{}", last.stderr);
    assert!(
        last.stderr.contains("hint: promote another"),
        "{}",
        last.stderr
    );
    assert_eq!(account(&db, "ann@example.com").0, "admin");
    on(&db, &["user", "create", "bob@example.com"], "").expect_code(0);
    on(&db, &["user", "promote", "bob@example.com"], "").expect_code(0);
    on(&db, &["user", "demote", "ann@example.com"], "").expect_code(0);
    assert_eq!(account(&db, "ann@example.com").0, "user");
    let missing = on(&db, &["user", "promote", "nobody@example.com"], "").expect_code(1);
    assert!(missing.stderr.contains("no account"), "{}", missing.stderr);

    let list = on(&db, &["--output", "json", "user", "list"], "")
        .expect_code(0)
        .json();
    assert_eq!(list["pagination"]["total"], 2);
    assert_eq!(list["data"][0]["email"], "ann@example.com");
    assert_eq!(list["data"][1]["role"], "admin");
}
