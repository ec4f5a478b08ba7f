//! The real `marqueed` binary: flags, environment, JSON logs, readiness, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marquee_db::testing::TestDb;

const BIN: &str = env!("CARGO_BIN_EXE_marqueed");

/// A running marqueed; killed on drop if the test did not stop it.
struct Marqueed {
    child: Child,
    addr: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Marqueed {
    /// Starts the binary with JSON logs on an ephemeral port and waits for its "listening" line.
    fn start(configure: impl FnOnce(&mut Command)) -> Marqueed {
        let mut cmd = Command::new(BIN);
        cmd.args(["--bind", "127.0.0.1:0", "--log-format", "json"])
            .env_remove("DATABASE_URL")
            .env_remove("MARQUEE_DATA_DIR")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        configure(&mut cmd);
        let mut child = cmd.spawn().expect("spawn marqueed");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let addr = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("marqueed printed a `listening` line in time");
            let json: serde_json::Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("log line is JSON ({e}): {line}"));
            if json["message"] == "listening" {
                break json["addr"].as_str().unwrap().to_owned();
            }
        };
        Marqueed { child, addr, lines }
    }

    fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let url = format!("http://{}{}", self.addr, path);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let r = reqwest::get(&url).await.unwrap();
            (r.status().as_u16(), r.json().await.unwrap())
        })
    }

    fn terminate(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        let rest: Vec<String> = self.lines.try_iter().collect();
        (exit, rest)
    }
}

impl Drop for Marqueed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_on_the_embedded_default_with_no_setup_and_stops_cleanly_on_sigterm() {
    let data_dir = tempfile::tempdir().unwrap();
    let server = Marqueed::start(|cmd| {
        cmd.arg("--data-dir").arg(data_dir.path());
    });
    assert_eq!(server.get("/healthz").0, 200);
    let (status, body) = server.get("/readyz");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["checks"]["database"]["detail"], "sqlite");
    assert!(
        data_dir.path().join("marquee.db").exists(),
        "the SQLite file lives in the data dir"
    );

    let (exit, lines) = server.terminate();
    assert!(exit.success(), "{exit:?}");
    assert!(
        lines.iter().any(|l| l.contains("stopped cleanly")),
        "{lines:?}"
    );
}

#[test]
fn serves_the_database_named_by_database_url() {
    // On the env-selected backend: SQLite by default, PostgreSQL in CI's second pass.
    let db = TestDb::empty();
    let data_dir = tempfile::tempdir().unwrap();
    let server = Marqueed::start(|cmd| {
        cmd.arg("--data-dir")
            .arg(data_dir.path())
            .env("DATABASE_URL", db.url_string());
    });
    let (status, body) = server.get("/readyz");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["checks"]["database"]["detail"],
        db.backend().to_string()
    );
}

#[test]
fn an_unknown_database_scheme_is_a_clear_error_not_a_file() {
    let data_dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir.path())
        .env("DATABASE_URL", "mysql://root@127.0.0.1/marquee")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unsupported database URL scheme `mysql`"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(data_dir.path()).unwrap().count(),
        0,
        "nothing was created"
    );
}

#[test]
fn help_documents_every_flag_and_its_environment_variable() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--bind",
        "MARQUEE_BIND",
        "--data-dir",
        "MARQUEE_DATA_DIR",
        "DATABASE_URL",
        "--log-format",
        "--config",
        "--no-migrate",
        "--db-pool-size",
        "--body-limit",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn committed_shell_completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shell-completions");
    let bless = std::env::var_os("MARQUEE_BLESS").is_some();
    for (shell, file) in [
        ("bash", "marqueed.bash"),
        ("zsh", "_marqueed"),
        ("fish", "marqueed.fish"),
        ("powershell", "_marqueed.ps1"),
    ] {
        let out = Command::new(BIN)
            .args(["--print-completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, &out.stdout).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "shell-completions/{file} is stale: regenerate with `MARQUEE_BLESS=1 cargo test -p marquee-server committed_shell_completions`"
        );
    }
}
