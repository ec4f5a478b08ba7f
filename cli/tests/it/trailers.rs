//! `marqueectl import trailers` in both layouts (JSON Lines and CSV), with the fixtures in
//! `cli/tests/fixtures/trailers`, on movies imported from the MovieLens fixture.

use std::collections::BTreeMap;
use std::path::Path;

use diesel::prelude::*;
use marquee_db::schema::*;
use marquee_db::testing::TestDb;

use crate::import::{fixture, migrated, on};

/// Row counts of the tables a trailer import writes.
fn counts(db: &TestDb) -> BTreeMap<&'static str, i64> {
    let mut conn = db.conn();
    let c = &mut conn;
    let mut out = BTreeMap::new();
    macro_rules! count {
        ($($t:ident),*) => {$(
            out.insert(stringify!($t), $t::table.count().get_result::<i64>(c).expect("count"));
        )*};
    }
    count!(trailers, trailer_renditions, trailer_subtitles, languages);
    out
}

/// Every rendition and subtitle by natural keys, whatever ids the database assigned.
fn fingerprint(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    type Rendition = (Option<String>, String, String, String, String, Option<i32>);
    let renditions: Vec<Rendition> = trailer_renditions::table
        .inner_join(trailers::table)
        .inner_join(
            movie_external_ids::table.on(movie_external_ids::movie_id.eq(trailers::movie_id)),
        )
        .select((
            movie_external_ids::imdb_id,
            trailers::title,
            trailer_renditions::quality,
            trailer_renditions::format,
            trailer_renditions::location,
            trailer_renditions::duration_seconds,
        ))
        .load(&mut conn)
        .expect("renditions");
    let subtitles: Vec<(String, String, String, String)> = trailer_subtitles::table
        .inner_join(trailers::table)
        .inner_join(languages::table)
        .select((
            trailers::title,
            languages::code,
            trailer_subtitles::format,
            trailer_subtitles::location,
        ))
        .load(&mut conn)
        .expect("subtitles");
    let mut out: Vec<String> = renditions
        .into_iter()
        .map(|r| format!("{r:?}"))
        .chain(subtitles.into_iter().map(|s| format!("{s:?}")))
        .collect();
    out.sort();
    out
}

/// A migrated database holding the MovieLens fixture's five movies (with IMDb/TMDB links).
fn catalogue() -> (TestDb, tempfile::TempDir) {
    let (db, cwd) = migrated();
    let movies = fixture("movielens/good");
    on(
        &db,
        cwd.path(),
        &["import", "movielens", movies.to_str().expect("utf-8")],
    )
    .expect_code(0);
    (db, cwd)
}

fn import(db: &TestDb, cwd: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--output", "json", "import", "trailers"];
    all.extend_from_slice(args);
    on(db, cwd, &all).expect_code(0).json()
}

fn entity(summary: &serde_json::Value, name: &str) -> (u64, u64, u64) {
    let c = &summary["entities"][name];
    let n = |k: &str| {
        c[k].as_u64()
            .unwrap_or_else(|| panic!("no {name}.{k} in {summary}"))
    };
    (n("inserted"), n("updated"), n("skipped"))
}

fn assert_nothing_written(summary: &serde_json::Value) {
    for (entity, c) in summary["entities"].as_object().expect("entities") {
        assert_eq!(
            (c["inserted"].as_u64(), c["updated"].as_u64()),
            (Some(0), Some(0)),
            "{entity}: {summary}"
        );
    }
}

