//! The API token for each server, kept in the operating system's keyring once login exists.
//! Only `worker` and the `logout` subcommand touch it; the UI never does.

/// Forgets the token stored for `server`; `false` when there was none.
pub fn remove(_server: &str) -> anyhow::Result<bool> {
    // Nothing can be stored before `marquee login` and the keyring arrive, so there is never
    // anything to remove yet.
    Ok(false)
}
