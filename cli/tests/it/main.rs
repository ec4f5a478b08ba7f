//! marqueectl's integration tests: the real binary against real databases, SQLite by default and
//! PostgreSQL when MARQUEE_TEST_DATABASE_URL is set. Each test owns a fresh database.

// Test helpers outside `#[test]` fns unwrap too: a panic there is a test failure.
#![allow(clippy::unwrap_used)]

mod analytics;
mod api_mode;
mod completions;
mod db;
mod export;
mod import;
mod movielens_old;
mod search;
mod seed;
mod sports;
mod tmdb;
mod trailers;
mod usage;
mod user;

use std::process::Output;
use std::time::Duration;

/// `marqueectl` with none of the caller's environment that could change its behavior.
fn marqueectl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("marqueectl");
    cmd.env_remove("DATABASE_URL")
        .env_remove("MARQUEE_DATA_DIR")
        .env_remove("NO_COLOR")
        .env_remove("MARQUEE_SERVER")
        .env_remove("MARQUEE_TOKEN")
        .timeout(Duration::from_secs(60));
    cmd
}

/// The output of a finished run, for assertions that show everything when they fail.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(cmd: &mut assert_cmd::Command) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = cmd.output().expect("marqueectl runs");
        Run {
            code: status.code(),
            stdout: String::from_utf8(stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(stderr).expect("utf-8 stderr"),
        }
    }

    #[track_caller]
    fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}
