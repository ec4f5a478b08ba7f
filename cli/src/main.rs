//! `marqueectl`: Marquee's admin CLI. It works on the database directly through `marquee_db`
//! (migrations, imports, seeding, admin) and, with `--server`, through `marquee_api`'s typed
//! client (`remote.rs`: API mode, the tokens of `marqueectl login`).
//!
//! The rules are the server crate's own (`marquee_server::{admin, analytics, rules, auth}`), never
//! a copy. Commands are blocking; API mode runs the async client on a current-thread runtime.
//! `main` only parses, dispatches and turns errors into exit codes; each subcommand lives in
//! `commands/<name>.rs` as an `Opts` struct plus a `run` function.

mod commands;
mod content;
mod context;
mod output;
mod remote;
mod report;

use std::process::ExitCode;

use clap::Parser;

use crate::commands::Command;
use crate::context::{Context, GlobalOpts};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  error (the message on stderr says what went wrong)
  2  usage error (unknown flag, missing or invalid argument)
  3  partial import: some records were imported and others rejected (import commands)";

/// Marquee's admin CLI: migrations, imports, seeding, and account and content admin on the
/// database directly or, with --server, through a running marqueed.
#[derive(Debug, Parser)]
#[command(name = "marqueectl", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalOpts,

    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` land here too, with exit code 0; usage errors exit 2.
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let ctx = Context::new(cli.global);
    match commands::run(cli.command, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`marqueectl … | head`): nothing left to say and no one to say it to.
        Err(err) if report::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(partial) = err.downcast_ref::<report::PartialImport>() {
                report::partial(partial, ctx.stderr_color());
                return ExitCode::from(3);
            }
            report::error(&err, ctx.stderr_color());
            if report::is_usage(&err) {
                return ExitCode::from(2);
            }
            ExitCode::FAILURE
        }
    }
}
