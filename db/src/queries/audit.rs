//! The audit log: security events and admin actions (`action` is a dotted code).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbConn;
use crate::schema::audit_log;

#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<i64>,
    pub ip: Option<&'a str>,
    /// JSON text.
    pub details: Option<&'a str>,
}

pub fn record(conn: &mut DbConn, event: &Event<'_>) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_user_id.eq(event.actor_user_id),
            audit_log::action.eq(event.action),
            audit_log::target_kind.eq(event.target_kind),
            audit_log::target_id.eq(event.target_id),
            audit_log::ip.eq(event.ip),
            audit_log::details.eq(event.details),
            audit_log::created_at.eq(crate::now()),
        ))
        .execute(conn)
}

/// How many `action` events about one user happened after `since`.
pub fn count_for_user_since(
    conn: &mut DbConn,
    action: &str,
    user_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::target_kind.eq("user"))
        .filter(audit_log::target_id.eq(user_id))
        .filter(audit_log::created_at.gt(since))
        .count()
        .get_result(conn)
}
