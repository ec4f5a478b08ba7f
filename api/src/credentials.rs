//! The tokens for each server, kept in the operating system's keyring when one works, else in a
//! 0600 file in the config directory; `MARQUEE_TOKEN` overrides both (read-only, never stored).
//! Shared by `marquee` (only its worker and `logout` touch this; the UI never does) and
//! `marqueectl login|logout` and API mode. Behind the `credentials` feature, so the server does
//! not link the keyring.
//!
//! On Linux the keyring is the kernel's keyutils (works without a desktop session, unlike the
//! Secret Service). It is kernel memory: lost at reboot, so it is a cache as much as a store, and
//! in containers the inherited session keyring often refuses writes. We probe it once with a
//! round-trip at startup and fall back to the file, saying so, when it fails.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The keyring service name every entry is filed under; the user part is the server URL.
const SERVICE: &str = "marquee";
const FILE_NAME: &str = "credentials";
/// Beside the credentials file, whichever store holds the tokens (see [`Store::lock_refresh`]).
const LOCK_NAME: &str = "credentials.lock";

/// Held while one process refreshes the stored tokens; dropping it releases the lock.
#[derive(Debug)]
pub struct RefreshLock {
    _file: fs::File,
}

/// What we keep for one server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    /// Absent for `MARQUEE_TOKEN`: such a session cannot be refreshed.
    pub refresh_token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<crate::auth::TokenPair> for Tokens {
    fn from(pair: crate::auth::TokenPair) -> Tokens {
        Tokens {
            access_token: pair.access_token,
            refresh_token: Some(pair.refresh_token),
            expires_at: Some(pair.expires_at),
        }
    }
}

enum Backend {
    #[cfg(target_os = "linux")]
    Keyring(std::sync::Arc<keyring_core::CredentialStore>),
    File(PathBuf),
    Env(String),
}

/// Where tokens live for this run.
pub struct Store {
    backend: Backend,
    /// Said once to the user when we are not using the keyring (why, and where instead).
    notice: Option<String>,
    /// The lock file of [`Store::lock_refresh`] (none for `MARQUEE_TOKEN`: nothing to refresh).
    lock: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("kind", &self.kind()).finish()
    }
}

impl Store {
    /// `MARQUEE_TOKEN` if set; else the keyring if a probe round-trip works (unless
    /// `MARQUEE_KEYRING=off`); else the file in `config_dir`.
    pub fn open(config_dir: &Path) -> Store {
        if let Some(token) = std::env::var("MARQUEE_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())
        {
            return Store {
                backend: Backend::Env(token.trim().to_owned()),
                notice: Some(
                    "using MARQUEE_TOKEN: nothing is stored, and the session cannot be refreshed"
                        .to_owned(),
                ),
                lock: None,
            };
        }
        let file = config_dir.join(FILE_NAME);
        if std::env::var("MARQUEE_KEYRING").is_ok_and(|v| v == "off") {
            return Store::file(file, "MARQUEE_KEYRING=off".to_owned());
        }
        match keyring() {
            Ok(store) => Store {
                lock: Some(config_dir.join(LOCK_NAME)),
                ..store
            },
            Err(why) => Store::file(file, why),
        }
    }

    /// The 0600 file store, with the reason the keyring is not used.
    pub fn file(path: PathBuf, why: String) -> Store {
        let notice = format!(
            "keyring not used ({why}); tokens are kept in {} (readable only by you)",
            path.display()
        );
        Store {
            lock: Some(path.with_file_name(LOCK_NAME)),
            backend: Backend::File(path),
            notice: Some(notice),
        }
    }

    /// Takes the advisory lock that serialises refreshes of the stored tokens across
    /// processes (`marqueectl` runs, the TUI), waiting while another holds it; released when
    /// the returned guard is dropped. Refresh tokens are single use and rotate: two processes
    /// refreshing the same one would make the server see the second as a replay and end the
    /// session. So a refresher takes this lock, **re-reads** the store, and refreshes only if
    /// the refresh token it holds is still the stored one (else it uses the pair another
    /// process just stored). `None` for `MARQUEE_TOKEN`, which never refreshes.
    ///
    /// The lock is `flock`-style (std's `File::lock`): the kernel releases it when the process
    /// dies, so a killed refresher never blocks the next one.
    pub fn lock_refresh(&self) -> anyhow::Result<Option<RefreshLock>> {
        let Some(path) = &self.lock else {
            return Ok(None);
        };
        let dir = path
            .parent()
            .context("credentials lock path has no directory")?;
        create_private_dir(dir)?;
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
        file.lock()
            .with_context(|| format!("locking {}", path.display()))?;
        Ok(Some(RefreshLock { _file: file }))
    }

    /// Under [`Store::lock_refresh`]: the pair stored for `server` if another process replaced
    /// the one whose refresh token is `ours` (use it instead of refreshing), else `None`.
    pub fn refreshed_elsewhere(&self, server: &str, ours: &str) -> anyhow::Result<Option<Tokens>> {
        Ok(self
            .load(server)?
            .filter(|stored| stored.refresh_token.as_deref() != Some(ours)))
    }

    pub fn kind(&self) -> &'static str {
        match self.backend {
            #[cfg(target_os = "linux")]
            Backend::Keyring(_) => "keyring",
            Backend::File(_) => "file",
            Backend::Env(_) => "MARQUEE_TOKEN",
        }
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn load(&self, server: &str) -> anyhow::Result<Option<Tokens>> {
        match &self.backend {
            #[cfg(target_os = "linux")]
            Backend::Keyring(store) => match entry(store, server)?.get_password() {
                Ok(json) => Ok(Some(
                    serde_json::from_str(&json).context("stored tokens are corrupt")?,
                )),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(err) => Err(anyhow::Error::new(err).context("reading the keyring")),
            },
            Backend::File(path) => Ok(read_file(path)?.remove(server)),
            Backend::Env(token) => Ok(Some(Tokens {
                access_token: token.clone(),
                refresh_token: None,
                expires_at: None,
            })),
        }
    }

    pub fn save(&self, server: &str, tokens: &Tokens) -> anyhow::Result<()> {
        match &self.backend {
            #[cfg(target_os = "linux")]
            Backend::Keyring(store) => entry(store, server)?
                .set_password(&serde_json::to_string(tokens)?)
                .context("writing to the keyring"),
            Backend::File(path) => {
                let mut all = read_file(path)?;
                all.insert(server.to_owned(), tokens.clone());
                write_file(path, &all)
            }
            Backend::Env(_) => Ok(()),
        }
    }

    /// Forgets the tokens for `server`; `false` when there were none.
    pub fn remove(&self, server: &str) -> anyhow::Result<bool> {
        match &self.backend {
            #[cfg(target_os = "linux")]
            Backend::Keyring(store) => match entry(store, server)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring_core::Error::NoEntry) => Ok(false),
                Err(err) => Err(anyhow::Error::new(err).context("removing from the keyring")),
            },
            Backend::File(path) => {
                let mut all = read_file(path)?;
                let removed = all.remove(server).is_some();
                if removed {
                    write_file(path, &all)?;
                }
                Ok(removed)
            }
            Backend::Env(_) => Ok(false),
        }
    }
}