#[test]
fn json_lines_and_csv_give_the_same_trailers_and_reimports_are_no_ops() {
    let (db, cwd) = catalogue();
    let jsonl = fixture("trailers/good.jsonl");
    let jsonl = jsonl.to_str().expect("utf-8");
    let first = import(&db, cwd.path(), &[jsonl]);
    assert_eq!(entity(&first, "trailers"), (2, 0, 0), "{first}");
    assert_eq!(entity(&first, "renditions"), (3, 0, 0), "{first}");
    assert_eq!(entity(&first, "subtitles"), (2, 0, 0), "{first}");
    assert_eq!(entity(&first, "languages").0, 2, "{first}");
    let expected: BTreeMap<&str, i64> = [
        ("trailers", 2),
        ("trailer_renditions", 3),
        ("trailer_subtitles", 2),
        ("languages", 2),
    ]
    .into();
    assert_eq!(counts(&db), expected);
    let mut conn = db.conn();
    let toy_story: (String, String, Option<chrono::NaiveDateTime>) = trailers::table
        .inner_join(movies::table)
        .filter(trailers::title.eq("Official Trailer"))
        .select((movies::title, trailers::kind, trailers::published_at))
        .first(&mut conn)
        .expect("trailer");
    assert_eq!(toy_story.0, "Toy Story");
    assert_eq!(toy_story.1, "trailer");
    assert_eq!(
        toy_story.2.map(|t| t.to_string()).as_deref(),
        Some("1995-10-01 12:00:00")
    );
    let godfather: (String, String) = trailers::table
        .inner_join(movies::table)
        .filter(trailers::title.eq("Teaser"))
        .select((movies::title, trailers::kind))
        .first(&mut conn)
        .expect("teaser");
    assert_eq!(godfather, ("The Godfather".to_owned(), "teaser".to_owned()));
    let before = fingerprint(&db);

    let again = import(&db, cwd.path(), &[jsonl]);
    assert_nothing_written(&again);
    assert_eq!(entity(&again, "trailers"), (0, 0, 2), "{again}");
    assert_eq!(entity(&again, "renditions"), (0, 0, 3), "{again}");

    // The CSV layout of the same trailers (one row per rendition) changes nothing either.
    let csv = fixture("trailers/good.csv");
    let from_csv = import(&db, cwd.path(), &[csv.to_str().expect("utf-8")]);
    assert_nothing_written(&from_csv);
    assert_eq!(entity(&from_csv, "renditions"), (0, 0, 3), "{from_csv}");
    assert_eq!(counts(&db), expected);
    assert_eq!(fingerprint(&db), before);

    // And into an empty catalogue, the CSV file gives exactly what the JSON Lines file gave.
    let (other, other_cwd) = catalogue();
    let summary = import(&other, other_cwd.path(), &[csv.to_str().expect("utf-8")]);
    assert_eq!(entity(&summary, "trailers"), (2, 0, 0), "{summary}");
    assert_eq!(fingerprint(&other), before);
}

#[test]
fn changed_values_update_the_stored_rendition_and_trailer() {
    let (db, cwd) = catalogue();
    let jsonl = fixture("trailers/good.jsonl");
    import(&db, cwd.path(), &[jsonl.to_str().expect("utf-8")]);
    let changed = cwd.path().join("changed.jsonl");
    std::fs::write(
        &changed,
        r#"{"movie": "tmdb:238", "title": "Teaser", "kind": "clip", "renditions": [{"quality": "720p", "format": "mp4", "location": "godfather/720.mp4", "bitrate_kbps": 2500}]}"#,
    )
    .expect("write");
    let summary = import(&db, cwd.path(), &[changed.to_str().expect("utf-8")]);
    assert_eq!(entity(&summary, "trailers"), (0, 1, 0), "{summary}");
    assert_eq!(entity(&summary, "renditions"), (0, 1, 0), "{summary}");
    let mut conn = db.conn();
    let (kind, location): (String, String) = trailer_renditions::table
        .inner_join(trailers::table)
        .filter(trailers::title.eq("Teaser"))
        .select((trailers::kind, trailer_renditions::location))
        .first(&mut conn)
        .expect("teaser");
    assert_eq!(
        (kind.as_str(), location.as_str()),
        ("clip", "godfather/720.mp4")
    );
    assert_eq!(counts(&db)["trailer_renditions"], 3);
}

