//! Trailer playback: signed stream URLs, the checks `/media/…` makes on every request, and
//! playback events.
//!
//! Playback events are recorded as analytics (`analytics_events`, kinds `trailer_play`,
//! `trailer_start`, `trailer_progress`, `trailer_complete`) with the trailer's movie, not as
//! viewings of the movie: watching a two-minute trailer is not watching the film, and
//! `watch_history` marks films as seen for history, "continue watching" and recommendations.
//! Nothing here starts playback on its own: a URL is only issued when a client asks.

use chrono::Utc;
use http::StatusCode;
use marquee_api::trailers::{
    PlaybackEventInput, PlaybackEventRecorded, QUALITIES, StreamUrl, SubtitleTrack,
};
use marquee_db::DbConn;
use marquee_db::models::NewAnalyticsEvent;
use marquee_db::queries::{profiles, sessions, trailers as q};
use serde_json::json;
use warp::Reply;
use warp::reply::Response;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::handlers::catalogue::{Errors, Params};
use crate::media::{Denied, Location, Scope};
use crate::rules;
use crate::state::AppState;

/// Longest accepted `client_event_id`.
const MAX_CLIENT_EVENT_ID: usize = 64;
/// Longest trailer position we accept, in seconds (a day).
const MAX_POSITION_SECONDS: i32 = 86_400;

fn owned_profile(conn: &mut DbConn, user_id: i64, profile_id: i64) -> ApiResult<()> {
    profiles::find_owned(conn, user_id, profile_id)?
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("profile"))
}

/// `POST /api/v1/trailers/{id}/play?quality=&format=&profile_id=`: a signed URL for the chosen
/// rendition (the best quality when none is asked for), bound to the caller's session.
#[utoipa::path(
    post,
    path = "/api/v1/trailers/{id}/play",
    tag = "trailers",
    summary = "A signed, expiring stream URL for a rendition, bound to the caller's session",
    params(("id" = i64, Path, description = "Trailer id"), ("quality" = Option<String>, Query, description = "`360p`, `480p`, `720p`, `1080p` or `2160p`; default: the best available"), ("format" = Option<String>, Query, description = "`mp4` or `hls`"), ("profile_id" = Option<i64>, Query, description = "The watching profile (recorded with the play event)")),
    responses(
        (status = 200, description = "The URL and its expiry", body = marquee_api::trailers::StreamUrl),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer (or profile)", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn play(
    state: AppState,
    principal: ApiResult<Principal>,
    trailer_id: i64,
    raw: String,
) -> ApiResult<Response> {
    let me = principal?;
    let params = Params::parse(&raw);
    let mut errors = Errors::default();
    params.check_names(&["quality", "format", "profile_id"], &mut errors);
    let quality = params.one("quality").map(str::to_owned);
    if let Some(q) = &quality {
        errors.check("quality", rules::quality(q));
    }
    let format = params.one("format").map(str::to_owned);
    if let Some(f) = &format {
        errors.check("format", rules::rendition_format(f));
    }
    let profile_id = params.profile_id(&mut errors);
    errors.into_result()?;

    let (trailer, renditions, subtitles) = state
        .db(move |conn| {
            if let Some(pid) = profile_id {
                owned_profile(conn, me.user_id, pid)?;
            }
            q::playable(conn, trailer_id)?.ok_or_else(|| ApiError::not_found("trailer"))
        })
        .await?;
    let candidates: Vec<_> = renditions
        .iter()
        .filter(|r| format.as_deref().is_none_or(|f| r.format == f))
        .collect();
    let rank = |q: &str| QUALITIES.iter().position(|x| *x == q);
    let chosen = match &quality {
        Some(q) => candidates.iter().find(|r| &r.quality == q),
        None => candidates.iter().max_by_key(|r| rank(&r.quality)),
    };
    let Some(rendition) = chosen.copied() else {
        let mut available: Vec<&str> = candidates.iter().map(|r| r.quality.as_str()).collect();
        available.sort_by_key(|q| rank(q));
        available.dedup();
        let mut errors = Errors::default();
        let field = if quality.is_some() {
            "quality"
        } else {
            "format"
        };
        errors.accepting(
            field,
            format!(
                "this trailer has no such rendition; available qualities: {}",
                if available.is_empty() {
                    "none".to_owned()
                } else {
                    available.join(", ")
                }
            ),
            &available,
        );
        errors.into_result()?;
        return Err(ApiError::not_found("rendition"));
    };

    let expires_at = Utc::now()
        + chrono::TimeDelta::from_std(state.config().media.url_ttl).map_err(ApiError::internal)?;
    let exp = expires_at.timestamp();
    let sid = me.session_id;
    let scope = if rendition.format == "hls" {
        Scope::Directory
    } else {
        Scope::File
    };
    let url = stream_url(&state, &rendition.location, scope, exp, sid).ok_or_else(|| {
        ApiError::internal(format!(
            "rendition {} has an unusable location {:?}",
            rendition.id, rendition.location
        ))
    })?;
    let subtitles = subtitles
        .into_iter()
        .filter_map(|s| {
            Some(SubtitleTrack {
                url: stream_url(&state, &s.location, Scope::File, exp, sid)?,
                language: s.language,
                format: s.format,
            })
        })
        .collect();
    let reply = StreamUrl {
        trailer_id,
        rendition_id: rendition.id,
        quality: rendition.quality.clone(),
        format: rendition.format.clone(),
        url,
        expires_at,
        duration_seconds: rendition.duration_seconds,
        subtitles,
    };

    let props = json!({
        "trailer_id": trailer_id,
        "rendition_id": rendition.id,
        "quality": rendition.quality,
        "format": rendition.format,
    })
    .to_string();
    let movie_id = trailer.movie_id;
    let user_id = me.user_id;
    state
        .db(move |conn| {
            // Nothing is recorded for an account that opted out of analytics.
            if marquee_db::queries::analytics::opted_out(conn, user_id)? {
                return Ok(());
            }
            let now = marquee_db::now();
            q::record_event(
                conn,
                &NewAnalyticsEvent {
                    profile_id,
                    kind: "trailer_play",
                    movie_id: Some(movie_id),
                    row_kind: None,
                    position: None,
                    query: None,
                    props: Some(&props),
                    client_event_id: None,
                    occurred_at: now,
                    received_at: now,
                    ..Default::default()
                },
            )?;
            Ok(())
        })
        .await?;
    Ok(warp::reply::json(&reply).into_response())
}

