//! `marqueectl user …`: account administration in direct database mode. `user create --admin` is
//! how the first administrator is made. The rules are the server's own
//! (`marquee_server::auth::registration_errors`, its password hashing), never a second copy.

use std::io::BufRead;

use anyhow::Context as _;
use marquee_db::queries::{profiles, users};
use marquee_server::auth::{self, password};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Debug, clap::Subcommand)]
enum UserCommand {
    /// Create an account (verified, with its first profile); `--admin` for an administrator
    Create(CreateOpts),
    /// List accounts, oldest first
    List(ListOpts),
    /// Make an existing account an administrator
    Promote(EmailOpts),
    /// Make an administrator an ordinary user again
    Demote(EmailOpts),
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
    #[arg(long, default_value_t = 50)]
    per_page: u32,
}

#[derive(Debug, clap::Args)]
struct EmailOpts {
    /// The account's email address
    email: String,
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

#[derive(Debug, Serialize)]
struct Account {
    id: i64,
    email: String,
    name: String,
    role: String,
    verified: bool,
    disabled: bool,
}

#[derive(Debug, Serialize)]
struct Accounts {
    data: Vec<Account>,
    total: i64,
}

impl Render for Accounts {
    fn table(&self, table: &mut Table) {
        table.header(["id", "email", "name", "role", "state"]);
        for a in &self.data {
            let state = match (a.disabled, a.verified) {
                (true, _) => "disabled",
                (false, true) => "verified",
                (false, false) => "unverified",
            };
            table.row([
                a.id.to_string(),
                a.email.clone(),
                a.name.clone(),
                a.role.clone(),
                state.to_owned(),
            ]);
        }
        table.line(format!("{} of {} accounts", self.data.len(), self.total));
    }
}

#[derive(Debug, Serialize)]
struct RoleChanged {
    email: String,
    role: String,
}

impl Render for RoleChanged {
    fn table(&self, table: &mut Table) {
        table.field(&self.email, format!("is now {}", self.role));
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        UserCommand::Create(opts) => create(opts, ctx),
        UserCommand::List(opts) => list(opts, ctx),
        UserCommand::Promote(opts) => set_role(opts, auth::ROLE_ADMIN, ctx),
        UserCommand::Demote(opts) => set_role(opts, auth::ROLE_USER, ctx),
    }
}

fn create(opts: CreateOpts, ctx: &Context) -> anyhow::Result<()> {
    let email = opts.email.trim().to_owned();
    let name = match &opts.name {
        Some(name) => name.trim().to_owned(),
        None => email.split('@').next().unwrap_or_default().to_owned(),
    };
    let (secret, generated) = if opts.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
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
    let url = ctx.database_url()?;
    let mut conn = ctx.connect(&url)?;
    let per_page = i64::from(opts.per_page.clamp(1, 500));
    let offset = i64::from(opts.page.max(1) - 1) * per_page;
    let (rows, total) = users::list(&mut conn, offset, per_page)?;
    let data = rows
        .into_iter()
        .map(|u| Account {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            verified: u.email_verified_at.is_some(),
            disabled: u.disabled_at.is_some(),
        })
        .collect();
    ctx.output.data(&Accounts { data, total })
}

fn set_role(opts: EmailOpts, role: &str, ctx: &Context) -> anyhow::Result<()> {
    let url = ctx.database_url()?;
    let mut conn = ctx.connect(&url)?;
    let normalized = users::normalize_email(&opts.email);
    let Some(user) = users::find_by_email(&mut conn, &normalized)? else {
        return Err(report::hinted(
            anyhow::anyhow!("no account with the address {}", opts.email.trim()),
            "list accounts with `marqueectl user list`",
        ));
    };
    users::set_role(&mut conn, user.id, role)?;
    ctx.output.outcome(&RoleChanged {
        email: user.email,
        role: role.to_owned(),
    })
}
