//! `marqueectl seed …` on fresh, migrated databases of the backend under test.

use diesel::prelude::*;
use marquee_db::schema::*;
use marquee_db::testing::TestDb;

use crate::{Run, marqueectl};

fn on(db: &TestDb, args: &[&str]) -> Run {
    Run::of(
        marqueectl()
            .env("MARQUEE_BCRYPT_COST", "4")
            .arg("--database-url")
            .arg(db.url_string())
            .args(args),
    )
}

type Fingerprint = (
    Vec<(i64, String, Option<i16>, f64)>,
    Vec<(i64, i64, i16, String)>,
    Vec<(i64, i64, String)>,
);

/// The generated content, ids included: determinism means the very same rows.
fn fingerprint(db: &TestDb) -> Fingerprint {
    let mut conn = db.conn();
    let movies = movies::table
        .select((movies::id, movies::title, movies::year, movies::popularity))
        .order(movies::id)
        .load(&mut conn)
        .expect("movies");
    let ratings: Vec<(i64, i64, i16, chrono::NaiveDateTime)> = ratings::table
        .select((
            ratings::profile_id,
            ratings::movie_id,
            ratings::rating_half,
            ratings::created_at,
        ))
        .order((ratings::profile_id, ratings::movie_id))
        .load(&mut conn)
        .expect("ratings");
    let credits: Vec<(i64, i64, String)> = credits::table
        .select((credits::movie_id, credits::person_id, credits::kind))
        .order(credits::id)
        .load(&mut conn)
        .expect("credits");
    (
        movies,
        ratings
            .into_iter()
            .map(|(p, m, r, t)| (p, m, r, t.to_string()))
            .collect(),
        credits,
    )
}

const SYNTHETIC: [&str; 10] = [
    "seed",
    "--synthetic",
    "--movies",
    "60",
    "--users",
    "15",
    "--ratings",
    "400",
    "--seed",
    "7",
];

#[test]
fn the_same_seed_gives_the_same_database_and_another_seed_another() {
    let (a, b, c) = (TestDb::migrated(), TestDb::migrated(), TestDb::migrated());
    let summary = on(&a, &[&["--output", "json"][..], &SYNTHETIC].concat())
        .expect_code(0)
        .json();
    assert_eq!(summary["ratings"], 400, "{summary}");
    on(&b, &SYNTHETIC).expect_code(0);
    let first = fingerprint(&a);
    assert_eq!(first.0.len(), 60);
    assert_eq!(first.1.len(), 400);
    assert_eq!(
        first.2.len(),
        60 * 4,
        "a director and three cast members per movie"
    );
    assert_eq!(fingerprint(&b), first);

    let mut other = SYNTHETIC;
    other[9] = "8";
    on(&c, &other).expect_code(0);
    assert_ne!(fingerprint(&c).1, first.1);

    // Ratings have structure: the most popular movie is rated more than the median one.
    let mut conn = a.conn();
    let counts: Vec<i32> = movie_stats::table
        .inner_join(movies::table)
        .order(movies::popularity.desc())
        .select(movie_stats::rating_count)
        .load(&mut conn)
        .expect("stats");
    assert!(counts[0] > counts[30], "{counts:?}");
}

#[test]
fn synthetic_seeding_refuses_a_database_with_a_catalogue() {
    let db = TestDb::migrated();
    on(&db, &SYNTHETIC).expect_code(0);
    let run = on(&db, &SYNTHETIC).expect_code(1);
    assert!(
        run.stderr.contains("already has 60 movies") && run.stderr.contains("hint:"),
        "{}",
        run.stderr
    );
}

#[test]
fn demo_seed_adds_the_demo_catalogue_and_an_account_that_can_log_in_once() {
    let db = TestDb::migrated();
    let run = on(&db, &["seed", "--demo"]).expect_code(0);
    assert!(
        run.stdout.contains("demo@marquee.local / marquee-demo"),
        "{}",
        run.stdout
    );
    let mut conn = db.conn();
    let movies: i64 = movies::table.count().get_result(&mut conn).expect("count");
    assert_eq!(movies, 50);
    let hash: String = users::table
        .filter(users::email_normalized.eq("demo@marquee.local"))
        .select(users::password_hash)
        .first(&mut conn)
        .expect("demo user");
    // The server's own check, so the account really logs in (pre-hash + bcrypt, not bare bcrypt).
    assert!(marquee_server::auth::password::verify(
        "marquee-demo",
        &hash
    ));
    assert!(!marquee_server::auth::password::verify(
        "marquee-dem0",
        &hash
    ));
    let profiles: i64 = profiles::table
        .count()
        .get_result(&mut conn)
        .expect("profiles");
    assert_eq!(profiles, 1);

    let again = on(&db, &["--output", "json", "seed", "--demo"])
        .expect_code(0)
        .json();
    assert_eq!(
        (
            again["movies"].as_u64(),
            again["demo_account"]["created"].as_bool()
        ),
        (Some(0), Some(false)),
        "{again}"
    );
    let after: i64 = movies::table.count().get_result(&mut conn).expect("count");
    assert_eq!(after, 50);
}

