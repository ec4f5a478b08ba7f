//! Running without a terminal, exit codes, help and the small subcommands.

use crate::{Run, marquee};

#[test]
fn without_a_terminal_it_refuses_clearly() {
    let run = Run::of(marquee().write_stdin("")).expect_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("error: the interactive client needs a terminal, but stdout is not"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frob"][..],
        &["--server", "127.0.0.1:8080", "logout"],
        &["completions"],
    ] {
        let run = Run::of(marquee().args(args)).expect_code(2);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn help_documents_the_exit_codes() {
    let run = Run::of(marquee().arg("--help")).expect_code(0);
    assert!(run.stdout.contains("Exit codes:"), "{}", run.stdout);
    assert!(run.stdout.contains("2  usage error"), "{}", run.stdout);
}

#[test]
fn logout_names_the_server_from_the_environment() {
    let run = Run::of(
        marquee()
            .env("MARQUEE_SERVER", "https://films.example/")
            .arg("logout"),
    )
    .expect_code(0);
    assert_eq!(
        run.stdout,
        "not logged in to https://films.example: no credentials stored, nothing to do\n"
    );
}
