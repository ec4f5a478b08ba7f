//! `marqueectl trailers add|show|edit|delete|subtitles add|remove`: one trailer at a time, on
//! the database directly or through `/api/v1/admin/trailers*` with `--server`. The rules are
//! the ones `import trailers` applies (`marquee_server::rules`, through
//! `marquee_server::admin`). Many trailers at once: `marqueectl import trailers FILE`.

use marquee_api::catalogue::MovieDetail;
use marquee_api::trailers::{
    AdminTrailer, RenditionInput, SubtitleInput, TrailerDeleted, TrailerEdit, TrailerInput,
};
use marquee_server::admin;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::remote::either;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Add a trailer to a movie, with one or more renditions
    ///
    /// For example:
    ///   marqueectl trailers add 42 "Official Trailer" --language en \
    ///     --rendition 1080p:hls:toy-story/1080/index.m3u8 --rendition 720p:mp4:toy-story/720.mp4
    #[command(verbatim_doc_comment)]
    Add(AddOpts),
    /// Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is
    Show(ShowOpts),
    /// Change a trailer: title, kind, language, renditions (replace all, or add and remove)
    ///
    /// For example:
    ///   marqueectl trailers edit 7 --title "Final Trailer" --kind trailer
    ///   marqueectl trailers edit 7 --remove-rendition 12 --add-rendition 2160p:mp4:toy-story/2160.mp4
    ///   marqueectl trailers edit 7 --rendition 1080p:hls:toy-story/1080/index.m3u8
    #[command(verbatim_doc_comment)]
    Edit(EditOpts),
    /// Delete a trailer with its renditions and subtitles
    Delete(DeleteOpts),
    /// Add or remove a trailer's subtitle tracks
    #[command(subcommand)]
    Subtitles(SubtitlesCommand),
}

#[derive(Debug, clap::Subcommand)]
enum SubtitlesCommand {
    /// Add a subtitle track (one per language and format)
    ///
    /// For example:
    ///   marqueectl trailers subtitles add 7 en toy-story/en.vtt
    ///   marqueectl trailers subtitles add 7 fr https://cdn.example.com/toy-story/fr.srt --format srt
    #[command(verbatim_doc_comment)]
    Add(SubtitleAddOpts),
    /// Remove a subtitle track (its id is in `trailers show`)
    Remove(SubtitleRemoveOpts),
}

#[derive(Debug, clap::Args)]
struct ShowOpts {
    /// Trailer id
    id: i64,
}

#[derive(Debug, clap::Args)]
struct EditOpts {
    /// Trailer id
    id: i64,
    /// A new title
    #[arg(long)]
    title: Option<String>,
    /// trailer, teaser, clip, featurette…
    #[arg(long)]
    kind: Option<String>,
    /// Spoken language: an ISO 639 code the catalogue knows
    #[arg(long, value_name = "CODE", conflicts_with = "no_language")]
    language: Option<String>,
    /// Remove the spoken language
    #[arg(long)]
    no_language: bool,
    /// Replace every rendition with these: QUALITY:FORMAT:LOCATION (repeat for several)
    #[arg(
        long = "rendition",
        value_name = "QUALITY:FORMAT:LOCATION",
        conflicts_with = "remove_renditions"
    )]
    renditions: Vec<String>,
    /// Add a rendition: QUALITY:FORMAT:LOCATION (repeat for several)
    #[arg(long = "add-rendition", value_name = "QUALITY:FORMAT:LOCATION")]
    add_renditions: Vec<String>,
    /// Remove the rendition with this id (see `trailers show`; repeat for several)
    #[arg(long = "remove-rendition", value_name = "ID")]
    remove_renditions: Vec<i64>,
    /// Duration of every rendition given, in seconds
    #[arg(long, value_name = "SECONDS")]
    duration: Option<i32>,
}

