//! `marqueectl import trailers FILE`: trailers with their renditions and subtitle tracks, for
//! movies the catalogue already has (see [`FORMATS_HELP`] for both layouts).
//!
//! Natural keys: a trailer is (movie, title); a rendition (trailer, quality, format); a subtitle
//! track (trailer, language, format). A key already stored is updated when its values differ and
//! skipped when they are equal; nothing is deleted (a rendition missing from the file stays).
//! Values go through the server's own rules ([`marquee_server::rules`]): the same qualities,
//! formats and kinds, and the same location check the server makes before signing a URL (an
//! http(s) URL, or a path inside the media directory: no `..`, no leading `/`). Languages are
//! created from their ISO 639 code when missing.

use std::collections::HashSet;
use std::path::PathBuf;

use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::models::{NewTrailer, NewTrailerRendition, NewTrailerSubtitle};
use marquee_db::schema::{movie_external_ids, trailer_renditions, trailer_subtitles, trailers};
use marquee_server::rules;
use serde::Deserialize;

use super::store;
use super::{Common, Field, FileFormat, Located, Position, Session, broken};
use crate::content::{self, RuleError};
use crate::context::Context;

pub const FORMATS_HELP: &str = "\
Formats (chosen by the extension, .csv or .jsonl, or by --format):

JSON Lines, one trailer per line:
  {\"movie\": \"tt0114709\", \"title\": \"Official Trailer\", \"kind\": \"trailer\", \"language\": \"en\",
   \"published_at\": \"2024-05-01T12:00:00Z\",
   \"renditions\": [{\"quality\": \"1080p\", \"format\": \"hls\", \"location\": \"toy-story/1080/index.m3u8\",
                   \"duration_seconds\": 150, \"size_bytes\": 52428800, \"bitrate_kbps\": 5000}],
   \"subtitles\": [{\"language\": \"fr\", \"format\": \"vtt\", \"location\": \"toy-story/fr.vtt\"}]}

CSV, one rendition per row (rows of one trailer repeat its movie and title):
  movie,title,kind,language,published_at,quality,format,location,duration_seconds,
  size_bytes,bitrate_kbps,subtitles (one header line)
  subtitles: LANG:FORMAT:LOCATION entries separated by |, e.g. en:vtt:ts/en.vtt|fr:srt:ts/fr.srt

movie: an IMDb id (tt0114709), tmdb:862 or movielens:1, of a movie already imported.
kind: trailer (default), teaser, clip, featurette, behind_the_scenes.
quality: 360p, 480p, 720p, 1080p, 2160p. format: mp4, hls. subtitle format: vtt (default), srt.
location: an http(s) URL, or a path relative to the server's media directory.";

const COLUMNS: [&str; 12] = [
    "movie",
    "title",
    "kind",
    "language",
    "published_at",
    "quality",
    "format",
    "location",
    "duration_seconds",
    "size_bytes",
    "bitrate_kbps",
    "subtitles",
];

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// The trailers file (.csv or .jsonl)
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    file: PathBuf,

    /// The file's layout [default: from the extension]
    #[arg(long, value_enum)]
    format: Option<FileFormat>,

    #[command(flatten)]
    common: Common,
}

