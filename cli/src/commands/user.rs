//! `marqueectl user …`: account administration. `user create --admin` is how the first
//! administrator is made (direct database mode only). The others run on the database directly or,
//! with `--server`, through `/api/v1/admin/users*`; both apply the server's own rules
//! (`marquee_server::admin`, `auth::registration_errors`, its password hashing), never a copy.

use std::io::BufRead;

use anyhow::Context as _;
use marquee_api::Page;
use marquee_api::account::{AdminUser, AdminUserDetail, PasswordReset, SessionsEnded};
use marquee_api::client::Client;
use marquee_db::queries::{profiles, users};
use marquee_server::admin;
use marquee_server::auth::{self, password};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::remote::either;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Debug, clap::Subcommand)]
enum UserCommand {
    /// Create an account (verified, with its first profile); `--admin` for an administrator
    /// (direct database mode only)
    Create(CreateOpts),
    /// List accounts, oldest first
    List(ListOpts),
    /// Show an account: role, state, 2FA, live sessions, profiles
    Show(UserArg),
    /// Disable an account: it cannot sign in, and its sessions end at once
    Disable(ConfirmUser),
    /// Enable a disabled account
    Enable(UserArg),
    /// Make an existing account an administrator
    Promote(UserArg),
    /// Make an administrator an ordinary user again (never the last one)
    Demote(UserArg),
    /// End every session of an account: it must log in again everywhere
    EndSessions(ConfirmUser),
    /// Replace an account's password (generated and printed once unless --password-stdin) and
    /// end all its sessions
    ResetPassword(ResetOpts),
}

#[derive(Debug, clap::Args)]
struct CreateOpts {
    /// The account's email address (its login)
    email: String,
    /// Display name [default: the part of the email before `@`]
    #[arg(long)]
    name: Option<String>,
    /// Give the account the `admin` role
    #[arg(long)]
    admin: bool,
    /// Read the password from the first line of standard input; without it a random password is
    /// generated and printed once
    #[arg(long)]
    password_stdin: bool,
    /// bcrypt cost (tests use 4)
    #[arg(long, env = "MARQUEE_BCRYPT_COST", default_value_t = 12, hide = true)]
    bcrypt_cost: u32,
}

#[derive(Debug, clap::Args)]
struct ListOpts {
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// Accounts per page (at most 100)
    #[arg(long, default_value_t = 50)]
    per_page: u32,
}

#[derive(Debug, clap::Args)]
struct UserArg {
    /// The account: its email address or id
    user: String,
}

#[derive(Debug, clap::Args)]
struct ConfirmUser {
    /// The account: its email address or id
    user: String,
    /// Do not ask for confirmation (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
}

#[derive(Debug, clap::Args)]
struct ResetOpts {
    /// The account: its email address or id
    user: String,
    /// Read the new password from the first line of standard input; without it a random
    /// password is generated and printed once
    #[arg(long)]
    password_stdin: bool,
    /// Do not ask for confirmation (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
    /// bcrypt cost (tests use 4)
    #[arg(long, env = "MARQUEE_BCRYPT_COST", default_value_t = 12, hide = true)]
    bcrypt_cost: u32,
}

#[derive(Debug, Serialize)]
struct Created {
    id: i64,
    email: String,
    role: String,
    /// Present only when the password was generated.
    #[serde(skip_serializing_if = "Option::is_none")]
    generated_password: Option<String>,
}

impl Render for Created {
    fn table(&self, table: &mut Table) {
        table.field("created", format!("{} (id {})", self.email, self.id));
        table.field("role", &self.role);
        if let Some(password) = &self.generated_password {
            table.field(
                "password",
                format!("{password}  (shown once: store it now)"),
            );
        }
    }
}

fn state(disabled: bool, verified: bool) -> &'static str {
    match (disabled, verified) {
        (true, _) => "disabled",
        (false, true) => "verified",
        (false, false) => "unverified",
    }
}

/// `GET /admin/users`'s page, in both modes.
#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Accounts(Page<AdminUser>);

