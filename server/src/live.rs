//! The live sports feed: one publish interface ([`LiveFeed`]) between the handlers that change a
//! match and the SSE streams that push the change to clients.
//!
//! Every entry is first written to `sports_updates` (its id is the SSE event id), then published.
//! The feed itself keeps nothing: a client that reconnects with `Last-Event-ID`, or falls behind
//! the broadcast buffer, catches up from the table. [`LocalFeed`] is an in-process tokio
//! broadcast. With Redis (issue 10) a server that commits a row also sends a notice that wakes
//! every other server's reader ([`wake`]), so the row reaches their streams without waiting for
//! the tail.
//!
//! The writes themselves ([`change_match`], [`record_event`]) are shared by the admin handlers
//! and `marqueectl import sports`. Feed rows written by another process (the CLI now, another
//! server later) are picked up by [`spawn_tail`], which polls the table every
//! [`TAIL_INTERVAL`] and publishes what this server has not, in id order.
//!
//! Ordering across processes: [`q::insert_update`] serialises feed inserts until commit (the
//! SQLite write lock; a table lock on PostgreSQL), so rows commit in id order everywhere. Each
//! server publishes in id order too: [`Published`] (held under the writer lock) is the newest id
//! it published, and a row with a gap before it is published only after the rows in the gap.

use std::sync::Arc;
use std::time::Duration;

use diesel::QueryResult;
use marquee_api::sports::{self as wire, LiveUpdate};
use marquee_db::DbConn;
use marquee_db::models::{self as rows, Match, NewMatchEvent, NewSportsUpdate};
use marquee_db::queries::sports as q;
use tokio::sync::{Mutex, MutexGuard, broadcast};

use crate::error::ApiResult;
use crate::state::AppState;

/// How often a server reads feed rows other processes wrote.
pub const TAIL_INTERVAL: Duration = Duration::from_millis(500);
/// Feed rows read per query when catching up.
const PAGE: i64 = 500;

/// One feed entry, serialised once for every subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// The `sports_updates` id: the SSE `id:`.
    pub id: i64,
    /// `score`, `status`, `minute` or `event`: the SSE `event:`.
    pub kind: String,
    /// The JSON `LiveUpdate`: the SSE `data:`.
    pub data: String,
}

/// Where committed feed entries go, and where streams listen.
pub trait LiveFeed: Send + Sync {
    /// Hands a committed entry to every subscriber (of every server, once fanned out).
    fn publish(&self, entry: FeedEntry);
    /// Entries published from now on. A receiver that lags gets `RecvError::Lagged` and must
    /// catch up from the table.
    fn subscribe(&self) -> broadcast::Receiver<Arc<FeedEntry>>;
}

/// In-process fan-out over a tokio broadcast channel.
pub struct LocalFeed {
    sender: broadcast::Sender<Arc<FeedEntry>>,
}

impl LocalFeed {
    /// Entries a slow subscriber may fall behind by before it re-reads the table.
    pub const BUFFER: usize = 1024;

    pub fn new() -> LocalFeed {
        LocalFeed {
            sender: broadcast::Sender::new(Self::BUFFER),
        }
    }
}

impl Default for LocalFeed {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveFeed for LocalFeed {
    fn publish(&self, entry: FeedEntry) {
        // No subscribers is not an error: the entry is in the table for later readers.
        let _ = self.sender.send(Arc::new(entry));
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<FeedEntry>> {
        self.sender.subscribe()
    }
}

/// The feed plus the writer lock: feed rows are inserted, committed and published one at a
/// time, so ids reach subscribers in increasing order and a resume point (`Last-Event-ID`) never
/// skips a row that commits later with a smaller id.
pub struct Sports {
    feed: Arc<dyn LiveFeed>,
    writer: Mutex<Published>,
}

/// What the writer lock guards: the id of the newest feed row this server published (`None`
/// until the tail task read the table at start).
#[derive(Debug, Default)]
pub struct Published {
    last: Option<i64>,
}

impl std::fmt::Debug for Sports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sports { .. }")
    }
}

impl Sports {
    pub fn new(feed: Arc<dyn LiveFeed>) -> Sports {
        Sports {
            feed,
            writer: Mutex::new(Published::default()),
        }
    }

    pub fn feed(&self) -> &dyn LiveFeed {
        self.feed.as_ref()
    }

    /// Hold this from before the feed row is inserted until after it is published.
    pub async fn writer(&self) -> MutexGuard<'_, Published> {
        self.writer.lock().await
    }
}

/// Publishes `entry`, which this server has just committed, holding the writer lock
/// (`published`). When rows of other writers committed since the last one published, they go
/// first, read from the table; if that read fails the tail task publishes them all shortly.
pub async fn publish_own(state: &AppState, published: &mut Published, entry: FeedEntry) {
    let last = published.last;
    match last {
        Some(last) if entry.id != last + 1 => {
            if let Err(err) = catch_up(state, published).await {
                tracing::warn!(error = %err.message, "cannot read the live feed; the tail task retries");
            }
        }
        _ => {
            published.last = Some(entry.id);
            state.sports().feed().publish(entry);
        }
    }
    // The other servers read the row at once instead of at their next tail tick.
    if let Some(shared) = state.shared() {
        let shared = shared.clone();
        tokio::spawn(async move { shared.notify(crate::shared::Notice::Live).await });
    }
}

