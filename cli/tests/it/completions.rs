//! The committed completion scripts in `shell-completions/` match what the binary generates.
//! With `MARQUEE_BLESS` set, the test rewrites stale ones instead of failing.

use std::path::Path;

use crate::{Run, marqueectl};

const COMMITTED: [(&str, &str); 4] = [
    ("bash", "marqueectl.bash"),
    ("zsh", "_marqueectl"),
    ("fish", "marqueectl.fish"),
    ("powershell", "_marqueectl.ps1"),
];

#[test]
fn committed_completions_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shell-completions");
    let bless = std::env::var_os("MARQUEE_BLESS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in COMMITTED {
        let script = Run::of(marqueectl().args(["completions", shell]))
            .expect_code(0)
            .stdout;
        let path = dir.join(file);
        if std::fs::read_to_string(&path).is_ok_and(|committed| committed == script) {
            continue;
        }
        if bless {
            std::fs::write(&path, script).expect("write completion file");
        } else {
            stale.push(format!(
                "  shell-completions/{file}: regenerate with \
                 `cargo run -q -p marquee-cli -- completions {shell} > shell-completions/{file}`"
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "committed completions are missing or stale:\n{}\nor rewrite them all with: \
         MARQUEE_BLESS=1 cargo test -p marquee-cli --test it completions",
        stale.join("\n")
    );
}

#[test]
fn every_supported_shell_generates() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Run::of(marqueectl().args(["completions", shell])).expect_code(0);
        assert!(run.stdout.contains("marqueectl"), "{shell}: {}", run.stdout);
    }
}
