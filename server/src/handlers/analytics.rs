//! Analytics (issue 11): a profile's event batches, one's own events (export, delete), the
//! account's opt-out, and the admins' experiments and stats. The rules live in
//! [`crate::analytics`] (shared with `marqueectl`); these handlers check the caller and map.

use std::collections::HashSet;

use chrono::{NaiveDateTime, TimeDelta};
use http::StatusCode;
use marquee_api::analytics::{
    self as wire, AnalyticsSettings, BatchAccepted, CLIENT_KINDS, EventBatch, EventIn, EventPage,
    EventsDeleted, MAX_BATCH, Rollout,
};
use marquee_db::models::{AnalyticsEvent, NewAnalyticsEvent};
use marquee_db::queries::analytics as q;
use serde::Deserialize;
use warp::Reply;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::jobs::recommend::owned;
use crate::state::AppState;

/// Longest client event id, row kind, algorithm; longest query.
const MAX_ID_CHARS: usize = 64;
const MAX_QUERY_CHARS: usize = 200;
/// Highest position in a row or result list.
const MAX_POSITION: i32 = 10_000;
/// How far in the future an event time may be (clock skew).
const FUTURE_SKEW: TimeDelta = TimeDelta::minutes(5);
/// Events per export page.
const EXPORT_PAGE: i64 = 1000;

/// An event that passed validation, with its times as database times.
struct Checked {
    event: EventIn,
    occurred_at: NaiveDateTime,
}

fn short_text(
    errors: &mut Vec<(String, String)>,
    field: String,
    value: &Option<String>,
    max: usize,
) {
    if let Some(v) = value
        && (v.trim().is_empty() || v.chars().count() > max)
    {
        errors.push((field, format!("must be 1–{max} characters when given")));
    }
}

