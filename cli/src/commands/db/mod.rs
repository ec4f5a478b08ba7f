//! `marqueectl db …`: the database schema's state, on either backend.

mod migrate;
mod status;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Apply every pending migration (creates the SQLite file if needed)
    Migrate(migrate::Opts),
    /// Show the backend, the database URL and applied and pending migrations
    Status(status::Opts),
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        Command::Migrate(opts) => migrate::run(opts, ctx),
        Command::Status(opts) => status::run(opts, ctx),
    }
}
