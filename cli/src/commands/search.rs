//! `marqueectl search reindex`: rebuilds the search index of a data directory from the database,
//! with the server's own code (`marquee_server::search::reindex`), so both build the same index.

use std::io::Write;
use std::time::Instant;

use anyhow::Context as _;
use marquee_search::SearchError;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Rebuild DATA_DIR/search-index from the movies and people in the database
    ///
    /// The index is rebuilt in one commit: a reader sees the old index until the new one is
    /// complete, and an interrupted run leaves the old one. A running marqueed holds the index
    /// open and keeps it in step with the database itself (it also rebuilds it at start), so
    /// this command refuses to touch an index in use: stop the server first, or restart it.
    #[command(verbatim_doc_comment)]
    Reindex(ReindexOpts),
}

#[derive(Debug, clap::Args)]
struct ReindexOpts {}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        Command::Reindex(opts) => reindex(opts, ctx),
    }
}

#[derive(Debug, Serialize)]
struct Reindexed {
    index_dir: String,
    database: String,
    movies: u64,
    people: u64,
    documents: u64,
    /// The index on disk was written by another version (another schema) and was recreated.
    recreated: bool,
    seconds: f64,
}

impl Render for Reindexed {
    fn table(&self, table: &mut Table) {
        table.line(format!(
            "indexed {} movies and {} people in {:.1} s",
            self.movies, self.people, self.seconds
        ));
        table.field("index", &self.index_dir);
        table.field("database", &self.database);
        if self.recreated {
            table.field(
                "note",
                "the previous index had another schema and was recreated",
            );
        }
    }
}

fn reindex(ReindexOpts {}: ReindexOpts, ctx: &Context) -> anyhow::Result<()> {
    let started = Instant::now();
    let url = ctx.database_url()?;
    let data_dir = ctx.data_dir()?;
    let mut conn = ctx.connect_migrated(&url)?;
    let quiet = ctx.output.is_quiet();
    let say = |line: String| {
        if !quiet {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        }
    };
    say(format!("reading movies and people from {}", url.redacted()));
    let dir = marquee_server::search::index_dir(&data_dir);
    let done = marquee_server::search::reindex(&mut conn, &data_dir, |docs| {
        say(format!(
            "indexing {} documents into {}",
            docs.len(),
            dir.display()
        ));
    })
    .map_err(|err| match err.downcast_ref::<SearchError>() {
        Some(SearchError::Locked { .. }) => report::hinted(
            err,
            "a running marqueed uses this index and keeps it in step with the database itself; \
             stop it before reindexing, or restart it (it rebuilds the index at start)",
        ),
        _ => err,
    })
    .with_context(|| format!("cannot rebuild the search index in {}", dir.display()))?;
    ctx.output.outcome(&Reindexed {
        index_dir: done.dir.display().to_string(),
        database: url.redacted(),
        movies: done.movies,
        people: done.people,
        documents: done.movies + done.people,
        recreated: done.recreated,
        seconds: started.elapsed().as_secs_f64(),
    })
}
