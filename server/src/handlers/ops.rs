//! Liveness and readiness.

use http::StatusCode;
use marquee_api::ops::{Check, Health, Readiness, ReadinessChecks};
use warp::Reply;

use crate::error::ApiResult;
use crate::state::AppState;

pub async fn healthz() -> ApiResult<impl Reply> {
    Ok(warp::reply::json(&Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}

/// Ready when the database answers and every migration compiled into this binary is applied.
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
        },
    };
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
