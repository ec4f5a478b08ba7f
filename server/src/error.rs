//! The one error type of every handler, and the translation of everything else into it.
//!
//! Policy (after the Rust registry's backend): business failures are `ApiError` *replies* built
//! by handlers; Diesel `NotFound` → 404, unique violation → 409, pool timeout → 503; anything
//! unexpected is logged with its cause and answered with a bare 500 that shows no internals.
//! warp's own rejections (unknown route, wrong method, bad JSON, body too large, wrong content
//! type) are translated by [`recover`].

use std::convert::Infallible;
use std::fmt;

use http::StatusCode;
use marquee_api::{ErrorBody, ErrorDetail};
use serde_json::{Value, json};
use warp::Reply;
use warp::reply::Response;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
    /// Extra response headers (e.g. `Retry-After` on 429/503).
    pub headers: Vec<(http::HeaderName, String)>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
            headers: Vec::new(),
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn with_header(mut self, name: http::HeaderName, value: impl fmt::Display) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// A 400 naming each bad field and the rule it broke: `{"fields": {"email": "…"}}`.
    pub fn validation(fields: impl IntoIterator<Item = (String, String)>) -> Self {
        let fields: serde_json::Map<String, Value> = fields
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let message = format!("invalid value for {}", names.join(", "));
        Self::new(StatusCode::BAD_REQUEST, "validation_failed", message)
            .with_details(json!({ "fields": fields }))
    }

    pub fn unavailable(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
            .with_header(http::header::RETRY_AFTER, 1)
    }

    /// Logs `cause` and returns a 500 that says nothing about it.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "something went wrong on our side; it has been logged (quote the x-request-id header when reporting it)",
        )
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message.clone(),
                details: self.details.clone(),
                request_id: crate::http::current_request_id(),
            },
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl Reply for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            warp::reply::with_status(warp::reply::json(&self.body()), self.status).into_response();
        for (name, value) in self.headers {
            if let Ok(value) = http::HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => ApiError::not_found("resource"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "a resource with these values already exists",
            ),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                tracing::warn!(error = info.message(), "database connection closed");
                ApiError::unavailable(
                    "database_unavailable",
                    "the database is not reachable; retry shortly",
                )
            }
            // PostgreSQL's `statement_timeout` (SQLSTATE 57014, which Diesel does not classify).
            Error::DatabaseError(_, info) if info.message().contains("statement timeout") => {
                tracing::warn!(error = info.message(), "statement cancelled by the timeout");
                ApiError::unavailable(
                    "database_timeout",
                    "the database took too long to answer; retry shortly",
                )
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<marquee_db::PoolError> for ApiError {
    fn from(err: marquee_db::PoolError) -> Self {
        tracing::warn!(error = %err, "no database connection available");
        ApiError::unavailable(
            "database_unavailable",
            "no database connection became available in time; retry shortly",
        )
    }
}

/// A panic's message (a `&str` or `String` payload), for the log.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic payload")
}

/// Turns a handler's result into a response: success and business failure are both replies.
pub fn respond<T: Reply>(result: ApiResult<T>) -> Response {
    match result {
        Ok(reply) => reply.into_response(),
        Err(err) => err.into_response(),
    }
}

/// The one rejection of our own: a spent per-address budget, raised before any route runs (so no
/// other route's rejection can mask it) and answered 429 by [`recover`].
#[derive(Debug)]
pub struct RateLimited(pub std::time::Duration);

impl warp::reject::Reject for RateLimited {}

/// Translates warp's rejections into the JSON envelope. Our own handlers never reject.
pub async fn recover(rejection: warp::Rejection) -> Result<Response, Infallible> {
    use warp::reject;
    let err = if let Some(RateLimited(wait)) = rejection.find::<RateLimited>() {
        crate::auth::too_many("rate_limited", "too many requests from this address", *wait)
    } else if let Some(e) = rejection.find::<warp::filters::cors::CorsForbidden>() {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "cors_forbidden",
            format!("cross-origin request refused: {e}"),
        )
    } else if rejection.is_not_found() {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such route; see /api/openapi.json",
        )
    } else if let Some(e) = rejection.find::<warp::filters::body::BodyDeserializeError>() {
        let cause = std::error::Error::source(e)
            .map(ToString::to_string)
            .unwrap_or_default();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("request body is not valid JSON for this route: {cause}"),
        )
    } else if rejection.find::<reject::PayloadTooLarge>().is_some() {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "request body is larger than this server accepts",
        )
    } else if rejection.find::<reject::UnsupportedMediaType>().is_some() {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as JSON with `Content-Type: application/json`",
        )
    } else if rejection.find::<reject::LengthRequired>().is_some() {
        ApiError::new(
            StatusCode::LENGTH_REQUIRED,
            "length_required",
            "send a Content-Length header with the request body",
        )
    } else if let Some(e) = rejection.find::<reject::InvalidQuery>() {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            format!("invalid query string: {e}"),
        )
    } else if let Some(e) = rejection.find::<reject::MissingHeader>() {
        ApiError::new(StatusCode::BAD_REQUEST, "missing_header", e.to_string())
    } else if let Some(e) = rejection.find::<reject::InvalidHeader>() {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_header", e.to_string())
    } else if rejection.find::<reject::MethodNotAllowed>().is_some() {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this route does not accept that HTTP method",
        )
    } else {
        ApiError::internal(format!("unhandled rejection: {rejection:?}"))
    };
    Ok(err.into_response())
}
