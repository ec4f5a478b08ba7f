//! Row types, one pair per table: a `Queryable + Selectable + Identifiable` struct read from the
//! table and a `New…` `Insertable` struct written to it (no id; columns the database or later
//! updates own, such as counters, `used_at` or `revoked_at`, are left to their defaults). Key-only
//! join tables insert their row type as it is, under a `New…` alias.
//!
//! Plain data on purpose: no `Serialize` (wire types live in `marquee-api`) and no queries (named
//! queries live beside the feature that needs them). Text enums are `String`s whose allowed
//! values the migrations' CHECK constraints list.
//!
//! Through `&mut DbConn`, insert with `.returning(table::all_columns)` and select with
//! `Row::as_select()`: `as_returning()`, multi-row `values(&vec)` and `on_conflict` need
//! [`per_backend!`](crate::per_backend).

mod accounts;
mod activity;
mod catalogue;
mod sports;
mod system;

pub use accounts::*;
pub use activity::*;
pub use catalogue::*;
pub use sports::*;
pub use system::*;
