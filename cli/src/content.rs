//! Validation and normalisation rules for catalogue content, as plain functions over strings and
//! numbers: no I/O, no database. Importers and seeding call them; they are kept free of CLI types
//! so the server can share them once it accepts the same records (move this module to a shared
//! crate then, never copy it).

use std::fmt;

/// A rule a field broke: the stable rule name (for scripts reading the reject file) and what was
/// wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub rule: &'static str,
    pub message: String,
}

impl RuleError {
    pub fn new(rule: &'static str, message: impl Into<String>) -> RuleError {
        RuleError {
            rule,
            message: message.into(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.rule)
    }
}

impl std::error::Error for RuleError {}

pub type Rule<T> = Result<T, RuleError>;

/// A MovieLens title, "Godfather, The (1972)", split into a display title and a year:
/// the trailing "(YYYY)" becomes the year and a trailing article moves to the front
/// ("The Godfather"), in the main title and in an alternative title in parentheses. Titles
/// without a year ("Babylon 5") keep a `None` year.
pub fn movielens_title(raw: &str) -> Rule<(String, Option<i16>)> {
    let raw = raw.trim();
    let (title, year) = match raw.strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
        Some((head, y)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            (head.trim_end(), Some(year(y)?))
        }
        _ => (raw, None),
    };
    let title = article_first(title);
    if title.is_empty() {
        return Err(RuleError::new("title-empty", "the title is empty"));
    }
    Ok((title, year))
}

/// "Godfather, The" → "The Godfather"; also inside "City of Lost Children, The (Cité des
/// enfants perdus, La)", where each part is fixed on its own.
pub fn article_first(title: &str) -> String {
    const ARTICLES: [&str; 14] = [
        "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Der", "Die", "Das", "El", "Los", "Las",
    ];
    let fix = |part: &str| -> String {
        for article in ARTICLES {
            if let Some(head) = part
                .strip_suffix(article)
                .and_then(|h| h.strip_suffix(", "))
            {
                let sep = if article.ends_with('\'') { "" } else { " " };
                return format!("{article}{sep}{head}");
            }
        }
        part.to_owned()
    };
    match title.strip_suffix(')').and_then(|t| t.split_once(" (")) {
        Some((main, alt)) => format!("{} ({})", fix(main), fix(alt)),
        None => fix(title),
    }
}

/// The key two catalogues' titles are matched on: the main title (before an alternative title in
/// parentheses, article first), lowercased, letters and digits only. "The Godfather: Part II" and
/// "Godfather: Part II, The" both give "thegodfatherpartii".
pub fn title_key(title: &str) -> String {
    let fixed = article_first(title.trim());
    let main = fixed.split(" (").next().unwrap_or(&fixed);
    main.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn year(text: &str) -> Rule<i16> {
    let year: i16 = text
        .trim()
        .parse()
        .map_err(|_| RuleError::new("year-format", format!("year {text:?} is not a number")))?;
    marquee_server::rules::movie_year(year)
        .map_err(|broken| RuleError::new(broken.rule, format!("year {}", broken.message)))?;
    Ok(year)
}

/// Stars 0.5..=5.0 in half-star steps → `ratings.rating_half` 1..=10.
pub fn rating_half(stars: &str) -> Rule<i16> {
    let value: f64 = stars.trim().parse().map_err(|_| {
        RuleError::new("rating-format", format!("rating {stars:?} is not a number"))
    })?;
    let halves = value * 2.0;
    if !(1.0..=10.0).contains(&halves) || halves.fract() != 0.0 {
        return Err(RuleError::new(
            "rating-range",
            format!("rating {stars} is not one of 0.5, 1.0, … 5.0"),
        ));
    }
    // Exact: a whole number between 1 and 10.
    Ok(halves as i16)
}

/// Whole stars 1..=5 (the ml-100k and ml-1m ratings) → `ratings.rating_half` 2..=10.
pub fn whole_stars(stars: &str) -> Rule<i16> {
    match stars.trim().parse::<i16>() {
        Ok(n @ 1..=5) => Ok(n * 2),
        Ok(n) => Err(RuleError::new(
            "rating-range",
            format!("rating {n} is not one of 1, 2, 3, 4, 5"),
        )),
        Err(_) => Err(RuleError::new(
            "rating-format",
            format!("rating {stars:?} is not a whole number of stars"),
        )),
    }
}

/// A date like "01-Jan-1995" (ml-100k's release dates); empty is unknown.
pub fn day_month_year(text: &str) -> Rule<Option<chrono::NaiveDate>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date = chrono::NaiveDate::parse_from_str(text, "%d-%b-%Y").map_err(|_| {
        RuleError::new(
            "date-format",
            format!("date {text:?} is not like 01-Jan-1995"),
        )
    })?;
    year(&date.format("%Y").to_string())?;
    Ok(Some(date))
}

