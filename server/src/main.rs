//! `marqueed`: parse flags, set up logging, serve until SIGTERM/Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use marquee_server::config::{Cli, Config};

// glibc malloc makes gzip responses unstable under load (mmap/munmap of encoder buffers, see
// shared/notes/stack-spike.md §4); mimalloc keeps freed buffers.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(shell) = cli.print_completions {
        let mut out = std::io::stdout().lock();
        clap_complete::generate(shell, &mut Cli::command(), "marqueed", &mut out);
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_cli(cli) {
        Ok(config) => config,
        Err(err) => return fail(&err),
    };
    if let Err(err) = marquee_server::telemetry::init(config.log_format, &config.log_filter) {
        return fail(&err);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => return fail(&err.into()),
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = format!("{err:#}"), "marqueed stopped");
            fail(&err)
        }
    }
}

async fn run(config: Config) -> anyhow::Result<()> {
    tracing::info!(version = env!("CARGO_PKG_VERSION"), config = ?config, "starting marqueed");
    let state = marquee_server::prepare(config).await?;
    let server = marquee_server::Server::bind(state).await?;
    tracing::info!(addr = %server.addr()?, "listening");
    if let Some(addr) = server.metrics_addr()? {
        tracing::info!(%addr, "serving Prometheus metrics at /metrics");
    }
    server.run(marquee_server::http::shutdown_signal()).await;
    tracing::info!("stopped cleanly");
    Ok(())
}

fn fail(err: &anyhow::Error) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
    ExitCode::FAILURE
}
