//! The mail outbox: handlers enqueue in their own transaction, the mailer task sends.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbConn;
use crate::schema::outbox_mail;

/// After this many failed attempts a message stays in the table, unsent, for an operator to see.
pub const MAX_ATTEMPTS: i32 = 10;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox_mail)]
pub struct MailRow {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub attempts: i32,
}

#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub user_id: Option<i64>,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
}

pub fn enqueue(conn: &mut DbConn, mail: &NewMail<'_>) -> QueryResult<usize> {
    let now = crate::now();
    diesel::insert_into(outbox_mail::table)
        .values((
            outbox_mail::user_id.eq(mail.user_id),
            outbox_mail::to_address.eq(mail.to_address),
            outbox_mail::subject.eq(mail.subject),
            outbox_mail::body_text.eq(mail.body_text),
            outbox_mail::created_at.eq(now),
            outbox_mail::send_after.eq(now),
        ))
        .execute(conn)
}

/// Unsent mail whose time has come, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<MailRow>> {
    outbox_mail::table
        .filter(outbox_mail::sent_at.is_null())
        .filter(outbox_mail::send_after.le(now))
        .filter(outbox_mail::attempts.lt(MAX_ATTEMPTS))
        .order(outbox_mail::id.asc())
        .limit(limit)
        .select(MailRow::as_select())
        .load(conn)
}

/// Claims a due mail for one sender until `until` (its `send_after` moves there): `true` when
/// this caller got it. Several servers read the same due rows; only one claim per row succeeds,
/// so a mail is sent once. A sender that dies mid-send leaves the row due again at `until`.
pub fn claim(
    conn: &mut DbConn,
    id: i64,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    let claimed = diesel::update(
        outbox_mail::table
            .find(id)
            .filter(outbox_mail::sent_at.is_null())
            .filter(outbox_mail::send_after.le(now)),
    )
    .set(outbox_mail::send_after.eq(until))
    .execute(conn)?;
    Ok(claimed == 1)
}

pub fn mark_sent(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(outbox_mail::table.find(id))
        .set((
            outbox_mail::sent_at.eq(Some(crate::now())),
            outbox_mail::attempts.eq(outbox_mail::attempts + 1),
        ))
        .execute(conn)
}

/// Records a failed attempt and when to try again.
pub fn mark_failed(
    conn: &mut DbConn,
    id: i64,
    error: &str,
    retry_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(outbox_mail::table.find(id))
        .set((
            outbox_mail::attempts.eq(outbox_mail::attempts + 1),
            outbox_mail::last_error.eq(Some(error)),
            outbox_mail::send_after.eq(retry_at),
        ))
        .execute(conn)
}
