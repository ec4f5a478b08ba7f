//! `marqueectl db migrate`: brings the schema up to date; running it again is a no-op.

use anyhow::Context as _;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};

#[derive(Debug, clap::Args)]
pub struct Opts {}

#[derive(Debug, Serialize)]
struct Migrated {
    backend: String,
    url: String,
    /// Versions applied by this run, oldest first; empty when already up to date.
    applied: Vec<String>,
}

impl Render for Migrated {
    fn table(&self, table: &mut Table) {
        if self.applied.is_empty() {
            table.line(format!(
                "{} ({}) is already up to date",
                self.url, self.backend
            ));
            return;
        }
        for version in &self.applied {
            table.line(format!("applied {version}"));
        }
        let n = self.applied.len();
        let plural = if n == 1 { "" } else { "s" };
        table.line(format!(
            "{} ({}): {n} migration{plural} applied",
            self.url, self.backend
        ));
    }
}

pub fn run(Opts {}: Opts, ctx: &Context) -> anyhow::Result<()> {
    let url = ctx.database_url()?;
    let mut conn = ctx.connect(&url)?;
    let applied = marquee_db::migrate::run_pending(&mut conn)
        .map_err(anyhow::Error::from_boxed)
        .with_context(|| format!("cannot migrate {}", url.redacted()))?;
    ctx.output.outcome(&Migrated {
        backend: url.backend().to_string(),
        url: url.redacted(),
        applied,
    })
}
