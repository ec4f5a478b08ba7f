//! Row types: `Queryable` structs read from and `Insertable` structs written to each table.