#[test]
fn malformed_json_lines_are_rejected_by_line_and_path_and_good_ones_imported() {
    let (db, cwd) = catalogue();
    let bad = fixture("trailers/bad.jsonl");
    let run = on(
        &db,
        cwd.path(),
        &["import", "trailers", bad.to_str().expect("utf-8")],
    )
    .expect_code(3);
    for expected in [
        "bad.jsonl:2: renditions[1].location",
        "[location-invalid]",
        "bad.jsonl:3: renditions[0].quality",
        "unknown quality `999p`; accepted: 360p, 480p, 720p, 1080p, 2160p [quality-unknown]",
        "bad.jsonl:4: movie",
        "no movie in the catalogue has IMDb id tt9999999",
        "[unknown-movie]",
        "bad.jsonl:5: renditions[0].duration_seconds",
        "[json]",
        "bad.jsonl:6: not valid JSON",
        "[json-syntax]",
        "5 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    let rejects =
        std::fs::read_to_string(cwd.path().join("trailers.rejects.csv")).expect("reject file");
    let mut lines = rejects.lines();
    assert_eq!(lines.next(), Some("file,line,field,rule,message,record"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 5, "{rejects}");
    assert!(
        rows[0].starts_with("bad.jsonl,2,renditions[1].location,location-invalid,"),
        "{rejects}"
    );
    // Only the good line was written: one trailer with one rendition, nothing of the others.
    let c = counts(&db);
    assert_eq!((c["trailers"], c["trailer_renditions"]), (1, 1), "{c:?}");
}

#[test]
fn malformed_csv_rows_are_rejected_by_line_and_column() {
    let (db, cwd) = catalogue();
    let bad = fixture("trailers/bad.csv");
    let run = on(
        &db,
        cwd.path(),
        &["import", "trailers", bad.to_str().expect("utf-8")],
    )
    .expect_code(3);
    for expected in [
        "bad.csv:3: field 8 (location)",
        "\"/etc/passwd\" is neither an http(s) URL nor a relative path",
        "bad.csv:4: field 6 (quality)",
        "bad.csv:5: field 1 (movie)",
        "[unknown-movie]",
        "3 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    assert_eq!(counts(&db)["trailers"], 1);
}

#[test]
fn strict_leaves_the_database_unchanged_and_dry_run_writes_nothing() {
    let (db, cwd) = catalogue();
    let before = (counts(&db), fingerprint(&db));
    let bad = fixture("trailers/bad.jsonl");
    let run = on(
        &db,
        cwd.path(),
        &[
            "import",
            "trailers",
            "--strict",
            bad.to_str().expect("utf-8"),
        ],
    )
    .expect_code(1);
    assert!(
        run.stderr.contains("bad.jsonl:2: renditions[1].location"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!((counts(&db), fingerprint(&db)), before);
    assert!(!cwd.path().join("trailers.rejects.csv").exists());

    let good = fixture("trailers/good.csv");
    let summary = import(
        &db,
        cwd.path(),
        &["--dry-run", good.to_str().expect("utf-8")],
    );
    assert_eq!(summary["dry_run"], true);
    assert_eq!(entity(&summary, "trailers"), (2, 0, 0), "{summary}");
    assert_eq!(entity(&summary, "renditions"), (3, 0, 0), "{summary}");
    assert_eq!((counts(&db), fingerprint(&db)), before);
}

#[test]
fn the_format_comes_from_the_extension_or_the_flag() {
    let (db, cwd) = catalogue();
    let odd = cwd.path().join("trailers.txt");
    std::fs::copy(fixture("trailers/good.jsonl"), &odd).expect("copy");
    let odd = odd.to_str().expect("utf-8");
    let run = on(&db, cwd.path(), &["import", "trailers", odd]).expect_code(1);
    assert!(run.stderr.contains("--format csv|jsonl"), "{}", run.stderr);
    let summary = import(&db, cwd.path(), &["--format", "jsonl", odd]);
    assert_eq!(entity(&summary, "trailers"), (2, 0, 0), "{summary}");
}