#[derive(Debug, clap::Args)]
struct SubtitleAddOpts {
    /// Trailer id
    trailer_id: i64,
    /// The subtitles' language: an ISO 639 code the catalogue knows
    language: String,
    /// A path under the media directory or an http(s) URL
    location: String,
    /// vtt or srt
    #[arg(long, default_value = "vtt")]
    format: String,
}

#[derive(Debug, clap::Args)]
struct SubtitleRemoveOpts {
    /// Trailer id
    trailer_id: i64,
    /// Subtitle track id (see `trailers show`)
    subtitle_id: i64,
    /// Do not ask for confirmation (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
}

#[derive(Debug, clap::Args)]
struct AddOpts {
    /// The movie's id
    movie_id: i64,
    /// The trailer's title
    title: String,
    /// trailer, teaser, clip, featurette…
    #[arg(long)]
    kind: Option<String>,
    /// Spoken language: an ISO 639 code the catalogue knows
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
    /// A rendition: QUALITY:FORMAT:LOCATION (repeat for several)
    #[arg(
        long = "rendition",
        value_name = "QUALITY:FORMAT:LOCATION",
        required = true
    )]
    renditions: Vec<String>,
    /// Duration of every rendition, in seconds
    #[arg(long, value_name = "SECONDS")]
    duration: Option<i32>,
}

#[derive(Debug, clap::Args)]
struct DeleteOpts {
    /// Trailer id
    id: i64,
    /// Do not ask for confirmation (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
}

/// The movie with its trailers, after an add.
#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Added(MovieDetail);

impl Render for Added {
    fn table(&self, table: &mut Table) {
        table.field("movie", format!("{} (id {})", self.0.title, self.0.id));
        table.header(["trailer id", "title", "kind", "renditions"]);
        for t in &self.0.trailers {
            let renditions: Vec<String> = t
                .renditions
                .iter()
                .map(|r| format!("{} {}", r.quality, r.format))
                .collect();
            table.row([
                t.id.to_string(),
                t.title.clone(),
                t.kind.clone(),
                renditions.join(", "),
            ]);
        }
    }
}

/// One trailer, after `show`, `edit` or a subtitle change.
#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Shown(AdminTrailer);

