//! marquee's integration tests: the real binary, with the terminal the test harness gives it
//! (pipes, never a tty).

mod completions;
mod credentials;
mod e2e;
mod usage;

use std::process::Output;
use std::time::Duration;

/// `marquee` with none of the caller's environment that could change its behavior.
fn marquee() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("marquee");
    // A hung interactive client would otherwise hang the test run.
    cmd.env_remove("MARQUEE_SERVER")
        .env_remove("MARQUEE_TOKEN")
        .env_remove("NO_COLOR")
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
        } = cmd.output().expect("marquee runs");
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
}