/// Checks every field of every event; each bad one is named (`events[3].kind`) with its rule.
fn check_batch(
    batch: EventBatch,
    now: NaiveDateTime,
    retention_days: u32,
) -> Result<Vec<Checked>, ApiError> {
    if batch.events.is_empty() || batch.events.len() > MAX_BATCH {
        return Err(ApiError::validation([(
            "events".to_owned(),
            format!(
                "give 1 to {MAX_BATCH} events per batch (got {}); split larger batches",
                batch.events.len()
            ),
        )]));
    }
    let oldest = now - TimeDelta::days(i64::from(retention_days));
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(batch.events.len());
    for (i, e) in batch.events.into_iter().enumerate() {
        let field = |name: &str| format!("events[{i}].{name}");
        if uuid::Uuid::parse_str(&e.id).is_err() {
            errors.push((
                field("id"),
                "must be a UUID the client generates once per event and keeps across retries"
                    .to_owned(),
            ));
        }
        if !CLIENT_KINDS.contains(&e.kind.as_str()) {
            errors.push((
                field("kind"),
                format!(
                    "unknown kind `{}`; accepted: {}",
                    e.kind,
                    CLIENT_KINDS.join(", ")
                ),
            ));
        }
        let occurred_at = e.occurred_at.naive_utc();
        if occurred_at > now + FUTURE_SKEW {
            errors.push((
                field("occurred_at"),
                "is in the future; send the time the event happened (check the clock)".to_owned(),
            ));
        } else if occurred_at < oldest {
            errors.push((
                field("occurred_at"),
                format!("is older than the {retention_days}-day retention; drop the event"),
            ));
        }
        if e.movie_id.is_none() {
            errors.push((field("movie_id"), format!("is required for `{}`", e.kind)));
        }
        if e.kind == q::IMPRESSION && (e.row_kind.is_none() || e.position.is_none()) {
            errors.push((
                field("row_kind"),
                "an impression needs `row_kind` and `position` (where the title was shown)"
                    .to_owned(),
            ));
        }
        if let Some(p) = e.position
            && !(0..=MAX_POSITION).contains(&p)
        {
            errors.push((
                field("position"),
                format!("must be a 0-based position from 0 to {MAX_POSITION}"),
            ));
        }
        short_text(&mut errors, field("row_kind"), &e.row_kind, MAX_ID_CHARS);
        short_text(&mut errors, field("algorithm"), &e.algorithm, MAX_ID_CHARS);
        short_text(&mut errors, field("query"), &e.query, MAX_QUERY_CHARS);
        if e.query.is_some() && e.row_kind.as_deref() != Some(q::SEARCH_ROW) {
            errors.push((
                field("query"),
                format!(
                    "only a search result has a query (`row_kind` `{}`)",
                    q::SEARCH_ROW
                ),
            ));
        }
        match (e.kind.as_str(), e.value) {
            ("rating", Some(v)) if (0.5..=5.0).contains(&v) && (v * 2.0).fract() == 0.0 => {}
            ("rating", _) => errors.push((
                field("value"),
                "a rating needs `value`: 0.5 to 5 stars in half steps".to_owned(),
            )),
            (_, Some(v)) if !v.is_finite() => {
                errors.push((field("value"), "must be a finite number".to_owned()));
            }
            _ => {}
        }
        out.push(Checked {
            event: e,
            occurred_at,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::validation(errors))
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/profiles/{pid}/events",
    tag = "analytics",
    summary = "Record a batch of the profile's events (impressions, clicks, plays…); a retried batch stores each event once",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    request_body = marquee_api::analytics::EventBatch,
    responses(
        (status = 202, description = "Accepted: how many were new and how many already stored (nothing is stored when the account opted out)", body = marquee_api::analytics::BatchAccepted),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field (`events[3].kind`) and the rule", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn post_events(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    batch: EventBatch,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let opted_out = state
        .db(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            Ok(q::opted_out(conn, me.user_id)?)
        })
        .await?;
    let now = marquee_db::now();
    let checked = check_batch(batch, now, state.config().analytics.retention_days)?;
    if opted_out {
        return Ok(accepted(0, 0, true));
    }
    let treatment = state.experiments().treatment(&state, profile_id).await?;
    // A write like the others: on SQLite it joins the group commit (`store_batch`'s own
    // transaction becomes a savepoint of the batch's).
    let (stored, duplicates) = state
        .write(move |conn| {
            let mut movie_ids: Vec<i64> = checked.iter().filter_map(|c| c.event.movie_id).collect();
            movie_ids.sort_unstable();
            movie_ids.dedup();
            let known: HashSet<i64> = q::existing_movies(conn, &movie_ids)?.into_iter().collect();
            let unknown: Vec<(String, String)> = checked
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let id = c.event.movie_id?;
                    (!known.contains(&id)).then(|| {
                        (
                            format!("events[{i}].movie_id"),
                            format!("no movie {id}; send ids from the catalogue"),
                        )
                    })
                })
                .collect();
            if !unknown.is_empty() {
                return Err(ApiError::validation(unknown));
            }
            let arm = treatment.arm.as_ref();
            let rows: Vec<NewAnalyticsEvent<'_>> = checked
                .iter()
                .map(|c| NewAnalyticsEvent {
                    profile_id: Some(profile_id),
                    kind: &c.event.kind,
                    movie_id: c.event.movie_id,
                    row_kind: c.event.row_kind.as_deref(),
                    position: c.event.position,
                    query: c.event.query.as_deref(),
                    props: None,
                    client_event_id: Some(&c.event.id),
                    occurred_at: c.occurred_at,
                    received_at: now,
                    algorithm: c.event.algorithm.as_deref(),
                    experiment_id: arm.map(|a| a.experiment_id),
                    variant: arm.map(|a| a.variant.as_str()),
                    value: c.event.value,
                })
                .collect();
            Ok(q::store_batch(conn, profile_id, &rows)?)
        })
        .await?;
    Ok(accepted(stored, duplicates, false))
}

fn accepted(stored: usize, duplicates: usize, opted_out: bool) -> warp::reply::Response {
    warp::reply::with_status(
        warp::reply::json(&BatchAccepted {
            stored: stored as u64,
            duplicates: duplicates as u64,
            opted_out,
        }),
        StatusCode::ACCEPTED,
    )
    .into_response()
}

