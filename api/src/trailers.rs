//! Trailer playback: `POST /api/v1/trailers/{id}/play?quality=` hands out a signed, expiring
//! stream URL; `POST /api/v1/trailers/{id}/events` records start, progress and completion.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Rendition qualities, lowest first (the `trailer_renditions.quality` check).
pub const QUALITIES: &[&str] = &["360p", "480p", "720p", "1080p", "2160p"];

/// Rendition formats (the `trailer_renditions.format` check).
pub const RENDITION_FORMATS: &[&str] = &["mp4", "hls"];

/// Subtitle formats (the `trailer_subtitles.format` check).
pub const SUBTITLE_FORMATS: &[&str] = &["vtt", "srt"];

/// Trailer kinds (the `trailers.kind` check).
pub const TRAILER_KINDS: &[&str] = &[
    "trailer",
    "teaser",
    "clip",
    "featurette",
    "behind_the_scenes",
];

/// The answer to `play`: where to stream the chosen rendition from, until `expires_at`.
///
/// The URL is the credential, bound to the caller's session: a player opens it without any
/// header while that session lives (403 `session_ended` once it is signed out, expired or
/// revoked); a request that carries a bearer token of another session gets 403 `wrong_session`;
/// `url_expired` after `expires_at`, `bad_signature` when any part of it was changed. For HLS the signature covers the playlist's directory, so the segments the
/// playlist names (relative URLs) are served with the same token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StreamUrl {
    pub trailer_id: i64,
    pub rendition_id: i64,
    pub quality: String,
    /// `mp4` or `hls`.
    pub format: String,
    pub url: String,
    pub expires_at: DateTime<Utc>,
    pub duration_seconds: Option<i32>,
    /// Subtitle tracks, signed the same way.
    pub subtitles: Vec<SubtitleTrack>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SubtitleTrack {
    /// ISO 639 code ("en").
    pub language: String,
    /// `vtt` or `srt`.
    pub format: String,
    pub url: String,
}

/// What happened in the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaybackEventKind {
    Start,
    Progress,
    Complete,
}

impl PlaybackEventKind {
    /// The `analytics_events.kind` it is recorded as.
    pub fn analytics_kind(self) -> &'static str {
        match self {
            PlaybackEventKind::Start => "trailer_start",
            PlaybackEventKind::Progress => "trailer_progress",
            PlaybackEventKind::Complete => "trailer_complete",
        }
    }
}

/// `POST /api/v1/trailers/{id}/events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlaybackEventInput {
    /// The watching profile (must belong to the caller).
    pub profile_id: i64,
    pub event: PlaybackEventKind,
    #[serde(default)]
    pub position_seconds: Option<i32>,
    /// A client-generated id (UUID): a retried event is recorded once.
    #[serde(default)]
    pub client_event_id: Option<String>,
}

/// The recorded event; `duplicate` when `client_event_id` had been recorded before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlaybackEventRecorded {
    pub trailer_id: i64,
    pub movie_id: i64,
    pub event: PlaybackEventKind,
    pub duplicate: bool,
}

/// `POST /admin/trailers`: a trailer of a movie with its renditions (the rules of
/// `marqueectl import trailers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrailerInput {
    pub movie_id: i64,
    pub title: String,
    /// One of [`TRAILER_KINDS`]; `trailer` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// An ISO 639 code the catalogue knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub renditions: Vec<RenditionInput>,
}

/// One encoding of a new trailer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenditionInput {
    /// One of [`QUALITIES`].
    pub quality: String,
    /// One of [`RENDITION_FORMATS`].
    pub format: String,
    /// A path under the media directory (`toy-story/1080/index.m3u8`) or an http(s) URL.
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i32>,
}

/// `DELETE /admin/trailers/{id}`: what was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrailerDeleted {
    pub id: i64,
    pub movie_id: i64,
    pub title: String,
}

/// `PATCH /admin/trailers/{id}`: only the fields given change. Renditions are either replaced
/// (`renditions`) or edited in place (`remove_renditions` by id, then `add_renditions`); the
/// trailer keeps at least one, and one per quality and format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrailerEdit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One of [`TRAILER_KINDS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// An ISO 639 code the catalogue knows; `""` removes the language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Replaces every rendition (not with `remove_renditions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renditions: Option<Vec<RenditionInput>>,
    /// Renditions added (after the removals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_renditions: Vec<RenditionInput>,
    /// Ids of the trailer's renditions to remove.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_renditions: Vec<i64>,
}

/// `POST /admin/trailers/{id}/subtitles`: a subtitle track (one per language and format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubtitleInput {
    /// An ISO 639 code the catalogue knows.
    pub language: String,
    /// One of [`SUBTITLE_FORMATS`]; `vtt` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// A path under the media directory (`toy-story/en.vtt`) or an http(s) URL.
    pub location: String,
}

/// A trailer as administrators see it (`GET`/`PATCH /admin/trailers/{id}`, the subtitle
/// routes): with where each file is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminTrailer {
    pub id: i64,
    pub movie_id: i64,
    pub title: String,
    pub kind: String,
    /// ISO 639 code of the spoken language, when known.
    pub language: Option<String>,
    pub renditions: Vec<AdminRendition>,
    /// By language and format.
    pub subtitles: Vec<AdminSubtitle>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminRendition {
    pub id: i64,
    pub quality: String,
    pub format: String,
    pub location: String,
    pub duration_seconds: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminSubtitle {
    pub id: i64,
    /// ISO 639 code.
    pub language: String,
    /// `vtt` or `srt`.
    pub format: String,
    pub location: String,
}
