//! Analytics events waiting to be sent (issue 11). `update` asks for an event with
//! `Effect::Track`; the worker stamps it here with a UUID and the time and queues it. A flusher
//! task sends the queue in batches every few seconds (and on sign-out and exit), never on the UI
//! path. A batch that fails for want of a network or a healthy server is put back with the same
//! UUIDs and retried with backoff: the server stores each (profile, id) once, so a batch whose
//! answer was lost and is sent again is not counted twice.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use marquee_api::analytics::{EventIn, MAX_BATCH};

use crate::app::Track;

/// How often the queue is sent while things go well.
pub const FLUSH_EVERY: Duration = Duration::from_secs(3);
/// The longest wait between attempts while the server cannot take the events.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Events kept while they cannot be sent; beyond this the oldest are dropped (analytics is
/// not worth unbounded memory on a long offline session).
const MAX_QUEUED: usize = 10_000;

/// Queued events, each with the profile it belongs to, oldest first.
#[derive(Debug, Default)]
pub struct Outbox {
    queue: Mutex<VecDeque<(i64, EventIn)>>,
}

impl Outbox {
    fn queue(&self) -> std::sync::MutexGuard<'_, VecDeque<(i64, EventIn)>> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stamps and queues events; returns at once.
    pub fn push(&self, tracks: Vec<Track>) {
        let now = Utc::now();
        let mut queue = self.queue();
        for t in tracks {
            queue.push_back((
                t.profile,
                EventIn {
                    id: uuid::Uuid::new_v4().to_string(),
                    kind: t.kind.to_owned(),
                    occurred_at: now,
                    movie_id: Some(t.movie_id),
                    row_kind: t.row_kind,
                    position: t.position,
                    algorithm: t.algorithm,
                    query: t.query,
                    value: t.value,
                },
            ));
        }
        let excess = queue.len().saturating_sub(MAX_QUEUED);
        queue.drain(..excess);
    }

    /// The oldest events of one profile, up to a batch, taken off the queue.
    pub fn take_batch(&self) -> Option<(i64, Vec<EventIn>)> {
        let mut queue = self.queue();
        let profile = queue.front()?.0;
        let mut batch = Vec::new();
        let mut rest = VecDeque::with_capacity(queue.len());
        for (p, event) in queue.drain(..) {
            if p == profile && batch.len() < MAX_BATCH {
                batch.push(event);
            } else {
                rest.push_back((p, event));
            }
        }
        *queue = rest;
        Some((profile, batch))
    }

    /// A batch that could not be sent goes back to the front, with the same ids.
    pub fn put_back(&self, profile: i64, events: Vec<EventIn>) {
        let mut queue = self.queue();
        for event in events.into_iter().rev() {
            queue.push_front((profile, event));
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.queue().len()
    }
}

/// The wait before the next attempt: `FLUSH_EVERY` after a success, doubling after each
/// failure up to `MAX_BACKOFF`.
pub fn next_delay(current: Duration, succeeded: bool) -> Duration {
    if succeeded {
        FLUSH_EVERY
    } else {
        (current * 2).min(MAX_BACKOFF)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(profile: i64, movie_id: i64) -> Track {
        Track {
            profile,
            kind: "click",
            movie_id,
            row_kind: None,
            position: None,
            algorithm: None,
            query: None,
            value: None,
        }
    }

    #[test]
    fn batches_are_per_profile_and_a_failed_one_comes_back_first_with_its_ids() {
        let outbox = Outbox::default();
        outbox.push(vec![track(1, 10), track(2, 20), track(1, 11)]);
        let (profile, batch) = outbox.take_batch().unwrap();
        assert_eq!(profile, 1);
        assert_eq!(
            batch.iter().map(|e| e.movie_id).collect::<Vec<_>>(),
            vec![Some(10), Some(11)]
        );
        let ids: Vec<String> = batch.iter().map(|e| e.id.clone()).collect();
        assert!(ids.iter().all(|id| uuid::Uuid::parse_str(id).is_ok()));
        assert_ne!(ids[0], ids[1]);
        outbox.put_back(profile, batch);
        let (again, batch) = outbox.take_batch().unwrap();
        assert_eq!(again, 1);
        assert_eq!(
            batch.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            ids,
            "a retried batch keeps its event ids"
        );
        assert_eq!(outbox.take_batch().map(|(p, b)| (p, b.len())), Some((2, 1)));
        assert!(outbox.take_batch().is_none());
    }

    #[test]
    fn a_batch_holds_at_most_the_servers_limit_and_the_queue_is_bounded() {
        let outbox = Outbox::default();
        outbox.push((0..MAX_QUEUED as i64 + 5).map(|m| track(1, m)).collect());
        assert_eq!(outbox.len(), MAX_QUEUED);
        let (_, batch) = outbox.take_batch().unwrap();
        assert_eq!(batch.len(), MAX_BATCH);
        assert_eq!(batch[0].movie_id, Some(5), "the oldest were dropped");
    }

    #[test]
    fn backoff_doubles_to_a_ceiling_and_resets_on_success() {
        let mut delay = FLUSH_EVERY;
        for _ in 0..10 {
            delay = next_delay(delay, false);
        }
        assert_eq!(delay, MAX_BACKOFF);
        assert_eq!(next_delay(delay, true), FLUSH_EVERY);
    }
}