/// Publishes every committed feed row after `published`, oldest first.
async fn catch_up(state: &AppState, published: &mut Published) -> ApiResult<()> {
    loop {
        let after = match published.last {
            Some(last) => last,
            None => {
                // The first read of this server: what is already there is history.
                let latest = state.db(|conn| Ok(q::latest_update_id(conn)?)).await?;
                published.last = Some(latest.unwrap_or(0));
                return Ok(());
            }
        };
        let rows = state
            .db(move |conn| Ok(q::updates_after(conn, after, PAGE)?))
            .await?;
        let full = i64::try_from(rows.len()).unwrap_or(0) == PAGE;
        for row in rows {
            published.last = Some(row.id);
            state.sports().feed().publish(FeedEntry {
                id: row.id,
                kind: row.kind,
                data: row.payload,
            });
        }
        if !full {
            return Ok(());
        }
    }
}

/// Publishes feed rows other processes committed, now (a server's notice through Redis, or a
/// reconnect), rather than at the next tail tick.
pub async fn wake(state: &AppState) {
    let mut published = state.sports().writer().await;
    if let Err(err) = catch_up(state, &mut published).await {
        tracing::warn!(error = %err.message, "cannot read the live feed; the tail task retries");
    }
}

/// Starts the task that publishes feed rows other processes wrote, every [`TAIL_INTERVAL`].
pub fn spawn_tail(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(TAIL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let mut published = state.sports().writer().await;
            if let Err(err) = catch_up(&state, &mut published).await {
                tracing::warn!(error = %err.message, "cannot read the live feed");
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The writes that feed it (admin handlers and imports)

/// A match event as the API shows it.
pub fn event_wire(e: rows::MatchEvent) -> wire::MatchEvent {
    wire::MatchEvent {
        id: e.id,
        match_id: e.match_id,
        kind: e.kind,
        minute: e.minute,
        extra_minute: e.extra_minute,
        team_id: e.team_id,
        player_id: e.player_id,
        secondary_player_id: e.secondary_player_id,
        detail: e.detail,
        created_at: e.created_at.and_utc(),
    }
}

/// The feed payload of a match as it now is.
fn live_update(m: &Match, kind: &str, event: Option<wire::MatchEvent>) -> LiveUpdate {
    LiveUpdate {
        match_id: m.id,
        kind: kind.to_owned(),
        status: m.status.clone(),
        home_score: m.home_score,
        away_score: m.away_score,
        minute: m.minute,
        event,
        at: m.updated_at.and_utc(),
    }
}

/// Appends the feed row for `update` (in the caller's transaction).
fn append(conn: &mut DbConn, update: &LiveUpdate) -> QueryResult<FeedEntry> {
    let data = serde_json::to_string(update)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let row = q::insert_update(
        conn,
        &NewSportsUpdate {
            match_id: update.match_id,
            kind: &update.kind,
            payload: &data,
            created_at: marquee_db::now(),
        },
    )?;
    Ok(FeedEntry {
        id: row.id,
        kind: row.kind,
        data: row.payload,
    })
}

/// A change of a match's live fields; `None` keeps a field as it is. Values must have passed
/// [`crate::rules`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LiveChange<'a> {
    pub status: Option<&'a str>,
    pub home_score: Option<i16>,
    pub away_score: Option<i16>,
    pub minute: Option<i16>,
}

/// Applies `change` to the match `before` with its feed row, in the caller's write transaction.
/// The entry's kind is the most significant change (score, then status, then minute). Returns
/// the match as it now is and the entry to publish after commit; when nothing changes, nothing
/// is written and the entry is `None`.
pub fn change_match(
    conn: &mut DbConn,
    before: Match,
    change: &LiveChange<'_>,
) -> QueryResult<(Match, Option<FeedEntry>)> {
    let changed = |new: Option<i16>, old: Option<i16>| new.is_some() && new != old;
    let kind = if changed(change.home_score, before.home_score)
        || changed(change.away_score, before.away_score)
    {
        "score"
    } else if change.status.is_some_and(|s| s != before.status) {
        "status"
    } else if changed(change.minute, before.minute) {
        "minute"
    } else {
        return Ok((before, None));
    };
    let after = q::update_match(
        conn,
        before.id,
        &q::MatchChanges {
            status: change.status,
            home_score: change.home_score,
            away_score: change.away_score,
            minute: change.minute,
            updated_at: Some(marquee_db::now()),
        },
    )?;
    let entry = append(conn, &live_update(&after, kind, None))?;
    Ok((after, Some(entry)))
}

/// Records a match event (already checked against [`crate::rules`] and the match's teams) with
/// its feed row, in the caller's write transaction.
pub fn record_event(
    conn: &mut DbConn,
    m: &Match,
    new: &NewMatchEvent<'_>,
) -> QueryResult<(wire::MatchEvent, FeedEntry)> {
    let saved = event_wire(q::insert_event(conn, new)?);
    let entry = append(conn, &live_update(m, "event", Some(saved.clone())))?;
    Ok((saved, entry))
}