/// The signed URL of a stored location: a path below the media root (served by `/media/…` or
/// the configured base URL), or an absolute URL of another host, which gets the token as a
/// `marquee_token` query parameter covering the whole URL. `None` for an unusable location.
fn stream_url(
    state: &AppState,
    location: &str,
    scope: Scope,
    exp: i64,
    sid: i64,
) -> Option<String> {
    let signer = &state.security().media;
    let path = match Location::parse(location)? {
        Location::Url(url) => {
            let token = signer.sign(std::slice::from_ref(&url), Scope::File, exp, sid);
            let token = token.split('/').next()?;
            let separator = if url.contains('?') { '&' } else { '?' };
            return Some(format!("{url}{separator}marquee_token={token}"));
        }
        Location::Path(path) => path,
    };
    let base = state.config().media.base_url.as_deref().unwrap_or("");
    Some(format!(
        "{base}/media/{}",
        signer.sign(&path, scope, exp, sid)
    ))
}

/// Decides whether `/media/{token}/{raw_path}` may be served: the path, signature, expiry and
/// session checks of [`crate::media::UrlSigner::verify`], then that the file (symlinks resolved)
/// lies inside the media directory.
///
/// The signed URL is the credential, so an external player (mpv, a browser) can open it without
/// the bearer token; it works only while the session it was issued to lives (signing out or an
/// admin ending the session stops it). A request that does carry a bearer token must be from
/// that same session.
pub async fn media_access(
    state: &AppState,
    authorization: Option<&str>,
    token: &str,
    raw_path: &str,
) -> ApiResult<()> {
    let caller = match authorization {
        Some(header) => Some(
            crate::auth::authenticate(state, Some(header))
                .await?
                .session_id,
        ),
        None => None,
    };
    let (path, sid) = state
        .security()
        .media
        .verify(token, raw_path, Utc::now().timestamp(), caller)
        .map_err(denied)?;
    if caller.is_none()
        && !state
            .db(move |conn| Ok(sessions::is_live_by_id(conn, sid)?))
            .await?
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "session_ended",
            "the session this media URL was issued to has ended (signed out, expired or revoked); sign in and ask for a new URL with POST /api/v1/trailers/{id}/play",
        ));
    }
    if let Some(root) = &state.config().media.dir {
        let file = path.iter().fold(root.clone(), |p, s| p.join(s));
        // A missing file is warp's 404; an existing one must resolve inside the root.
        if let (Ok(root), Ok(file)) = (
            tokio::fs::canonicalize(root).await,
            tokio::fs::canonicalize(&file).await,
        ) && !file.starts_with(&root)
        {
            return Err(denied(Denied::InvalidPath));
        }
    }
    Ok(())
}

