//! `marqueectl stats` and `marqueectl experiments …` in direct database mode: the server's own
//! validation, results and metrics, in table and JSON form.

use chrono::TimeDelta;
use marquee_db::DbConn;
use marquee_db::models::NewAnalyticsEvent;
use marquee_db::queries::analytics as q;
use marquee_db::queries::{profiles, users};
use marquee_db::testing::TestDb;

use crate::{Run, marqueectl};

fn on(db: &TestDb, args: &[&str]) -> Run {
    Run::of(
        marqueectl()
            .arg("--database-url")
            .arg(db.url_string())
            .args(args),
    )
}

fn profile(c: &mut DbConn, email: &str) -> i64 {
    let user = users::insert(
        c,
        &users::NewUser {
            email,
            email_normalized: email,
            password_hash: "hash",
            name: "Viewer",
            role: "user",
        },
    )
    .unwrap();
    profiles::create(c, user, "Main", false, None).unwrap().id
}

/// Stores (kind, row, variant, days ago) events of a profile through the shared batch code.
fn store(
    c: &mut DbConn,
    pid: i64,
    experiment_id: Option<i64>,
    events: &[(&str, &str, Option<&str>, i64)],
) {
    let now = marquee_db::now();
    let ids: Vec<String> = events
        .iter()
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let rows: Vec<NewAnalyticsEvent<'_>> = events
        .iter()
        .zip(&ids)
        .map(|((kind, row, variant, days), id)| NewAnalyticsEvent {
            profile_id: Some(pid),
            kind,
            row_kind: Some(row),
            position: Some(0),
            client_event_id: Some(id),
            occurred_at: now - TimeDelta::days(*days),
            received_at: now,
            experiment_id: variant.and(experiment_id),
            variant: *variant,
            ..Default::default()
        })
        .collect();
    q::store_batch(c, pid, &rows).unwrap();
}

