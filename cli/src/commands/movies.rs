//! `marqueectl movies add|edit|delete|show`: one movie at a time, on the database directly or
//! through `/api/v1/admin/movies*` with `--server`. Both run `marquee_server::admin`'s checks
//! (title, year range, date, runtime, known genres and language, URL), so both refuse alike.
//! In direct mode a running server's search index follows within its 2-second sync, and its
//! cached catalogue responses within their TTL; through the API both follow at once.

use marquee_api::catalogue::{MovieDeleted, MovieDetail, MovieInput};
use marquee_server::admin;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::remote::either;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Add a movie
    Add(AddOpts),
    /// Change a movie: only the values given (--genre replaces the genres)
    Edit(EditOpts),
    /// Delete a movie and everything that names it (credits, trailers, ratings, lists)
    Delete(DeleteOpts),
    /// Show a movie as the API serves it
    Show(IdOpts),
}

#[derive(Debug, clap::Args)]
struct Fields {
    /// Original title, when it differs
    #[arg(long)]
    original_title: Option<String>,
    #[arg(long)]
    tagline: Option<String>,
    #[arg(long)]
    overview: Option<String>,
    /// Release date, YYYY-MM-DD (sets the year unless --year is given)
    #[arg(long, value_name = "DATE")]
    release_date: Option<String>,
    #[arg(long)]
    year: Option<i16>,
    /// Runtime in minutes
    #[arg(long, value_name = "MINUTES")]
    runtime: Option<i32>,
    /// Original language: an ISO 639 code the catalogue knows (e.g. en)
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
    /// A genre slug the catalogue knows (repeat for several)
    #[arg(long = "genre", value_name = "SLUG")]
    genres: Vec<String>,
    /// Poster image URL (http or https)
    #[arg(long, value_name = "URL")]
    poster_url: Option<String>,
}

impl Fields {
    fn input(self, title: Option<String>) -> MovieInput {
        MovieInput {
            title,
            original_title: self.original_title,
            tagline: self.tagline,
            overview: self.overview,
            release_date: self.release_date,
            year: self.year,
            runtime_minutes: self.runtime,
            original_language: self.language,
            genres: (!self.genres.is_empty()).then_some(self.genres),
            poster_url: self.poster_url,
        }
    }
}

#[derive(Debug, clap::Args)]
struct AddOpts {
    /// The title
    title: String,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, clap::Args)]
struct EditOpts {
    /// Movie id
    id: i64,
    /// New title
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, clap::Args)]
struct DeleteOpts {
    /// Movie id
    id: i64,
    /// Do not ask for confirmation (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
}

#[derive(Debug, clap::Args)]
struct IdOpts {
    /// Movie id
    id: i64,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Movie(MovieDetail);

impl Render for Movie {
    fn table(&self, table: &mut Table) {
        let m = &self.0;
        let year = m.year.map_or_else(String::new, |y| format!(" ({y})"));
        table.field("movie", format!("{}{year} (id {})", m.title, m.id));
        if let Some(date) = m.release_date {
            table.field("released", date.to_string());
        }
        if let Some(minutes) = m.runtime_minutes {
            table.field("runtime", format!("{minutes} min"));
        }
        if let Some(language) = &m.original_language {
            table.field("language", &language.name);
        }
        let genres: Vec<&str> = m.genres.iter().map(|g| g.name.as_str()).collect();
        table.field("genres", genres.join(", "));
        table.field(
            "cast and crew",
            format!("{} and {}", m.cast.len(), m.crew.len()),
        );
        table.field("trailers", m.trailers.len().to_string());
        table.field(
            "rating",
            m.rating.average.map_or_else(
                || "none yet".to_owned(),
                |a| format!("{a:.2} ({} ratings)", m.rating.count),
            ),
        );
        if let Some(overview) = &m.overview {
            table.field("overview", overview);
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Deleted(MovieDeleted);

impl Render for Deleted {
    fn table(&self, table: &mut Table) {
        table.line(format!("deleted {} (id {})", self.0.title, self.0.id));
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        Command::Add(opts) => {
            let input = opts.fields.input(Some(opts.title));
            let detail = either(
                ctx,
                "the new movie",
                |conn| admin::create_movie(conn, None, &input),
                |c| {
                    let input = input.clone();
                    async move { c.admin_create_movie(&input).await }
                },
            )?;
            ctx.output.outcome(&Movie(detail))
        }
        Command::Edit(opts) => {
            let id = opts.id;
            let input = opts.fields.input(opts.title);
            let detail = either(
                ctx,
                "the movie's changes",
                |conn| admin::update_movie(conn, None, id, &input),
                |c| {
                    let input = input.clone();
                    async move { c.admin_update_movie(id, &input).await }
                },
            )?;
            ctx.output.outcome(&Movie(detail))
        }
        Command::Delete(opts) => {
            let id = opts.id;
            ctx.confirm(
                opts.yes,
                &format!("Delete movie {id} with its credits, trailers, ratings and lists?"),
            )?;
            let deleted = either(
                ctx,
                "deleting the movie",
                |conn| admin::delete_movie(conn, None, id),
                |c| async move { c.admin_delete_movie(id).await },
            )?;
            ctx.output.outcome(&Deleted(deleted))
        }
        Command::Show(opts) => {
            let id = opts.id;
            let detail = either(
                ctx,
                "showing the movie",
                |conn| admin::movie(conn, id),
                |c| async move { c.movie(id).await },
            )?;
            ctx.output.data(&Movie(detail))
        }
    }
}
