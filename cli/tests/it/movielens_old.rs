//! `marqueectl import movielens` on the older layouts: ml-1m (`::`-separated `.dat`, Latin-1) and
//! ml-100k (`u.item`/`u.data`/`u.user`), with small fixtures in those formats.

use std::collections::BTreeMap;

use diesel::prelude::*;
use marquee_db::schema::*;
use marquee_db::testing::TestDb;

use crate::import::{counts, fixture, inserted, migrated, on};

fn path(rel: &str) -> String {
    fixture(rel).to_str().expect("utf-8 path").to_owned()
}

/// Every table an import writes, after the run, with the expected non-zero counts.
fn expect_counts(db: &TestDb, nonzero: &[(&'static str, i64)]) {
    let mut expected: BTreeMap<&'static str, i64> = counts(db).keys().map(|k| (*k, 0)).collect();
    expected.extend(nonzero.iter().copied());
    assert_eq!(counts(db), expected);
}

/// A second run inserts and updates nothing and leaves every count as it was.
fn assert_reimport_is_a_no_op(db: &TestDb, cwd: &std::path::Path, dir: &str) {
    let before = counts(db);
    let again = on(db, cwd, &["--output", "json", "import", "movielens", dir])
        .expect_code(0)
        .json();
    for (entity, c) in again["entities"].as_object().expect("entities") {
        assert_eq!(
            (c["inserted"].as_u64(), c["updated"].as_u64()),
            (Some(0), Some(0)),
            "{entity}: {again}"
        );
    }
    assert_eq!(counts(db), before);
}

fn titles(db: &TestDb) -> Vec<(String, Option<i16>)> {
    movies::table
        .select((movies::title, movies::year))
        .order(movies::id)
        .load(&mut db.conn())
        .expect("titles")
}

#[test]
fn ml_1m_imports_latin1_dat_files_and_reimport_is_a_no_op() {
    let (db, cwd) = migrated();
    let dir = path("movielens/ml-1m/good");
    let dry = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "movielens", "--dry-run", &dir],
    )
    .expect_code(0)
    .json();
    assert_eq!(inserted(&dry, "ratings"), 6, "{dry}");
    expect_counts(&db, &[]);

    let first = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "movielens", &dir],
    )
    .expect_code(0)
    .json();
    assert_eq!(inserted(&first, "movies"), 4, "{first}");
    let expected = [
        ("movies", 4),
        ("movie_external_ids", 4),
        ("movie_stats", 4),
        ("genres", 9),
        ("movie_genres", 10),
        ("users", 4),
        ("profiles", 4),
        ("ratings", 6),
    ];
    expect_counts(&db, &expected);
    assert_eq!(
        titles(&db)[2],
        ("La Cité des enfants perdus".to_owned(), Some(1995)),
        "Latin-1 é decoded"
    );
    let mut conn = db.conn();
    let emails: Vec<String> = users::table
        .select(users::email)
        .order(users::email)
        .load(&mut conn)
        .expect("users");
    assert_eq!(emails[0], "movielens-1m-1@import.invalid");
    // User 1 rated Toy Story 5 stars: 10 half-stars; Toy Story has 5 + 4 stars.
    let toy_story: (i32, i64) = movie_stats::table
        .inner_join(movies::table)
        .filter(movies::title.eq("Toy Story"))
        .select((movie_stats::rating_count, movie_stats::rating_sum_half))
        .first(&mut conn)
        .expect("stats");
    assert_eq!(toy_story, (2, 18));
    assert_reimport_is_a_no_op(&db, cwd.path(), &dir);
}

#[test]
fn ml_1m_movies_enrich_the_same_movielens_ids_instead_of_duplicating() {
    let (db, cwd) = migrated();
    on(
        &db,
        cwd.path(),
        &["import", "movielens", &path("movielens/good")],
    )
    .expect_code(0);
    on(
        &db,
        cwd.path(),
        &["import", "movielens", &path("movielens/ml-1m/good")],
    )
    .expect_code(0);
    let c = counts(&db);
    // ml-latest's 5 movies, plus ml-1m's ids 29 and 50; ids 1 and 2 are the same movies.
    assert_eq!((c["movies"], c["users"]), (7, 3 + 4), "{c:?}");
}