#[test]
fn experiments_are_created_shown_and_rolled_out_with_the_server_rules() {
    let db = TestDb::migrated();
    // Shares that do not sum to 1 and a malformed --variant are refused, naming the problem.
    let bad = on(
        &db,
        &[
            "experiments",
            "create",
            "div",
            "--variant",
            "control=0.6",
            "--variant",
            "diverse=0.5",
        ],
    )
    .expect_code(1);
    assert!(
        bad.stderr
            .contains("variants: the shares must sum to 1 (they sum to 1.1)"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("hint:"), "{}", bad.stderr);
    let bad = on(
        &db,
        &["experiments", "create", "div", "--variant", "control"],
    )
    .expect_code(1);
    assert!(
        bad.stderr
            .contains("--variant control: no `=` after the key"),
        "{}",
        bad.stderr
    );
    let bad = on(
        &db,
        &[
            "experiments",
            "create",
            "div",
            "--variant",
            "a=0.5:{\"diversty\":1}",
            "--variant",
            "b=0.5",
        ],
    )
    .expect_code(1);
    assert!(
        bad.stderr
            .contains("variants[0].config: unknown field `diversty`"),
        "{}",
        bad.stderr
    );

    let created = on(
        &db,
        &[
            "--output",
            "json",
            "experiments",
            "create",
            "div",
            "--description",
            "More diverse rows",
            "--variant",
            "control=0.5",
            "--variant",
            "diverse=0.5:{\"diversity\":0.6}",
        ],
    )
    .expect_code(0)
    .json();
    assert_eq!(created["status"], "running");
    assert_eq!(created["variants"][1]["config"]["diversity"], 0.6);
    let again = on(
        &db,
        &[
            "experiments",
            "create",
            "other",
            "--variant",
            "a=0.5",
            "--variant",
            "b=0.5",
        ],
    )
    .expect_code(1);
    assert!(
        again.stderr.contains("experiment `div` is running"),
        "{}",
        again.stderr
    );

    // Control: 10 impressions, 1 click; diverse: 10 impressions, 3 clicks.
    let experiment_id = created["id"].as_i64();
    {
        let mut c = db.conn();
        let a = profile(&mut c, "a@example.com");
        let b = profile(&mut c, "b@example.com");
        let mut control = vec![("impression", "top_picks", Some("control"), 0); 10];
        control.push(("click", "top_picks", Some("control"), 0));
        store(&mut c, a, experiment_id, &control);
        let mut diverse = vec![("impression", "top_picks", Some("diverse"), 0); 10];
        diverse.extend([("click", "top_picks", Some("diverse"), 0); 3]);
        store(&mut c, b, experiment_id, &diverse);
    }
    let shown = on(&db, &["--output", "json", "experiments", "show", "div"])
        .expect_code(0)
        .json();
    assert_eq!(shown["control"], "control");
    assert_eq!(shown["results"][0]["ctr"], 0.1);
    assert_eq!(shown["results"][1]["clicks"], 3);
    assert!((shown["results"][1]["diff_vs_control"].as_f64().unwrap() - 0.2).abs() < 1e-12);
    // Too few impressions for the interval to exclude zero.
    assert_eq!(shown["results"][1]["significant"], false);
    let table = on(&db, &["experiments", "show", "div"])
        .expect_code(0)
        .stdout;
    assert!(table.contains("diverse"), "{table}");
    assert!(table.contains("+20.00 pp"), "{table}");

    let list = on(&db, &["--output", "json", "experiments", "list"])
        .expect_code(0)
        .json();
    assert_eq!(list[0]["key"], "div");
    let missing = on(&db, &["experiments", "rollout", "div", "nope"]).expect_code(1);
    assert!(
        missing
            .stderr
            .contains("no variant `nope` in `div`; accepted: control, diverse"),
        "{}",
        missing.stderr
    );
    let rolled = on(
        &db,
        &[
            "--output",
            "json",
            "experiments",
            "rollout",
            "div",
            "diverse",
        ],
    )
    .expect_code(0)
    .json();
    assert_eq!(rolled["status"], "rolled_out");
    assert_eq!(rolled["rolled_out_variant"], "diverse");
    let stop = on(&db, &["experiments", "stop", "div"]).expect_code(1);
    assert!(
        stop.stderr.contains("is rolled_out, not running"),
        "{}",
        stop.stderr
    );
    let unknown = on(&db, &["experiments", "show", "nope"]).expect_code(1);
    assert!(
        unknown.stderr.contains("marqueectl experiments list"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn stats_report_ctr_and_retention_computed_by_hand() {
    let db = TestDb::migrated();
    {
        let mut c = db.conn();
        let a = profile(&mut c, "a@example.com");
        let b = profile(&mut c, "b@example.com");
        // a: first seen 8 days ago, back 7 days ago (day 1) and 1 day ago (day 7).
        store(
            &mut c,
            a,
            None,
            &[
                ("impression", "top_picks", None, 8),
                ("impression", "top_picks", None, 7),
                ("click", "top_picks", None, 7),
                ("impression", "new_for_you", None, 1),
            ],
        );
        // b: first seen 8 days ago, never back.
        store(&mut c, b, None, &[("impression", "top_picks", None, 8)]);
    }
    // top_picks: 3 impressions (a, a, b), 1 click → 1/3. new_for_you: 1 impression, 0 clicks.
    // Day-1 and day-7 cohorts: a and b (first seen 8 days ago); retained: a only → 1/2 each.
    let stats = on(&db, &["--output", "json", "stats", "--since", "30d"])
        .expect_code(0)
        .json();
    assert_eq!(stats["ctr_by_row"]["top_picks"]["impressions"], 3);
    assert_eq!(stats["ctr_by_row"]["top_picks"]["clicks"], 1);
    assert!((stats["ctr_by_row"]["top_picks"]["ctr"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(stats["ctr_by_row"]["new_for_you"]["ctr"], 0.0);
    assert_eq!(stats["retention"][0]["rate"], 0.5);
    assert_eq!(stats["retention"][1]["rate"], 0.5);
    assert_eq!(stats["mau"], 2);
    let table = on(&db, &["stats"]).expect_code(0).stdout;
    assert!(table.contains("day-7 retention"), "{table}");
    assert!(table.contains("50.00% (1 of 2)"), "{table}");
    let bad = on(&db, &["stats", "--since", "last week"]).expect_code(1);
    assert!(
        bad.stderr
            .contains("--since: `last week` is not a window start"),
        "{}",
        bad.stderr
    );
}

/// The simulated experiment, read the way an admin reads it: synthetic viewers whose
/// clicks follow a known preference (8% of what the control shows them, 12% of what the diverse
/// variant shows them), each in the arm the server's own hash assigns, and `marqueectl
/// experiments show` printing the better variant's interval on the right side of zero.
#[test]
fn a_simulated_experiment_prints_the_better_variant_with_an_interval_excluding_zero() {
    use rand::{RngExt, SeedableRng};

    let db = TestDb::migrated();
    let created = on(
        &db,
        &[
            "--output",
            "json",
            "experiments",
            "create",
            "sim",
            "--variant",
            "control=0.5",
            "--variant",
            "diverse=0.5:{\"diversity\":0.6}",
        ],
    )
    .expect_code(0)
    .json();
    let experiment_id = created["id"].as_i64();
    let keys = ["control", "diverse"];
    let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
    let mut arms = [0u32; 2];
    {
        let mut c = db.conn();
        for i in 0..400 {
            let pid = profile(&mut c, &format!("viewer{i}@example.com"));
            let arm = marquee_server::analytics::assign("sim", pid, &[500, 500]);
            arms[arm] += 1;
            let p = [0.08, 0.12][arm];
            let mut events = vec![("impression", "top_picks", Some(keys[arm]), 0); 25];
            let clicks = (0..25).filter(|_| rng.random::<f64>() < p).count();
            events.extend(vec![("click", "top_picks", Some(keys[arm]), 0); clicks]);
            store(&mut c, pid, experiment_id, &events);
        }
    }
    // The hash splits the viewers close to the configured halves.
    assert!(arms.iter().all(|&n| (170..=230).contains(&n)), "{arms:?}");

    let table = on(&db, &["experiments", "show", "sim"])
        .expect_code(0)
        .stdout;
    let row = |key: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(key))
            .unwrap_or_else(|| panic!("no `{key}` row in:\n{table}"))
            .to_owned()
    };
    let diverse = row("diverse");
    let interval = diverse
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(inside, _)| inside.to_owned())
        .unwrap_or_else(|| panic!("no interval in `{diverse}`"));
    let (low, high) = interval.split_once(',').unwrap();
    let (low, high): (f64, f64) = (low.trim().parse().unwrap(), high.trim().parse().unwrap());
    assert!(0.0 < low && low < high, "{table}");
    assert!(diverse.trim_end().ends_with("yes"), "{table}");
    // The control is the baseline: no difference and no interval of its own.
    assert!(row("control").trim_end().ends_with("no"), "{table}");

    // The printed figures are the JSON's, rounded.
    let json = on(&db, &["--output", "json", "experiments", "show", "sim"])
        .expect_code(0)
        .json();
    let result = &json["results"][1];
    assert_eq!(result["key"], "diverse");
    assert!(
        (result["ci_low"].as_f64().unwrap() * 100.0 - low).abs() < 0.006,
        "{json}"
    );
    assert!(
        (result["ci_high"].as_f64().unwrap() * 100.0 - high).abs() < 0.006,
        "{json}"
    );
    let ctr = |i: usize| json["results"][i]["ctr"].as_f64().unwrap();
    assert!(
        (0.06..0.10).contains(&ctr(0)) && (0.10..0.14).contains(&ctr(1)),
        "{json}"
    );
}
