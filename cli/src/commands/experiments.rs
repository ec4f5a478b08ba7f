//! `marqueectl experiments create|list|show|stop|rollout`: A/B experiments on For You, on the
//! database directly or through `/admin/experiments*` with `--server`. Validation, assignment and
//! results are the server's own code (`marquee_server::analytics`), so both modes refuse and
//! report alike.
//! Running servers notice a change within a few seconds (they re-read the running experiment
//! every 5 s).

use marquee_api::analytics::{Experiment, ExperimentResults, NewExperiment, NewVariant};
use marquee_server::analytics as rules;
use marquee_server::error::ApiError;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Create and start an experiment (one runs at a time; the first variant is the control)
    ///
    /// Each --variant is KEY=SHARE or KEY=SHARE:CONFIG, CONFIG a JSON object of what the
    /// variant changes in For You, e.g.
    ///   marqueectl experiments create diversity-2026-11 \
    ///     --variant control=0.5 --variant 'diverse=0.5:{"diversity":0.6}'
    #[command(verbatim_doc_comment)]
    Create(CreateOpts),
    /// List experiments, newest first
    List,
    /// Show an experiment's results: impressions, clicks, CTR and the difference vs the control
    /// with a 95% confidence interval
    Show(IdOpts),
    /// Stop a running experiment (everyone gets the default For You again)
    Stop(IdOpts),
    /// Roll a variant out to everyone (ends the experiment)
    Rollout(RolloutOpts),
}

#[derive(Debug, clap::Args)]
struct CreateOpts {
    /// Experiment key: a-z, 0-9, `_` and `-`
    key: String,
    /// A variant: KEY=SHARE[:CONFIG_JSON] (give 2 to 10; shares sum to 1)
    #[arg(long = "variant", value_name = "KEY=SHARE[:CONFIG]", required = true)]
    variants: Vec<String>,
    /// What the experiment tests
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Debug, clap::Args)]
struct IdOpts {
    /// Experiment id or key
    experiment: String,
}

#[derive(Debug, clap::Args)]
struct RolloutOpts {
    /// Experiment id or key
    experiment: String,
    /// The variant to serve everyone
    variant: String,
}

/// One experiment, printed.
#[derive(Debug, Serialize)]
#[serde(transparent)]
struct One(Experiment);

