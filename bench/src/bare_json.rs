//! The baseline of the HTTP benchmarks: warp serving a small JSON body and nothing else — no
//! database, no middleware, no authentication — on the same runtime and allocator as `marqueed`.
//! Usage: `bare-json 127.0.0.1:18090`.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use warp::Filter;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let Some(addr) = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<SocketAddr>().ok())
    else {
        let _ = writeln!(
            std::io::stderr(),
            "usage: bare-json ADDR (e.g. 127.0.0.1:18090)"
        );
        return ExitCode::from(2);
    };
    let hello = warp::path!("hello")
        .and(warp::get())
        .map(|| warp::reply::json(&[("hello", "world")]));
    warp::serve(hello).run(addr).await;
    ExitCode::SUCCESS
}
