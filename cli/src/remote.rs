//! API mode (`--server URL` or `MARQUEE_SERVER`): commands call the server's admin API with
//! `marquee_api`'s typed client instead of opening the database, with the tokens `marqueectl
//! login` stored (`marquee_api::credentials`, the TUI's store: the OS keyring, else a 0600 file;
//! `MARQUEE_TOKEN` overrides). The client is async; each command runs it on a current-thread
//! runtime of its own, so the rest of the CLI stays blocking.
//!
//! Access tokens live 15 minutes: one about to expire, or refused with a 401, is refreshed with
//! the stored refresh token and the call retried once; the new pair is stored at once, because
//! refresh tokens are single use, and refreshes are serialised across processes by the store's
//! lock file (`Store::lock_refresh`).

use std::future::Future;
use std::time::Duration;

use anyhow::Context as _;
use marquee_api::client::{Client, ClientError};
use marquee_api::credentials::{Store, Tokens};

use crate::report;

/// Refresh this long before the access token expires, so a call does not race its expiry.
const EARLY_REFRESH: Duration = Duration::from_secs(30);

/// A server, the client for it and the credential store.
pub struct Remote {
    runtime: tokio::runtime::Runtime,
    client: Client,
    server: String,
    store: Store,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("server", &self.server)
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

/// The key tokens are stored under: the URL as given, without a trailing `/` (the TUI's key).
pub fn server_key(server: &str) -> String {
    server.trim().trim_end_matches('/').to_owned()
}

impl Remote {
    pub fn new(server: &str) -> anyhow::Result<Remote> {
        let server = server_key(server);
        let client = Client::new(&server)
            .map_err(anyhow::Error::new)
            .map_err(|e| {
                report::hinted(
                    e.context(format!("invalid --server {server}")),
                    "give the server's base URL, e.g. --server http://127.0.0.1:8080",
                )
            })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the HTTP client's runtime")?;
        let store = Store::open(&marquee_api::credentials::config_dir());
        Ok(Remote {
            runtime,
            client,
            server,
            store,
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The client without credentials (login).
    pub fn anonymous(&self) -> &Client {
        &self.client
    }

    /// Runs a future on this command's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The stored tokens, or an error saying how to log in.
    pub fn tokens(&self) -> anyhow::Result<Tokens> {
        match self.store.load(&self.server)? {
            Some(tokens) => Ok(tokens),
            None => Err(report::hinted(
                anyhow::anyhow!("not logged in to {}", self.server),
                format!(
                    "run `marqueectl login --server {}` (or set MARQUEE_TOKEN to an access token)",
                    self.server
                ),
            )),
        }
    }

    /// Calls the server as the logged-in account, refreshing the access token when it is about
    /// to expire or is refused, and turns a failure into an error for people.
    pub fn call<T, F, Fut>(&self, what: &str, call: F) -> anyhow::Result<T>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let result = self.runtime.block_on(async {
            let mut tokens = self.tokens()?;
            let soon =
                chrono::Utc::now() + chrono::TimeDelta::from_std(EARLY_REFRESH).unwrap_or_default();
            if tokens.expires_at.is_some_and(|at| at <= soon) && tokens.refresh_token.is_some() {
                tokens = self.refresh(&tokens).await?;
            }
            let first = call(self.client.authorized(Some(&tokens.access_token))).await;
            match first {
                Err(err) if err.is_unauthorized() && tokens.refresh_token.is_some() => {
                    let tokens = self.refresh(&tokens).await?;
                    Ok(call(self.client.authorized(Some(&tokens.access_token))).await)
                }
                other => Ok::<_, anyhow::Error>(other),
            }
        })?;
        result.map_err(|err| self.explain(err, what))
    }

    /// Trades the refresh token for a new pair and stores it at once, under the store's
    /// refresh lock: when another process (a parallel `marqueectl`, the TUI) has refreshed
    /// since `tokens` were read, its stored pair is used instead of replaying a spent token
    /// (which the server would take for theft, ending the session). Waiting for the lock
    /// blocks this command's thread, which runs nothing else meanwhile.
    async fn refresh(&self, tokens: &Tokens) -> anyhow::Result<Tokens> {
        let Some(refresh_token) = &tokens.refresh_token else {
            return Ok(tokens.clone());
        };
        let _lock = self.store.lock_refresh()?;
        if let Some(stored) = self
            .store
            .refreshed_elsewhere(&self.server, refresh_token)?
        {
            return Ok(stored);
        }
        match self.client.refresh(refresh_token).await {
            Ok(pair) => {
                let fresh = Tokens::from(pair);
                self.store.save(&self.server, &fresh)?;
                Ok(fresh)
            }
            Err(err) if err.status().map(|s| s.as_u16()) == Some(401) => Err(report::hinted(
                anyhow::anyhow!("the session with {} has ended", self.server),
                format!("log in again: `marqueectl login --server {}`", self.server),
            )),
            Err(err) => Err(self.explain(err, "refreshing the access token")),
        }
    }

    /// A client error as an error for people: what the server said (each bad field with its
    /// rule), and a hint for the usual causes.
    pub fn explain(&self, err: ClientError, what: &str) -> anyhow::Error {
        let hint = match &err {
            ClientError::Transport(_) => Some(format!(
                "check that marqueed is running at {} (or pass another --server)",
                self.server
            )),
            ClientError::Api { status, .. } if status.as_u16() == 401 => Some(format!(
                "log in again: `marqueectl login --server {}`",
                self.server
            )),
            ClientError::Api { error, .. } => report::hint_for_code(&error.code).map(str::to_owned),
            _ => None,
        };
        let message = match &err {
            ClientError::Api { status, error } => format!(
                "{} refused {what}: {} [{} {}]",
                self.server,
                report::with_fields(&error.message, error.details.as_ref()),
                status.as_u16(),
                error.code
            ),
            other => format!("{what} failed: {other}"),
        };
        let error = anyhow::anyhow!(message);
        match hint {
            Some(hint) => report::hinted(error, hint),
            None => error,
        }
    }
}

/// Runs `direct` on the database, or `api` through the server with `--server`.
pub fn either<T, F, Fut>(
    ctx: &crate::context::Context,
    what: &str,
    direct: impl FnOnce(&mut marquee_db::DbConn) -> Result<T, marquee_server::error::ApiError>,
    api: F,
) -> anyhow::Result<T>
where
    F: Fn(Client) -> Fut,
    Fut: std::future::Future<Output = Result<T, marquee_api::client::ClientError>>,
{
    match ctx.remote()? {
        Some(remote) => remote.call(what, api),
        None => {
            let url = ctx.database_url()?;
            let mut conn = ctx.connect(&url)?;
            direct(&mut conn).map_err(report::refused)
        }
    }
}

/// The error for a command that needs the database when `--server` was given.
pub fn needs_database(command: &str) -> anyhow::Error {
    report::hinted(
        anyhow::anyhow!(
            "`marqueectl {command}` works on the database directly and cannot run through \
             --server"
        ),
        "run it on a machine that reaches the database, without --server (unset \
         MARQUEE_SERVER), with --database-url or --data-dir",
    )
}
