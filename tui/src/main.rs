//! `marquee`: Marquee's terminal client. Run bare, it will open the interactive ratatui UI; its
//! subcommands cover what needs no UI (completions, logout).
//!
//! It talks to a Marquee server only over HTTP through `marquee_api`'s typed client, and must not
//! depend on the database or server crates. The interactive UI follows the Elm architecture: a
//! pure `update` over the model in `app`, a pure view in `ui`, and all I/O in `worker`.

mod app;
mod credentials;
mod report;
mod ui;
mod worker;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use clap_complete::Shell;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  error (the message on stderr says what went wrong)
  2  usage error (unknown flag, missing or invalid argument)";

/// Marquee in your terminal: browse, rate and get recommendations.
#[derive(Debug, Parser)]
#[command(name = "marquee", version, after_help = EXIT_CODES, max_term_width = 100)]
struct Cli {
    /// The Marquee server to talk to
    #[arg(
        long,
        env = "MARQUEE_SERVER",
        value_name = "URL",
        value_hint = clap::ValueHint::Url,
        default_value = "http://127.0.0.1:8080",
        value_parser = parse_server,
        global = true
    )]
    server: String,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Print a shell completion script to stdout
    #[command(
        after_help = "Installation: see shell-completions/README.md in the Marquee repository."
    )]
    Completions {
        /// The shell to complete for
        shell: Shell,
    },
    /// Forget the credentials stored for the server
    Logout,
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
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`marquee … | head`): nothing left to say and no one to say it to.
        Err(err) if report::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report::error(&err);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => interactive(&cli.server),
        Some(Command::Completions { shell }) => {
            // Generated into memory first: clap_complete panics when its writer fails, and a
            // closed stdout (`| head`) must stay a quiet exit.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "marquee", &mut script);
            write_stdout(&script)
        }
        Some(Command::Logout) => {
            let message = if credentials::remove(&cli.server)? {
                format!("logged out of {}\n", cli.server)
            } else {
                format!(
                    "not logged in to {}: no credentials stored, nothing to do\n",
                    cli.server
                )
            };
            write_stdout(message.as_bytes())
        }
    }
}

/// The full-screen UI. It takes over the terminal, so it refuses to start without one rather than
/// fill a pipe or a log file with escape codes.
fn interactive(server: &str) -> anyhow::Result<()> {
    let not_a_terminal = [
        ("stdout", io::stdout().is_terminal()),
        ("stdin", io::stdin().is_terminal()),
    ]
    .into_iter()
    .find_map(|(stream, tty)| (!tty).then_some(stream));
    if let Some(stream) = not_a_terminal {
        return Err(report::hinted(
            anyhow::anyhow!("the interactive client needs a terminal, but {stream} is not one"),
            "run `marquee` directly in a terminal; for scripts, see `marquee --help` for \
             subcommands that need no terminal",
        ));
    }
    Err(report::hinted(
        anyhow::anyhow!(
            "the interactive client is not available in this build yet (server: {server})"
        ),
        "see `marquee --help` for what this build can do",
    ))
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}

/// Accepts `http://` and `https://` URLs; a trailing `/` is dropped so paths join cleanly.
fn parse_server(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() => Ok(url.to_owned()),
        Some(_) => Err("the URL names no host, e.g. http://127.0.0.1:8080".to_owned()),
        None => Err("expected an http:// or https:// URL, e.g. http://127.0.0.1:8080".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_server;

    #[test]
    fn server_urls_must_be_http_with_a_host() {
        assert_eq!(
            parse_server("https://m.example/"),
            Ok("https://m.example".to_owned())
        );
        assert_eq!(
            parse_server("http://127.0.0.1:8080"),
            Ok("http://127.0.0.1:8080".to_owned())
        );
        assert!(parse_server("127.0.0.1:8080").is_err());
        assert!(parse_server("http://").is_err());
    }
}