fn denied(reason: Denied) -> ApiError {
    match reason {
        Denied::InvalidPath => ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            "media paths are relative paths below the media directory; `.`, `..`, empty segments and backslashes are refused",
        ),
        Denied::BadSignature => ApiError::new(
            StatusCode::FORBIDDEN,
            "bad_signature",
            "this media URL was altered or is not one this server issued; ask for a new one with POST /api/v1/trailers/{id}/play",
        ),
        Denied::Expired => ApiError::new(
            StatusCode::FORBIDDEN,
            "url_expired",
            "this media URL has expired; ask for a new one with POST /api/v1/trailers/{id}/play",
        ),
        Denied::WrongSession => ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong_session",
            "this media URL was issued to another session; ask for your own with POST /api/v1/trailers/{id}/play",
        ),
    }
}

/// `POST /api/v1/trailers/{id}/events`: `201` when recorded, `200` when `client_event_id` was
/// already recorded (a retry).
#[utoipa::path(
    post,
    path = "/api/v1/trailers/{id}/events",
    tag = "trailers",
    summary = "Record a playback event (start, progress, complete)",
    params(("id" = i64, Path, description = "Trailer id")),
    request_body = marquee_api::trailers::PlaybackEventInput,
    responses(
        (status = 201, description = "Recorded", body = marquee_api::trailers::PlaybackEventRecorded),
        (status = 200, description = "Already recorded (same `client_event_id`)", body = marquee_api::trailers::PlaybackEventRecorded),
        (status = 400, description = "`validation_failed` or `invalid_query`: `details` names each bad field and the rule (and the accepted values)", body = marquee_api::ErrorBody),
        (status = 404, description = "`not_found`: no such trailer, or the profile is not the caller's", body = marquee_api::ErrorBody),
        (status = 413, description = "`payload_too_large`", body = marquee_api::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send application/json", body = marquee_api::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn event(
    state: AppState,
    principal: ApiResult<Principal>,
    trailer_id: i64,
    body: PlaybackEventInput,
) -> ApiResult<Response> {
    let me = principal?;
    let mut errors = Errors::default();
    if body
        .position_seconds
        .is_some_and(|p| !(0..=MAX_POSITION_SECONDS).contains(&p))
    {
        errors.add(
            "position_seconds",
            format!("must be a whole number of seconds from 0 to {MAX_POSITION_SECONDS}"),
        );
    }
    let client_event_id = body
        .client_event_id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty());
    if client_event_id
        .as_ref()
        .is_some_and(|id| id.len() > MAX_CLIENT_EVENT_ID)
    {
        errors.add(
            "client_event_id",
            format!("must be at most {MAX_CLIENT_EVENT_ID} characters"),
        );
    }
    let profile_id = body.profile_id;
    let kind = body.event;
    // `analytics_events.position` is a position in a row of titles; the playback position
    // goes with the trailer id in `props`.
    let props = json!({
        "trailer_id": trailer_id,
        "position_seconds": body.position_seconds,
    })
    .to_string();
    let (movie_id, recorded) = state
        .write(move |conn| {
            owned_profile(conn, me.user_id, profile_id)?;
            errors.into_result()?;
            let movie_id =
                q::movie_of(conn, trailer_id)?.ok_or_else(|| ApiError::not_found("trailer"))?;
            // An account that opted out of analytics: acknowledged, nothing stored.
            if marquee_db::queries::analytics::opted_out(conn, me.user_id)? {
                return Ok((movie_id, true));
            }
            let now = marquee_db::now();
            let recorded = q::record_event(
                conn,
                &NewAnalyticsEvent {
                    profile_id: Some(profile_id),
                    kind: kind.analytics_kind(),
                    movie_id: Some(movie_id),
                    row_kind: None,
                    position: None,
                    query: None,
                    props: Some(&props),
                    client_event_id: client_event_id.as_deref(),
                    occurred_at: now,
                    received_at: now,
                    ..Default::default()
                },
            )?;
            Ok((movie_id, recorded))
        })
        .await?;
    let status = if recorded {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(warp::reply::with_status(
        warp::reply::json(&PlaybackEventRecorded {
            trailer_id,
            movie_id,
            event: kind,
            duplicate: !recorded,
        }),
        status,
    )
    .into_response())
}
