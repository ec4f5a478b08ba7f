//! Trending and new releases, recomputed on an interval and served from memory.
//!
//! Trending score: each recent signal counts its weight (watch 1, watchlist add 1.5, rating 2)
//! times `2^(-age / half_life)`, summed per movie over the window (day: half-life 6 h; week:
//! half-life 2 days). Rankings exist globally and per region (the country of the acting
//! profile's preferences). New releases: the latest releases up to today.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::{NaiveDateTime, TimeDelta};
use marquee_api::catalogue::RankedMovie;
use marquee_db::queries::catalogue::{self as q, Activity, ActivityKind};
use marquee_recommend::engine::Charts;

use crate::error::ApiResult;
use crate::handlers::catalogue::summary;
use crate::jobs::{JobStatus, lock};
use crate::state::AppState;

/// Most movies each ranking keeps.
pub const RANKING_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    Day,
    Week,
}

impl Window {
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Day => "day",
            Window::Week => "week",
        }
    }

    fn length(self) -> TimeDelta {
        match self {
            Window::Day => TimeDelta::days(1),
            Window::Week => TimeDelta::days(7),
        }
    }

    fn half_life_secs(self) -> f64 {
        match self {
            Window::Day => 6.0 * 3600.0,
            Window::Week => 2.0 * 86400.0,
        }
    }
}

fn weight(kind: ActivityKind) -> f64 {
    match kind {
        ActivityKind::Watch => 1.0,
        ActivityKind::WatchlistAdd => 1.5,
        ActivityKind::Rating => 2.0,
    }
}

/// Scores per movie for `window`, best first (ties by id), for activity matching `region`
/// (`None`: all of it). Pure: the job and tests share it.
pub fn rank(
    activity: &[Activity],
    now: NaiveDateTime,
    window: Window,
    region: Option<&str>,
) -> Vec<(i64, f64)> {
    let since = now - window.length();
    let mut scores: HashMap<i64, f64> = HashMap::new();
    for a in activity {
        if a.at < since || a.at > now || (region.is_some() && a.region.as_deref() != region) {
            continue;
        }
        let age = (now - a.at).num_milliseconds() as f64 / 1000.0;
        *scores.entry(a.movie_id).or_default() +=
            weight(a.kind) * (-age / window.half_life_secs()).exp2();
    }
    let mut ranked: Vec<(i64, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(RANKING_SIZE);
    ranked
}

/// One computed set of rankings.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Which refresh produced it: an older refresh finishing late never replaces a newer one.
    seq: u64,
    pub computed_at: Option<NaiveDateTime>,
    trending: HashMap<(Window, Option<String>), Vec<RankedMovie>>,
    pub new_releases: Vec<RankedMovie>,
    /// The same week rankings and new releases as ids, for the recommender's rows.
    pub charts: Charts,
}

impl Snapshot {
    pub fn trending(&self, window: Window, region: Option<&str>) -> &[RankedMovie] {
        self.trending
            .get(&(window, region.map(str::to_owned)))
            .map_or(&[], Vec::as_slice)
    }
}

/// The current snapshot, shared by the job (writer) and handlers (readers).
#[derive(Debug, Default)]
pub struct Rankings {
    current: RwLock<Arc<Snapshot>>,
    next_seq: AtomicU64,
    pub(super) status: Mutex<JobStatus>,
}

impl Rankings {
    pub fn current(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn publish(&self, snapshot: Snapshot) {
        let mut guard = match self.current.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if snapshot.seq > guard.seq {
            *guard = Arc::new(snapshot);
        }
    }

    /// The last refresh, for admins.
    pub fn status(&self) -> JobStatus {
        lock(&self.status).clone()
    }
}

/// Recomputes every ranking from the database and publishes them.
pub async fn refresh(state: &AppState) -> ApiResult<()> {
    let rankings = state.rankings();
    let started = std::time::Instant::now();
    lock(&rankings.status).start(marquee_db::now());
    let result = compute_and_publish(state).await;
    lock(&rankings.status).finish(
        marquee_db::now(),
        started.elapsed(),
        result.as_ref().err().map(|e| e.message.clone()),
    );
    state
        .metrics()
        .job_run("trending", started.elapsed(), result.is_ok());
    result
}

async fn compute_and_publish(state: &AppState) -> ApiResult<()> {
    let rankings = state.rankings();
    let seq = rankings.next_seq.fetch_add(1, Ordering::SeqCst) + 1;
    let now = marquee_db::now();
    let snapshot = state
        .db(move |conn| {
            let activity = q::recent_activity(conn, now - Window::Week.length())?;
            let mut regions: Vec<Option<String>> = vec![None];
            let mut seen: Vec<&str> = activity
                .iter()
                .filter_map(|a| a.region.as_deref())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            regions.extend(seen.into_iter().map(|r| Some(r.to_owned())));
            let mut scored = HashMap::new();
            for window in [Window::Day, Window::Week] {
                for region in &regions {
                    scored.insert(
                        (window, region.clone()),
                        rank(&activity, now, window, region.as_deref()),
                    );
                }
            }
            let new_ids = q::new_release_ids(conn, now.date(), RANKING_SIZE as i64)?;
            let mut ids: Vec<i64> = scored
                .values()
                .flatten()
                .map(|(id, _)| *id)
                .chain(new_ids.iter().copied())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let movies: HashMap<i64, _> = q::summaries_by_ids(conn, &ids)?
                .into_iter()
                .map(|row| (row.movie.id, summary(row)))
                .collect();
            let trending: HashMap<(Window, Option<String>), Vec<RankedMovie>> = scored
                .into_iter()
                .map(|(key, ranked)| {
                    let items = ranked
                        .into_iter()
                        .filter_map(|(id, score)| {
                            movies.get(&id).map(|m| RankedMovie {
                                movie: m.clone(),
                                score: Some(score),
                            })
                        })
                        .collect();
                    (key, items)
                })
                .collect();
            let new_releases: Vec<RankedMovie> = new_ids
                .into_iter()
                .filter_map(|id| {
                    movies.get(&id).map(|m| RankedMovie {
                        movie: m.clone(),
                        score: None,
                    })
                })
                .collect();
            let charts = charts(&trending, &new_releases);
            Ok(Snapshot {
                seq,
                computed_at: Some(now),
                trending,
                new_releases,
                charts,
            })
        })
        .await?;
    let counts = vec![
        (
            "movies_trending".to_owned(),
            snapshot.charts.trending.get(&None).map_or(0, Vec::len),
        ),
        (
            "regions".to_owned(),
            snapshot.charts.trending.len().saturating_sub(1),
        ),
        ("new_releases".to_owned(), snapshot.new_releases.len()),
    ];
    lock(&rankings.status).counts = counts;
    rankings.publish(snapshot);
    Ok(())
}

/// The week rankings (global under `None`, per region) and new releases as ids and scores.
fn charts(
    trending: &HashMap<(Window, Option<String>), Vec<RankedMovie>>,
    new_releases: &[RankedMovie],
) -> Charts {
    Charts {
        trending: trending
            .iter()
            .filter(|((window, _), _)| *window == Window::Week)
            .map(|((_, region), list)| {
                let ids = list
                    .iter()
                    .map(|m| (m.movie.id, m.score.unwrap_or(0.0)))
                    .collect();
                (region.clone(), ids)
            })
            .collect(),
        new_releases: new_releases.iter().map(|m| m.movie.id).collect(),
    }
}
