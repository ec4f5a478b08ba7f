//! Trailer playback: a trailer with its renditions and subtitle tracks, and playback events
//! recorded as analytics.

use diesel::prelude::*;

use crate::DbConn;
use crate::models::{NewAnalyticsEvent, Trailer, TrailerRendition};
use crate::schema::{analytics_events, languages, trailer_renditions, trailer_subtitles, trailers};

/// A subtitle track with its language code.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct SubtitleRow {
    pub language: String,
    pub format: String,
    pub location: String,
}

/// A trailer with what playing it needs.
pub type Playable = (Trailer, Vec<TrailerRendition>, Vec<SubtitleRow>);

/// The trailer, its renditions (lowest id first) and its subtitle tracks; `None` when it does
/// not exist. Three statements.
pub fn playable(conn: &mut DbConn, trailer_id: i64) -> QueryResult<Option<Playable>> {
    let Some(trailer) = trailers::table
        .find(trailer_id)
        .select(Trailer::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let renditions = trailer_renditions::table
        .filter(trailer_renditions::trailer_id.eq(trailer_id))
        .order(trailer_renditions::id)
        .select(TrailerRendition::as_select())
        .load(conn)?;
    let subtitles = trailer_subtitles::table
        .inner_join(languages::table)
        .filter(trailer_subtitles::trailer_id.eq(trailer_id))
        .order((languages::code, trailer_subtitles::format))
        .select((
            languages::code,
            trailer_subtitles::format,
            trailer_subtitles::location,
        ))
        .load(conn)?;
    Ok(Some((trailer, renditions, subtitles)))
}

/// The movie a trailer belongs to.
pub fn movie_of(conn: &mut DbConn, trailer_id: i64) -> QueryResult<Option<i64>> {
    trailers::table
        .find(trailer_id)
        .select(trailers::movie_id)
        .first(conn)
        .optional()
}

/// Records an analytics event; `false` (and nothing written) when its profile recorded its
/// `client_event_id` before, so a client retrying records each event once. Run it in a write
/// transaction: the check and the insert must see the same state.
pub fn record_event(conn: &mut DbConn, event: &NewAnalyticsEvent<'_>) -> QueryResult<bool> {
    if let Some(id) = event.client_event_id {
        let seen = crate::queries::analytics::seen_client_ids(conn, event.profile_id, &[id])?;
        if !seen.is_empty() {
            return Ok(false);
        }
    }
    diesel::insert_into(analytics_events::table)
        .values(event)
        .execute(conn)?;
    Ok(true)
}