/// `$XDG_CONFIG_HOME/marquee`, else the platform's config directory, else `./.marquee`: where
/// the file store and the TUI's remembered state live.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("marquee");
    }
    directories::BaseDirs::new()
        .map(|dirs| dirs.config_dir().join("marquee"))
        .unwrap_or_else(|| PathBuf::from(".marquee"))
}

#[cfg(target_os = "linux")]
fn entry(
    store: &std::sync::Arc<keyring_core::CredentialStore>,
    server: &str,
) -> anyhow::Result<keyring_core::Entry> {
    store
        .build(SERVICE, server, None)
        .context("opening a keyring entry")
}

/// The keyutils store, if a set → get → delete round-trip works in this session.
#[cfg(target_os = "linux")]
fn keyring() -> Result<Store, String> {
    let store: std::sync::Arc<keyring_core::CredentialStore> =
        linux_keyutils_keyring_store::Store::new().map_err(|e| format!("keyutils: {e}"))?;
    let probe = store
        .build(SERVICE, "probe", None)
        .map_err(|e| format!("keyutils: {e}"))?;
    probe
        .set_password("probe")
        .and_then(|()| probe.get_password())
        .and_then(|_| probe.delete_credential())
        .map_err(|e| format!("keyutils refused a test entry: {e}"))?;
    Ok(Store {
        backend: Backend::Keyring(store),
        notice: None,
        lock: None,
    })
}

#[cfg(not(target_os = "linux"))]
fn keyring() -> Result<Store, String> {
    Err("no keyring store is built in for this platform".to_owned())
}

fn read_file(path: &Path) -> anyhow::Result<BTreeMap<String, Tokens>> {
    match fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{} is not a marquee credentials file", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(err) => Err(anyhow::Error::new(err).context(format!("reading {}", path.display()))),
    }
}

/// Writes through a 0600 temporary file renamed into place, so the tokens are never readable
/// by others, not even for a moment, and a crash never leaves half a file.
fn write_file(path: &Path, all: &BTreeMap<String, Tokens>) -> anyhow::Result<()> {
    let dir = path.parent().context("credentials path has no directory")?;
    create_private_dir(dir)?;
    let tmp = path.with_extension("tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    file.write_all(serde_json::to_string_pretty(all)?.as_bytes())?;
    file.sync_all()?;
    fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
}

pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("creating {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(access: &str) -> Tokens {
        Tokens {
            access_token: access.to_owned(),
            refresh_token: Some("r1".to_owned()),
            expires_at: None,
        }
    }

    #[test]
    fn file_store_round_trips_per_server_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marquee").join(FILE_NAME);
        let store = Store::file(path.clone(), "test".to_owned());
        assert_eq!(store.load("http://a").unwrap(), None);

        store.save("http://a", &tokens("a1")).unwrap();
        store.save("http://b", &tokens("b1")).unwrap();
        store.save("http://a", &tokens("a2")).unwrap();
        assert_eq!(store.load("http://a").unwrap(), Some(tokens("a2")));
        assert_eq!(store.load("http://b").unwrap(), Some(tokens("b1")));

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "file mode {mode:o}");
            let dir_mode = fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dir_mode & 0o777, 0o700, "dir mode {dir_mode:o}");
        }

        assert!(store.remove("http://a").unwrap());
        assert!(!store.remove("http://a").unwrap());
        assert_eq!(store.load("http://a").unwrap(), None);
        assert_eq!(store.load("http://b").unwrap(), Some(tokens("b1")));
    }

    #[test]
    fn file_store_reports_why_and_where() {
        let store = Store::file(
            PathBuf::from("/x/credentials"),
            "keyutils: denied".to_owned(),
        );
        let notice = store.notice().unwrap();
        assert!(notice.contains("keyutils: denied"), "{notice}");
        assert!(notice.contains("/x/credentials"), "{notice}");
    }
}
