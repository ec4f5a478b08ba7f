//! The live sports feed: one publish interface ([`LiveFeed`]) between the handlers that change a
//! match and the SSE streams that push the change to clients.
//!
//! Every entry is first written to `sports_updates` (its id is the SSE event id), then published.
//! The feed itself keeps nothing: a client that reconnects with `Last-Event-ID`, or falls behind
//! the broadcast buffer, catches up from the table. [`LocalFeed`] is an in-process tokio
//! broadcast; several servers will share entries through Redis (issue 10) behind the same trait.

use std::sync::Arc;

use tokio::sync::{Mutex, MutexGuard, broadcast};

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
    writer: Mutex<()>,
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
            writer: Mutex::new(()),
        }
    }

    pub fn feed(&self) -> &dyn LiveFeed {
        self.feed.as_ref()
    }

    /// Hold this from before the feed row is inserted until after it is published.
    pub async fn writer(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().await
    }
}
