//! One module per subcommand, each an `Opts` struct (its flags) and a `run` function. A new
//! subcommand is a new module plus one variant and one match arm here.

mod completions;
mod db;
mod eval;
mod experiments;
mod export;
mod import;
mod jobs;
mod login;
mod movies;
mod people;
mod search;
mod seed;
mod stats;
mod trailers;
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
    /// Administer accounts: create, list, show, disable, enable, promote, demote, reset passwords,
    /// end sessions (the first administrator starts here, with `user create --admin`)
    User(user::Opts),
    /// Log in to a marqueed for API mode (`--server`): the tokens go to the OS keyring or a 0600
    /// file
    Login(login::LoginOpts),
    /// End the API-mode session with a server: revoke it there and forget the tokens
    Logout(login::LogoutOpts),
    /// The server's background jobs: list them, run one now (needs --server)
    Jobs(jobs::Opts),
    /// Add, edit, delete and show movies one at a time
    Movies(movies::Opts),
    /// Add, edit, delete and show people one at a time
    People(people::Opts),
    /// Add, show, edit or delete a trailer, and its subtitle tracks (many at once: `import trailers`)
    Trailers(trailers::Opts),
    /// Maintain the search index beside the database (`search reindex`)
    Search(search::Opts),
    /// Evaluate the recommendation models offline on a train/test split (PROTOCOL.md metrics)
    Eval(eval::Opts),
    /// Analytics metrics: CTR per row and algorithm, search, active profiles, retention
    Stats(stats::Opts),
    /// Create, list, show (results), stop and roll out A/B experiments on For You
    Experiments(experiments::Opts),
}

/// Which commands run where: those that work on the database directly refuse `--server` before
/// doing anything; the others run through the API when it is given.
pub fn run(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Db(opts) => ctx.direct_only("db").and_then(|()| db::run(opts, ctx)),
        Command::Import(opts) => ctx
            .direct_only("import")
            .and_then(|()| import::run(opts, ctx)),
        Command::Seed(opts) => ctx.direct_only("seed").and_then(|()| seed::run(opts, ctx)),
        Command::Export(opts) => ctx
            .direct_only("export")
            .and_then(|()| export::run(opts, ctx)),
        Command::Completions(opts) => completions::run(opts, ctx),
        Command::Eval(opts) => ctx.direct_only("eval").and_then(|()| eval::run(opts, ctx)),
        Command::User(opts) => user::run(opts, ctx),
        Command::Login(opts) => login::login(opts, ctx),
        Command::Logout(opts) => login::logout(opts, ctx),
        Command::Jobs(opts) => jobs::run(opts, ctx),
        Command::Movies(opts) => movies::run(opts, ctx),
        Command::People(opts) => people::run(opts, ctx),
        Command::Trailers(opts) => trailers::run(opts, ctx),
        Command::Search(opts) => ctx
            .direct_only("search reindex")
            .and_then(|()| search::run(opts, ctx)),
        Command::Stats(opts) => stats::run(opts, ctx),
        Command::Experiments(opts) => experiments::run(opts, ctx),
    }
}