fn event(e: AnalyticsEvent) -> wire::Event {
    wire::Event {
        id: e.id,
        profile_id: e.profile_id,
        kind: e.kind,
        client_event_id: e.client_event_id,
        movie_id: e.movie_id,
        row_kind: e.row_kind,
        position: e.position,
        algorithm: e.algorithm,
        experiment_id: e.experiment_id,
        variant: e.variant,
        query: e.query,
        value: e.value,
        occurred_at: e.occurred_at.and_utc(),
        received_at: e.received_at.and_utc(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub format: Option<String>,
    pub after: Option<String>,
    pub limit: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/me/events",
    tag = "analytics",
    summary = "Export the events of the account's own profiles: JSON pages by id, or everything as JSON Lines (`format=jsonl`)",
    params(
        ("format" = Option<String>, Query, description = "`json` (default: a page, `next_after` for the next) or `jsonl` (every event, one JSON object per line)"),
        ("after" = Option<i64>, Query, description = "JSON pages: events with a larger id than this (default 0)"),
        ("limit" = Option<u32>, Query, description = "JSON pages: page size, 1–1000 (default 1000)"),
    ),
    responses(
        (status = 200, description = "A page of events (or JSON Lines of `Event`)", body = marquee_api::analytics::EventPage),
        (status = 400, description = "`validation_failed`: `details.fields` names the bad parameter", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn export_events(
    state: AppState,
    principal: ApiResult<Principal>,
    query: ExportQuery,
) -> ApiResult<warp::reply::Response> {
    let me = principal?;
    let mut errors = Vec::new();
    let jsonl = match query.format.as_deref() {
        None | Some("json") => false,
        Some("jsonl") => true,
        Some(other) => {
            errors.push((
                "format".to_owned(),
                format!("unknown format `{other}`; accepted: json, jsonl"),
            ));
            false
        }
    };
    let after = match query.after.as_deref().map(str::parse::<i64>) {
        None => 0,
        Some(Ok(n)) if n >= 0 => n,
        Some(_) => {
            errors.push((
                "after".to_owned(),
                "must be a whole number ≥ 0 (the last id of the previous page)".to_owned(),
            ));
            0
        }
    };
    let limit = match query.limit.as_deref().map(str::parse::<i64>) {
        None => EXPORT_PAGE,
        Some(Ok(n)) if (1..=EXPORT_PAGE).contains(&n) => n,
        Some(_) => {
            errors.push((
                "limit".to_owned(),
                format!("must be a whole number from 1 to {EXPORT_PAGE}"),
            ));
            EXPORT_PAGE
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if !jsonl {
        let rows = state
            .db(move |conn| Ok(q::user_events(conn, me.user_id, after, limit)?))
            .await?;
        let next_after = (rows.len() as i64 == limit)
            .then(|| rows.last().map(|e| e.id))
            .flatten();
        let data = rows.into_iter().map(event).collect();
        return Ok(warp::reply::json(&EventPage { data, next_after }).into_response());
    }
    let body = state
        .db(move |conn| {
            let mut body = String::new();
            let mut after = 0;
            loop {
                let rows = q::user_events(conn, me.user_id, after, EXPORT_PAGE)?;
                let Some(last) = rows.last() else { break };
                after = last.id;
                for e in rows {
                    let line = serde_json::to_string(&event(e)).map_err(ApiError::internal)?;
                    body.push_str(&line);
                    body.push('\n');
                }
            }
            Ok(body)
        })
        .await?;
    let mut response = warp::reply::Response::new(body.into());
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

#[utoipa::path(
    delete,
    path = "/api/v1/me/events",
    tag = "analytics",
    summary = "Delete every event of the account's own profiles",
    responses(
        (status = 200, description = "How many were deleted", body = marquee_api::analytics::EventsDeleted),
    ),
    security(("bearer" = [])),
)]
pub async fn delete_events(
    state: AppState,
    principal: ApiResult<Principal>,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let deleted = state
        .db(move |conn| Ok(q::delete_user_events(conn, me.user_id)?))
        .await?;
    Ok(warp::reply::json(&EventsDeleted {
        deleted: deleted as u64,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/analytics",
    tag = "analytics",
    summary = "The account's analytics privacy switch",
    responses(
        (status = 200, description = "The setting", body = marquee_api::analytics::AnalyticsSettings),
    ),
    security(("bearer" = [])),
)]
pub async fn settings(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    let me = principal?;
    let opt_out = state
        .db(move |conn| Ok(q::opted_out(conn, me.user_id)?))
        .await?;
    Ok(warp::reply::json(&AnalyticsSettings { opt_out }))
}

#[utoipa::path(
    put,
    path = "/api/v1/me/analytics",
    tag = "analytics",
    summary = "Opt the account out of analytics (no events are recorded for its profiles) or back in; stored events stay until DELETE /me/events",
    request_body = marquee_api::analytics::AnalyticsSettings,
    responses(
        (status = 200, description = "The new setting", body = marquee_api::analytics::AnalyticsSettings),
    ),
    security(("bearer" = [])),
)]
pub async fn put_settings(
    state: AppState,
    principal: ApiResult<Principal>,
    body: AnalyticsSettings,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let opt_out = body.opt_out;
    state
        .db(move |conn| Ok(q::set_opt_out(conn, me.user_id, opt_out)?))
        .await?;
    Ok(warp::reply::json(&AnalyticsSettings { opt_out }))
}

// ---------------------------------------------------------------------------------------------
// Admin

#[utoipa::path(
    post,
    path = "/api/v1/admin/experiments",
    tag = "admin",
    summary = "Create and start an experiment on For You (variants with traffic shares and configs; the first is the control); one runs at a time",
    request_body = marquee_api::analytics::NewExperiment,
    responses(
        (status = 201, description = "Started", body = marquee_api::analytics::Experiment),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field (`variants[1].share`) and the rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 409, description = "`experiment_running` (stop it first) or `conflict` (key taken)", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn create_experiment(
    state: AppState,
    principal: ApiResult<Principal>,
    body: wire::NewExperiment,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let created = state
        .db(move |conn| crate::analytics::create(conn, &body))
        .await?;
    changed(&state);
    Ok(warp::reply::with_status(
        warp::reply::json(&created),
        StatusCode::CREATED,
    ))
}

/// An experiment changed: this server's view of it and every cached For You are stale.
fn changed(state: &AppState) {
    state.experiments().invalidate();
    state.recommender().invalidate_all();
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/experiments",
    tag = "admin",
    summary = "Every experiment, newest first",
    responses(
        (status = 200, description = "Experiments", body = Vec<marquee_api::analytics::Experiment>),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn experiments(
    state: AppState,
    principal: ApiResult<Principal>,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let list = state.db(crate::analytics::list).await?;
    Ok(warp::reply::json(&list))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/experiments/{id}",
    tag = "admin",
    summary = "An experiment's results: impressions, clicks and CTR per variant, and the CTR difference vs the control with a 95% confidence interval",
    params(("id" = String, Path, description = "Experiment id or key")),
    responses(
        (status = 200, description = "Results", body = marquee_api::analytics::ExperimentResults),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such experiment", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn experiment(
    state: AppState,
    principal: ApiResult<Principal>,
    id: String,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let results = state
        .db(move |conn| crate::analytics::results(conn, &id))
        .await?;
    Ok(warp::reply::json(&results))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/experiments/{id}/stop",
    tag = "admin",
    summary = "Stop a running experiment: everyone gets the default (or rolled-out) For You again",
    params(("id" = String, Path, description = "Experiment id or key")),
    responses(
        (status = 200, description = "Stopped", body = marquee_api::analytics::Experiment),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such experiment", body = marquee_api::ErrorBody),
        (status = 409, description = "`experiment_not_running`", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn stop_experiment(
    state: AppState,
    principal: ApiResult<Principal>,
    id: String,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let stopped = state
        .db(move |conn| crate::analytics::stop(conn, &id))
        .await?;
    changed(&state);
    Ok(warp::reply::json(&stopped))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/experiments/{id}/rollout",
    tag = "admin",
    summary = "Roll a variant out to everyone (ends the experiment); its config then serves every profile",
    params(("id" = String, Path, description = "Experiment id or key")),
    request_body = marquee_api::analytics::Rollout,
    responses(
        (status = 200, description = "Rolled out", body = marquee_api::analytics::Experiment),
        (status = 400, description = "`validation_failed`: no such variant (`details` lists them)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such experiment", body = marquee_api::ErrorBody),
        (status = 409, description = "`experiment_rolled_out`: already rolled out", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn rollout_experiment(
    state: AppState,
    principal: ApiResult<Principal>,
    id: String,
    body: Rollout,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let rolled = state
        .db(move |conn| crate::analytics::rollout(conn, &id, &body.variant))
        .await?;
    changed(&state);
    Ok(warp::reply::json(&rolled))
}

#[derive(Debug, Deserialize)]
pub struct StatsQuery {
    pub since: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/stats",
    tag = "admin",
    summary = "Metrics from the events: CTR per row and per algorithm/variant, search zero-result rate and click position, DAU/MAU, day-1/7/30 retention, completion rate, top movies and queries",
    params(("since" = Option<String>, Query, description = "Window start: `7d` (days back), a date `2026-11-01` or an RFC 3339 time; computed now. Absent: the analytics job's last 30-day snapshot")),
    responses(
        (status = 200, description = "Stats", body = marquee_api::analytics::Stats),
        (status = 400, description = "`validation_failed`: `since` is not a day count, date or time", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn stats(
    state: AppState,
    principal: ApiResult<Principal>,
    query: StatsQuery,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let now = marquee_db::now();
    let Some(since) = query.since else {
        if let Some(snapshot) = state.analytics_job().snapshot() {
            return Ok(warp::reply::json(&*snapshot));
        }
        let fresh = crate::jobs::analytics::refresh(&state).await?;
        return Ok(warp::reply::json(&*fresh));
    };
    let since = crate::analytics::parse_since(&since, now)
        .map_err(|rule| ApiError::validation([("since".to_owned(), rule)]))?;
    let stats = state
        .db(move |conn| crate::analytics::stats(conn, since, now))
        .await?;
    Ok(warp::reply::json(&stats))
}
