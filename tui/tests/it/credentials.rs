//! `marquee logout` against the 0600 file store (`MARQUEE_KEYRING=off`), with no server running:
//! the tokens go whatever the server says, and the output says what happened.

use crate::{Run, marquee};

#[test]
fn logout_removes_stored_tokens_even_when_the_server_is_unreachable() {
    let config = tempfile::tempdir().unwrap();
    let dir = config.path().join("marquee");
    std::fs::create_dir_all(&dir).unwrap();
    // Port 9 (discard): nothing listens, so the revocation cannot be confirmed.
    let server = "http://127.0.0.1:9";
    let stored = serde_json::json!({
        server: {"access_token": "a", "refresh_token": "r", "expires_at": null},
        "http://other.example": {"access_token": "b", "refresh_token": null, "expires_at": null},
    });
    std::fs::write(dir.join("credentials"), stored.to_string()).unwrap();

    let run = Run::of(
        marquee()
            .env("XDG_CONFIG_HOME", config.path())
            .env("MARQUEE_KEYRING", "off")
            .args(["--server", server, "logout"]),
    )
    .expect_code(0);
    assert!(
        run.stdout
            .starts_with("logged out of http://127.0.0.1:9: tokens removed (file)"),
        "{}",
        run.stdout
    );
    let left: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("credentials")).unwrap()).unwrap();
    assert!(left.get(server).is_none(), "{left}");
    assert!(left.get("http://other.example").is_some(), "{left}");

    let again = Run::of(
        marquee()
            .env("XDG_CONFIG_HOME", config.path())
            .env("MARQUEE_KEYRING", "off")
            .args(["--server", server, "logout"]),
    )
    .expect_code(0);
    assert!(
        again
            .stdout
            .starts_with("not logged in to http://127.0.0.1:9"),
        "{}",
        again.stdout
    );
}
