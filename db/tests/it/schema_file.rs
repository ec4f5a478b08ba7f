//! `src/schema.rs` is written by hand, so this test reads it and compares every table, column,
//! SQL type, nullability and primary key with the migrated database, on both backends. A column
//! added to a migration but not to `schema.rs` (or the other way round) fails here.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use marquee_db::testing::TestDb;
use marquee_db::{Backend, DbConn, migrate};

use crate::tables::user_tables;

/// table → (primary key columns, [(column, Diesel SQL type with `Nullable<…>`)]) in column order.
type Tables = BTreeMap<String, (Vec<String>, Vec<(String, String)>)>;

fn parse_schema_rs() -> Tables {
    let source = include_str!("../../src/schema.rs");
    let mut tables = Tables::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let line = line.trim();
        if let Some((name, rest)) = line.split_once(" (").filter(|_| line.ends_with(") {")) {
            let pk = rest
                .trim_end_matches(") {")
                .split(", ")
                .map(str::to_owned)
                .collect();
            tables.insert(name.to_owned(), (pk, Vec::new()));
            current = Some(name.to_owned());
        } else if let (Some(table), Some((column, ty))) = (&current, line.split_once(" -> ")) {
            let ty = ty.trim_end_matches(',').to_owned();
            tables
                .get_mut(table)
                .unwrap()
                .1
                .push((column.to_owned(), ty));
        } else if line == "}" {
            current = None;
        }
    }
    tables
}

#[derive(QueryableByName)]
struct DbColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    sql_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
    /// 1-based position in the primary key, 0 when not part of it.
    #[diesel(sql_type = Integer)]
    pk: i32,
}

fn diesel_type(backend: Backend, declared: &str, single_pk: bool) -> String {
    let ty = match (backend, declared) {
        // `INTEGER PRIMARY KEY` is SQLite's 64-bit rowid alias.
        (Backend::Sqlite, "INTEGER") if single_pk => "BigInt",
        (Backend::Sqlite, "BIGINT") | (Backend::Postgres, "bigint") => "BigInt",
        (Backend::Sqlite, "INTEGER") | (Backend::Postgres, "integer") => "Integer",
        (Backend::Sqlite, "SMALLINT") | (Backend::Postgres, "smallint") => "SmallInt",
        (Backend::Sqlite, "TEXT") | (Backend::Postgres, "text") => "Text",
        (Backend::Sqlite, "BOOLEAN") | (Backend::Postgres, "boolean") => "Bool",
        (Backend::Sqlite, "REAL") | (Backend::Postgres, "double precision") => "Double",
        (Backend::Sqlite, "TIMESTAMP") | (Backend::Postgres, "timestamp without time zone") => {
            "Timestamp"
        }
        (Backend::Sqlite, "DATE") | (Backend::Postgres, "date") => "Date",
        _ => panic!("{backend}: column type {declared} has no portable Diesel type"),
    };
    ty.to_owned()
}

fn from_database(c: &mut DbConn) -> Tables {
    let backend = c.backend();
    let mut tables = Tables::new();
    for table in user_tables(c) {
        let sql = match backend {
            Backend::Sqlite => format!(
                "SELECT name, type AS sql_type, (\"notnull\" = 0 AND pk = 0) AS nullable, pk \
                 FROM pragma_table_info('{table}') ORDER BY cid"
            ),
            Backend::Postgres => format!(
                "SELECT c.column_name::text AS name, c.data_type::text AS sql_type, \
                     (c.is_nullable = 'YES')::int AS nullable, \
                     coalesce(k.ordinal_position, 0)::int AS pk \
                 FROM information_schema.columns c \
                 LEFT JOIN information_schema.table_constraints tc \
                     ON tc.table_schema = c.table_schema AND tc.table_name = c.table_name \
                     AND tc.constraint_type = 'PRIMARY KEY' \
                 LEFT JOIN information_schema.key_column_usage k \
                     ON k.constraint_schema = tc.constraint_schema \
                     AND k.constraint_name = tc.constraint_name AND k.column_name = c.column_name \
                 WHERE c.table_schema = current_schema() AND c.table_name = '{table}' \
                 ORDER BY c.ordinal_position"
            ),
        };
        let columns: Vec<DbColumn> = diesel::sql_query(sql).load(c).expect("table columns");
        let single_pk = columns.iter().filter(|col| col.pk > 0).count() == 1;
        let mut pk: Vec<(i32, String)> = columns
            .iter()
            .filter(|col| col.pk > 0)
            .map(|col| (col.pk, col.name.clone()))
            .collect();
        pk.sort();
        let columns = columns
            .iter()
            .map(|col| {
                let ty = diesel_type(backend, &col.sql_type, single_pk && col.pk > 0);
                let ty = if col.nullable != 0 {
                    format!("Nullable<{ty}>")
                } else {
                    ty
                };
                (col.name.clone(), ty)
            })
            .collect();
        tables.insert(
            table,
            (pk.into_iter().map(|(_, name)| name).collect(), columns),
        );
    }
    tables
}

fn schema_rs_matches(backend: Backend) {
    let db = TestDb::empty_on(backend);
    let c = &mut db.conn();
    migrate::run_pending(c).unwrap();
    let in_db = from_database(c);
    let in_rs = parse_schema_rs();
    assert_eq!(
        in_db.keys().collect::<Vec<_>>(),
        in_rs.keys().collect::<Vec<_>>(),
        "{backend}: tables in the database vs. in schema.rs"
    );
    for (table, expected) in &in_db {
        assert_eq!(
            &in_rs[table], expected,
            "{backend}: schema.rs disagrees on table {table}"
        );
    }
}

#[test]
fn schema_rs_matches_sqlite() {
    schema_rs_matches(Backend::Sqlite);
}

#[test]
fn schema_rs_matches_postgres() {
    schema_rs_matches(Backend::Postgres);
}
