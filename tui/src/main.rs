//! `marquee`: Marquee's terminal client. Run bare, it will open the interactive ratatui UI; its
//! subcommands cover what needs no UI (completions, logout).
//!
//! It talks to a Marquee server only over HTTP through `marquee_api`'s typed client, and must not
//! depend on the database or server crates. The interactive UI follows the Elm architecture: a
//! pure `update` over the model in `app`, a pure view in `ui`, and all I/O in `worker`.

mod app;
mod credentials;
#[cfg(test)]
mod fixtures;
mod keymap;
mod outbox;
mod player;
mod poster;
mod progress;
mod remember;
mod report;
mod ui;
mod worker;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use std::time::Duration;

use clap::{CommandFactory, Parser};
use clap_complete::Shell;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};

use crate::app::{Effect, Hits, Model, Msg};
use crate::credentials::Store;
use crate::keymap::Keymap;
use crate::remember::Remembered;

/// Used when neither `--server`, `MARQUEE_SERVER` nor a remembered server names one.
const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  error (the message on stderr says what went wrong)
  2  usage error (unknown flag, missing or invalid argument)";

/// Marquee in your terminal: browse, rate and get recommendations.
#[derive(Debug, Parser)]
#[command(name = "marquee", version, after_help = EXIT_CODES, max_term_width = 100)]
struct Cli {
    /// The Marquee server to talk to [default: the last one signed in to, else
    /// http://127.0.0.1:8080]
    #[arg(
        long,
        env = "MARQUEE_SERVER",
        value_name = "URL",
        value_hint = clap::ValueHint::Url,
        value_parser = parse_server,
        global = true
    )]
    server: Option<String>,

    /// Leave the mouse to the terminal, for its own text selection (as `[mouse] enabled = false`
    /// in keys.toml)
    #[arg(long)]
    no_mouse: bool,

    /// How the movie page draws posters: ask the terminal (auto), a graphics protocol, coloured
    /// half blocks, or off (a placeholder; also with NO_COLOR) [default: `[display] posters` in
    /// keys.toml, else auto]
    #[arg(long, env = "MARQUEE_POSTERS", value_name = "HOW", value_enum)]
    posters: Option<poster::Setting>,

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
    /// Sign out: revoke the session on the server and forget the stored tokens
    Logout,
    /// Print every key binding as a commented keys.toml, to start a remap from
    #[command(
        after_help = "Save it as $XDG_CONFIG_HOME/marquee/keys.toml (~/.config/marquee/keys.toml) \
                      and uncomment the lines you change."
    )]
    Keys,
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
    let config_dir = remember::config_dir();
    let remembered = Remembered::load(&config_dir);
    let server = cli
        .server
        .clone()
        .or_else(|| remembered.server.clone())
        .unwrap_or_else(|| DEFAULT_SERVER.to_owned());
    match cli.command {
        None => interactive(&server, remembered, config_dir, cli.no_mouse, cli.posters),
        Some(Command::Completions { shell }) => {
            // Generated into memory first: clap_complete panics when its writer fails, and a
            // closed stdout (`| head`) must stay a quiet exit.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "marquee", &mut script);
            write_stdout(&script)
        }
        Some(Command::Logout) => logout(&server, &config_dir),
        Some(Command::Keys) => write_stdout(keymap::default_file().as_bytes()),
    }
}

/// `keys.toml` in the config directory, else the default keys. A bad entry stops the start, with
/// every problem listed, rather than run with half a keymap.
fn load_keys(config_dir: &std::path::Path) -> anyhow::Result<Keymap> {
    let path = config_dir.join(keymap::FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Keymap::default()),
        Err(err) => {
            return Err(report::hinted(
                anyhow::Error::new(err).context(format!("cannot read {}", path.display())),
                "make it readable, or move it away to use the default keys",
            ));
        }
    };
    Keymap::from_toml(&text).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}: `{}`: {}; {}",
                    path.display(),
                    p.line,
                    p.entry,
                    p.why,
                    p.hint
                )
            })
            .collect();
        report::hinted(
            anyhow::anyhow!(
                "the key bindings in {} are not usable:\n  {}",
                path.display(),
                lines.join("\n  ")
            ),
            "fix the lines named above (`marquee keys` prints every action with its default \
             keys), or move the file away to start with the defaults",
        )
    })
}

