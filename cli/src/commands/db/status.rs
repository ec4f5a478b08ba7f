//! `marqueectl db status`: where the database stands against the migrations in this binary.
//! Read-only: it never creates a database or applies anything.

use anyhow::Context as _;
use marquee_db::DatabaseUrl;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {}

#[derive(Debug, Serialize)]
struct Status {
    backend: String,
    url: String,
    applied: Vec<String>,
    pending: Vec<String>,
}

impl Render for Status {
    fn table(&self, table: &mut Table) {
        table.field("backend", &self.backend);
        table.field("url", &self.url);
        let summary = match self.pending.len() {
            0 => "up to date".to_owned(),
            n => format!("{n} pending: run `marqueectl db migrate`"),
        };
        table.field("migrations", summary);
        if self.applied.is_empty() && self.pending.is_empty() {
            return;
        }
        table.header(["version", "state"]);
        for version in &self.applied {
            table.row([version.clone(), "applied".to_owned()]);
        }
        for version in &self.pending {
            table.row([version.clone(), "pending".to_owned()]);
        }
    }
}

pub fn run(Opts {}: Opts, ctx: &Context) -> anyhow::Result<()> {
    let url = ctx.database_url()?;
    // Connecting would create an empty file; a status check must not leave one behind.
    if let DatabaseUrl::Sqlite(path) = &url
        && !path
            .try_exists()
            .with_context(|| format!("cannot check {}", path.display()))?
    {
        return Err(report::hinted(
            anyhow::anyhow!("no database at {}", path.display()),
            "run `marqueectl db migrate` to create it, or point --data-dir or --database-url at \
             an existing database",
        ));
    }
    let mut conn = ctx.connect(&url)?;
    let status = marquee_db::migrate::status(&mut conn)
        .map_err(anyhow::Error::from_boxed)
        .with_context(|| format!("cannot read the migration state of {}", url.redacted()))?;
    ctx.output.data(&Status {
        backend: url.backend().to_string(),
        url: url.redacted(),
        applied: status.applied,
        pending: status.pending,
    })
}
