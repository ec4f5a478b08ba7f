//! The error envelope every failing response carries:
//! `{"error": {"code": "snake_case_code", "message": "human sentence", "details": {...}}}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable (`not_found`, `validation_failed`, `rate_limited`, …).
    pub code: String,
    /// A sentence for people: what was wrong and what to do.
    pub message: String,
    /// Structured extras, e.g. `{"fields": {"email": "must be a valid address"}}` on 400s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    /// The request's `x-request-id` (also a response header): quote it when reporting a
    /// problem, it is in every log line of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
