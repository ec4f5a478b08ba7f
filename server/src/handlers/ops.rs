//! Liveness and readiness.

use http::StatusCode;
use http::header::{self, HeaderValue};
use marquee_api::ops::{Check, Health, Readiness, ReadinessChecks};
use warp::Reply;
use warp::reply::Response;

use crate::error::ApiResult;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "ops",
    summary = "Liveness: the process answers",
    responses(
        (status = 200, description = "Alive", body = marquee_api::ops::Health),
    ),
)]
pub async fn healthz() -> ApiResult<impl Reply> {
    Ok(warp::reply::json(&Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}

/// Ready when the database answers and every migration compiled into this binary is applied.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "ops",
    summary = "Readiness: database reachable and every migration applied",
    responses(
        (status = 200, description = "Ready", body = marquee_api::ops::Readiness),
        (status = 503, description = "Not ready; the failing check says why", body = marquee_api::ops::Readiness),
    ),
)]
pub async fn readyz(state: AppState) -> ApiResult<impl Reply> {
    let checks = state
        .db(|conn| {
            let backend = conn.backend();
            let migrations = match marquee_db::migrate::status(conn) {
                Ok(status) => Check {
                    ok: status.is_current(),
                    detail: format!(
                        "{} applied, {} pending",
                        status.applied.len(),
                        status.pending.len()
                    ),
                },
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read migration status");
                    Check {
                        ok: false,
                        detail: "cannot read migration status".to_owned(),
                    }
                }
            };
            Ok(ReadinessChecks {
                database: Check {
                    ok: true,
                    detail: backend.to_string(),
                },
                migrations,
                redis: None,
            })
        })
        .await;
    let checks = match checks {
        Ok(checks) => checks,
        Err(err) => ReadinessChecks {
            database: Check {
                ok: false,
                detail: err.message,
            },
            migrations: Check {
                ok: false,
                detail: "unknown: database unreachable".to_owned(),
            },
            redis: None,
        },
    };
    let mut checks = checks;
    if let Some(shared) = state.shared() {
        checks.redis = Some(match shared.ping().await {
            Ok(took) if shared.is_up() => Check {
                ok: true,
                detail: format!("connected ({} µs)", took.as_micros()),
            },
            Ok(_) => Check {
                ok: false,
                detail: "reachable again; resubscribing (serving on local state meanwhile)"
                    .to_owned(),
            },
            Err(err) => Check {
                ok: false,
                detail: format!(
                    "unreachable ({err}): serving on local budgets and caches, reconnecting"
                ),
            },
        });
    }
    let ready = checks.database.ok && checks.migrations.ok;
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" }.to_owned(),
        checks,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Ok(warp::reply::with_status(warp::reply::json(&body), status))
}

#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "ops",
    summary = "This document: every route, its parameters, bodies and error codes (OpenAPI 3.1)",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")),
)]
pub async fn openapi_json() -> ApiResult<Response> {
    let mut response = Response::new(crate::openapi::document_json().into());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/docs",
    tag = "ops",
    summary = "A page to browse this document (Scalar's viewer; its script loads from jsDelivr)",
    responses((status = 200, description = "HTML", content_type = "text/html")),
)]
pub async fn docs() -> ApiResult<Response> {
    let mut response = Response::new(crate::openapi::docs_html().into());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(crate::openapi::DOCS_CSP),
    );
    Ok(response)
}
