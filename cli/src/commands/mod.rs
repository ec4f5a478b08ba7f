//! One module per subcommand, each an `Opts` struct (its flags) and a `run` function. A new
//! subcommand is a new module plus one variant and one match arm here.

mod completions;
mod db;
mod eval;
mod experiments;
mod export;
mod import;
mod search;
mod seed;
mod stats;
mod user;

use crate::context::Context;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Migrate and inspect the database
    Db(db::Opts),
    /// Import movies, people and ratings from MovieLens, IMDb top-1000, TMDB, our own export and
    /// other files
    Import(import::Opts),
    /// Write movies, people, credits, accounts and ratings as JSON Lines (`import jsonl` reads
    /// them back)
    Export(export::Opts),
    /// Fill the database with a deterministic synthetic catalogue or the demo catalogue
    Seed(seed::Opts),
    /// Print a shell completion script to stdout
    Completions(completions::Opts),
    /// Create, list, promote and demote accounts (the first administrator starts here)
    User(user::Opts),
    /// Maintain the search index beside the database (`search reindex`)
    Search(search::Opts),
    /// Evaluate the recommendation models offline on a train/test split (PROTOCOL.md metrics)
    Eval(eval::Opts),
    /// Analytics metrics: CTR per row and algorithm, search, active profiles, retention
    Stats(stats::Opts),
    /// Create, list, show (results), stop and roll out A/B experiments on For You
    Experiments(experiments::Opts),
}

pub fn run(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Db(opts) => db::run(opts, ctx),
        Command::Import(opts) => import::run(opts, ctx),
        Command::Seed(opts) => seed::run(opts, ctx),
        Command::Export(opts) => export::run(opts, ctx),
        Command::Completions(opts) => completions::run(opts, ctx),
        Command::Eval(opts) => eval::run(opts, ctx),
        Command::User(opts) => user::run(opts, ctx),
        Command::Search(opts) => search::run(opts, ctx),
        Command::Stats(opts) => stats::run(opts, ctx),
        Command::Experiments(opts) => experiments::run(opts, ctx),
    }
}
