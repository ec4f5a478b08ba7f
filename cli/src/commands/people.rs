//! `marqueectl people add|edit|delete|show`: one person at a time, on the database directly or
//! through `/api/v1/admin/people*` with `--server`, with `marquee_server::admin`'s checks either
//! way (as `movies`: in direct mode a running server follows within its sync and cache TTL).

use marquee_api::catalogue::{PersonDeleted, PersonDetail, PersonInput};
use marquee_server::admin;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::remote::either;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Add a person
    Add(AddOpts),
    /// Change a person: only the values given
    Edit(EditOpts),
    /// Delete a person with their credits and aliases
    Delete(DeleteOpts),
    /// Show a person as the API serves them
    Show(IdOpts),
}

#[derive(Debug, clap::Args)]
struct Fields {
    #[arg(long)]
    biography: Option<String>,
    /// Birth date, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    birth_date: Option<String>,
    /// Death date, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    death_date: Option<String>,
    #[arg(long, value_name = "PLACE")]
    place_of_birth: Option<String>,
    /// Known for: Acting, Directing, Writing…
    #[arg(long, value_name = "DEPARTMENT")]
    department: Option<String>,
    /// Profile image URL (http or https)
    #[arg(long, value_name = "URL")]
    profile_url: Option<String>,
}

impl Fields {
    fn input(self, name: Option<String>) -> PersonInput {
        PersonInput {
            name,
            biography: self.biography,
            birth_date: self.birth_date,
            death_date: self.death_date,
            place_of_birth: self.place_of_birth,
            known_for_department: self.department,
            profile_url: self.profile_url,
        }
    }
}

#[derive(Debug, clap::Args)]
struct AddOpts {
    /// The person's name
    name: String,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, clap::Args)]
struct EditOpts {
    /// Person id
    id: i64,
    /// New name
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, clap::Args)]
struct DeleteOpts {
    /// Person id
    id: i64,
    /// Do not ask for confirmation (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
}

#[derive(Debug, clap::Args)]
struct IdOpts {
    /// Person id
    id: i64,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Person(PersonDetail);

impl Render for Person {
    fn table(&self, table: &mut Table) {
        let p = &self.0;
        table.field("person", format!("{} (id {})", p.name, p.id));
        if let Some(department) = &p.known_for_department {
            table.field("known for", department);
        }
        let life = match (p.birth_date, p.death_date) {
            (Some(b), Some(d)) => Some(format!("{b} to {d}")),
            (Some(b), None) => Some(format!("born {b}")),
            (None, Some(d)) => Some(format!("died {d}")),
            (None, None) => None,
        };
        if let Some(life) = life {
            table.field("life", life);
        }
        if let Some(place) = &p.place_of_birth {
            table.field("place of birth", place);
        }
        table.field(
            "credits",
            format!("{} cast, {} crew", p.cast_credits, p.crew_credits),
        );
        if let Some(biography) = &p.biography {
            table.field("biography", biography);
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Deleted(PersonDeleted);

impl Render for Deleted {
    fn table(&self, table: &mut Table) {
        table.line(format!("deleted {} (id {})", self.0.name, self.0.id));
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    match opts.command {
        Command::Add(opts) => {
            let input = opts.fields.input(Some(opts.name));
            let detail = either(
                ctx,
                "the new person",
                |conn| admin::create_person(conn, None, &input),
                |c| {
                    let input = input.clone();
                    async move { c.admin_create_person(&input).await }
                },
            )?;
            ctx.output.outcome(&Person(detail))
        }
        Command::Edit(opts) => {
            let id = opts.id;
            let input = opts.fields.input(opts.name);
            let detail = either(
                ctx,
                "the person's changes",
                |conn| admin::update_person(conn, None, id, &input),
                |c| {
                    let input = input.clone();
                    async move { c.admin_update_person(id, &input).await }
                },
            )?;
            ctx.output.outcome(&Person(detail))
        }
        Command::Delete(opts) => {
            let id = opts.id;
            ctx.confirm(opts.yes, &format!("Delete person {id} with their credits?"))?;
            let deleted = either(
                ctx,
                "deleting the person",
                |conn| admin::delete_person(conn, None, id),
                |c| async move { c.admin_delete_person(id).await },
            )?;
            ctx.output.outcome(&Deleted(deleted))
        }
        Command::Show(opts) => {
            let id = opts.id;
            let detail = either(
                ctx,
                "showing the person",
                |conn| admin::person(conn, id),
                |c| async move { c.person(id).await },
            )?;
            ctx.output.data(&Person(detail))
        }
    }
}