/// A date like "1995-10-30" (TMDB's release dates, our export).
pub fn iso_date(text: &str) -> Rule<chrono::NaiveDate> {
    let text = text.trim();
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        RuleError::new(
            "date-format",
            format!("date {text:?} is not like 1995-10-30"),
        )
    })?;
    year(&date.format("%Y").to_string())?;
    Ok(date)
}

/// Unix seconds → a timestamp (UTC); before 1995 (MovieLens started in 1995) is suspicious but
/// allowed, negative or unparsable is not.
pub fn unix_time(text: &str) -> Rule<chrono::NaiveDateTime> {
    let secs: i64 = text.trim().parse().map_err(|_| {
        RuleError::new(
            "timestamp-format",
            format!("timestamp {text:?} is not whole seconds"),
        )
    })?;
    if secs < 0 {
        return Err(RuleError::new(
            "timestamp-range",
            format!("timestamp {secs} is before 1970"),
        ));
    }
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.naive_utc())
        .ok_or_else(|| {
            RuleError::new(
                "timestamp-range",
                format!("timestamp {secs} is out of range"),
            )
        })
}

/// A positive whole number (ids, counts).
pub fn positive_id(text: &str, what: &str) -> Rule<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(RuleError::new(
            "id-format",
            format!("{what} {text:?} is not a positive whole number"),
        )),
    }
}

/// MovieLens' `imdbId` ("0114709") → IMDb's form ("tt0114709").
pub fn imdb_id(text: &str) -> Rule<String> {
    let digits = text.trim().trim_start_matches("tt");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::new(
            "imdb-id-format",
            format!("imdb id {text:?} is not digits"),
        ));
    }
    Ok(format!("tt{digits:0>7}"))
}

/// "142 min" → 142.
pub fn runtime_minutes(text: &str) -> Rule<i32> {
    let bad = || {
        RuleError::new(
            "runtime-format",
            format!("runtime {text:?} is not like \"142 min\""),
        )
    };
    let minutes: i32 = text
        .trim()
        .strip_suffix("min")
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    if minutes <= 0 {
        return Err(RuleError::new(
            "runtime-range",
            format!("runtime {minutes} is not positive"),
        ));
    }
    Ok(minutes)
}

/// "28,341,469" → 28341469 (US dollars); empty → none.
pub fn gross_usd(text: &str) -> Rule<Option<i64>> {
    let digits: String = text.trim().chars().filter(|c| *c != ',').collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| {
            RuleError::new(
                "gross-format",
                format!("gross {text:?} is not a whole number of dollars"),
            )
        })
}

/// An optional number within a range (IMDb rating, Metascore, votes).
pub fn optional_number<T>(
    text: &str,
    what: &str,
    range: std::ops::RangeInclusive<T>,
) -> Rule<Option<T>>
where
    T: std::str::FromStr + PartialOrd + fmt::Display,
{
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value: T = text
        .replace(',', "")
        .parse()
        .map_err(|_| RuleError::new("number-format", format!("{what} {text:?} is not a number")))?;
    if !range.contains(&value) {
        return Err(RuleError::new(
            "number-range",
            format!(
                "{what} {value} is outside {}..={}",
                range.start(),
                range.end()
            ),
        ));
    }
    Ok(Some(value))
}

/// A MovieLens tag or keyword as stored: trimmed, inner whitespace collapsed, lowercased, so one
/// concept is one `keywords` row.
pub fn keyword(text: &str) -> Rule<String> {
    let name = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if name.is_empty() {
        return Err(RuleError::new("tag-empty", "the tag is empty"));
    }
    Ok(name)
}

/// A genre's URL slug: "Sci-Fi" → "sci-fi", "Film-Noir" → "film-noir", "Science Fiction" →
/// "science-fiction".
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// A person's or genre's name: trimmed, not empty.
pub fn name(text: &str, rule: &'static str) -> Rule<String> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(RuleError::new(rule, "the name is empty"));
    }
    Ok(name)
}

/// How an import names a movie the catalogue already has: by one of its external ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MovieRef {
    /// "tt0114709"
    Imdb(String),
    /// "tmdb:862"
    Tmdb(i64),
    /// "movielens:1"
    MovieLens(i64),
}

impl fmt::Display for MovieRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MovieRef::Imdb(id) => write!(f, "IMDb id {id}"),
            MovieRef::Tmdb(id) => write!(f, "TMDB id {id}"),
            MovieRef::MovieLens(id) => write!(f, "MovieLens id {id}"),
        }
    }
}

/// `tt0114709`, `tmdb:862` or `movielens:1`.
pub fn movie_ref(text: &str) -> Rule<MovieRef> {
    let text = text.trim();
    let bad = || {
        RuleError::new(
            "movie-id-format",
            format!("movie {text:?} is not an IMDb id (tt0114709), tmdb:ID or movielens:ID"),
        )
    };
    if let Some(id) = text.strip_prefix("tmdb:") {
        return positive_id(id, "tmdb id")
            .map(MovieRef::Tmdb)
            .map_err(|_| bad());
    }
    if let Some(id) = text.strip_prefix("movielens:") {
        return positive_id(id, "movielens id")
            .map(MovieRef::MovieLens)
            .map_err(|_| bad());
    }
    if text.starts_with("tt") {
        return imdb_id(text).map(MovieRef::Imdb).map_err(|_| bad());
    }
    Err(bad())
}

