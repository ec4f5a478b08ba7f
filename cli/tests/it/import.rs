//! `marqueectl import …` on fresh, migrated databases of the backend under test, with the
//! fixtures in `cli/tests/fixtures` (small files in the real formats, CRLF like the originals).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use diesel::prelude::*;
use marquee_db::schema::*;
use marquee_db::testing::TestDb;

use crate::{Run, marqueectl};

pub(crate) fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Runs marqueectl on `db` in `cwd` (where default reject files land).
pub(crate) fn on(db: &TestDb, cwd: &Path, args: &[&str]) -> Run {
    Run::of(
        marqueectl()
            .current_dir(cwd)
            .arg("--database-url")
            .arg(db.url_string())
            .args(args),
    )
}

/// Row counts of every table an import writes.
pub(crate) fn counts(db: &TestDb) -> BTreeMap<&'static str, i64> {
    let mut conn = db.conn();
    let c = &mut conn;
    let mut out = BTreeMap::new();
    macro_rules! count {
        ($($t:ident),*) => {$(
            out.insert(stringify!($t), $t::table.count().get_result::<i64>(c).expect("count"));
        )*};
    }
    count!(
        movies,
        movie_external_ids,
        movie_stats,
        genres,
        movie_genres,
        keywords,
        movie_keywords,
        people,
        credits,
        users,
        profiles,
        ratings
    );
    out
}

/// Every rating by natural keys (account e-mail, MovieLens movie id), and the rating summaries:
/// equal across databases whatever ids each assigned.
type Fingerprint = (
    Vec<(String, Option<i64>, i16, String)>,
    Vec<(Option<i64>, i32, i64)>,
);

fn ratings_fingerprint(db: &TestDb) -> Fingerprint {
    let mut conn = db.conn();
    let rows: Vec<(String, Option<i64>, i16, chrono::NaiveDateTime)> = ratings::table
        .inner_join(profiles::table.inner_join(users::table))
        .inner_join(
            movie_external_ids::table.on(movie_external_ids::movie_id.eq(ratings::movie_id)),
        )
        .select((
            users::email,
            movie_external_ids::movielens_id,
            ratings::rating_half,
            ratings::updated_at,
        ))
        .order((users::email, movie_external_ids::movielens_id))
        .load(&mut conn)
        .expect("ratings");
    let stats: Vec<(Option<i64>, i32, i64)> = movie_stats::table
        .inner_join(
            movie_external_ids::table.on(movie_external_ids::movie_id.eq(movie_stats::movie_id)),
        )
        .select((
            movie_external_ids::movielens_id,
            movie_stats::rating_count,
            movie_stats::rating_sum_half,
        ))
        .order(movie_external_ids::movielens_id)
        .load(&mut conn)
        .expect("stats");
    (
        rows.into_iter()
            .map(|(e, m, r, t)| (e, m, r, t.to_string()))
            .collect(),
        stats,
    )
}

pub(crate) fn migrated() -> (TestDb, tempfile::TempDir) {
    (TestDb::migrated(), tempfile::tempdir().expect("temp dir"))
}

pub(crate) fn inserted(summary: &serde_json::Value, entity: &str) -> u64 {
    summary["entities"][entity]["inserted"]
        .as_u64()
        .unwrap_or_else(|| panic!("no {entity} in {summary}"))
}

