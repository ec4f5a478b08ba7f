//! `/api/v1/admin/{users,movies,people,trailers,jobs}*`: administrators only. Every handler starts
//! with `require_admin`; the account rules are `crate::admin`'s, shared with `marqueectl`.

use std::time::Duration;

use http::StatusCode;
use marquee_api::account::{PasswordResetRequest, RoleRequest};
use marquee_api::catalogue::{MovieInput, PersonInput};
use marquee_api::ops::{Job, JobStarted, Jobs};
use marquee_api::trailers::{SubtitleInput, TrailerEdit, TrailerInput};
use serde::Deserialize;
use warp::Reply;

use crate::admin;
use crate::auth::{self, Principal};
use crate::error::ApiError;
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
    summary = "Accounts, oldest first",
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
    let page = state
        .db(move |conn| admin::list(conn, query.page, query.per_page))
        .await?;
    Ok(warp::reply::json(&page))
}

/// The `{user}` path segment: an id, or an email address (percent-encoded or not).
fn user_key(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/users/{user}",
    tag = "admin",
    summary = "One account: role, state, 2FA, live sessions, profiles",
    params(("user" = String, Path, description = "Account id or email address")),
    responses(
        (status = 200, description = "The account", body = marquee_api::account::AdminUserDetail),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no account with that id or email", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn user(
    state: AppState,
    principal: ApiResult<Principal>,
    key: String,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let key = user_key(&key);
    let detail = state.db(move |conn| admin::show(conn, &key)).await?;
    Ok(warp::reply::json(&detail))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{user}/disable",
    tag = "admin",
    summary = "Disable an account: it cannot sign in and every session ends at once",
    params(("user" = String, Path, description = "Account id or email address")),
    responses(
        (status = 200, description = "The account, disabled", body = marquee_api::account::AdminUserDetail),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no account with that id or email", body = marquee_api::ErrorBody),
        (status = 409, description = "`own_account` (your own) or `last_admin` (the last administrator who can sign in)", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn disable(
    state: AppState,
    principal: ApiResult<Principal>,
    key: String,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let key = user_key(&key);
    let detail = state
        .db(move |conn| admin::set_disabled(conn, Some(me.user_id), &key, true))
        .await?;
    auth::revoked(&state).await;
    Ok(warp::reply::json(&detail))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{user}/enable",
    tag = "admin",
    summary = "Enable a disabled account again",
    params(("user" = String, Path, description = "Account id or email address")),
    responses(
        (status = 200, description = "The account, enabled", body = marquee_api::account::AdminUserDetail),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no account with that id or email", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn enable(
    state: AppState,
    principal: ApiResult<Principal>,
    key: String,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let key = user_key(&key);
    let detail = state
        .db(move |conn| admin::set_disabled(conn, Some(me.user_id), &key, false))
        .await?;
    Ok(warp::reply::json(&detail))
}

#[utoipa::path(
    put,
    path = "/api/v1/admin/users/{user}/role",
    tag = "admin",
    summary = "Promote an account to `admin` or demote it to `user`",
    params(("user" = String, Path, description = "Account id or email address")),
    request_body = marquee_api::account::RoleRequest,
    responses(
        (status = 200, description = "The account with its new role", body = marquee_api::account::AdminUserDetail),
        (status = 400, description = "`validation_failed`: `details.fields.role` says the accepted values", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no account with that id or email", body = marquee_api::ErrorBody),
        (status = 409, description = "`own_account` (demoting yourself) or `last_admin`", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn set_role(
    state: AppState,
    principal: ApiResult<Principal>,
    key: String,
    body: RoleRequest,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let key = user_key(&key);
    let detail = state
        .db(move |conn| admin::set_role(conn, Some(me.user_id), &key, &body.role))
        .await?;
    auth::revoked(&state).await;
    Ok(warp::reply::json(&detail))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{user}/end-sessions",
    tag = "admin",
    summary = "End every session of an account: it must sign in again everywhere",
    params(("user" = String, Path, description = "Account id or email address")),
    responses(
        (status = 200, description = "How many sessions were ended", body = marquee_api::account::SessionsEnded),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no account with that id or email", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn end_sessions(
    state: AppState,
    principal: ApiResult<Principal>,
    key: String,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let key = user_key(&key);
    let ended = state
        .db(move |conn| admin::end_sessions(conn, Some(me.user_id), &key))
        .await?;
    auth::revoked(&state).await;
    Ok(warp::reply::json(&ended))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{user}/reset-password",
    tag = "admin",
    summary = "Replace an account's password (the one given, or a generated one returned once) and end all its sessions",
    params(("user" = String, Path, description = "Account id or email address")),
    request_body = marquee_api::account::PasswordResetRequest,
    responses(
        (status = 200, description = "The password was replaced", body = marquee_api::account::PasswordReset),
        (status = 400, description = "`validation_failed`: `details.fields.password` names the rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no account with that id or email", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn reset_password(
    state: AppState,
    principal: ApiResult<Principal>,
    key: String,
    body: PasswordResetRequest,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let key = user_key(&key);
    let user = state.db(move |conn| admin::find_user(conn, &key)).await?;
    let (password, generated) = match body.password {
        Some(password) => (password, false),
        None => (crate::auth::tokens::random_token(), true),
    };
    admin::check_new_password(&user, &password)?;
    let hash = auth::hash_password(&state, password.clone()).await?;
    let generated = generated.then_some(password);
    let reset = state
        .db(move |conn| admin::set_password(conn, Some(me.user_id), user.id, &hash, generated))
        .await?;
    auth::revoked(&state).await;
    Ok(warp::reply::json(&reset))
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
    jobs.push(job(
        "search",
        "Rebuilds the search index from the catalogue (the index otherwise follows the \
         database every 2 s by itself); runs when an admin asks for it",
        state.search().status(),
        Duration::ZERO,
    ));
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

/// The jobs `POST /admin/jobs/{name}/run` can start.
pub const RUNNABLE_JOBS: [&str; 4] = ["recommender", "trending", "analytics", "search"];

#[utoipa::path(
    post,
    path = "/api/v1/admin/jobs/{name}/run",
    tag = "admin",
    summary = "Run a job now, in the background: `recommender` (train, then precompute For You), `trending`, `analytics` or `search` (rebuild the index); follow it with GET /admin/jobs",
    params(("name" = String, Path, description = "`recommender`, `trending`, `analytics` or `search`")),
    responses(
        (status = 202, description = "Started", body = marquee_api::ops::JobStarted),
        (status = 400, description = "`validation_failed`: `details.fields.name` lists the jobs that can run", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn run_job(
    state: AppState,
    principal: ApiResult<Principal>,
    name: String,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let Some(name) = RUNNABLE_JOBS.into_iter().find(|j| *j == name) else {
        return Err(ApiError::validation([(
            "name".to_owned(),
            format!("must be one of {}", RUNNABLE_JOBS.join(", ")),
        )]));
    };
    let requested_at = marquee_db::now().and_utc();
    let job_state = state.clone();
    // Each job records its run (start, finish, error) in its own status, which GET /admin/jobs shows.
    tokio::spawn(async move {
        let state = job_state;
        let result = match name {
            "recommender" => crate::jobs::recommend::retrain(&state).await,
            "trending" => crate::jobs::trending::refresh(&state).await,
            "analytics" => crate::jobs::analytics::refresh(&state).await.map(drop),
            _ => crate::search::reindex_now(&state).await,
        };
        if let Err(err) = result {
            tracing::warn!(job = name, error = %err, "job run asked by an admin failed");
        }
    });
    Ok(warp::reply::with_status(
        warp::reply::json(&JobStarted {
            name: name.to_owned(),
            requested_at,
        }),
        StatusCode::ACCEPTED,
    ))
}

/// After a catalogue write: cached catalogue responses are dropped and the movie's search
/// document follows at once (the sync task would within 2 s). The write has committed either
/// way, so a search index that is unavailable is only logged.
async fn movie_changed(state: &AppState, movie_id: i64) {
    state.cache().store().clear().await;
    if let Err(err) = crate::search::upsert_movie(state, movie_id).await {
        tracing::warn!(movie_id, error = %err, "search document not updated; the sync will catch up");
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/movies",
    tag = "admin",
    summary = "Add a movie (title required; genres and language by slug and code)",
    request_body = marquee_api::catalogue::MovieInput,
    responses(
        (status = 201, description = "Added: the movie as GET /movies/{id} shows it", body = marquee_api::catalogue::MovieDetail),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field and its rule (`details.accepted` lists the genres)", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn create_movie(
    state: AppState,
    principal: ApiResult<Principal>,
    body: MovieInput,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let detail = state
        .db(move |conn| admin::create_movie(conn, Some(me.user_id), &body))
        .await?;
    movie_changed(&state, detail.id).await;
    Ok(warp::reply::with_status(
        warp::reply::json(&detail),
        StatusCode::CREATED,
    ))
}

#[utoipa::path(
    patch,
    path = "/api/v1/admin/movies/{id}",
    tag = "admin",
    summary = "Change a movie: only the fields given (genres are replaced)",
    params(("id" = i64, Path, description = "Movie id")),
    request_body = marquee_api::catalogue::MovieInput,
    responses(
        (status = 200, description = "The movie as GET /movies/{id} shows it", body = marquee_api::catalogue::MovieDetail),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field and its rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn update_movie(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: MovieInput,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let detail = state
        .db(move |conn| admin::update_movie(conn, Some(me.user_id), id, &body))
        .await?;
    movie_changed(&state, id).await;
    Ok(warp::reply::json(&detail))
}

#[utoipa::path(
    delete,
    path = "/api/v1/admin/movies/{id}",
    tag = "admin",
    summary = "Delete a movie and everything that names it (credits, trailers, ratings, watchlists, history)",
    params(("id" = i64, Path, description = "Movie id")),
    responses(
        (status = 200, description = "Deleted", body = marquee_api::catalogue::MovieDeleted),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such movie", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn delete_movie(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let deleted = state
        .db(move |conn| admin::delete_movie(conn, Some(me.user_id), id))
        .await?;
    movie_changed(&state, id).await;
    Ok(warp::reply::json(&deleted))
}

/// After a write to a person: the same as [`movie_changed`], for the person's search document.
async fn person_changed(state: &AppState, person_id: i64) {
    state.cache().store().clear().await;
    if let Err(err) = crate::search::upsert_person(state, person_id).await {
        tracing::warn!(person_id, error = %err, "search document not updated; the sync will catch up");
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/people",
    tag = "admin",
    summary = "Add a person (name required)",
    request_body = marquee_api::catalogue::PersonInput,
    responses(
        (status = 201, description = "Added: the person as GET /people/{id} shows them", body = marquee_api::catalogue::PersonDetail),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field and its rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn create_person(
    state: AppState,
    principal: ApiResult<Principal>,
    body: PersonInput,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let detail = state
        .db(move |conn| admin::create_person(conn, Some(me.user_id), &body))
        .await?;
    person_changed(&state, detail.id).await;
    Ok(warp::reply::with_status(
        warp::reply::json(&detail),
        StatusCode::CREATED,
    ))
}

#[utoipa::path(
    patch,
    path = "/api/v1/admin/people/{id}",
    tag = "admin",
    summary = "Change a person: only the fields given",
    params(("id" = i64, Path, description = "Person id")),
    request_body = marquee_api::catalogue::PersonInput,
    responses(
        (status = 200, description = "The person as GET /people/{id} shows them", body = marquee_api::catalogue::PersonDetail),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field and its rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such person", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn update_person(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: PersonInput,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let detail = state
        .db(move |conn| admin::update_person(conn, Some(me.user_id), id, &body))
        .await?;
    person_changed(&state, id).await;
    Ok(warp::reply::json(&detail))
}

#[utoipa::path(
    delete,
    path = "/api/v1/admin/people/{id}",
    tag = "admin",
    summary = "Delete a person with their credits and aliases",
    params(("id" = i64, Path, description = "Person id")),
    responses(
        (status = 200, description = "Deleted", body = marquee_api::catalogue::PersonDeleted),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such person", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn delete_person(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let deleted = state
        .db(move |conn| admin::delete_person(conn, Some(me.user_id), id))
        .await?;
    person_changed(&state, id).await;
    Ok(warp::reply::json(&deleted))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/trailers",
    tag = "admin",
    summary = "Add a trailer with its renditions to a movie (the rules of `marqueectl import trailers`)",
    request_body = marquee_api::trailers::TrailerInput,
    responses(
        (status = 201, description = "Added: the movie with its trailers", body = marquee_api::catalogue::MovieDetail),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field by its path (`renditions[0].quality`) and its rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn create_trailer(
    state: AppState,
    principal: ApiResult<Principal>,
    body: TrailerInput,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let detail = state
        .db(move |conn| admin::create_trailer(conn, Some(me.user_id), &body))
        .await?;
    state.cache().store().clear().await;
    Ok(warp::reply::with_status(
        warp::reply::json(&detail),
        StatusCode::CREATED,
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/admin/trailers/{id}",
    tag = "admin",
    summary = "Delete a trailer with its renditions and subtitles",
    params(("id" = i64, Path, description = "Trailer id")),
    responses(
        (status = 200, description = "Deleted", body = marquee_api::trailers::TrailerDeleted),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn delete_trailer(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let deleted = state
        .db(move |conn| admin::delete_trailer(conn, Some(me.user_id), id))
        .await?;
    state.cache().store().clear().await;
    Ok(warp::reply::json(&deleted))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/trailers/{id}",
    tag = "admin",
    summary = "A trailer with its renditions and subtitle tracks, and where each file is",
    params(("id" = i64, Path, description = "Trailer id")),
    responses(
        (status = 200, description = "The trailer", body = marquee_api::trailers::AdminTrailer),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn trailer(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
) -> ApiResult<impl Reply> {
    principal?.require_admin()?;
    let trailer = state.db(move |conn| admin::trailer(conn, id)).await?;
    Ok(warp::reply::json(&trailer))
}

#[utoipa::path(
    patch,
    path = "/api/v1/admin/trailers/{id}",
    tag = "admin",
    summary = "Change a trailer: title, kind, language, and its renditions replaced or added and removed (by id)",
    params(("id" = i64, Path, description = "Trailer id")),
    request_body = marquee_api::trailers::TrailerEdit,
    responses(
        (status = 200, description = "The trailer", body = marquee_api::trailers::AdminTrailer),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field by its path (`add_renditions[0].quality`, `remove_renditions[1]`) and its rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn update_trailer(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: TrailerEdit,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let trailer = state
        .db(move |conn| admin::update_trailer(conn, Some(me.user_id), id, &body))
        .await?;
    state.cache().store().clear().await;
    Ok(warp::reply::json(&trailer))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/trailers/{id}/subtitles",
    tag = "admin",
    summary = "Add a subtitle track to a trailer (one per language and format)",
    params(("id" = i64, Path, description = "Trailer id")),
    request_body = marquee_api::trailers::SubtitleInput,
    responses(
        (status = 201, description = "Added: the trailer with its tracks", body = marquee_api::trailers::AdminTrailer),
        (status = 400, description = "`validation_failed`: `details.fields` names each bad field (`language`, `format`, `location`) and its rule", body = marquee_api::ErrorBody),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn add_subtitle(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    body: SubtitleInput,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let trailer = state
        .db(move |conn| admin::add_subtitle(conn, Some(me.user_id), id, &body))
        .await?;
    state.cache().store().clear().await;
    Ok(warp::reply::with_status(
        warp::reply::json(&trailer),
        StatusCode::CREATED,
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/admin/trailers/{id}/subtitles/{subtitle_id}",
    tag = "admin",
    summary = "Remove a subtitle track from a trailer",
    params(
        ("id" = i64, Path, description = "Trailer id"),
        ("subtitle_id" = i64, Path, description = "Subtitle track id"),
    ),
    responses(
        (status = 200, description = "Removed: the trailer with its remaining tracks", body = marquee_api::trailers::AdminTrailer),
        (status = 403, description = "`forbidden`: admins only", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer, or it has no such track", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn remove_subtitle(
    state: AppState,
    principal: ApiResult<Principal>,
    id: i64,
    subtitle_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?.require_admin()?;
    let trailer = state
        .db(move |conn| admin::remove_subtitle(conn, Some(me.user_id), id, subtitle_id))
        .await?;
    state.cache().store().clear().await;
    Ok(warp::reply::json(&trailer))
}