/// One line of the JSON Lines layout, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrailerLine {
    movie: String,
    title: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    renditions: Vec<RenditionLine>,
    #[serde(default)]
    subtitles: Vec<SubtitleLine>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenditionLine {
    quality: String,
    format: String,
    location: String,
    #[serde(default)]
    duration_seconds: Option<i32>,
    #[serde(default)]
    size_bytes: Option<i64>,
    #[serde(default)]
    bitrate_kbps: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubtitleLine {
    language: String,
    #[serde(default)]
    format: Option<String>,
    location: String,
}

/// A checked trailer.
struct Trailer {
    movie: content::MovieRef,
    title: String,
    kind: String,
    language: Option<String>,
    published_at: Option<chrono::NaiveDateTime>,
    renditions: Vec<RenditionLine>,
    subtitles: Vec<(String, String, String)>,
}

/// A rule broken at a JSON path (`renditions[0].quality`).
type Rejected = (String, RuleError);

fn at(path: impl Into<String>) -> impl FnOnce(RuleError) -> Rejected {
    let path = path.into();
    move |e| (path, e)
}

fn check(path: impl Into<String>, checked: rules::Checked<()>) -> Result<(), Rejected> {
    checked.map_err(|b| (path.into(), broken(b)))
}

/// Applies every rule to a trailer as written (both layouts end here).
fn checked(line: TrailerLine) -> Result<Trailer, Rejected> {
    let movie = content::movie_ref(&line.movie).map_err(at("movie"))?;
    let title = rules::title(&line.title).map_err(|b| ("title".to_owned(), broken(b)))?;
    let kind = line.kind.unwrap_or_else(|| "trailer".to_owned());
    check("kind", rules::trailer_kind(&kind))?;
    if let Some(code) = &line.language {
        check("language", rules::language_code(code))?;
    }
    let published_at = line
        .published_at
        .as_deref()
        .map(|t| content::utc_time(t, "published_at"))
        .transpose()
        .map_err(at("published_at"))?;
    for (i, r) in line.renditions.iter().enumerate() {
        let path = |f: &str| format!("renditions[{i}].{f}");
        check(path("quality"), rules::quality(&r.quality))?;
        check(path("format"), rules::rendition_format(&r.format))?;
        check(path("location"), rules::media_location(&r.location))?;
        if let Some(d) = r.duration_seconds {
            check(path("duration_seconds"), rules::duration_seconds(d))?;
        }
        if let Some(b) = r.bitrate_kbps {
            check(
                path("bitrate_kbps"),
                rules::positive(b.into(), "bitrate_kbps"),
            )?;
        }
        if r.size_bytes.is_some_and(|s| s < 0) {
            return Err((
                path("size_bytes"),
                RuleError::new("number-range", "size_bytes must not be negative"),
            ));
        }
    }
    let mut subtitles = Vec::new();
    for (i, s) in line.subtitles.into_iter().enumerate() {
        let path = |f: &str| format!("subtitles[{i}].{f}");
        check(path("language"), rules::language_code(&s.language))?;
        let format = s.format.unwrap_or_else(|| "vtt".to_owned());
        check(path("format"), rules::subtitle_format(&format))?;
        check(path("location"), rules::media_location(&s.location))?;
        subtitles.push((s.language, format, s.location));
    }
    Ok(Trailer {
        movie,
        title,
        kind,
        language: line.language,
        published_at,
        renditions: line.renditions,
        subtitles,
    })
}

/// The CSV column a JSON path of a one-rendition trailer comes from.
fn column(path: &str) -> (usize, &'static str) {
    let leaf = if path.starts_with("subtitles") {
        "subtitles"
    } else {
        path.rsplit('.').next().unwrap_or(path)
    };
    COLUMNS
        .iter()
        .position(|c| *c == leaf)
        .map_or((1, COLUMNS[0]), |i| (i + 1, COLUMNS[i]))
}

/// A CSV row as a one-rendition trailer line.
fn csv_line(f: &csv::StringRecord) -> Result<TrailerLine, Rejected> {
    let text =
        |i: usize| Some(f.get(i).unwrap_or_default().trim().to_owned()).filter(|t| !t.is_empty());
    let number = |i: usize| -> Result<Option<i64>, Rejected> {
        text(i)
            .map(|t| {
                t.parse::<i64>().map_err(|_| {
                    (
                        format!("renditions[0].{}", COLUMNS[i]),
                        RuleError::new(
                            "number-format",
                            format!("{} {t:?} is not a whole number", COLUMNS[i]),
                        ),
                    )
                })
            })
            .transpose()
    };
    let narrow = |i: usize, v: Option<i64>| -> Result<Option<i32>, Rejected> {
        v.map(|v| {
            i32::try_from(v).map_err(|_| {
                (
                    format!("renditions[0].{}", COLUMNS[i]),
                    RuleError::new("number-range", format!("{} {v} is too large", COLUMNS[i])),
                )
            })
        })
        .transpose()
    };
    let renditions = match (text(5), text(6), text(7)) {
        (None, None, None) => Vec::new(),
        (quality, format, location) => vec![RenditionLine {
            quality: quality.unwrap_or_default(),
            format: format.unwrap_or_default(),
            location: location.unwrap_or_default(),
            duration_seconds: narrow(8, number(8)?)?,
            size_bytes: number(9)?,
            bitrate_kbps: narrow(10, number(10)?)?,
        }],
    };
    let mut subtitles = Vec::new();
    for (i, entry) in text(11).unwrap_or_default().split('|').enumerate() {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let mut parts = entry.splitn(3, ':');
        let (Some(language), Some(format), Some(location)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err((
                format!("subtitles[{i}]"),
                RuleError::new(
                    "subtitle-format",
                    format!("subtitle {entry:?} is not LANG:FORMAT:LOCATION (en:vtt:path/en.vtt)"),
                ),
            ));
        };
        subtitles.push(SubtitleLine {
            language: language.to_owned(),
            format: Some(format.to_owned()),
            location: location.to_owned(),
        });
    }
    Ok(TrailerLine {
        movie: text(0).unwrap_or_default(),
        title: f.get(1).unwrap_or_default().to_owned(),
        kind: text(2),
        language: text(3),
        published_at: text(4),
        renditions,
        subtitles,
    })
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let format = FileFormat::of(&opts.file, opts.format)?;
    let path = opts.file;
    super::execute(ctx, "trailers", &opts.common, |conn, session| {
        let (name, items) = match format {
            FileFormat::Jsonl => super::read_json_lines(session, &path, "trailers", |v| {
                super::from_json::<TrailerLine>(v).and_then(checked)
            })?,
            FileFormat::Csv => super::read_csv_records(
                session,
                &path,
                &COLUMNS,
                "trailers",
                |f| csv_line(f).and_then(checked),
                column,
            )?,
        };
        // Where an unknown movie is blamed: the column, or the JSON field.
        let movie_field = match format {
            FileFormat::Csv => Field::Column(1, COLUMNS[0]),
            FileFormat::Jsonl => Field::Path("movie"),
        };
        let mut seen = HashSet::new();
        super::write_batches(conn, session, &name, &items, |conn, s, item| {
            let at = Position {
                file: &name,
                line: item.line,
                field: Some(movie_field),
            };
            write(conn, s, at, &mut seen, item)
        })
    })
}

/// The movie an external id names.
fn movie_id(conn: &mut DbConn, movie: &content::MovieRef) -> QueryResult<Option<i64>> {
    let ids = movie_external_ids::table.select(movie_external_ids::movie_id);
    match movie {
        content::MovieRef::Imdb(id) => ids
            .filter(movie_external_ids::imdb_id.eq(id))
            .first(conn)
            .optional(),
        content::MovieRef::Tmdb(id) => ids
            .filter(movie_external_ids::tmdb_id.eq(id))
            .first(conn)
            .optional(),
        content::MovieRef::MovieLens(id) => ids
            .filter(movie_external_ids::movielens_id.eq(id))
            .first(conn)
            .optional(),
    }
}

/// Writes one trailer; `movie` is where to blame an unknown movie.
fn write(
    conn: &mut DbConn,
    s: &mut Session,
    movie: Position<'_>,
    seen: &mut HashSet<(i64, String)>,
    item: &Located<Trailer>,
) -> anyhow::Result<()> {
    let t = &item.item;
    let Some(movie_id) = movie_id(conn, &t.movie)? else {
        let err = RuleError::new(
            "unknown-movie",
            format!(
                "no movie in the catalogue has {}; import the catalogue first (marqueectl import \
                 movielens / imdb-top) or fix the id",
                t.movie
            ),
        );
        let record: Vec<&str> = item.record.iter().map(String::as_str).collect();
        return s.reject("trailers", &movie, &err, &record);
    };
    let language_id = match &t.language {
        Some(code) => Some(store::language(conn, s.counts("languages"), code)?),
        None => None,
    };
    let first_time = seen.insert((movie_id, t.title.clone()));
    let existing: Option<(i64, String, Option<i64>, Option<chrono::NaiveDateTime>)> =
        trailers::table
            .filter(trailers::movie_id.eq(movie_id))
            .filter(trailers::title.eq(&t.title))
            .select((
                trailers::id,
                trailers::kind,
                trailers::language_id,
                trailers::published_at,
            ))
            .order(trailers::id)
            .first(conn)
            .optional()?;
    let trailer_id = match existing {
        Some((id, kind, lang, published))
            if kind == t.kind
                && lang == language_id
                && (t.published_at.is_none() || published == t.published_at) =>
        {
            if first_time {
                s.counts("trailers").skipped += 1;
            }
            id
        }
        Some((id, ..)) => {
            diesel::update(trailers::table.find(id))
                .set((
                    trailers::kind.eq(&t.kind),
                    trailers::language_id.eq(language_id),
                ))
                .execute(conn)?;
            if t.published_at.is_some() {
                diesel::update(trailers::table.find(id))
                    .set(trailers::published_at.eq(t.published_at))
                    .execute(conn)?;
            }
            s.counts("trailers").updated += 1;
            id
        }
        None => {
            let id: i64 = diesel::insert_into(trailers::table)
                .values(&NewTrailer {
                    movie_id,
                    title: &t.title,
                    kind: &t.kind,
                    language_id,
                    published_at: t.published_at,
                    created_at: marquee_db::now(),
                })
                .returning(trailers::id)
                .get_result(conn)?;
            s.counts("trailers").inserted += 1;
            id
        }
    };
    for r in &t.renditions {
        type Stored = (i64, String, Option<i32>, Option<i64>, Option<i32>);
        let existing: Option<Stored> = trailer_renditions::table
            .filter(trailer_renditions::trailer_id.eq(trailer_id))
            .filter(trailer_renditions::quality.eq(&r.quality))
            .filter(trailer_renditions::format.eq(&r.format))
            .select((
                trailer_renditions::id,
                trailer_renditions::location,
                trailer_renditions::duration_seconds,
                trailer_renditions::size_bytes,
                trailer_renditions::bitrate_kbps,
            ))
            .first(conn)
            .optional()?;
        let wanted = (
            r.location.clone(),
            r.duration_seconds,
            r.size_bytes,
            r.bitrate_kbps,
        );
        match existing {
            Some((_, l, d, b, k))
                if l == wanted.0 && d == wanted.1 && b == wanted.2 && k == wanted.3 =>
            {
                s.counts("renditions").skipped += 1;
            }
            Some((id, ..)) => {
                diesel::update(trailer_renditions::table.find(id))
                    .set((
                        trailer_renditions::location.eq(&r.location),
                        trailer_renditions::duration_seconds.eq(r.duration_seconds),
                        trailer_renditions::size_bytes.eq(r.size_bytes),
                        trailer_renditions::bitrate_kbps.eq(r.bitrate_kbps),
                    ))
                    .execute(conn)?;
                s.counts("renditions").updated += 1;
            }
            None => {
                diesel::insert_into(trailer_renditions::table)
                    .values(&NewTrailerRendition {
                        trailer_id,
                        quality: &r.quality,
                        format: &r.format,
                        location: &r.location,
                        duration_seconds: r.duration_seconds,
                        size_bytes: r.size_bytes,
                        bitrate_kbps: r.bitrate_kbps,
                    })
                    .execute(conn)?;
                s.counts("renditions").inserted += 1;
            }
        }
    }
    for (code, format, location) in &t.subtitles {
        let language_id = store::language(conn, s.counts("languages"), code)?;
        let existing: Option<(i64, String)> = trailer_subtitles::table
            .filter(trailer_subtitles::trailer_id.eq(trailer_id))
            .filter(trailer_subtitles::language_id.eq(language_id))
            .filter(trailer_subtitles::format.eq(format))
            .select((trailer_subtitles::id, trailer_subtitles::location))
            .first(conn)
            .optional()?;
        match existing {
            Some((_, l)) if l == *location => s.counts("subtitles").skipped += 1,
            Some((id, _)) => {
                diesel::update(trailer_subtitles::table.find(id))
                    .set(trailer_subtitles::location.eq(location))
                    .execute(conn)?;
                s.counts("subtitles").updated += 1;
            }
            None => {
                diesel::insert_into(trailer_subtitles::table)
                    .values(&NewTrailerSubtitle {
                        trailer_id,
                        language_id,
                        format,
                        location,
                    })
                    .execute(conn)?;
                s.counts("subtitles").inserted += 1;
            }
        }
    }
    Ok(())
}
