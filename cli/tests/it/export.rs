//! `marqueectl export` and `marqueectl import jsonl`: an export restored into an empty database
//! exports byte-identically, on the backend under test.

use marquee_db::testing::TestDb;

use crate::import::{counts, fixture, migrated, on};

/// A database with every kind of exported row: a synthetic catalogue with accounts and ratings,
/// MovieLens movies with external ids and keywords, TMDB movies with languages, countries and
/// cast characters.
fn varied(db: &TestDb, cwd: &std::path::Path) {
    on(
        db,
        cwd,
        &[
            "seed",
            "--synthetic",
            "--movies",
            "60",
            "--users",
            "20",
            "--ratings",
            "600",
            "--seed",
            "7",
        ],
    )
    .expect_code(0);
    let ml = fixture("movielens/good");
    on(
        db,
        cwd,
        &["import", "movielens", ml.to_str().expect("utf-8")],
    )
    .expect_code(0);
    let tmdb = fixture("tmdb/good.jsonl");
    on(db, cwd, &["import", "tmdb", tmdb.to_str().expect("utf-8")]).expect_code(0);
}

/// Fails with the first line where two exports differ.
#[track_caller]
fn assert_same(first: &[u8], second: &[u8], what: &str) {
    let (a, b) = (
        String::from_utf8_lossy(first),
        String::from_utf8_lossy(second),
    );
    if let Some((n, (x, y))) = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
    {
        panic!("{what}: line {} differs:\n{x}\n{y}", n + 1);
    }
    assert_eq!(
        a.lines().count(),
        b.lines().count(),
        "{what}: line counts differ"
    );
    assert!(first == second, "{what}: line endings differ");
}

fn export(db: &TestDb, cwd: &std::path::Path, file: &std::path::Path) -> Vec<u8> {
    on(
        db,
        cwd,
        &["export", "--file", file.to_str().expect("utf-8")],
    )
    .expect_code(0);
    std::fs::read(file).expect("export file")
}

#[test]
fn an_export_restored_into_an_empty_database_exports_byte_identically() {
    let (source, cwd) = migrated();
    varied(&source, cwd.path());
    let first = export(&source, cwd.path(), &cwd.path().join("first.jsonl"));
    let text = String::from_utf8(first.clone()).expect("utf-8");
    for kind in ["genre", "person", "movie", "credit", "account", "rating"] {
        assert!(
            text.contains(&format!("{{\"type\":\"{kind}\",")),
            "no {kind} record in the export"
        );
    }
    assert!(!text.contains("password"), "no password hashes in exports");
    // stdout and --file are the same bytes.
    let stdout = on(&source, cwd.path(), &["export"]).expect_code(0).stdout;
    assert_eq!(stdout.as_bytes(), first.as_slice());

    let restored = TestDb::migrated();
    let file = cwd.path().join("first.jsonl");
    let file = file.to_str().expect("utf-8");
    on(&restored, cwd.path(), &["import", "jsonl", file]).expect_code(0);
    let second = export(&restored, cwd.path(), &cwd.path().join("second.jsonl"));
    assert_same(&first, &second, "the restored database exports differently");
    assert_eq!(counts(&restored), counts(&source));

    // Importing the same export again changes nothing.
    let again = on(
        &restored,
        cwd.path(),
        &["--output", "json", "import", "jsonl", file],
    )
    .expect_code(0)
    .json();
    for (entity, c) in again["entities"].as_object().expect("entities") {
        assert_eq!(
            (c["inserted"].as_u64(), c["updated"].as_u64()),
            (Some(0), Some(0)),
            "{entity}: {again}"
        );
    }
    let third = export(&restored, cwd.path(), &cwd.path().join("third.jsonl"));
    assert_same(&first, &third, "a re-import changed the database");
}

#[test]
fn export_only_writes_the_kinds_asked_for_in_their_order() {
    let (db, cwd) = migrated();
    varied(&db, cwd.path());
    let out = on(&db, cwd.path(), &["export", "--only", "ratings,genres"])
        .expect_code(0)
        .stdout;
    let kinds: Vec<String> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["type"].as_str().expect("type").to_owned()
        })
        .collect();
    let genres = kinds.iter().take_while(|k| *k == "genre").count();
    assert!(genres > 0, "{kinds:?}");
    assert!(kinds[genres..].iter().all(|k| k == "rating"), "{kinds:?}");
    assert_eq!(kinds.len() - genres, counts(&db)["ratings"] as usize);
}

#[test]
fn malformed_export_lines_are_rejected_by_file_line_and_strict_changes_nothing() {
    let (db, cwd) = migrated();
    let file = fixture("jsonl/bad.jsonl");
    let file = file.to_str().expect("utf-8");
    let empty = counts(&db);
    on(&db, cwd.path(), &["import", "jsonl", "--strict", file]).expect_code(1);
    assert_eq!(counts(&db), empty);
    on(&db, cwd.path(), &["import", "jsonl", "--dry-run", file]).expect_code(3);
    assert_eq!(counts(&db), empty);

    let run = on(&db, cwd.path(), &["import", "jsonl", file]).expect_code(3);
    for expected in [
        "bad.jsonl:4: person: person 2 is neither in the database nor earlier in the file \
         [unknown-reference]",
        "bad.jsonl:5: profile: profile 5",
        "bad.jsonl:6:",
        "unknown variant `studio`",
        "bad.jsonl:7: email:",
        "[email-format]",
        "bad.jsonl:8: id: movie 1 is \"Heat\" here [id-conflict]",
        "5 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    let c = counts(&db);
    assert_eq!(
        (
            c["genres"],
            c["people"],
            c["movies"],
            c["credits"],
            c["users"]
        ),
        (1, 1, 1, 0, 0),
        "{c:?}"
    );
}
