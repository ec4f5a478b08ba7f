//! `/api/v1/profiles*`: viewing profiles and their preferences. Every profile id in a path is
//! looked up together with the caller's user id: another account's profile is a 404.

use http::StatusCode;
use marquee_api::profile::{NewProfile, Preferences, Profile, ProfilePatch};
use marquee_db::DbConn;
use marquee_db::models::Profile as ProfileRow;
use marquee_db::queries::profiles::{self, NewPreferences, ProfileChanges};
use warp::Reply;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

fn to_api(row: ProfileRow) -> Profile {
    Profile {
        id: row.id,
        name: row.name,
        is_kids: row.is_kids,
        maturity_limit: row.maturity_limit,
        created_at: row.created_at.and_utc(),
    }
}

fn check_name(name: &str, errors: &mut Vec<(String, String)>) {
    let len = name.chars().count();
    if len == 0 || len > 50 {
        errors.push(("name".to_owned(), "must be 1 to 50 characters".to_owned()));
    }
}

fn check_maturity(limit: Option<i16>, errors: &mut Vec<(String, String)>) {
    if limit.is_some_and(|l| !(0..=21).contains(&l)) {
        errors.push((
            "maturity_limit".to_owned(),
            "must be an age from 0 to 21, or null for no limit".to_owned(),
        ));
    }
}

/// The caller's profile, or 404 whether it does not exist or belongs to someone else.
fn owned(conn: &mut DbConn, user_id: i64, profile_id: i64) -> ApiResult<ProfileRow> {
    profiles::find_owned(conn, user_id, profile_id)?.ok_or_else(|| ApiError::not_found("profile"))
}

