//! `marqueectl login` and `logout`: the API-mode session with one server. The password comes from
//! a prompt on a terminal (no echo) or the first line of stdin (`--password-stdin`); an account
//! with 2FA is asked for its code (`--totp-code` for scripts). The tokens go to the store the TUI
//! uses (`marquee_api::credentials`), under the server's URL.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context as _;
use marquee_api::auth::LoginRequest;
use marquee_api::credentials::Tokens;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::remote::Remote;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct LoginOpts {
    /// The account's email address [default: asked on a terminal]
    #[arg(long)]
    email: Option<String>,
    /// Read the password from the first line of standard input instead of a prompt
    #[arg(long)]
    password_stdin: bool,
    /// The 2FA code (or a recovery code) when the account has 2FA; asked on a terminal otherwise
    #[arg(long, value_name = "CODE")]
    totp_code: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct LogoutOpts {}

#[derive(Debug, Serialize)]
struct LoggedIn {
    server: String,
    email: String,
    role: String,
    /// `keyring`, `file` or `MARQUEE_TOKEN`.
    store: &'static str,
}

impl Render for LoggedIn {
    fn table(&self, table: &mut Table) {
        table.line(format!(
            "logged in to {} as {} ({}); tokens kept in the {}",
            self.server, self.email, self.role, self.store
        ));
        if self.role != marquee_server::auth::ROLE_ADMIN {
            table
                .line("note: this account is not an administrator: admin commands will be refused");
        }
    }
}

#[derive(Debug, Serialize)]
struct LoggedOut {
    server: String,
    /// Whether the server confirmed the session was revoked.
    revoked: bool,
    /// Whether tokens were stored (and are now removed).
    removed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl Render for LoggedOut {
    fn table(&self, table: &mut Table) {
        let what = match (self.removed, self.revoked) {
            (false, _) => "no credentials stored, nothing to do".to_owned(),
            (true, true) => "session revoked, tokens removed".to_owned(),
            (true, false) => "tokens removed".to_owned(),
        };
        table.line(format!("logged out of {}: {what}", self.server));
        if let Some(note) = &self.note {
            table.line(format!("note: {note}"));
        }
    }
}

fn remote(ctx: &Context, command: &str) -> anyhow::Result<Remote> {
    match ctx.remote()? {
        Some(remote) => Ok(remote),
        None => Err(report::hinted(
            anyhow::anyhow!("`marqueectl {command}` needs the server's URL"),
            "pass --server URL (e.g. http://127.0.0.1:8080) or set MARQUEE_SERVER",
        )),
    }
}

/// A line typed on the terminal after `prompt` (on stderr).
fn ask(prompt: &str) -> anyhow::Result<String> {
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{prompt}")?;
    stderr.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

pub fn login(opts: LoginOpts, ctx: &Context) -> anyhow::Result<()> {
    let remote = remote(ctx, "login")?;
    let terminal = std::io::stdin().is_terminal();
    let email = match opts.email {
        Some(email) => email.trim().to_owned(),
        None if terminal => ask("Email: ")?,
        None => {
            return Err(report::hinted(
                anyhow::anyhow!("no email address given and no terminal to ask for one"),
                "pass --email EMAIL",
            ));
        }
    };
    let password = if opts.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if terminal {
        rpassword::prompt_password(format!("Password for {email}: "))
            .context("cannot read the password from the terminal")?
    } else {
        return Err(report::hinted(
            anyhow::anyhow!("no terminal to ask for the password"),
            "pipe it in with --password-stdin",
        ));
    };
    let mut request = LoginRequest {
        email: email.clone(),
        password,
        totp_code: opts.totp_code.clone(),
        recovery_code: None,
    };
    let client = remote.anonymous();
    let mut result = remote.block_on(client.login(&request));
    if let Err(err) = &result
        && err.code() == Some("totp_required")
        && request.totp_code.is_none()
    {
        if !terminal || opts.password_stdin {
            return Err(report::hinted(
                anyhow::anyhow!("{email} has two-factor authentication on: a code is needed"),
                "pass --totp-code CODE (from the authenticator app, or a recovery code)",
            ));
        }
        let code = ask("Authentication code (or a recovery code): ")?;
        // Recovery codes are longer than the 6 digits of a TOTP code.
        if code.chars().all(|c| c.is_ascii_digit()) {
            request.totp_code = Some(code);
        } else {
            request.recovery_code = Some(code);
        }
        result = remote.block_on(client.login(&request));
    }
    let pair = result.map_err(|err| remote.explain(err, "the login"))?;
    let tokens = Tokens::from(pair);
    remote
        .store()
        .save(remote.server(), &tokens)
        .context("cannot store the tokens")?;
    if let Some(notice) = remote.store().notice()
        && !ctx.output.is_quiet()
    {
        let _ = writeln!(std::io::stderr().lock(), "note: {notice}");
    }
    let me = remote.call("reading the account", |c| async move { c.me().await })?;
    ctx.output.outcome(&LoggedIn {
        server: remote.server().to_owned(),
        email: me.email,
        role: me.role,
        store: remote.store().kind(),
    })
}

/// Revokes the session on the server (best effort: unreachable or already revoked is fine) and
/// forgets the tokens either way.
pub fn logout(_opts: LogoutOpts, ctx: &Context) -> anyhow::Result<()> {
    let remote = remote(ctx, "logout")?;
    let server = remote.server().to_owned();
    if remote.store().kind() == "MARQUEE_TOKEN" {
        return Err(report::hinted(
            anyhow::anyhow!(
                "MARQUEE_TOKEN is set: its token was never stored, so there is nothing to remove"
            ),
            "unset MARQUEE_TOKEN; the token expires by itself within 15 minutes",
        ));
    }
    if remote.store().load(&server)?.is_none() {
        return ctx.output.outcome(&LoggedOut {
            server,
            revoked: false,
            removed: false,
            note: None,
        });
    }
    let revoked = remote.call("the logout", |c| async move { c.logout().await });
    let removed = remote.store().remove(&server)?;
    ctx.output.outcome(&LoggedOut {
        server,
        revoked: revoked.is_ok(),
        removed,
        note: revoked
            .err()
            .map(|err| format!("the server did not confirm the revocation: {err:#}")),
    })
}