impl Render for One {
    fn table(&self, table: &mut Table) {
        let e = &self.0;
        table.field("experiment", format!("{} (id {})", e.key, e.id));
        table.field("status", &e.status);
        if let Some(v) = &e.rolled_out_variant {
            table.field("rolled out", v);
        }
        table.header(["variant", "share", "config"]);
        for v in &e.variants {
            table.row([
                v.key.clone(),
                format!("{:.3}", v.share),
                v.config.to_string(),
            ]);
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct List(Vec<Experiment>);

impl Render for List {
    fn table(&self, table: &mut Table) {
        table.header(["id", "key", "status", "started", "variants"]);
        for e in &self.0 {
            let variants: Vec<String> = e
                .variants
                .iter()
                .map(|v| format!("{} {:.3}", v.key, v.share))
                .collect();
            table.row([
                e.id.to_string(),
                e.key.clone(),
                e.status.clone(),
                e.started_at.map_or_else(
                    || "-".to_owned(),
                    |t| t.format("%Y-%m-%d %H:%M").to_string(),
                ),
                variants.join(", "),
            ]);
        }
        table.line(format!("{} experiments", self.0.len()));
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Results(ExperimentResults);

fn pct(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:+.2} pp", r * 100.0))
}

impl Render for Results {
    fn table(&self, table: &mut Table) {
        let r = &self.0;
        table.field(
            "experiment",
            format!(
                "{} (id {}, {})",
                r.experiment.key, r.experiment.id, r.experiment.status
            ),
        );
        table.field("control", &r.control);
        table.header([
            "variant",
            "impressions",
            "clicks",
            "ctr",
            "vs control",
            "95% ci",
            "significant",
        ]);
        for v in &r.results {
            let ci = match (v.ci_low, v.ci_high) {
                (Some(lo), Some(hi)) => format!("[{:+.2}, {:+.2}] pp", lo * 100.0, hi * 100.0),
                _ => "-".to_owned(),
            };
            table.row([
                v.key.clone(),
                v.impressions.to_string(),
                v.clicks.to_string(),
                v.ctr
                    .map_or_else(|| "-".to_owned(), |c| format!("{:.2}%", c * 100.0)),
                pct(v.diff_vs_control),
                ci,
                if v.significant { "yes" } else { "no" }.to_owned(),
            ]);
        }
    }
}

/// The server's refusal as a CLI error: the message, each bad field with its rule, a hint.
fn refused(err: ApiError) -> anyhow::Error {
    let mut message = err.message.clone();
    if let Some(fields) = err
        .details
        .as_ref()
        .and_then(|d| d.get("fields"))
        .and_then(|f| f.as_object())
    {
        let list: Vec<String> = fields
            .iter()
            .map(|(f, rule)| format!("{f}: {}", rule.as_str().unwrap_or_default()))
            .collect();
        message = format!("invalid experiment: {}", list.join("; "));
    }
    let hint = match err.code {
        "not_found" => "list experiments with `marqueectl experiments list`",
        "experiment_running" => "stop it with `marqueectl experiments stop KEY` or roll one out",
        "validation_failed" => "fix the values above (`marqueectl experiments create --help`)",
        _ => "see `marqueectl experiments --help`",
    };
    report::hinted(anyhow::anyhow!(message), hint)
}

/// `KEY=SHARE[:CONFIG]` → a variant; the error names the argument and the expected form.
fn parse_variant(arg: &str) -> anyhow::Result<NewVariant> {
    let bad = |why: &str| {
        report::hinted(
            anyhow::anyhow!("--variant {arg}: {why}"),
            "write KEY=SHARE or KEY=SHARE:CONFIG, e.g. --variant 'diverse=0.5:{\"diversity\":0.6}'",
        )
    };
    let (key, rest) = arg
        .split_once('=')
        .ok_or_else(|| bad("no `=` after the key"))?;
    let (share, config) = match rest.split_once(':') {
        Some((share, config)) => (share, Some(config)),
        None => (rest, None),
    };
    let share: f64 = share
        .trim()
        .parse()
        .map_err(|_| bad("the share is not a number from 0 to 1"))?;
    let config = match config {
        Some(c) => {
            serde_json::from_str(c).map_err(|e| bad(&format!("the config is not JSON ({e})")))?
        }
        None => serde_json::Value::Null,
    };
    Ok(NewVariant {
        key: key.trim().to_owned(),
        share,
        config,
    })
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    if let Some(remote) = ctx.remote()? {
        return remote_run(opts, ctx, &remote);
    }
    let url = ctx.database_url()?;
    match opts.command {
        Command::Create(opts) => {
            let new = new_experiment(opts)?;
            let mut conn = ctx.connect_migrated(&url)?;
            let created = rules::create(&mut conn, &new).map_err(refused)?;
            ctx.output.outcome(&One(created))
        }
        Command::List => {
            let mut conn = ctx.connect(&url)?;
            ctx.output
                .data(&List(rules::list(&mut conn).map_err(refused)?))
        }
        Command::Show(opts) => {
            let mut conn = ctx.connect(&url)?;
            let results = rules::results(&mut conn, &opts.experiment).map_err(refused)?;
            ctx.output.data(&Results(results))
        }
        Command::Stop(opts) => {
            let mut conn = ctx.connect(&url)?;
            let stopped = rules::stop(&mut conn, &opts.experiment).map_err(refused)?;
            ctx.output.outcome(&One(stopped))
        }
        Command::Rollout(opts) => {
            let mut conn = ctx.connect(&url)?;
            let rolled =
                rules::rollout(&mut conn, &opts.experiment, &opts.variant).map_err(refused)?;
            ctx.output.outcome(&One(rolled))
        }
    }
}

fn new_experiment(opts: CreateOpts) -> anyhow::Result<NewExperiment> {
    let variants = opts
        .variants
        .iter()
        .map(|v| parse_variant(v))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(NewExperiment {
        key: opts.key,
        description: opts.description,
        variants,
    })
}

/// The same commands through `/api/v1/admin/experiments*`.
fn remote_run(opts: Opts, ctx: &Context, remote: &crate::remote::Remote) -> anyhow::Result<()> {
    match opts.command {
        Command::Create(opts) => {
            let new = new_experiment(opts)?;
            let created = remote.call("the experiment", |c| {
                let new = new.clone();
                async move { c.admin_create_experiment(&new).await }
            })?;
            ctx.output.outcome(&One(created))
        }
        Command::List => {
            let list = remote.call("listing experiments", |c| async move {
                c.admin_experiments().await
            })?;
            ctx.output.data(&List(list))
        }
        Command::Show(opts) => {
            let results = remote.call("the experiment's results", |c| {
                let id = opts.experiment.clone();
                async move { c.admin_experiment(&id).await }
            })?;
            ctx.output.data(&Results(results))
        }
        Command::Stop(opts) => {
            let stopped = remote.call("stopping the experiment", |c| {
                let id = opts.experiment.clone();
                async move { c.admin_stop_experiment(&id).await }
            })?;
            ctx.output.outcome(&One(stopped))
        }
        Command::Rollout(opts) => {
            let rolled = remote.call("the rollout", |c| {
                let (id, variant) = (opts.experiment.clone(), opts.variant.clone());
                async move { c.admin_rollout_experiment(&id, &variant).await }
            })?;
            ctx.output.outcome(&One(rolled))
        }
    }
}