#[test]
fn movielens_fixture_imports_every_entity_and_reimport_is_a_no_op() {
    let (db, cwd) = migrated();
    let dir = fixture("movielens/good");
    let dir = dir.to_str().expect("utf-8 path");
    let first = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "movielens", dir],
    )
    .expect_code(0)
    .json();
    assert_eq!(inserted(&first, "movies"), 5);
    assert_eq!(inserted(&first, "ratings"), 6);
    let expected: BTreeMap<&str, i64> = [
        ("movies", 5),
        ("movie_external_ids", 5),
        ("movie_stats", 5),
        ("genres", 10),
        ("movie_genres", 15),
        ("keywords", 3),
        ("movie_keywords", 3),
        ("people", 0),
        ("credits", 0),
        ("users", 3),
        ("profiles", 3),
        ("ratings", 6),
    ]
    .into();
    assert_eq!(counts(&db), expected);

    let mut conn = db.conn();
    let titles: Vec<(String, Option<i16>)> = movies::table
        .select((movies::title, movies::year))
        .order(movies::id)
        .load(&mut conn)
        .expect("titles");
    assert_eq!(titles[1], ("The Godfather".to_owned(), Some(1972)));
    assert_eq!(titles[3], ("Babylon 5".to_owned(), None));
    let godfather: (Option<String>, Option<i64>) = movie_external_ids::table
        .filter(movie_external_ids::movielens_id.eq(2))
        .select((movie_external_ids::imdb_id, movie_external_ids::tmdb_id))
        .first(&mut conn)
        .expect("links");
    assert_eq!(godfather, (Some("tt0068646".to_owned()), Some(238)));
    let pixar: f64 = movie_keywords::table
        .inner_join(keywords::table)
        .filter(keywords::name.eq("pixar"))
        .select(movie_keywords::weight)
        .first(&mut conn)
        .expect("pixar");
    assert_eq!(pixar, 2.0, "two users tagged Toy Story pixar/Pixar");
    // Toy Story: 4.0 and 4.5 stars → 8 + 9 half-stars.
    let (_, stats) = ratings_fingerprint(&db);
    assert_eq!(stats[0], (Some(1), 2, 17));
    let hashes: Vec<String> = users::table
        .select(users::password_hash)
        .load(&mut conn)
        .expect("users");
    assert!(
        hashes.iter().all(|h| h.starts_with('!')),
        "imported accounts cannot log in: {hashes:?}"
    );

    let before = ratings_fingerprint(&db);
    let again = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "movielens", dir],
    )
    .expect_code(0)
    .json();
    for (entity, c) in again["entities"].as_object().expect("entities") {
        assert_eq!(c["inserted"], 0, "{entity} inserted again: {again}");
        assert_eq!(c["updated"], 0, "{entity} updated again: {again}");
    }
    assert_eq!(counts(&db), expected);
    assert_eq!(ratings_fingerprint(&db), before);
}

#[test]
fn malformed_movielens_rows_are_rejected_by_file_line_and_rule_and_good_rows_imported() {
    let (db, cwd) = migrated();
    let dir = fixture("movielens/bad");
    let run = on(
        &db,
        cwd.path(),
        &["import", "movielens", dir.to_str().expect("utf-8")],
    )
    .expect_code(3);
    for expected in [
        "movies.csv:3: field 1 (movieId)",
        "[id-format]",
        "movies.csv:4: field 2 (title)",
        "[title-empty]",
        "ratings.csv:3: field 3 (rating)",
        "[rating-range]",
        "ratings.csv:4: field 2 (movieId)",
        "[unknown-movie]",
        "ratings.csv:5",
        "[field-count]",
        "5 records rejected",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in stderr:\n{}",
            run.stderr
        );
    }
    let rejects =
        std::fs::read_to_string(cwd.path().join("movielens.rejects.csv")).expect("reject file");
    let mut lines = rejects.lines();
    assert_eq!(lines.next(), Some("file,line,field,rule,message,record"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 5, "{rejects}");
    assert!(
        rows[2].starts_with("ratings.csv,3,3 (rating),rating-range,"),
        "{rejects}"
    );

    let c = counts(&db);
    assert_eq!((c["movies"], c["ratings"], c["users"]), (2, 2, 2), "{c:?}");
}

