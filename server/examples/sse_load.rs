//! Load client for the live sports stream (BENCHMARKS.md, "Sports live stream (issue 9)"): opens
//! N SSE connections to a running `marqueed`, then times score updates made through the admin API
//! until every client has received each one, and reads the server's RSS before and after the
//! clients connect. Not built by `cargo test` (`test = false` in Cargo.toml).
//!
//! ```sh
//! target/release/examples/sse_load --url http://127.0.0.1:18090 \
//!   --database-url sqlite://$DIR/marquee.db --server-pid $PID --clients 1000 --rounds 30
//! ```

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use diesel::prelude::*;
use marquee_db::models::{NewLeague, NewMatch, NewTeam};
use marquee_db::schema::{leagues, matches, teams, users};
use marquee_db::{DatabaseUrl, PoolConfig};
use serde_json::{Value, json};
use tokio::sync::mpsc;

#[derive(Debug, Parser)]
struct Args {
    /// The running server.
    #[arg(long)]
    url: String,
    /// The server's database (to seed a match and promote the benchmark admin).
    #[arg(long)]
    database_url: String,
    /// The server's process id (its RSS is read from /proc).
    #[arg(long)]
    server_pid: u32,
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Score updates to time; each is delivered to every client.
    #[arg(long, default_value_t = 30)]
    rounds: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (match_id, email) = seed(&args.database_url)?;
    let http = reqwest::Client::new();
    let password = "correct horse battery staple";
    let r = http
        .post(format!("{}/api/v1/auth/register", args.url))
        .json(&json!({ "email": email, "password": password, "name": "Bench" }))
        .send()
        .await?;
    if r.status() != 201 {
        bail!("register: {}", r.status());
    }
    promote(&args.database_url, &email)?;
    let login: Value = http
        .post(format!("{}/api/v1/auth/login", args.url))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .context("login gave no token")?
        .to_owned();

    let rss_before = rss_kib(args.server_pid)?;
    let (sender, mut receipts) = mpsc::unbounded_channel::<(i64, Instant)>();
    let mut opened = 0;
    while opened < args.clients {
        let batch = (args.clients - opened).min(50);
        let mut connecting = Vec::new();
        for _ in 0..batch {
            connecting.push(connect(args.url.clone(), sender.clone()));
        }
        for result in futures_util::future::join_all(connecting).await {
            result?;
        }
        opened += batch;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_connected = rss_kib(args.server_pid)?;

    let mut latencies = Vec::with_capacity(args.clients * args.rounds);
    for round in 1..=args.rounds {
        let score = i64::try_from(round)?;
        let started = Instant::now();
        let r = http
            .patch(format!(
                "{}/api/v1/admin/sports/matches/{match_id}",
                args.url
            ))
            .bearer_auth(&token)
            .json(&json!({ "status": "live", "home_score": score, "away_score": 0 }))
            .send()
            .await?;
        if r.status() != 200 {
            bail!("admin update: {}", r.status());
        }
        let mut delivered = 0;
        while delivered < args.clients {
            let (got, at) = tokio::time::timeout(Duration::from_secs(30), receipts.recv())
                .await
                .context("an update was not delivered to every client within 30 s")?
                .context("all clients hung up")?;
            if got == score {
                latencies.push(at.duration_since(started));
                delivered += 1;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let rss_after = rss_kib(args.server_pid)?;

    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1000.0
    };
    let clients = args.clients as f64;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "clients {}  rounds {}  deliveries {}",
        args.clients,
        args.rounds,
        latencies.len()
    )?;
    writeln!(
        out,
        "update→delivery ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    )?;
    writeln!(
        out,
        "server RSS KiB: before {rss_before}  connected {rss_connected}  after updates {rss_after}"
    )?;
    writeln!(
        out,
        "per client KiB: {:.1} (connected − before) / clients",
        (rss_connected as f64 - rss_before as f64) / clients
    )?;
    Ok(())
}

/// Opens one SSE stream (its own connection) and reports each received `home_score` with the
/// time it arrived.
async fn connect(url: String, sender: mpsc::UnboundedSender<(i64, Instant)>) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().http1_only().build()?;
    let mut response = client
        .get(format!("{url}/api/v1/sports/live/stream"))
        .send()
        .await?;
    if response.status() != 200 {
        bail!("stream: {}", response.status());
    }
    tokio::spawn(async move {
        let mut buffer = String::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            let at = Instant::now();
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let score = block
                    .lines()
                    .find_map(|l| l.strip_prefix("data:"))
                    .and_then(|d| serde_json::from_str::<Value>(d.trim()).ok())
                    .and_then(|v| v["home_score"].as_i64());
                if let Some(score) = score
                    && sender.send((score, at)).is_err()
                {
                    return;
                }
            }
        }
    });
    Ok(())
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS in /proc/PID/status")
}

fn conn(database_url: &str) -> anyhow::Result<marquee_db::PooledConn> {
    let url = DatabaseUrl::resolve(Some(database_url), None)?;
    let pool = marquee_db::pool::build_pool(&url, &PoolConfig::default());
    Ok(pool.get()?)
}

/// A league, two teams and a scheduled match; a fresh e-mail address for the admin.
fn seed(database_url: &str) -> anyhow::Result<(i64, String)> {
    let mut c = conn(database_url)?;
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let league_id: i64 = diesel::insert_into(leagues::table)
        .values(&NewLeague {
            name: "Bench League",
            slug: &format!("bench-{tag}"),
            sport: "football",
            country_id: None,
            logo_url: None,
        })
        .returning(leagues::id)
        .get_result(&mut *c)?;
    let mut team = |name: &str| -> anyhow::Result<i64> {
        Ok(diesel::insert_into(teams::table)
            .values(&NewTeam {
                league_id,
                name,
                short_name: None,
                country_id: None,
                logo_url: None,
            })
            .returning(teams::id)
            .get_result(&mut *c)?)
    };
    let (home, away) = (team("Home")?, team("Away")?);
    let match_id = diesel::insert_into(matches::table)
        .values(&NewMatch {
            league_id,
            home_team_id: home,
            away_team_id: away,
            kickoff_at: marquee_db::now(),
            venue: None,
            status: "scheduled",
            home_score: None,
            away_score: None,
            minute: None,
            updated_at: marquee_db::now(),
        })
        .returning(matches::id)
        .get_result(&mut *c)?;
    Ok((match_id, format!("bench-{tag}@example.com")))
}

fn promote(database_url: &str, email: &str) -> anyhow::Result<()> {
    let mut c = conn(database_url)?;
    diesel::update(users::table.filter(users::email_normalized.eq(email)))
        .set(users::role.eq("admin"))
        .execute(&mut *c)?;
    Ok(())
}
