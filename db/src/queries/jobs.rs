//! Scheduled jobs that must run once per deployment, not once per server, over the `jobs` table.
//!
//! Each scheduled kind has at most one active row (`queued` or `running`): the partial unique
//! index on `dedupe_key` (`schedule:<kind>`) refuses a second, so every server may try to
//! schedule the next run and only one row results. A server runs a row only after claiming it
//! with a conditional update (due and queued, or running with a lapsed lease), which exactly one
//! caller wins on both backends. A finished row stays as history (`succeeded` or `failed`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::DbConn;
use crate::schema::jobs;

/// One run of a scheduled job, for admins.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRun {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub attempts: i32,
    pub run_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
}

fn dedupe_key(kind: &str) -> String {
    format!("schedule:{kind}")
}

/// Queues the next run of `kind` at `run_at` unless one is already queued or running. Returns
/// whether this call queued it.
pub fn schedule(
    conn: &mut DbConn,
    kind: &str,
    run_at: NaiveDateTime,
    max_attempts: i32,
) -> QueryResult<bool> {
    // Checked first so that, inside a transaction, an existing run is no error (a failed insert
    // would abort a PostgreSQL transaction); the index still settles a race between servers.
    let active: Option<i64> = jobs::table
        .filter(jobs::dedupe_key.eq(dedupe_key(kind)))
        .select(jobs::id)
        .first(conn)
        .optional()?;
    if active.is_some() {
        return Ok(false);
    }
    let inserted = diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::status.eq("queued"),
            jobs::dedupe_key.eq(Some(dedupe_key(kind))),
            jobs::max_attempts.eq(max_attempts.max(1)),
            jobs::run_at.eq(run_at),
            jobs::created_at.eq(crate::now()),
        ))
        .execute(conn);
    match inserted {
        Ok(n) => Ok(n == 1),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(err) => Err(err),
    }
}

/// Claims the due run of `kind` for `holder` until `lease_until`: `Some(id)` for the one caller
/// that wins it. A run whose holder died (lease lapsed while running) is due again.
pub fn claim(
    conn: &mut DbConn,
    kind: &str,
    holder: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let candidate: Option<i64> = jobs::table
        .filter(jobs::dedupe_key.eq(dedupe_key(kind)))
        .filter(
            jobs::status
                .eq("queued")
                .and(jobs::run_at.le(now))
                .or(jobs::status.eq("running").and(jobs::locked_until.lt(now))),
        )
        .select(jobs::id)
        .first(conn)
        .optional()?;
    let Some(id) = candidate else {
        return Ok(None);
    };
    let won = diesel::update(
        jobs::table.filter(jobs::id.eq(id)).filter(
            jobs::status
                .eq("queued")
                .and(jobs::run_at.le(now))
                .or(jobs::status.eq("running").and(jobs::locked_until.lt(now))),
        ),
    )
    .set((
        jobs::status.eq("running"),
        jobs::locked_by.eq(Some(holder)),
        jobs::locked_until.eq(Some(lease_until)),
        jobs::started_at.eq(Some(now)),
        jobs::attempts.eq(jobs::attempts + 1),
    ))
    .execute(conn)?;
    Ok((won == 1).then_some(id))
}

/// Records the end of a claimed run. `Ok` and a failure out of attempts close the row (its
/// `dedupe_key` is released so the next run can be queued); a failure with attempts left puts
/// it back in the queue at `retry_at`.
pub fn finish(
    conn: &mut DbConn,
    id: i64,
    holder: &str,
    now: NaiveDateTime,
    outcome: Result<(), (&str, NaiveDateTime)>,
) -> QueryResult<usize> {
    let mine = jobs::table
        .filter(jobs::id.eq(id))
        .filter(jobs::status.eq("running"))
        .filter(jobs::locked_by.eq(holder));
    match outcome {
        Ok(()) => diesel::update(mine)
            .set((
                jobs::status.eq("succeeded"),
                jobs::finished_at.eq(Some(now)),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::dedupe_key.eq(None::<String>),
                jobs::last_error.eq(None::<String>),
            ))
            .execute(conn),
        Err((error, retry_at)) => {
            let exhausted: bool = jobs::table
                .find(id)
                .select(jobs::attempts.ge(jobs::max_attempts))
                .first(conn)?;
            if exhausted {
                diesel::update(mine)
                    .set((
                        jobs::status.eq("failed"),
                        jobs::finished_at.eq(Some(now)),
                        jobs::locked_until.eq(None::<NaiveDateTime>),
                        jobs::dedupe_key.eq(None::<String>),
                        jobs::last_error.eq(Some(error)),
                    ))
                    .execute(conn)
            } else {
                diesel::update(mine)
                    .set((
                        jobs::status.eq("queued"),
                        jobs::run_at.eq(retry_at),
                        jobs::locked_until.eq(None::<NaiveDateTime>),
                        jobs::last_error.eq(Some(error)),
                    ))
                    .execute(conn)
            }
        }
    }
}

/// When the queued run of `kind` is due (`None` while one runs, or before the first schedule).
pub fn next_run(conn: &mut DbConn, kind: &str) -> QueryResult<Option<NaiveDateTime>> {
    jobs::table
        .filter(jobs::dedupe_key.eq(dedupe_key(kind)))
        .filter(jobs::status.eq("queued"))
        .select(jobs::run_at)
        .first(conn)
        .optional()
}

/// The latest runs of `kind`, newest first.
pub fn recent(conn: &mut DbConn, kind: &str, limit: i64) -> QueryResult<Vec<JobRun>> {
    jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::started_at.is_not_null())
        .order(jobs::id.desc())
        .limit(limit)
        .select(JobRun::as_select())
        .load(conn)
}

/// Deletes finished runs older than `before` (history is kept for a while, not for ever).
pub fn purge_finished(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        jobs::table
            .filter(jobs::status.eq_any(["succeeded", "failed"]))
            .filter(jobs::finished_at.lt(before)),
    )
    .execute(conn)
}
