//! The migrations themselves, on both backends whatever `MARQUEE_TEST_DATABASE_URL` says:
//! up → down → up leaves the same schema, each `down.sql` undoes exactly its `up.sql`, the two
//! migration folders hold the same names, and `status` agrees with what ran.

use std::collections::BTreeSet;
use std::path::Path;

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::MigrationHarness;
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn, migrate};

use crate::tables::user_tables;

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// Everything the migrations create, one line per object, in a stable order, without Diesel's
/// own `__diesel_schema_migrations` (which outlives `revert_all`).
fn dump(c: &mut DbConn) -> Vec<String> {
    let queries: &[&str] = match c.backend() {
        Backend::Sqlite => &["SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' \
              || coalesce(sql, '') AS line \
              FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' \
              AND tbl_name <> '__diesel_schema_migrations' ORDER BY name"],
        Backend::Postgres => &[
            "SELECT concat_ws(' ', 'column', table_name || '.' || column_name, ordinal_position, \
                 data_type, is_nullable, is_identity, identity_generation, column_default) AS line \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations' \
             ORDER BY table_name, ordinal_position",
            "SELECT concat_ws(' ', 'index', tablename, indexname, indexdef) AS line \
             FROM pg_indexes \
             WHERE schemaname = current_schema() AND tablename <> '__diesel_schema_migrations' \
             ORDER BY tablename, indexname",
            "SELECT concat_ws(' ', 'constraint', table_name, constraint_name, constraint_type, \
                 is_deferrable, initially_deferred) AS line \
             FROM information_schema.table_constraints \
             WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations' \
             AND constraint_type <> 'CHECK' \
             ORDER BY table_name, constraint_name",
            // information_schema names NOT NULL checks after OIDs, which change on every run;
            // pg_constraint holds only the declared ones, with their full definition.
            "SELECT concat_ws(' ', 'definition', cl.relname, con.conname, con.contype, \
                 pg_get_constraintdef(con.oid)) AS line \
             FROM pg_constraint con \
             JOIN pg_class cl ON cl.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace \
             WHERE n.nspname = current_schema() AND cl.relname <> '__diesel_schema_migrations' \
             ORDER BY cl.relname, con.conname",
            "SELECT concat_ws(' ', 'sequence', sequence_name, data_type) AS line \
             FROM information_schema.sequences \
             WHERE sequence_schema = current_schema() ORDER BY sequence_name",
            "SELECT concat_ws(' ', 'function', p.proname, \
                 pg_get_function_identity_arguments(p.oid), md5(pg_get_functiondef(p.oid))) AS line \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE n.nspname = current_schema() ORDER BY p.proname",
        ],
    };
    let mut lines = Vec::new();
    for sql in queries {
        let rows: Vec<Line> = diesel::sql_query(*sql).load(c).expect("dump schema");
        lines.extend(rows.into_iter().map(|r| r.line));
    }
    lines
}

fn run_next(c: &mut DbConn) {
    match c {
        DbConn::Postgresql(c) => c.run_next_migration(migrate::POSTGRES).map(|_| ()),
        DbConn::Sqlite(c) => c.run_next_migration(migrate::SQLITE).map(|_| ()),
    }
    .expect("run next migration");
}

fn revert_last(c: &mut DbConn) {
    match c {
        DbConn::Postgresql(c) => c.revert_last_migration(migrate::POSTGRES).map(|_| ()),
        DbConn::Sqlite(c) => c.revert_last_migration(migrate::SQLITE).map(|_| ()),
    }
    .expect("revert last migration");
}

fn up_down_up(backend: Backend) {
    let db = TestDb::empty_on(backend);
    let c = &mut db.conn();

    let applied = migrate::run_pending(c).expect("up");
    assert_eq!(applied, migrate::known_versions(c).unwrap());
    let status = migrate::status(c).unwrap();
    assert!(
        status.is_current(),
        "pending after up: {:?}",
        status.pending
    );
    assert_eq!(status.applied, applied);
    let first = dump(c);
    assert!(
        first.len() > 100,
        "suspiciously small schema dump: {first:#?}"
    );

    let mut reverted = migrate::revert_all(c).expect("down");
    reverted.reverse();
    assert_eq!(
        reverted, applied,
        "revert_all reverts every migration, newest first"
    );
    assert_eq!(
        user_tables(c),
        Vec::<String>::new(),
        "tables left after revert_all"
    );
    assert_eq!(
        dump(c),
        Vec::<String>::new(),
        "objects left after revert_all"
    );
    assert_eq!(migrate::status(c).unwrap().pending, applied);

    migrate::run_pending(c).expect("up again");
    assert_eq!(
        dump(c),
        first,
        "schema after up → down → up differs from the first up"
    );
}

/// Applies the migrations one at a time, then reverts them one at a time: after each revert the
/// schema must be exactly what it was before that migration ran.
fn each_down_undoes_its_up(backend: Backend) {
    let db = TestDb::empty_on(backend);
    let c = &mut db.conn();
    let versions = migrate::known_versions(c).unwrap();
    let mut before = Vec::new();
    for _ in &versions {
        before.push(dump(c));
        run_next(c);
    }
    assert!(migrate::status(c).unwrap().is_current());
    for version in versions.iter().rev() {
        revert_last(c);
        let expected = before.pop().unwrap();
        assert_eq!(
            dump(c),
            expected,
            "down.sql of {version} does not undo its up.sql"
        );
    }
}

#[test]
fn up_down_up_on_sqlite() {
    up_down_up(Backend::Sqlite);
}

#[test]
fn up_down_up_on_postgres() {
    up_down_up(Backend::Postgres);
}

#[test]
fn each_down_undoes_its_up_on_sqlite() {
    each_down_undoes_its_up(Backend::Sqlite);
}

#[test]
fn each_down_undoes_its_up_on_postgres() {
    each_down_undoes_its_up(Backend::Postgres);
}

/// The same database reached through the environment's backend is current after `migrated()`.
#[test]
fn nothing_pending_after_migrated() {
    let db = TestDb::migrated();
    let c = &mut db.conn();
    let status = migrate::status(c).unwrap();
    assert!(status.is_current(), "pending: {:?}", status.pending);
    assert_eq!(status.applied, migrate::known_versions(c).unwrap());
}

fn folder_names(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            assert!(
                entry.file_type().unwrap().is_dir(),
                "stray file {:?}",
                entry.path()
            );
            for file in ["up.sql", "down.sql"] {
                assert!(
                    entry.path().join(file).is_file(),
                    "{:?} has no {file}",
                    entry.path()
                );
            }
            entry.file_name().into_string().unwrap()
        })
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = folder_names("sqlite");
    let postgres = folder_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres differ"
    );
}
