//! `/api/v1/admin/*`: administrators only. Every handler starts with `require_admin`.

use std::time::Duration;

use marquee_api::account::AdminUser;
use marquee_api::ops::{Job, Jobs};
use marquee_api::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use marquee_api::{Page, Pagination};
use marquee_db::queries::users;
use serde::Deserialize;
use warp::Reply;

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::jobs::JobStatus;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "admin",
    summary = "Accounts, newest first",
    params(crate::openapi::PageParams),
    responses(
        (status = 200, description = "Accounts", body = marquee_api::Page<marquee_api::account::AdminUser>),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn users(
    state: AppState,
    principal: ApiResult<Principal>,
    query: PageQuery,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query
        .per_page
        .unwrap_or(DEFAULT_PER_PAGE)
        .clamp(1, MAX_PER_PAGE);
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (rows, total) = state
        .db(move |conn| Ok(users::list(conn, offset, i64::from(per_page))?))
        .await?;
    let data = rows
        .into_iter()
        .map(|u| AdminUser {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            email_verified: u.email_verified_at.is_some(),
            disabled: u.disabled_at.is_some(),
            locked_until: u.locked_until.map(|t| t.and_utc()),
            last_login_at: u.last_login_at.map(|t| t.and_utc()),
            created_at: u.created_at.and_utc(),
        })
        .collect();
    Ok(warp::reply::json(&Page {
        data,
        pagination: Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/jobs",
    tag = "admin",
    summary = "The background jobs (recommender training and For You precompute, trending, analytics): last start and finish, duration, error, counts, next run",
    responses(
        (status = 200, description = "Jobs", body = marquee_api::ops::Jobs),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn jobs(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let every = &state.config().catalogue;
    let jobs = vec![
        job(
            "recommender",
            "Trains the recommender (EASE when it fits the memory budget, ALS, kNN, content, \
             popularity), then precomputes For You for profiles active in the last 30 days",
            state.recommender().status(),
            every.recommend_interval,
        ),
        job(
            "trending",
            "Recomputes trending (day and week, overall and per region) and new releases",
            state.rankings().status(),
            every.trending_interval,
        ),
        job(
            "analytics",
            "Deletes analytics events older than the retention setting, then computes the stats \
             of the last 30 days that GET /admin/stats serves",
            state.analytics_job().status(),
            state.config().analytics.interval,
        ),
    ];
    let mut jobs = jobs;
    jobs.push(deployment_job(&state, "cleanup", "Deletes expired refresh tokens and denylisted access tokens, and job history older than 7 days; one server of the deployment runs each round", state.config().cleanup_interval).await?);
    Ok(warp::reply::json(&Jobs { jobs }))
}

/// A deployment-wide job (`jobs::scheduled`), from its runs in the database: whichever server
/// ran them.
async fn deployment_job(
    state: &AppState,
    name: &'static str,
    description: &str,
    interval: Duration,
) -> ApiResult<Job> {
    use marquee_db::queries::jobs as q;
    let (runs, next) = state
        .db(move |conn| Ok((q::recent(conn, name, 5)?, q::next_run(conn, name)?)))
        .await?;
    let last = runs.first();
    let mut notes: Vec<String> = runs
        .iter()
        .map(|run| {
            format!(
                "run {} {} on {} (attempt {})",
                run.id,
                run.status,
                run.locked_by.as_deref().unwrap_or("?"),
                run.attempts
            )
        })
        .collect();
    if runs.is_empty() {
        notes.push("has not run yet".to_owned());
    }
    Ok(Job {
        name: name.to_owned(),
        description: description.to_owned(),
        running: last.is_some_and(|r| r.status == "running"),
        last_started_at: last.and_then(|r| r.started_at).map(|t| t.and_utc()),
        last_finished_at: last.and_then(|r| r.finished_at).map(|t| t.and_utc()),
        last_duration_ms: last.and_then(|r| {
            let took = r.finished_at? - r.started_at?;
            u64::try_from(took.num_milliseconds()).ok()
        }),
        last_error: last.and_then(|r| r.last_error.clone()),
        counts: Default::default(),
        notes,
        next_run_at: next.map(|t| t.and_utc()),
        interval_secs: interval.as_secs(),
    })
}

fn job(name: &str, description: &str, status: JobStatus, interval: Duration) -> Job {
    Job {
        name: name.to_owned(),
        description: description.to_owned(),
        running: status.running,
        last_started_at: status.last_started.map(|t| t.and_utc()),
        last_finished_at: status.last_finished.map(|t| t.and_utc()),
        last_duration_ms: status
            .last_duration
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        last_error: status.last_error,
        counts: status
            .counts
            .into_iter()
            .map(|(k, v)| (k, v as u64))
            .collect(),
        notes: status.notes,
        next_run_at: status.next_run.map(|t| t.and_utc()),
        interval_secs: interval.as_secs(),
    }
}