/// Revokes the session on the server (best effort: unreachable or already revoked is fine) and
/// forgets the tokens either way.
fn logout(server: &str, config_dir: &std::path::Path) -> anyhow::Result<()> {
    let store = Store::open(config_dir);
    let Some(tokens) = store.load(server)? else {
        let message = format!("not logged in to {server}: no credentials stored, nothing to do\n");
        return write_stdout(message.as_bytes());
    };
    let revoked = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let client = marquee_api::client::Client::new(server)?;
            client.authorized(Some(&tokens.access_token)).logout().await
        });
    store.remove(server)?;
    let message = match revoked {
        Ok(()) => format!(
            "logged out of {server}: session revoked, tokens removed ({})\n",
            store.kind()
        ),
        Err(err) => format!(
            "logged out of {server}: tokens removed ({}); the server did not confirm the revocation: {err}\n",
            store.kind()
        ),
    };
    write_stdout(message.as_bytes())
}

/// The full-screen UI. It takes over the terminal, so it refuses to start without one rather than
/// fill a pipe or a log file with escape codes.
fn interactive(
    server: &str,
    remembered: Remembered,
    config_dir: std::path::PathBuf,
    no_mouse: bool,
    posters: Option<poster::Setting>,
) -> anyhow::Result<()> {
    let keys = load_keys(&config_dir)?;
    let mouse = keys.mouse && !no_mouse;
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
    let client = marquee_api::client::Client::new(server)
        .map_err(|err| report::hinted(anyhow::Error::new(err), "pass --server http://host:port"))?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut model = Model::new(server, remembered.email, color);
    let posters = posters.unwrap_or(keys.posters);
    model.keys = keys;
    // Asked once, before raw mode is taken for the UI (the query takes it briefly itself).
    model.graphics = poster::Graphics::detect(posters, !color);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    // `try_init` installs a panic hook that restores the terminal before the panic is printed.
    let mut terminal = ratatui::try_init()?;
    if mouse {
        // ratatui's hook restores raw mode and the screen; the mouse capture is ours to undo.
        let restore = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
            restore(info);
        }));
        if let Err(err) = crossterm::execute!(io::stdout(), EnableMouseCapture) {
            ratatui::restore();
            return Err(err.into());
        }
    }
    let result = runtime.block_on(event_loop(&mut terminal, model, client, config_dir));
    if mouse {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    result
}

/// Draw, wait for a key, a worker answer or a tick, update, hand any effect to the worker.
async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut model: Model,
    client: marquee_api::client::Client,
    config_dir: std::path::PathBuf,
) -> anyhow::Result<()> {
    let (msgs, mut inbox) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let store = Store::open(&config_dir);
    let worker = worker::spawn(
        model.server.clone(),
        client,
        store,
        config_dir,
        msgs.clone(),
    );
    // crossterm's reads block: a plain thread turns them into messages.
    let keys = msgs;
    std::thread::spawn(move || {
        loop {
            let msg = match crossterm::event::read() {
                Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => Msg::Key(key),
                // Clicks and the wheel; moves and drags would only cost redraws.
                Ok(Event::Mouse(mouse))
                    if matches!(
                        mouse.kind,
                        MouseEventKind::Down(_)
                            | MouseEventKind::ScrollDown
                            | MouseEventKind::ScrollUp
                    ) =>
                {
                    Msg::Mouse(mouse)
                }
                Ok(Event::Resize(..)) => Msg::Tick,
                Ok(_) => continue,
                Err(_) => break,
            };
            if keys.send(msg).is_err() {
                break;
            }
        }
    });
    let mut tick = tokio::time::interval(Duration::from_millis(
        1000 / u64::from(app::TICKS_PER_SECOND),
    ));
    let mut effect = Some(Effect::Resume);
    loop {
        if let Some(effect) = effect.take() {
            // The worker only stops when this loop does.
            let _ = worker.effects.send(effect);
        }
        let mut hits = Hits::default();
        terminal.draw(|frame| hits = ui::draw(&model, frame))?;
        model.hits = hits;
        if model.quit {
            // The session's last analytics events, unless the server takes too long.
            worker.flush_events(Duration::from_secs(2)).await;
            return Ok(());
        }
        let msg = tokio::select! {
            Some(msg) = inbox.recv() => msg,
            _ = tick.tick() => Msg::Tick,
        };
        effect = app::update(&mut model, msg);
    }
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
