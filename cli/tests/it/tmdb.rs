//! `marqueectl import tmdb` with TMDB-shaped fixtures (movie details + credits), as JSON Lines
//! and as one JSON array.

use diesel::prelude::*;
use marquee_db::schema::*;

use crate::import::{counts, fixture, inserted, migrated, on};

fn path(rel: &str) -> String {
    fixture(rel).to_str().expect("utf-8 path").to_owned()
}

#[test]
fn tmdb_json_lines_import_movies_people_and_credits_and_reimport_is_a_no_op() {
    let (db, cwd) = migrated();
    let file = path("tmdb/good.jsonl");
    let empty = counts(&db);
    let dry = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "tmdb", "--dry-run", &file],
    )
    .expect_code(0)
    .json();
    assert_eq!(inserted(&dry, "credits"), 10, "{dry}");
    assert_eq!(counts(&db), empty);

    let first = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "tmdb", &file],
    )
    .expect_code(0)
    .json();
    assert_eq!(inserted(&first, "movies"), 3, "{first}");
    let c = counts(&db);
    assert_eq!(
        (
            c["movies"],
            c["movie_external_ids"],
            c["genres"],
            c["movie_genres"],
            c["people"],
            c["credits"]
        ),
        (3, 3, 8, 10, 8, 10),
        "{c:?}"
    );
    let mut conn = db.conn();
    let heat: (Option<chrono::NaiveDate>, Option<i16>, Option<i32>, f64) = movies::table
        .filter(movies::title.eq("Heat"))
        .select((
            movies::release_date,
            movies::year,
            movies::runtime_minutes,
            movies::popularity,
        ))
        .first(&mut conn)
        .expect("heat");
    assert_eq!(
        heat,
        (
            chrono::NaiveDate::from_ymd_opt(1995, 12, 15),
            Some(1995),
            Some(170),
            12.5
        )
    );
    let mann: Vec<(String, Option<String>)> = credits::table
        .inner_join(people::table)
        .filter(people::tmdb_id.eq(638))
        .select((credits::kind, credits::job))
        .order(credits::id)
        .load(&mut conn)
        .expect("mann");
    assert_eq!(
        mann,
        [
            ("crew".to_owned(), Some("Director".to_owned())),
            ("crew".to_owned(), Some("Screenplay".to_owned()))
        ]
    );
    let pacino: i64 = credits::table
        .inner_join(people::table)
        .filter(people::name.eq("Al Pacino"))
        .count()
        .get_result(&mut conn)
        .expect("pacino");
    assert_eq!(pacino, 2, "one person, credited in two movies");
    let language: String = movies::table
        .inner_join(languages::table)
        .filter(movies::title.eq("Toy Story"))
        .select(languages::code)
        .first(&mut conn)
        .expect("language");
    assert_eq!(language, "en");

    let again = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "tmdb", &file],
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
    assert_eq!(counts(&db), c);

    // The same movies as one pretty-printed JSON array are the same records.
    let array = on(
        &db,
        cwd.path(),
        &[
            "--output",
            "json",
            "import",
            "tmdb",
            &path("tmdb/good.json"),
        ],
    )
    .expect_code(0)
    .json();
    assert_eq!(array["entities"]["movies"]["skipped"], 3, "{array}");
    assert_eq!(counts(&db), c);
}

#[test]
fn tmdb_enriches_movielens_movies_through_their_links_instead_of_duplicating() {
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
            "tmdb",
            &path("tmdb/good.jsonl"),
        ],
    )
    .expect_code(0)
    .json();
    // Toy Story and The Godfather carry TMDB ids 862 and 238 from links.csv; Heat is new.
    assert_eq!(summary["entities"]["movies"]["updated"], 2, "{summary}");
    assert_eq!(inserted(&summary, "movies"), 1, "{summary}");
    let mut conn = db.conn();
    let toy: (i64, Option<String>, Option<i32>) = movie_external_ids::table
        .inner_join(movies::table)
        .filter(movie_external_ids::tmdb_id.eq(862))
        .select((
            movie_external_ids::movielens_id.assume_not_null(),
            movies::overview,
            movies::runtime_minutes,
        ))
        .first(&mut conn)
        .expect("toy story");
    assert_eq!(
        toy,
        (1, Some("Overview of Toy Story.".to_owned()), Some(81))
    );
    assert_eq!(counts(&db)["movies"], 6);
}

#[test]
fn malformed_tmdb_records_are_rejected_by_file_line_and_json_path() {
    let (db, cwd) = migrated();
    let file = path("tmdb/bad.jsonl");
    let empty = counts(&db);
    let strict = on(&db, cwd.path(), &["import", "tmdb", "--strict", &file]).expect_code(1);
    assert!(
        strict.stderr.contains("bad.jsonl:2: id"),
        "{}",
        strict.stderr
    );
    assert_eq!(counts(&db), empty);

    let run = on(&db, cwd.path(), &["import", "tmdb", &file]).expect_code(3);
    for expected in [
        "bad.jsonl:2: id: id \"-5\" is not a positive whole number [id-format]",
        "bad.jsonl:3: title: the name is empty [title-empty]",
        "bad.jsonl:4: release_date: date \"1999-31-03\" is not like 1995-10-30 [date-format]",
        "bad.jsonl:5: credits.cast[0].order",
        "[json]",
        "bad.jsonl:6: not valid JSON",
        "[json-syntax]",
        "bad.jsonl:7: imdb_id: imdb_id tt0133093 belongs to the movie with TMDB id 603 \
         [duplicate-external-id]",
        "6 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    assert_eq!(counts(&db)["movies"], 1);

    let array = on(&db, cwd.path(), &["import", "tmdb", &path("tmdb/bad.json")]).expect_code(3);
    assert!(
        array
            .stderr
            .contains("bad.json:54: runtime: runtime 5000 is not 1–1500 minutes [runtime-range]"),
        "the element is named by the line it starts on: {}",
        array.stderr
    );
}