#[utoipa::path(
    get,
    path = "/api/v1/profiles",
    tag = "profiles",
    summary = "The account's profiles",
    responses(
        (status = 200, description = "Profiles", body = Vec<marquee_api::profile::Profile>),
    ),
    security(("bearer" = [])),
)]
pub async fn list(state: AppState, principal: ApiResult<Principal>) -> ApiResult<impl Reply> {
    let me = principal?;
    let rows = state
        .db(move |conn| Ok(profiles::list(conn, me.user_id)?))
        .await?;
    Ok(warp::reply::json(
        &rows.into_iter().map(to_api).collect::<Vec<_>>(),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/profiles",
    tag = "profiles",
    summary = "Create a profile",
    request_body = marquee_api::profile::NewProfile,
    responses(
        (status = 201, description = "Created", body = marquee_api::profile::Profile),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 409, description = "`conflict`: name taken or the profile limit reached", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn create(
    state: AppState,
    principal: ApiResult<Principal>,
    body: NewProfile,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let name = body.name.trim().to_owned();
    let mut errors = Vec::new();
    check_name(&name, &mut errors);
    check_maturity(body.maturity_limit, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let row = state
        .write(move |conn| {
            if profiles::count(conn, me.user_id)? >= profiles::MAX_PER_USER {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "too_many_profiles",
                    format!(
                        "an account may have at most {} profiles; delete one first",
                        profiles::MAX_PER_USER
                    ),
                ));
            }
            if profiles::list(conn, me.user_id)?
                .iter()
                .any(|p| p.name == name)
            {
                return Err(duplicate_name());
            }
            Ok(profiles::create(
                conn,
                me.user_id,
                &name,
                body.is_kids,
                body.maturity_limit,
            )?)
        })
        .await?;
    Ok(warp::reply::with_status(
        warp::reply::json(&to_api(row)),
        StatusCode::CREATED,
    ))
}

fn duplicate_name() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "duplicate_profile_name",
        "another profile of this account has that name",
    )
}

#[utoipa::path(
    patch,
    path = "/api/v1/profiles/{pid}",
    tag = "profiles",
    summary = "Rename a profile or change its kids flag or maturity limit",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    request_body = marquee_api::profile::ProfilePatch,
    responses(
        (status = 200, description = "Updated", body = marquee_api::profile::Profile),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
        (status = 409, description = "`conflict`: name taken", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn update(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    body: ProfilePatch,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let name = body.name.as_ref().map(|n| n.trim().to_owned());
    let mut errors = Vec::new();
    if let Some(name) = &name {
        check_name(name, &mut errors);
    }
    check_maturity(body.maturity_limit.flatten(), &mut errors);
    let row = state
        .write(move |conn| {
            let current = owned(conn, me.user_id, profile_id)?;
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            if let Some(name) = &name
                && *name != current.name
                && profiles::list(conn, me.user_id)?
                    .iter()
                    .any(|p| p.name == *name)
            {
                return Err(duplicate_name());
            }
            let changes = ProfileChanges {
                name: name.as_deref(),
                is_kids: body.is_kids,
                maturity_limit: body.maturity_limit,
            };
            profiles::update_owned(conn, me.user_id, profile_id, &changes)?;
            owned(conn, me.user_id, profile_id)
        })
        .await?;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    Ok(warp::reply::json(&to_api(row)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/profiles/{pid}",
    tag = "profiles",
    summary = "Delete a profile and its data",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
        (status = 409, description = "`conflict`: the last profile cannot be deleted", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn delete(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    state
        .write(move |conn| {
                owned(conn, me.user_id, profile_id)?;
                if profiles::count(conn, me.user_id)? <= 1 {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        "last_profile",
                        "an account keeps at least one profile; create another before deleting this one",
                    ));
                }
                profiles::delete_owned(conn, me.user_id, profile_id)?;
                Ok(())
            })
        .await?;
    crate::auth::revoked(&state).await;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/profiles/{pid}/preferences",
    tag = "profiles",
    summary = "Onboarding and display preferences",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    responses(
        (status = 200, description = "Preferences", body = marquee_api::profile::Preferences),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn preferences(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let (profile, prefs) = state
        .db(move |conn| {
            let profile = owned(conn, me.user_id, profile_id)?;
            Ok((profile, profiles::preferences(conn, profile_id)?))
        })
        .await?;
    Ok(warp::reply::json(&Preferences {
        genres: prefs.genres,
        languages: prefs.languages,
        country: prefs.country,
        time_zone: prefs.time_zone,
        maturity_limit: profile.maturity_limit,
        diversity: prefs.diversity,
        autoplay_trailers: prefs.autoplay_trailers,
    }))
}

fn plausible_time_zone(tz: &str) -> bool {
    !tz.is_empty()
        && tz.len() <= 64
        && tz
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
}

#[utoipa::path(
    put,
    path = "/api/v1/profiles/{pid}/preferences",
    tag = "profiles",
    summary = "Replace the preferences (genres, languages, region, time zone, diversity)",
    params(("pid" = i64, Path, description = "Profile id (must belong to the caller; 404 otherwise)")),
    request_body = marquee_api::profile::Preferences,
    responses(
        (status = 200, description = "Stored", body = marquee_api::profile::Preferences),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such profile", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn put_preferences(
    state: AppState,
    principal: ApiResult<Principal>,
    profile_id: i64,
    body: Preferences,
) -> ApiResult<impl Reply> {
    let me = principal?;
    let mut errors = Vec::new();
    check_maturity(body.maturity_limit, &mut errors);
    if !(0..=100).contains(&body.diversity) {
        errors.push(("diversity".to_owned(), "must be from 0 to 100".to_owned()));
    }
    if body
        .time_zone
        .as_deref()
        .is_some_and(|tz| !plausible_time_zone(tz))
    {
        errors.push((
            "time_zone".to_owned(),
            "must be an IANA time zone name like Europe/Paris".to_owned(),
        ));
    }
    let mut genres = body.genres.clone();
    genres.sort();
    genres.dedup();
    let mut languages: Vec<String> = body.languages.iter().map(|l| l.to_lowercase()).collect();
    languages.sort();
    languages.dedup();
    let country = body.country.as_ref().map(|c| c.to_uppercase());
    state
        .write(move |conn| {
            owned(conn, me.user_id, profile_id)?;
            let genre_ids = profiles::genre_ids(conn, &genres)?;
            if genre_ids.len() != genres.len() {
                let unknown: Vec<&str> = genres
                    .iter()
                    .filter(|g| !genre_ids.iter().any(|(_, s)| s == *g))
                    .map(String::as_str)
                    .collect();
                errors.push((
                    "genres".to_owned(),
                    format!("unknown genre slugs: {}", unknown.join(", ")),
                ));
            }
            let language_ids = profiles::language_ids(conn, &languages)?;
            if language_ids.len() != languages.len() {
                errors.push((
                    "languages".to_owned(),
                    "contains unknown language codes (use ISO 639 codes like en)".to_owned(),
                ));
            }
            let country_id = match &country {
                Some(code) => {
                    let id = profiles::country_id(conn, code)?;
                    if id.is_none() {
                        errors.push((
                            "country".to_owned(),
                            "is not a known ISO 3166-1 alpha-2 code".to_owned(),
                        ));
                    }
                    id
                }
                None => None,
            };
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            let genre_ids: Vec<i64> = genre_ids.into_iter().map(|(id, _)| id).collect();
            let language_ids: Vec<i64> = language_ids.into_iter().map(|(id, _)| id).collect();
            profiles::set_preferences(
                conn,
                profile_id,
                &NewPreferences {
                    genre_ids: &genre_ids,
                    language_ids: &language_ids,
                    country_id,
                    time_zone: body.time_zone.as_deref(),
                    diversity: body.diversity,
                    autoplay_trailers: body.autoplay_trailers,
                },
            )?;
            profiles::update_owned(
                conn,
                me.user_id,
                profile_id,
                &ProfileChanges {
                    maturity_limit: Some(body.maturity_limit),
                    ..ProfileChanges::default()
                },
            )?;
            Ok(())
        })
        .await?;
    // The profile's For You no longer matches its activity.
    state.recommender().invalidate(profile_id);
    preferences(state, Ok(me), profile_id).await
}
