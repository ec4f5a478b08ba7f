//! `marqueectl stats [--since 30d]`: the analytics metrics, computed by the server's own code
//! (`marquee_server::analytics::stats`) on the database, or asked of `GET /admin/stats` with
//! `--server`: the same numbers either way.

use marquee_api::analytics::Stats;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// Window start: days back (`7d`), a date (`2026-11-01`) or an RFC 3339 time
    #[arg(long, default_value = "30d", value_name = "WHEN")]
    since: String,
}

/// The stats, printed as a report.
#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Report(Stats);

fn pct(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:.2}%", r * 100.0))
}

impl Render for Report {
    fn table(&self, table: &mut Table) {
        let s = &self.0;
        table.field(
            "window",
            format!(
                "{} to {}",
                s.since.format("%Y-%m-%d %H:%M"),
                s.computed_at.format("%Y-%m-%d %H:%M UTC")
            ),
        );
        table.field("events", s.events.to_string());
        table.field(
            "active profiles",
            format!("{} today, {} in 30 days", s.dau, s.mau),
        );
        for r in &s.retention {
            table.field(
                &format!("day-{} retention", r.day),
                format!("{} ({} of {})", pct(r.rate), r.retained, r.cohort),
            );
        }
        table.field(
            "completion",
            format!(
                "{} ({} of {} plays)",
                pct(s.completion_rate),
                s.completions,
                s.plays
            ),
        );
        table.field(
            "search",
            format!(
                "{} searches, zero-result rate {}, {} result clicks, mean click position {}",
                s.search.searches,
                pct(s.search.zero_result_rate),
                s.search.clicks,
                s.search
                    .mean_click_position
                    .map_or_else(|| "-".to_owned(), |p| format!("{p:.2}"))
            ),
        );
        table.header(["row", "impressions", "clicks", "ctr"]);
        for (row, f) in &s.ctr_by_row {
            table.row([
                row.clone(),
                f.impressions.to_string(),
                f.clicks.to_string(),
                pct(f.ctr),
            ]);
        }
        table.header(["algorithm", "variant", "impressions", "clicks", "ctr"]);
        for a in &s.ctr_by_algorithm {
            table.row([
                a.algorithm.clone(),
                a.variant.clone(),
                a.funnel.impressions.to_string(),
                a.funnel.clicks.to_string(),
                pct(a.funnel.ctr),
            ]);
        }
        table.header(["top movie", "id", "count"]);
        for m in &s.top_movies {
            table.row([m.title.clone(), m.movie_id.to_string(), m.count.to_string()]);
        }
        table.header(["top query", "searches"]);
        for q in &s.top_queries {
            table.row([q.query.clone(), q.count.to_string()]);
        }
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    if let Some(remote) = ctx.remote()? {
        let since = opts.since.clone();
        let stats = remote.call("the stats", |c| {
            let since = since.clone();
            async move { c.admin_stats(Some(&since)).await }
        })?;
        return ctx.output.data(&Report(stats));
    }
    let now = marquee_db::now();
    let since = marquee_server::analytics::parse_since(&opts.since, now).map_err(|rule| {
        report::hinted(
            anyhow::anyhow!("--since: {rule}"),
            "for example `--since 7d` or `--since 2026-11-01`",
        )
    })?;
    let url = ctx.database_url()?;
    let mut conn = ctx.connect(&url)?;
    let stats = marquee_server::analytics::stats(&mut conn, since, now)
        .map_err(|e| anyhow::anyhow!("cannot compute the stats: {}", e.message))?;
    ctx.output.data(&Report(stats))
}
