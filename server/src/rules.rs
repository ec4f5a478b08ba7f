//! The validation rules of movie, sports and trailer content, as plain functions over values: no
//! I/O, no HTTP. The admin handlers, `marqueectl movies` and `marqueectl import` all call them, so a value the API refuses
//! is refused by an import with the same words (one copy of each rule).
//!
//! A broken rule is a [`Broken`]: a stable rule name (what scripts read in a reject file), the
//! message, and the accepted values when there is a closed list.

use marquee_api::sports::{EVENT_KINDS, MATCH_STATUSES, SPORTS};
use marquee_api::trailers::{QUALITIES, RENDITION_FORMATS, SUBTITLE_FORMATS, TRAILER_KINDS};

use crate::media;

/// Highest plausible score.
pub const MAX_SCORE: i16 = 999;
/// Highest plausible match minute (extra time and stoppages included).
pub const MAX_MINUTE: i16 = 300;
/// Longest title or detail text, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Years `movies.year` accepts (the migration's CHECK).
pub const MOVIE_YEARS: std::ops::RangeInclusive<i16> = 1870..=2200;
/// Longest movie overview, in characters.
pub const MAX_OVERVIEW_CHARS: usize = 10_000;

/// A rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Stable name of the rule (`status-unknown`, `score-range`…).
    pub rule: &'static str,
    /// What is wrong, in words.
    pub message: String,
    /// The accepted values, when the rule is a closed list.
    pub accepted: Option<&'static [&'static str]>,
}

impl Broken {
    fn new(rule: &'static str, message: impl Into<String>) -> Broken {
        Broken {
            rule,
            message: message.into(),
            accepted: None,
        }
    }

    fn one_of(
        rule: &'static str,
        what: &str,
        value: &str,
        list: &'static [&'static str],
    ) -> Broken {
        Broken {
            rule,
            message: format!("unknown {what} `{value}`; accepted: {}", list.join(", ")),
            accepted: Some(list),
        }
    }
}

pub type Checked<T> = Result<T, Broken>;

fn one_of(
    rule: &'static str,
    what: &str,
    value: &str,
    list: &'static [&'static str],
) -> Checked<()> {
    if list.contains(&value) {
        Ok(())
    } else {
        Err(Broken::one_of(rule, what, value, list))
    }
}

/// A match status (`scheduled`, `live`…).
pub fn match_status(status: &str) -> Checked<()> {
    one_of("status-unknown", "status", status, MATCH_STATUSES)
}

/// A team's score: 0 to [`MAX_SCORE`].
pub fn score(value: i16) -> Checked<()> {
    if (0..=MAX_SCORE).contains(&value) {
        Ok(())
    } else {
        Err(Broken::new(
            "score-range",
            format!("must be from 0 to {MAX_SCORE}"),
        ))
    }
}

/// A match minute or stoppage minute: 0 to [`MAX_MINUTE`].
pub fn minute(value: i16) -> Checked<()> {
    if (0..=MAX_MINUTE).contains(&value) {
        Ok(())
    } else {
        Err(Broken::new(
            "minute-range",
            format!("must be from 0 to {MAX_MINUTE}"),
        ))
    }
}

/// A match event kind (`goal`, `yellow_card`, `substitution`…).
pub fn event_kind(kind: &str) -> Checked<()> {
    one_of("event-kind-unknown", "event kind", kind, EVENT_KINDS)
}

/// An event's free-text detail: trimmed, empty means none, at most [`MAX_TITLE_CHARS`].
pub fn detail(text: Option<&str>) -> Checked<Option<String>> {
    let text = text.map(str::trim).filter(|d| !d.is_empty());
    if text.is_some_and(|d| d.chars().count() > MAX_TITLE_CHARS) {
        return Err(Broken::new(
            "detail-length",
            format!("must be at most {MAX_TITLE_CHARS} characters"),
        ));
    }
    Ok(text.map(str::to_owned))
}

/// A highlight's or trailer's title: trimmed, 1 to [`MAX_TITLE_CHARS`] characters.
pub fn title(text: &str) -> Checked<String> {
    let title = text.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(Broken::new(
            "title-length",
            format!("must be 1 to {MAX_TITLE_CHARS} characters"),
        ));
    }
    Ok(title.to_owned())
}

