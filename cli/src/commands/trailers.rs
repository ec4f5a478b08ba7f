//! `marqueectl trailers add|delete`: one trailer at a time, on the database directly or through
//! `/api/v1/admin/trailers*` with `--server`. The rules are the ones `import trailers` applies
//! (`marquee_server::rules`, through `marquee_server::admin`). Many trailers at once:
//! `marqueectl import trailers FILE`.

use marquee_api::catalogue::MovieDetail;
use marquee_api::trailers::{RenditionInput, TrailerDeleted, TrailerInput};
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
    /// Delete a trailer with its renditions and subtitles
    Delete(DeleteOpts),
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