#[derive(QueryableByName)]
struct Ddl {
    #[diesel(sql_type = diesel::sql_types::Text)]
    ddl: String,
}

/// The definitions of `ratings`' indexes and constraints, without the test's schema name.
fn ratings_ddl(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    let (rows, schema) = match &mut conn {
        marquee_db::DbConn::Postgresql(c) => {
            let rows: Vec<Ddl> = diesel::sql_query(
                "SELECT pg_get_indexdef(indexrelid) AS ddl FROM pg_index
                 WHERE indrelid = 'ratings'::regclass
                 UNION ALL
                 SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE conrelid = 'ratings'::regclass
                 ORDER BY 1",
            )
            .load(c)
            .expect("catalog");
            let schema: Vec<Ddl> = diesel::sql_query("SELECT current_schema()::text AS ddl")
                .load(c)
                .expect("schema");
            (rows, format!("{}.", schema[0].ddl))
        }
        marquee_db::DbConn::Sqlite(c) => (
            diesel::sql_query(
                "SELECT sql AS ddl FROM sqlite_master
                 WHERE tbl_name = 'ratings' AND sql IS NOT NULL ORDER BY 1",
            )
            .load(c)
            .expect("catalog"),
            String::new(),
        ),
    };
    rows.into_iter()
        .map(|r| {
            if schema.is_empty() {
                r.ddl
            } else {
                r.ddl.replace(&schema, "")
            }
        })
        .collect()
}

#[test]
fn synthetic_seeding_leaves_the_ratings_indexes_and_foreign_keys_as_migrated() {
    let (fresh, seeded) = (TestDb::migrated(), TestDb::migrated());
    on(&seeded, &SYNTHETIC).expect_code(0);
    let expected = ratings_ddl(&fresh);
    assert!(
        expected.iter().any(|d| d.contains("movie_id")),
        "{expected:?}"
    );
    assert_eq!(ratings_ddl(&seeded), expected);
}

type Rows = (
    Vec<(i64, i64, i64, i16, String, String)>,
    Vec<(i64, i32, i64, Option<String>)>,
    Vec<(i64, String)>,
);

/// Every rating (id included) and every movie's rating summary.
fn rating_rows(db: &TestDb) -> Rows {
    let mut conn = db.conn();
    let ratings: Vec<(
        i64,
        i64,
        i64,
        i16,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
    )> = ratings::table
        .select((
            ratings::id,
            ratings::profile_id,
            ratings::movie_id,
            ratings::rating_half,
            ratings::created_at,
            ratings::updated_at,
        ))
        .order(ratings::id)
        .load(&mut conn)
        .expect("ratings");
    let stats: Vec<(i64, i32, i64, Option<f64>)> = movie_stats::table
        .select((
            movie_stats::movie_id,
            movie_stats::rating_count,
            movie_stats::rating_sum_half,
            movie_stats::rating_avg,
        ))
        .order(movie_stats::movie_id)
        .load(&mut conn)
        .expect("stats");
    let movies: Vec<(i64, String)> = movies::table
        .select((movies::id, movies::title))
        .order(movies::id)
        .load(&mut conn)
        .expect("movies");
    (
        ratings
            .into_iter()
            .map(|(id, p, m, r, c, u)| (id, p, m, r, c.to_string(), u.to_string()))
            .collect(),
        stats
            .into_iter()
            .map(|(m, n, s, avg)| (m, n, s, avg.map(|a| format!("{a:.6}"))))
            .collect(),
        movies,
    )
}

/// PostgreSQL's bulk load (indexes and keys dropped, binary `COPY` straight into `ratings`,
/// all re-created after) writes the very rows SQLite's plain multi-row inserts write: ids,
/// values, timestamps and summaries. Over 100,000 ratings, so the `COPY` stream spans several
/// buffers.
#[test]
fn a_synthetic_seed_writes_the_same_rows_on_postgresql_as_on_sqlite() {
    use marquee_db::Backend;
    let dbs = [Backend::Sqlite, Backend::Postgres].map(|backend| {
        let db = TestDb::empty_on(backend);
        marquee_db::migrate::run_pending(&mut db.conn()).expect("migrations apply");
        db
    });
    let args = [
        "seed",
        "--synthetic",
        "--movies",
        "500",
        "--users",
        "400",
        "--ratings",
        "101000",
        "--seed",
        "3",
    ];
    for db in &dbs {
        on(db, &args).expect_code(0);
    }
    let [sqlite, postgres] = dbs.each_ref().map(rating_rows);
    assert_eq!(sqlite.0.len(), 101_000);
    assert!(sqlite.1.iter().any(|(_, n, _, _)| *n > 0));
    assert_eq!(postgres.2, sqlite.2, "movies");
    assert!(
        postgres.0 == sqlite.0,
        "the ratings differ between backends"
    );
    assert_eq!(postgres.1, sqlite.1, "rating summaries");
}