/// A movie's year, within [`MOVIE_YEARS`].
pub fn movie_year(year: i16) -> Checked<()> {
    if MOVIE_YEARS.contains(&year) {
        Ok(())
    } else {
        Err(Broken::new(
            "year-range",
            format!(
                "{year} is outside {}..={}",
                MOVIE_YEARS.start(),
                MOVIE_YEARS.end()
            ),
        ))
    }
}

/// Free text such as an overview or tagline: trimmed, empty is none, at most `max` characters.
pub fn text(text: &str, max: usize) -> Checked<Option<String>> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(Broken::new(
            "text-length",
            format!("must be at most {max} characters"),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// An absolute `http://` or `https://` URL (highlights, thumbnails, logos).
pub fn http_url(url: &str) -> Checked<()> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(())
    } else {
        Err(Broken::new(
            "url-scheme",
            "must be an http:// or https:// URL",
        ))
    }
}

/// A duration: a positive number of seconds.
pub fn duration_seconds(value: i32) -> Checked<()> {
    if value > 0 {
        Ok(())
    } else {
        Err(Broken::new(
            "duration-range",
            "must be a positive number of seconds",
        ))
    }
}

/// A trailer kind (`trailer`, `teaser`…).
pub fn trailer_kind(kind: &str) -> Checked<()> {
    one_of("trailer-kind-unknown", "trailer kind", kind, TRAILER_KINDS)
}

/// A rendition quality (`360p` … `2160p`).
pub fn quality(quality: &str) -> Checked<()> {
    one_of("quality-unknown", "quality", quality, QUALITIES)
}

/// A rendition format (`mp4`, `hls`).
pub fn rendition_format(format: &str) -> Checked<()> {
    one_of("format-unknown", "format", format, RENDITION_FORMATS)
}

/// A subtitle format (`vtt`, `srt`).
pub fn subtitle_format(format: &str) -> Checked<()> {
    one_of(
        "format-unknown",
        "subtitle format",
        format,
        SUBTITLE_FORMATS,
    )
}

/// Where a rendition or subtitle file is: an absolute http(s) URL, or a clean path relative to
/// the media directory (see [`media::Location`]; the same check the server makes before
/// signing it).
pub fn media_location(location: &str) -> Checked<()> {
    media::Location::parse(location).map(|_| ()).ok_or_else(|| {
        Broken::new(
            "location-invalid",
            format!(
                "{location:?} is neither an http(s) URL nor a relative path inside the media \
                 directory (no leading /, no empty, `.` or `..` segments, no backslashes)"
            ),
        )
    })
}

/// A positive whole number (sizes in bytes may be 0).
pub fn positive(value: i64, what: &'static str) -> Checked<()> {
    if value > 0 {
        Ok(())
    } else {
        Err(Broken::new(
            "number-range",
            format!("{what} must be positive"),
        ))
    }
}

/// An ISO 639 language code as stored: 2 or 3 lowercase ASCII letters.
pub fn language_code(code: &str) -> Checked<()> {
    if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(Broken::new(
            "language-format",
            format!("language {code:?} is not an ISO 639 code such as \"en\" or \"yue\""),
        ))
    }
}

/// A league's sport (`football`, `basketball`…).
pub fn sport(sport: &str) -> Checked<()> {
    one_of("sport-unknown", "sport", sport, SPORTS)
}

/// A URL slug: lowercase letters, digits and single dashes (`premier-league`).
pub fn slug(slug: &str) -> Checked<()> {
    let ok = !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(Broken::new(
            "slug-format",
            format!("slug {slug:?} must be lowercase letters and digits joined by single dashes"),
        ))
    }
}

/// A name (team, player, league): trimmed, 1 to [`MAX_TITLE_CHARS`] characters.
pub fn name(text: &str) -> Checked<String> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > MAX_TITLE_CHARS {
        return Err(Broken::new(
            "name-length",
            format!("must be 1 to {MAX_TITLE_CHARS} characters"),
        ));
    }
    Ok(name)
}

/// A shirt number: 0 to 999 (the `players.shirt_number` check).
pub fn shirt_number(value: i16) -> Checked<()> {
    if (0..=999).contains(&value) {
        Ok(())
    } else {
        Err(Broken::new("shirt-number-range", "must be from 0 to 999"))
    }
}