impl Render for Shown {
    fn table(&self, table: &mut Table) {
        let t = &self.0;
        table.field("trailer", format!("{} (id {})", t.title, t.id));
        table.field("movie id", t.movie_id.to_string());
        table.field("kind", t.kind.clone());
        table.field(
            "language",
            t.language.clone().unwrap_or_else(|| "-".to_owned()),
        );
        table.header(["rendition id", "quality", "format", "seconds", "location"]);
        for r in &t.renditions {
            table.row([
                r.id.to_string(),
                r.quality.clone(),
                r.format.clone(),
                r.duration_seconds
                    .map_or_else(|| "-".to_owned(), |d| d.to_string()),
                r.location.clone(),
            ]);
        }
        if t.subtitles.is_empty() {
            table.line("no subtitle tracks");
        } else {
            table.header(["subtitle id", "language", "format", "location"]);
            for s in &t.subtitles {
                table.row([
                    s.id.to_string(),
                    s.language.clone(),
                    s.format.clone(),
                    s.location.clone(),
                ]);
            }
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Deleted(TrailerDeleted);

impl Render for Deleted {
    fn table(&self, table: &mut Table) {
        table.line(format!(
            "deleted trailer {} ({}) of movie {}",
            self.0.id, self.0.title, self.0.movie_id
        ));
    }
}

/// `QUALITY:FORMAT:LOCATION` (the location may hold `:` itself, as a URL does).
fn rendition(arg: &str, duration: Option<i32>) -> anyhow::Result<RenditionInput> {
    let mut parts = arg.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(quality), Some(format), Some(location)) if !location.is_empty() => {
            Ok(RenditionInput {
                quality: quality.trim().to_owned(),
                format: format.trim().to_owned(),
                location: location.trim().to_owned(),
                duration_seconds: duration,
            })
        }
        _ => Err(report::hinted(
            anyhow::Error::new(report::UsageError(format!(
                "--rendition {arg}: expected QUALITY:FORMAT:LOCATION"
            ))),
            "for example --rendition 1080p:hls:toy-story/1080/index.m3u8",
        )),
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        Command::Add(opts) => {
            let renditions = opts
                .renditions
                .iter()
                .map(|r| rendition(r, opts.duration))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let input = TrailerInput {
                movie_id: opts.movie_id,
                title: opts.title,
                kind: opts.kind,
                language: opts.language,
                renditions,
            };
            let detail = either(
                ctx,
                "the new trailer",
                |conn| admin::create_trailer(conn, None, &input),
                |c| {
                    let input = input.clone();
                    async move { c.admin_create_trailer(&input).await }
                },
            )?;
            ctx.output.outcome(&Added(detail))
        }
        Command::Show(opts) => {
            let id = opts.id;
            let trailer = either(
                ctx,
                "the trailer",
                |conn| admin::trailer(conn, id),
                |c| async move { c.admin_trailer(id).await },
            )?;
            ctx.output.data(&Shown(trailer))
        }
        Command::Edit(opts) => {
            let parse = |list: &[String]| {
                list.iter()
                    .map(|r| rendition(r, opts.duration))
                    .collect::<anyhow::Result<Vec<_>>>()
            };
            let edit = TrailerEdit {
                title: opts.title.clone(),
                kind: opts.kind.clone(),
                language: if opts.no_language {
                    Some(String::new())
                } else {
                    opts.language.clone()
                },
                renditions: (!opts.renditions.is_empty())
                    .then(|| parse(&opts.renditions))
                    .transpose()?,
                add_renditions: parse(&opts.add_renditions)?,
                remove_renditions: opts.remove_renditions.clone(),
            };
            if edit == TrailerEdit::default() {
                return Err(report::hinted(
                    anyhow::Error::new(report::UsageError("nothing to change".to_owned())),
                    "give --title, --kind, --language/--no-language, --rendition, \
                     --add-rendition or --remove-rendition",
                ));
            }
            let id = opts.id;
            let trailer = either(
                ctx,
                "the trailer's changes",
                |conn| admin::update_trailer(conn, None, id, &edit),
                |c| {
                    let edit = edit.clone();
                    async move { c.admin_update_trailer(id, &edit).await }
                },
            )?;
            ctx.output.outcome(&Shown(trailer))
        }
        Command::Subtitles(SubtitlesCommand::Add(opts)) => {
            let input = SubtitleInput {
                language: opts.language,
                format: Some(opts.format),
                location: opts.location,
            };
            let id = opts.trailer_id;
            let trailer = either(
                ctx,
                "the new subtitle track",
                |conn| admin::add_subtitle(conn, None, id, &input),
                |c| {
                    let input = input.clone();
                    async move { c.admin_add_subtitle(id, &input).await }
                },
            )?;
            ctx.output.outcome(&Shown(trailer))
        }
        Command::Subtitles(SubtitlesCommand::Remove(opts)) => {
            let (id, subtitle) = (opts.trailer_id, opts.subtitle_id);
            ctx.confirm(
                opts.yes,
                &format!("Remove subtitle track {subtitle} of trailer {id}?"),
            )?;
            let trailer = either(
                ctx,
                "removing the subtitle track",
                |conn| admin::remove_subtitle(conn, None, id, subtitle),
                |c| async move { c.admin_remove_subtitle(id, subtitle).await },
            )?;
            ctx.output.outcome(&Shown(trailer))
        }
        Command::Delete(opts) => {
            let id = opts.id;
            ctx.confirm(
                opts.yes,
                &format!("Delete trailer {id} with its renditions?"),
            )?;
            let deleted = either(
                ctx,
                "deleting the trailer",
                |conn| admin::delete_trailer(conn, None, id),
                |c| async move { c.admin_delete_trailer(id).await },
            )?;
            ctx.output.outcome(&Deleted(deleted))
        }
    }
}
