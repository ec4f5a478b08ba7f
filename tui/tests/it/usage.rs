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

#[test]
fn marquee_keys_prints_every_default_commented_out() {
    let run = Run::of(marquee().arg("keys")).expect_code(0);
    assert!(
        run.stdout.contains("\n# down = [\"j\", \"Down\"]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\n# search = \"/\"\n"),
        "{}",
        run.stdout
    );
    // Only comments and section headers: saved as is, it changes nothing.
    for line in run.stdout.lines() {
        assert!(
            line.is_empty() || line.starts_with('#') || line.starts_with('['),
            "{line}"
        );
    }
}

#[test]
fn a_bad_keys_file_stops_the_start_naming_its_lines() {
    let config = tempfile::tempdir().unwrap();
    let dir = config.path().join("marquee");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("keys.toml");
    std::fs::write(&file, "[keys]\nsort = \"j\"\nsearh = \"/\"\n").unwrap();
    // It is read before the terminal is checked, so this run needs none.
    let run = Run::of(
        marquee()
            .env("XDG_CONFIG_HOME", config.path())
            .write_stdin(""),
    )
    .expect_code(1);
    let path = file.display();
    assert!(
        run.stderr.contains(&format!(
            "{path}:2: `sort = \"j\"`: `j` is also bound to `down` on Browse"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "{path}:3: `searh = \"/\"`: there is no action `searh`"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    assert!(!run.stderr.contains("needs a terminal"), "{}", run.stderr);
}
