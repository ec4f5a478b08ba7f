//! Exit codes, help, and output to a closed pipe.

use std::process::Stdio;

use crate::{Run, marqueectl};

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["db", "frob"][..],
        &["--output", "yaml", "db", "status"],
        &["completions"],
    ] {
        let run = Run::of(marqueectl().args(args)).expect_code(2);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Bare `marqueectl` shows the help, on stderr since it is a usage error.
    let run = Run::of(&mut marqueectl()).expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("Usage: marqueectl"), "{}", run.stderr);
}

#[test]
fn help_documents_the_exit_codes() {
    for flag in ["-h", "--help"] {
        let run = Run::of(marqueectl().arg(flag)).expect_code(0);
        assert!(run.stdout.contains("Exit codes:"), "{}", run.stdout);
        assert!(run.stdout.contains("2  usage error"), "{}", run.stdout);
        assert!(run.stdout.contains("3  partial import"), "{}", run.stdout);
    }
}

#[test]
fn a_closed_stdout_is_a_quiet_success() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("marqueectl"))
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn marqueectl");
    // Close the read end before the child writes: its write then fails with EPIPE.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("marqueectl finishes");
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