impl Render for Accounts {
    fn table(&self, table: &mut Table) {
        table.header(["id", "email", "name", "role", "state"]);
        for a in &self.0.data {
            table.row([
                a.id.to_string(),
                a.email.clone(),
                a.name.clone(),
                a.role.clone(),
                state(a.disabled, a.email_verified).to_owned(),
            ]);
        }
        let p = &self.0.pagination;
        table.line(format!(
            "{} of {} accounts (page {} of {})",
            self.0.data.len(),
            p.total,
            p.page,
            p.total_pages.max(1)
        ));
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Account(AdminUserDetail);

impl Render for Account {
    fn table(&self, table: &mut Table) {
        let d = &self.0;
        let u = &d.user;
        table.field("account", format!("{} (id {})", u.email, u.id));
        table.field("name", &u.name);
        table.field("role", &u.role);
        table.field("state", state(u.disabled, u.email_verified));
        table.field("2fa", if d.totp_enabled { "on" } else { "off" });
        table.field("live sessions", d.live_sessions.to_string());
        table.field("profiles", d.profiles.to_string());
        if let Some(until) = u.locked_until {
            table.field(
                "locked until",
                until.format("%Y-%m-%d %H:%M UTC").to_string(),
            );
        }
        table.field(
            "last login",
            u.last_login_at.map_or_else(
                || "never".to_owned(),
                |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
            ),
        );
        table.field(
            "created",
            u.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        );
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Ended(SessionsEnded);

impl Render for Ended {
    fn table(&self, table: &mut Table) {
        table.line(format!(
            "ended {} session(s) of {}",
            self.0.ended, self.0.email
        ));
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Reset(PasswordReset);

impl Render for Reset {
    fn table(&self, table: &mut Table) {
        table.field("password replaced", &self.0.email);
        table.field("sessions ended", self.0.sessions_ended.to_string());
        if let Some(password) = &self.0.generated_password {
            table.field(
                "password",
                format!("{password}  (shown once: store it now)"),
            );
        }
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        UserCommand::Create(opts) => {
            ctx.direct_only("user create")?;
            create(opts, ctx)
        }
        UserCommand::List(opts) => list(opts, ctx),
        UserCommand::Show(opts) => show(opts, ctx),
        UserCommand::Disable(opts) => {
            ctx.confirm(
                opts.yes,
                &format!("Disable {} and end all its sessions?", opts.user),
            )?;
            set_disabled(&opts.user, true, ctx)
        }
        UserCommand::Enable(opts) => set_disabled(&opts.user, false, ctx),
        UserCommand::Promote(opts) => set_role(&opts.user, auth::ROLE_ADMIN, ctx),
        UserCommand::Demote(opts) => set_role(&opts.user, auth::ROLE_USER, ctx),
        UserCommand::EndSessions(opts) => {
            ctx.confirm(opts.yes, &format!("End every session of {}?", opts.user))?;
            end_sessions(&opts.user, ctx)
        }
        UserCommand::ResetPassword(opts) => reset_password(opts, ctx),
    }
}

fn read_password_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn create(opts: CreateOpts, ctx: &Context) -> anyhow::Result<()> {
    let email = opts.email.trim().to_owned();
    let name = match &opts.name {
        Some(name) => name.trim().to_owned(),
        None => email.split('@').next().unwrap_or_default().to_owned(),
    };
    let (secret, generated) = if opts.password_stdin {
        (read_password_line()?, false)
    } else {
        (auth::tokens::random_token(), true)
    };
    let errors = auth::registration_errors(&email, &name, &secret);
    if !errors.is_empty() {
        let list: Vec<String> = errors.iter().map(|(f, r)| format!("{f}: {r}")).collect();
        return Err(report::hinted(
            anyhow::anyhow!("cannot create the account: {}", list.join("; ")),
            "fix the values above; the rules are the same as for registering through the API",
        ));
    }
    let hash = password::hash(&secret, opts.bcrypt_cost).context("cannot hash the password")?;
    let role = if opts.admin {
        auth::ROLE_ADMIN
    } else {
        auth::ROLE_USER
    };
    let url = ctx.database_url()?;
    let mut conn = ctx.connect_migrated(&url)?;
    let normalized = users::normalize_email(&email);
    let id = marquee_db::write_transaction(&mut conn, |conn| -> anyhow::Result<i64> {
        if users::find_by_email(conn, &normalized)?.is_some() {
            return Err(report::hinted(
                anyhow::anyhow!("an account with the address {email} already exists"),
                "use `marqueectl user promote EMAIL` to make it an administrator",
            ));
        }
        let id = users::insert(
            conn,
            &users::NewUser {
                email: &email,
                email_normalized: &normalized,
                password_hash: &hash,
                name: &name,
                role,
            },
        )?;
        // Created by an operator: the address is taken as verified.
        users::mark_email_verified(conn, id)?;
        profiles::create(conn, id, &name, false, None)?;
        Ok(id)
    })?;
    ctx.output.outcome(&Created {
        id,
        email,
        role: role.to_owned(),
        generated_password: generated.then_some(secret),
    })
}

fn list(opts: ListOpts, ctx: &Context) -> anyhow::Result<()> {
    let (page, per_page) = (opts.page, opts.per_page);
    let accounts = either(
        ctx,
        "listing accounts",
        |conn| admin::list(conn, Some(page), Some(per_page)),
        move |c: Client| async move { c.admin_users(page, per_page).await },
    )?;
    ctx.output.data(&Accounts(accounts))
}

fn show(opts: UserArg, ctx: &Context) -> anyhow::Result<()> {
    let key = opts.user;
    let detail = either(
        ctx,
        "showing the account",
        |conn| admin::show(conn, &key),
        |c: Client| {
            let key = key.clone();
            async move { c.admin_user(&key).await }
        },
    )?;
    ctx.output.data(&Account(detail))
}

fn set_disabled(key: &str, disabled: bool, ctx: &Context) -> anyhow::Result<()> {
    let what = if disabled {
        "disabling the account"
    } else {
        "enabling the account"
    };
    let detail = either(
        ctx,
        what,
        |conn| admin::set_disabled(conn, None, key, disabled),
        |c: Client| {
            let key = key.to_owned();
            async move { c.admin_set_disabled(&key, disabled).await }
        },
    )?;
    ctx.output.outcome(&Account(detail))
}

fn set_role(key: &str, role: &'static str, ctx: &Context) -> anyhow::Result<()> {
    let detail = either(
        ctx,
        "the role change",
        |conn| admin::set_role(conn, None, key, role),
        |c: Client| {
            let key = key.to_owned();
            async move { c.admin_set_role(&key, role).await }
        },
    )?;
    ctx.output.outcome(&Account(detail))
}

fn end_sessions(key: &str, ctx: &Context) -> anyhow::Result<()> {
    let ended = either(
        ctx,
        "ending the sessions",
        |conn| admin::end_sessions(conn, None, key),
        |c: Client| {
            let key = key.to_owned();
            async move { c.admin_end_sessions(&key).await }
        },
    )?;
    ctx.output.outcome(&Ended(ended))
}

fn reset_password(opts: ResetOpts, ctx: &Context) -> anyhow::Result<()> {
    let given = if opts.password_stdin {
        Some(read_password_line()?)
    } else {
        None
    };
    ctx.confirm(
        opts.yes,
        &format!(
            "Replace the password of {} and end all its sessions?",
            opts.user
        ),
    )?;
    let reset = match ctx.remote()? {
        Some(remote) => remote.call("the password reset", |c| {
            let (key, given) = (opts.user.clone(), given.clone());
            async move { c.admin_reset_password(&key, given).await }
        })?,
        None => {
            let url = ctx.database_url()?;
            let mut conn = ctx.connect(&url)?;
            let user = admin::find_user(&mut conn, &opts.user).map_err(report::refused)?;
            let (secret, generated) = match given {
                Some(password) => (password, false),
                None => (auth::tokens::random_token(), true),
            };
            admin::check_new_password(&user, &secret).map_err(report::refused)?;
            let hash =
                password::hash(&secret, opts.bcrypt_cost).context("cannot hash the password")?;
            admin::set_password(&mut conn, None, user.id, &hash, generated.then_some(secret))
                .map_err(report::refused)?
        }
    };
    ctx.output.outcome(&Reset(reset))
}
