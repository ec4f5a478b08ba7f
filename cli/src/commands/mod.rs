//! One module per subcommand, each an `Opts` struct (its flags) and a `run` function. A new
//! subcommand is a new module plus one variant and one match arm here.

mod completions;
mod db;

use crate::context::Context;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Migrate and inspect the database
    Db(db::Opts),
    /// Print a shell completion script to stdout
    Completions(completions::Opts),
}

pub fn run(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Db(opts) => db::run(opts, ctx),
        Command::Completions(opts) => completions::run(opts, ctx),
    }
}