#[test]
fn malformed_ml_1m_lines_are_rejected_by_file_line_and_strict_changes_nothing() {
    let (db, cwd) = migrated();
    let dir = path("movielens/ml-1m/bad");
    let strict = on(&db, cwd.path(), &["import", "movielens", "--strict", &dir]).expect_code(1);
    assert!(
        strict.stderr.contains("movies.dat:2") && strict.stderr.contains("[field-count]"),
        "{}",
        strict.stderr
    );
    expect_counts(&db, &[]);

    let run = on(&db, cwd.path(), &["import", "movielens", &dir]).expect_code(3);
    for expected in [
        "movies.dat:2: 2 fields separated by \"::\" where this file has 3 [field-count]",
        "movies.dat:3: field 1 (movieId)",
        "[id-format]",
        "users.dat:2: field 2 (Gender)",
        "[gender-format]",
        "ratings.dat:2: field 3 (Rating)",
        "[rating-range]",
        "ratings.dat:3: field 2 (MovieID): MovieID 3 is not in movies.dat [unknown-movie]",
        "ratings.dat:4: field 4 (Timestamp)",
        "[timestamp-format]",
        "6 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    let rejects =
        std::fs::read_to_string(cwd.path().join("movielens.rejects.csv")).expect("reject file");
    assert_eq!(rejects.lines().count(), 1 + 6, "{rejects}");
    let c = counts(&db);
    assert_eq!((c["movies"], c["users"], c["ratings"]), (2, 2, 2), "{c:?}");
}

#[test]
fn ml_100k_matches_items_on_title_and_year_and_reimport_is_a_no_op() {
    let (db, cwd) = migrated();
    let dir = path("movielens/ml-100k/good");
    let dry = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "movielens", "--dry-run", &dir],
    )
    .expect_code(0)
    .json();
    assert_eq!(inserted(&dry, "movies"), 4, "{dry}");
    expect_counts(&db, &[]);

    on(&db, cwd.path(), &["import", "movielens", &dir]).expect_code(0);
    // Items 4 and 5 are the same film (like ml-100k's own duplicates): one movie.
    expect_counts(
        &db,
        &[
            ("movies", 4),
            ("movie_stats", 4),
            ("genres", 9),
            ("movie_genres", 10),
            ("users", 3),
            ("profiles", 3),
            ("ratings", 6),
        ],
    );
    let mut conn = db.conn();
    let heat: (Option<chrono::NaiveDate>, i32) = movies::table
        .inner_join(movie_stats::table)
        .filter(movies::title.eq("Heat"))
        .select((movies::release_date, movie_stats::rating_count))
        .first(&mut conn)
        .expect("heat");
    assert_eq!(
        heat,
        (chrono::NaiveDate::from_ymd_opt(1995, 12, 15), 2),
        "rated through item 4 and item 5"
    );
    assert_eq!(
        titles(&db)[2],
        ("La Cité des enfants perdus".to_owned(), Some(1995))
    );
    assert_reimport_is_a_no_op(&db, cwd.path(), &dir);
}

#[test]
fn ml_100k_enriches_ml_latest_movies_of_the_same_title_and_year() {
    let (db, cwd) = migrated();
    on(
        &db,
        cwd.path(),
        &["import", "movielens", &path("movielens/good")],
    )
    .expect_code(0);
    let summary = on(
        &db,
        cwd.path(),
        &[
            "--output",
            "json",
            "import",
            "movielens",
            &path("movielens/ml-100k/good"),
        ],
    )
    .expect_code(0)
    .json();
    // Toy Story and Apollo 13 (1995) gain a release date; the Cité and Heat are new.
    assert_eq!(summary["entities"]["movies"]["updated"], 2, "{summary}");
    assert_eq!(inserted(&summary, "movies"), 2, "{summary}");
    assert_eq!(counts(&db)["movies"], 7);
}

#[test]
fn malformed_ml_100k_lines_are_rejected_by_file_line_and_strict_changes_nothing() {
    let (db, cwd) = migrated();
    let dir = path("movielens/ml-100k/bad");
    let strict = on(&db, cwd.path(), &["import", "movielens", "--strict", &dir]).expect_code(1);
    assert!(
        strict.stderr.contains("u.item:2: field 3 (release date)"),
        "{}",
        strict.stderr
    );
    expect_counts(&db, &[]);

    let run = on(&db, cwd.path(), &["import", "movielens", &dir]).expect_code(3);
    for expected in [
        "u.item:2: field 3 (release date)",
        "[date-format]",
        "u.item:3: field 7 (Action): genre flag \"2\" is not 0 or 1 [genre-flag]",
        "u.item:4: 5 fields",
        "u.user:2: field 2 (age)",
        "u.data:2: field 2 (item id): item id 2 is not in u.item [unknown-movie]",
        "u.data:3: field 3 (rating)",
        "[rating-range]",
        "6 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    let c = counts(&db);
    assert_eq!((c["movies"], c["users"], c["ratings"]), (2, 2, 2), "{c:?}");
}

#[test]
fn a_folder_without_a_movie_list_is_an_error_with_a_hint() {
    let (db, cwd) = migrated();
    let run = on(
        &db,
        cwd.path(),
        &["import", "movielens", cwd.path().to_str().expect("utf-8")],
    )
    .expect_code(1);
    assert!(
        run.stderr.contains("holds no MovieLens movie list"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: point at a MovieLens folder"),
        "{}",
        run.stderr
    );
}
