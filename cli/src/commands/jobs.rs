//! `marqueectl jobs list|run`: a running server's background jobs (`GET /admin/jobs`,
//! `POST /admin/jobs/{name}/run`). They live in the server process, so these need `--server`.

use std::time::{Duration, Instant};

use marquee_api::ops::{Job, JobStarted, Jobs};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::remote::Remote;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Each job's last run (start, duration, error, counts) and next run
    List,
    /// Run a job now: recommender (train, then precompute For You), trending, analytics, or
    /// search (rebuild the index)
    Run(RunOpts),
}

#[derive(Debug, clap::Args)]
struct RunOpts {
    /// The job to run
    #[arg(value_parser = ["recommender", "trending", "analytics", "search"])]
    name: String,
    /// Return once the run has started instead of waiting for it to finish
    #[arg(long)]
    no_wait: bool,
    /// Give up waiting after this many seconds (the run goes on on the server)
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    timeout: u64,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct List(Jobs);

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

fn state(job: &Job) -> String {
    if job.running {
        "running".to_owned()
    } else if let Some(error) = &job.last_error {
        format!("failed: {error}")
    } else if job.last_finished_at.is_some() {
        "ok".to_owned()
    } else {
        "never ran".to_owned()
    }
}

impl Render for List {
    fn table(&self, table: &mut Table) {
        table.header(["job", "state", "last start", "took", "next run"]);
        for job in &self.0.jobs {
            table.row([
                job.name.clone(),
                state(job),
                time(job.last_started_at),
                job.last_duration_ms
                    .map_or_else(|| "-".to_owned(), |ms| format!("{:.1} s", ms as f64 / 1e3)),
                time(job.next_run_at),
            ]);
        }
    }
}

/// A run that was started, and its job once it finished (unless `--no-wait`).
#[derive(Debug, Serialize)]
struct Ran {
    started: JobStarted,
    #[serde(skip_serializing_if = "Option::is_none")]
    finished: Option<Job>,
}

impl Render for Ran {
    fn table(&self, table: &mut Table) {
        match &self.finished {
            None => table.line(format!(
                "started {} (follow it with `marqueectl jobs list`)",
                self.started.name
            )),
            Some(job) => {
                table.line(format!(
                    "{} finished in {:.1} s",
                    job.name,
                    job.last_duration_ms.unwrap_or(0) as f64 / 1e3
                ));
                for (name, count) in &job.counts {
                    table.field(name, count.to_string());
                }
            }
        }
    }
}

fn remote(ctx: &Context) -> anyhow::Result<Remote> {
    match ctx.remote()? {
        Some(remote) => Ok(remote),
        None => Err(report::hinted(
            anyhow::anyhow!("`marqueectl jobs` talks to a running server: the jobs live in it"),
            "pass --server URL (or set MARQUEE_SERVER) after `marqueectl login`",
        )),
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let remote = remote(ctx)?;
    match opts.command {
        Command::List => {
            let jobs = remote.call("listing jobs", |c| async move { c.admin_jobs().await })?;
            ctx.output.data(&List(jobs))
        }
        Command::Run(opts) => {
            let name = opts.name.clone();
            let started = remote.call(&format!("running {}", opts.name), |c| {
                let name = name.clone();
                async move { c.admin_run_job(&name).await }
            })?;
            let finished = if opts.no_wait {
                None
            } else {
                Some(wait(&remote, &started, Duration::from_secs(opts.timeout))?)
            };
            if let Some(error) = finished.as_ref().and_then(|j| j.last_error.clone()) {
                return Err(report::hinted(
                    anyhow::anyhow!("{} failed: {error}", started.name),
                    "the server's log has the details (search for the job's name)",
                ));
            }
            ctx.output.outcome(&Ran { started, finished })
        }
    }
}

/// Polls `GET /admin/jobs` until the run started at or after the request has finished.
fn wait(remote: &Remote, started: &JobStarted, timeout: Duration) -> anyhow::Result<Job> {
    let deadline = Instant::now() + timeout;
    loop {
        let jobs = remote.call("listing jobs", |c| async move { c.admin_jobs().await })?;
        let job = jobs.jobs.into_iter().find(|j| j.name == started.name);
        if let Some(job) = job
            && !job.running
            && job
                .last_started_at
                .is_some_and(|at| at >= started.requested_at)
            && job.last_finished_at.is_some()
        {
            return Ok(job);
        }
        if Instant::now() >= deadline {
            return Err(report::hinted(
                anyhow::anyhow!(
                    "{} has not finished after {} s; it goes on on the server",
                    started.name,
                    timeout.as_secs()
                ),
                "follow it with `marqueectl jobs list`, or wait longer with --timeout SECONDS",
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
