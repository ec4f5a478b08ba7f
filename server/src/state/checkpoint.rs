//! SQLite's WAL checkpoints, off the write path (issue 10).
//!
//! The server's pool opens SQLite connections with `wal_autocheckpoint = 0` (see
//! [`marquee_db::PoolConfig::sqlite_background_checkpoint`]): left to SQLite, the commit that
//! crosses 1000 WAL pages copies them into the database file and syncs it before it returns,
//! while holding the write lock, so the whole write queue waits behind it. Here a task of its
//! own runs a passive checkpoint a few times a second instead; it takes no lock that readers or
//! the writer wait for.

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::state::AppState;

/// How often the WAL is copied into the database file. Short enough to keep the WAL small
/// (a few MB under a heavy write load), long enough to cost nothing when idle.
const EVERY: Duration = Duration::from_millis(250);

/// Starts the checkpointer when the database is SQLite; `None` on PostgreSQL.
pub fn spawn(state: AppState) -> Option<JoinHandle<()>> {
    if !state.config().pool.sqlite_background_checkpoint
        || !matches!(state.config().database, marquee_db::DatabaseUrl::Sqlite(_))
    {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failing = false;
        loop {
            tick.tick().await;
            let ran = state
                .db(|conn| Ok(marquee_db::pool::checkpoint(conn)?))
                .await;
            match ran {
                Ok(_) if failing => {
                    failing = false;
                    tracing::info!("WAL checkpoints work again");
                }
                Ok(_) => {}
                // Logged once per failing spell, not four times a second.
                Err(err) if !failing => {
                    failing = true;
                    tracing::warn!(error = %err.message, "WAL checkpoint failed; retrying");
                }
                Err(_) => {}
            }
        }
    }))
}
