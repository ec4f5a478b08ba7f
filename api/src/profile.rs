//! `/api/v1/profiles*` bodies: viewing profiles and their preferences.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub is_kids: bool,
    /// Highest minimum age of titles this profile sees; `None`: no limit.
    pub maturity_limit: Option<i16>,
    pub created_at: DateTime<Utc>,
}

/// `POST /profiles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewProfile {
    pub name: String,
    #[serde(default)]
    pub is_kids: bool,
    #[serde(default)]
    pub maturity_limit: Option<i16>,
}

/// `PATCH /profiles/{id}`: absent fields stay; `"maturity_limit": null` removes the limit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProfilePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_kids: Option<bool>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub maturity_limit: Option<Option<i16>>,
}

/// Tells "absent" (`None`) from "null" (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i16>>, D::Error> {
    Option::<i16>::deserialize(d).map(Some)
}

/// `GET/PUT /profiles/{id}/preferences`: genres by slug, languages by code (ISO 639), country by
/// ISO 3166-1 alpha-2 code, IANA time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Preferences {
    #[serde(default)]
    pub genres: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub maturity_limit: Option<i16>,
    /// 0 = safe recommendations, 100 = adventurous.
    #[serde(default = "default_diversity")]
    pub diversity: i16,
    #[serde(default = "default_true")]
    pub autoplay_trailers: bool,
}

fn default_diversity() -> i16 {
    50
}

fn default_true() -> bool {
    true
}