#[test]
fn strict_import_stops_at_the_first_reject_and_leaves_the_database_unchanged() {
    let (db, cwd) = migrated();
    let good = fixture("movielens/good");
    on(
        &db,
        cwd.path(),
        &["import", "movielens", good.to_str().expect("utf-8")],
    )
    .expect_code(0);
    let before = (counts(&db), ratings_fingerprint(&db));

    let bad = fixture("movielens/bad");
    let run = on(
        &db,
        cwd.path(),
        &[
            "import",
            "movielens",
            "--strict",
            bad.to_str().expect("utf-8"),
        ],
    )
    .expect_code(1);
    assert!(
        run.stderr.contains("movies.csv:3: field 1 (movieId)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!((counts(&db), ratings_fingerprint(&db)), before);
    assert!(!cwd.path().join("movielens.rejects.csv").exists());
}

#[test]
fn dry_run_counts_what_it_would_do_and_writes_nothing() {
    let (db, cwd) = migrated();
    let empty = counts(&db);
    let good = fixture("movielens/good");
    let summary = on(
        &db,
        cwd.path(),
        &[
            "--output",
            "json",
            "import",
            "movielens",
            "--dry-run",
            good.to_str().expect("utf-8"),
        ],
    )
    .expect_code(0)
    .json();
    assert_eq!(summary["dry_run"], true);
    assert_eq!(inserted(&summary, "movies"), 5);
    assert_eq!(inserted(&summary, "ratings"), 6);
    assert_eq!(counts(&db), empty);

    // Rejects are still reported (exit 3), and still nothing is written.
    let bad = fixture("movielens/bad");
    on(
        &db,
        cwd.path(),
        &[
            "import",
            "movielens",
            "--dry-run",
            bad.to_str().expect("utf-8"),
        ],
    )
    .expect_code(3);
    assert_eq!(counts(&db), empty);
}

#[test]
fn imdb_top_enriches_movielens_movies_by_title_and_year_and_reimport_is_a_no_op() {
    let (db, cwd) = migrated();
    let good = fixture("movielens/good");
    on(
        &db,
        cwd.path(),
        &["import", "movielens", good.to_str().expect("utf-8")],
    )
    .expect_code(0);
    let imdb = fixture("imdb-top/good.csv");
    let imdb = imdb.to_str().expect("utf-8");
    let run = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "imdb-top", imdb],
    )
    .expect_code(0);
    assert!(
        run.stderr.contains("good.csv:3: field 3 (Released_Year)"),
        "the PG year is a warning: {}",
        run.stderr
    );
    let summary = run.json();
    // The Godfather (title + year) and Apollo 13 (title alone: its year is "PG") matched.
    assert_eq!(summary["entities"]["movies"]["updated"], 2, "{summary}");
    assert_eq!(inserted(&summary, "movies"), 1, "{summary}");

    let c = counts(&db);
    assert_eq!(
        (c["movies"], c["people"], c["credits"]),
        (6, 15, 15),
        "{c:?}"
    );
    let mut conn = db.conn();
    let godfather: (Option<i32>, Option<f64>, Option<i64>) = movies::table
        .inner_join(movie_stats::table)
        .filter(movies::title.eq("The Godfather"))
        .select((
            movies::runtime_minutes,
            movie_stats::imdb_rating,
            movie_stats::gross_usd,
        ))
        .first(&mut conn)
        .expect("godfather");
    assert_eq!(godfather, (Some(175), Some(9.2), Some(134_966_411)));
    let director: (String, Option<String>) = credits::table
        .inner_join(people::table)
        .inner_join(movies::table)
        .filter(movies::title.eq("Inception"))
        .filter(credits::kind.eq("crew"))
        .select((people::name, credits::job))
        .first(&mut conn)
        .expect("director");
    assert_eq!(
        director,
        ("Christopher Nolan".to_owned(), Some("Director".to_owned()))
    );

    let again = on(
        &db,
        cwd.path(),
        &["--output", "json", "import", "imdb-top", imdb],
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
}

#[test]
fn malformed_imdb_top_rows_are_rejected_and_strict_changes_nothing() {
    let (db, cwd) = migrated();
    let bad = fixture("imdb-top/bad.csv");
    let bad = bad.to_str().expect("utf-8");
    let empty = counts(&db);
    let rejects = cwd.path().join("imdb.rejects");
    let strict = on(&db, cwd.path(), &["import", "imdb-top", "--strict", bad]).expect_code(1);
    assert!(
        strict.stderr.contains("bad.csv:3: field 5 (Runtime)"),
        "{}",
        strict.stderr
    );
    assert_eq!(counts(&db), empty);

    let run = on(
        &db,
        cwd.path(),
        &[
            "import",
            "imdb-top",
            "--rejects",
            rejects.to_str().expect("utf-8"),
            bad,
        ],
    )
    .expect_code(3);
    assert!(
        run.stderr.contains("bad.csv:3: field 5 (Runtime)")
            && run.stderr.contains("[runtime-format]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bad.csv:4: field 7 (IMDB_Rating)")
            && run.stderr.contains("[number-range]"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&rejects)
            .expect("rejects")
            .lines()
            .count(),
        3
    );
    let c = counts(&db);
    assert_eq!((c["movies"], c["people"], c["credits"]), (1, 5, 5), "{c:?}");
}

/// A MovieLens folder with `movies` movies and `ratings` ratings spread over 400 users.
fn generated_movielens(dir: &Path, movies: u32, ratings: u32) {
    let mut m = std::fs::File::create(dir.join("movies.csv")).expect("movies.csv");
    write!(m, "movieId,title,genres\r\n").expect("write");
    for i in 1..=movies {
        write!(
            m,
            "{i},\"Film {i}, The ({})\",Drama|Genre {}\r\n",
            1950 + i % 70,
            i % 7
        )
        .expect("write");
    }
    let mut r = std::io::BufWriter::new(
        std::fs::File::create(dir.join("ratings.csv")).expect("ratings.csv"),
    );
    write!(r, "userId,movieId,rating,timestamp\r\n").expect("write");
    let users = 400;
    let per_user = ratings / users;
    for u in 1..=users {
        for k in 0..per_user {
            let movie = (u * 7919 + k * 104_729) % movies + 1;
            let half = (u + k) % 10 + 1;
            write!(
                r,
                "{u},{movie},{}.{},{}\r\n",
                half / 2,
                if half % 2 == 1 { 5 } else { 0 },
                1_000_000_000 + u * 1000 + k
            )
            .expect("write");
        }
    }
    r.flush().expect("flush");
}

#[test]
fn an_import_killed_part_way_then_rerun_equals_an_uninterrupted_one() {
    let data = tempfile::tempdir().expect("temp dir");
    // 125 ratings per user over 1,000 movies; no user rates a movie twice (729 is prime to 1,000).
    generated_movielens(data.path(), 1000, 50_000);
    let dir = data.path().to_str().expect("utf-8");

    let (clean, cwd) = migrated();
    on(&clean, cwd.path(), &["import", "movielens", dir]).expect_code(0);

    let killed = TestDb::migrated();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_marqueectl"))
        .args([
            "--database-url",
            &killed.url_string(),
            "import",
            "movielens",
            "--batch-size",
            "1000",
            dir,
        ])
        .current_dir(cwd.path())
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn marqueectl");
    let stderr = child.stderr.take().expect("stderr");
    // Kill after a few committed rating batches: well inside the import.
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr line");
        if line.starts_with("ratings.csv: 3000 records committed") {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let partial = counts(&killed)["ratings"];
    assert!(
        (3000..50_000).contains(&partial),
        "killed part-way, {partial} ratings"
    );

    on(
        &killed,
        cwd.path(),
        &["import", "movielens", "--batch-size", "1000", dir],
    )
    .expect_code(0);
    assert_eq!(counts(&killed), counts(&clean));
    assert_eq!(ratings_fingerprint(&killed), ratings_fingerprint(&clean));
}

#[test]
fn a_changed_rating_is_updated_in_place_and_counted_even_in_small_strict_batches() {
    let (db, cwd) = migrated();
    let good = fixture("movielens/good");
    on(
        &db,
        cwd.path(),
        &["import", "movielens", good.to_str().expect("utf-8")],
    )
    .expect_code(0);
    // The same folder with user 1's rating of movie 5 changed from 3.5 to 2.0 stars.
    let changed = tempfile::tempdir().expect("temp dir");
    for name in ["movies.csv", "links.csv", "tags.csv", "ratings.csv"] {
        let text = std::fs::read_to_string(good.join(name)).expect("fixture");
        let text = text.replace("1,5,3.5,964983815", "1,5,2.0,964983815");
        std::fs::write(changed.path().join(name), text).expect("write");
    }
    // Several batches inside one --strict transaction: the staging of one batch must not leak
    // into the next.
    let summary = on(
        &db,
        cwd.path(),
        &[
            "--output",
            "json",
            "import",
            "movielens",
            "--strict",
            "--batch-size",
            "2",
            changed.path().to_str().expect("utf-8"),
        ],
    )
    .expect_code(0)
    .json();
    let ratings = &summary["entities"]["ratings"];
    assert_eq!(
        (
            &ratings["inserted"],
            &ratings["updated"],
            &ratings["skipped"]
        ),
        (&0.into(), &1.into(), &5.into()),
        "{summary}"
    );
    let mut conn = db.conn();
    let apollo: (i32, i64) = movie_stats::table
        .inner_join(
            movie_external_ids::table.on(movie_external_ids::movie_id.eq(movie_stats::movie_id)),
        )
        .filter(movie_external_ids::movielens_id.eq(5))
        .select((movie_stats::rating_count, movie_stats::rating_sum_half))
        .first(&mut conn)
        .expect("stats");
    assert_eq!(apollo, (1, 4), "the summary follows the changed rating");
    assert_eq!(counts(&db)["ratings"], 6);
}

/// After an import on PostgreSQL the planner statistics of the schema's tables are fresh
/// (`last_analyze` is set only by a manual `ANALYZE`, never by autovacuum), and a failed import
/// adds no second warning about them.
#[test]
fn an_import_on_postgresql_analyzes_its_tables_and_a_failed_one_warns_once() {
    use marquee_db::Backend;
    let db = TestDb::empty_on(Backend::Postgres);
    marquee_db::migrate::run_pending(&mut db.conn()).expect("migrations apply");
    let cwd = tempfile::tempdir().expect("temp dir");
    #[derive(QueryableByName)]
    struct Analyzed {
        #[diesel(sql_type = diesel::sql_types::Text)]
        relname: String,
    }
    let analyzed = || -> Vec<String> {
        diesel::sql_query(
            "SELECT relname::text AS relname FROM pg_stat_user_tables \
             WHERE schemaname = current_schema() AND last_analyze IS NOT NULL \
             AND relname IN ('movies', 'ratings', 'genres') ORDER BY relname",
        )
        .load::<Analyzed>(&mut db.conn())
        .expect("statistics")
        .into_iter()
        .map(|a| a.relname)
        .collect()
    };
    assert!(analyzed().is_empty(), "nothing analyzed before the import");
    let dir = fixture("movielens/good");
    on(
        &db,
        cwd.path(),
        &["import", "movielens", dir.to_str().expect("utf-8 path")],
    )
    .expect_code(0);
    assert_eq!(analyzed(), ["genres", "movies", "ratings"]);

    // PostgreSQL unreachable: the import's own error, and no statistics warning under it.
    let failed = Run::of(
        marqueectl()
            .current_dir(cwd.path())
            .arg("--database-url")
            .arg("postgres://postgres@127.0.0.1:1/nowhere")
            .args(["import", "movielens", dir.to_str().expect("utf-8 path")]),
    );
    assert_ne!(failed.code, Some(0), "{}", failed.stderr);
    assert!(
        !failed.stderr.contains("planner statistics"),
        "{}",
        failed.stderr
    );
}