/// An RFC 3339 time (`2026-11-28T15:00:00Z`, any offset) as UTC, to the microsecond (what both
/// databases store).
pub fn utc_time(text: &str, what: &str) -> Rule<chrono::NaiveDateTime> {
    use chrono::{DurationRound, TimeDelta};
    let t = chrono::DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
        RuleError::new(
            "time-format",
            format!("{what} {text:?} is not an RFC 3339 time such as 2026-11-28T15:00:00Z"),
        )
    })?;
    let utc = t.naive_utc();
    Ok(utc
        .duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(utc))
}

/// The password hash stored for accounts created by imports and synthetic seeding: bcrypt never
/// produces a string starting with `!`, so no password verifies against it (they cannot log in
/// until an admin resets the password).
pub const UNUSABLE_PASSWORD_HASH: &str = "!imported-no-login";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movielens_titles_split_year_and_move_articles() {
        assert_eq!(
            movielens_title("Toy Story (1995)").unwrap(),
            ("Toy Story".into(), Some(1995))
        );
        assert_eq!(
            movielens_title("Godfather, The (1972)").unwrap(),
            ("The Godfather".into(), Some(1972))
        );
        assert_eq!(
            movielens_title("City of Lost Children, The (Cité des enfants perdus, La) (1995)")
                .unwrap(),
            (
                "The City of Lost Children (La Cité des enfants perdus)".into(),
                Some(1995)
            )
        );
        assert_eq!(
            movielens_title("Babylon 5").unwrap(),
            ("Babylon 5".into(), None)
        );
        assert_eq!(movielens_title("Ready Player One ").unwrap().1, None);
        assert_eq!(movielens_title(" (1999)").unwrap_err().rule, "title-empty");
        assert_eq!(
            movielens_title("Old (1066)").unwrap_err().rule,
            "year-range"
        );
    }

    #[test]
    fn title_keys_match_across_catalogues() {
        assert_eq!(
            title_key("Godfather: Part II, The"),
            title_key("The Godfather: Part II")
        );
        assert_eq!(title_key("Seven (a.k.a. Se7en)"), "seven");
        assert_ne!(title_key("Alien"), title_key("Aliens"));
    }

    #[test]
    fn ratings_are_half_stars() {
        assert_eq!(rating_half("0.5").unwrap(), 1);
        assert_eq!(rating_half("4.0").unwrap(), 8);
        assert_eq!(rating_half("5").unwrap(), 10);
        assert_eq!(rating_half("4.3").unwrap_err().rule, "rating-range");
        assert_eq!(rating_half("0").unwrap_err().rule, "rating-range");
        assert_eq!(rating_half("five").unwrap_err().rule, "rating-format");
    }

    #[test]
    fn movie_refs_and_times_parse() {
        assert_eq!(
            movie_ref("tt0114709").unwrap(),
            MovieRef::Imdb("tt0114709".into())
        );
        assert_eq!(movie_ref("tmdb:862").unwrap(), MovieRef::Tmdb(862));
        assert_eq!(movie_ref("movielens:1").unwrap(), MovieRef::MovieLens(1));
        assert_eq!(movie_ref("862").unwrap_err().rule, "movie-id-format");
        assert_eq!(movie_ref("tmdb:x").unwrap_err().rule, "movie-id-format");
        assert_eq!(
            utc_time("2026-11-28T16:00:00+01:00", "kickoff_at")
                .unwrap()
                .to_string(),
            "2026-11-28 15:00:00"
        );
        assert_eq!(
            utc_time("28/11/2026", "kickoff_at").unwrap_err().rule,
            "time-format"
        );
    }

    #[test]
    fn imdb_fields_parse() {
        assert_eq!(runtime_minutes("142 min").unwrap(), 142);
        assert_eq!(runtime_minutes("142").unwrap_err().rule, "runtime-format");
        assert_eq!(gross_usd("28,341,469").unwrap(), Some(28_341_469));
        assert_eq!(gross_usd("").unwrap(), None);
        assert_eq!(imdb_id("0114709").unwrap(), "tt0114709");
        assert_eq!(imdb_id("114709").unwrap(), "tt0114709");
        assert_eq!(slug("Sci-Fi"), "sci-fi");
        assert_eq!(keyword("  Dark   Comedy ").unwrap(), "dark comedy");
        assert_eq!(
            optional_number::<f64>("11", "rating", 0.0..=10.0)
                .unwrap_err()
                .rule,
            "number-range"
        );
    }
}
