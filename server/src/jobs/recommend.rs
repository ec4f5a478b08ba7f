//! The recommender behind For You and "similar": trained from the database off the request path
//! ([`retrain`], on a schedule and at start), published atomically (requests keep the previous
//! [`Engine`] while a new one trains), and used to compute one profile's rows on demand
//! ([`for_you`]): cheap, since scoring folds the profile's history into the trained model.
//!
//! Interactions: a rating of 3.5 stars or more weighs its stars / 5, a completed watch 1, an
//! unfinished one 0.5, a watchlist add 0.5 (lower ratings only exclude the movie). Content:
//! genres, keywords, directors and top-billed cast, language, decade and overview terms.
//!
//! Rows are stored per profile (`recommendation_rows` / `recommendation_items`) and cached in
//! process under a key made of the model version, the trending snapshot time and a fingerprint of
//! everything the profile's rows depend on (its ratings, watches, watchlist, "not interested",
//! progress, maturity limit and preferences): any change there makes the next request recompute.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::NaiveDateTime;
use marquee_db::DbConn;
use marquee_db::queries::profiles::Preferences;
use marquee_db::queries::recommend::{
    self as q, MovieContent, ProfileContext, Signal, SignalKind, StoredItem, StoredRow,
};
use marquee_recommend::models::content::{Content, ItemContent};
use marquee_recommend::models::{als, ease, hybrid, knn, popular};
use marquee_recommend::{Event, IdMap, Interactions, Model, Rating, Reason};

use crate::error::{ApiError, ApiResult};
use crate::jobs::trending::{Snapshot, Window};
use crate::state::{AppState, run_blocking};

/// Items per row.
pub const ROW_SIZE: usize = 20;
/// Most "similar" items computed for one movie.
pub const SIMILAR_SIZE: usize = 100;
/// Version of the engine before any training has finished.
pub const COLD_START: &str = "cold-start";

/// Half-star ratings at or above this are positive signals (3.5 stars).
const POSITIVE_RATING_HALF: i32 = 7;

/// A signal's training weight; 0 means "seen, but not a positive signal".
pub fn weight(s: &Signal) -> f32 {
    match s.kind {
        SignalKind::Rating if s.value >= POSITIVE_RATING_HALF => s.value as f32 / 10.0,
        SignalKind::Rating => 0.0,
        SignalKind::Watch if s.value != 0 => 1.0,
        SignalKind::Watch | SignalKind::WatchlistAdd => 0.5,
    }
}

/// What the engine knows about a movie besides the models.
#[derive(Debug, Clone)]
pub struct MovieMeta {
    pub title: String,
    pub min_age: Option<i16>,
    pub genres: Vec<String>,
    pub genre_slugs: Vec<String>,
    pub language: Option<String>,
    pub popularity: f64,
}

/// The collaborative part: trained on the movies that have interactions.
struct Collab {
    items: IdMap,
    hybrid: hybrid::Hybrid,
    knn: Arc<knn::Knn>,
}

/// One trained recommender; immutable once published.
pub struct Engine {
    pub version: String,
    pub trained_at: Option<NaiveDateTime>,
    collab: Option<Collab>,
    /// Every movie of the catalogue (the content model's item space).
    catalogue: IdMap,
    content: Option<Content>,
    movies: HashMap<i64, MovieMeta>,
    people: HashMap<String, i64>,
}

impl Engine {
    pub fn empty() -> Engine {
        Engine {
            version: COLD_START.to_owned(),
            trained_at: None,
            collab: None,
            catalogue: IdMap::default(),
            content: None,
            movies: HashMap::new(),
            people: HashMap::new(),
        }
    }

    /// Trains every model (blocking, CPU-bound: call it on a blocking thread).
    pub fn train(
        signals: &[Signal],
        content: Vec<MovieContent>,
        version: String,
        now: NaiveDateTime,
    ) -> Engine {
        let mut people = HashMap::new();
        let mut movies = HashMap::with_capacity(content.len());
        let mut items: Vec<(i64, ItemContent)> = Vec::with_capacity(content.len());
        for c in content {
            for (id, name) in &c.people {
                people.entry(name.clone()).or_insert(*id);
            }
            items.push((
                c.id,
                ItemContent {
                    genres: c.genres.clone(),
                    tags: c.keywords,
                    people: c.people.into_iter().map(|(_, n)| n).collect(),
                    language: c.language.clone(),
                    year: c.year.map(i32::from),
                    overview: c.overview,
                },
            ));
            movies.insert(
                c.id,
                MovieMeta {
                    title: c.title,
                    min_age: c.min_age,
                    genres: c.genres,
                    genre_slugs: c.genre_slugs,
                    language: c.language,
                    popularity: c.popularity,
                },
            );
        }
        items.sort_by_key(|(id, _)| *id);
        let catalogue = IdMap::new(items.iter().map(|(id, _)| *id));
        let by_id: HashMap<i64, &ItemContent> = items.iter().map(|(id, c)| (*id, c)).collect();

        let records: Vec<Rating> = signals
            .iter()
            .filter(|s| movies.contains_key(&s.movie_id))
            .map(|s| Rating {
                user: s.profile_id,
                item: s.movie_id,
                value: weight(s),
                time: s.at.and_utc().timestamp(),
            })
            .filter(|r| r.value > 0.0)
            .collect();
        let collab = if records.is_empty() {
            None
        } else {
            let data = Interactions::new(&records, |r| r.value);
            let item_content: Vec<ItemContent> = data
                .items()
                .ids()
                .iter()
                .map(|id| by_id.get(id).map(|c| (*c).clone()).unwrap_or_default())
                .collect();
            let content = Arc::new(Content::train(&item_content));
            let knn = Arc::new(knn::Knn::train(&data, knn::Config::default()));
            let mut parts: Vec<Arc<dyn Model>> = Vec::new();
            match ease::Ease::train(&data, ease::Config::default()) {
                Ok(e) => parts.push(Arc::new(e)),
                Err(err) => tracing::warn!(error = %err, "EASE left out of the blend"),
            }
            let factors = als::Config::default().factors.min(data.n_items().max(2));
            parts.push(Arc::new(als::Als::train(
                &data,
                als::Config {
                    factors,
                    ..als::Config::default()
                },
            )));
            parts.push(Arc::clone(&knn) as Arc<dyn Model>);
            parts.push(Arc::new(popular::Popular::train(&data)));
            parts.push(Arc::clone(&content) as Arc<dyn Model>);
            let hybrid = hybrid::Hybrid::new(&parts, Some(content), hybrid::Config::default());
            Some(Collab {
                items: data.items().clone(),
                hybrid,
                knn,
            })
        };
        let content = if items.is_empty() {
            None
        } else {
            let all: Vec<ItemContent> = items.into_iter().map(|(_, c)| c).collect();
            Some(Content::train(&all))
        };
        Engine {
            version,
            trained_at: Some(now),
            collab,
            catalogue,
            content,
            movies,
            people,
        }
    }

    pub fn title(&self, movie_id: i64) -> Option<&str> {
        self.movies.get(&movie_id).map(|m| m.title.as_str())
    }

    /// Movies like `movie_id`: co-watching (item kNN of the trained model) blended with content
    /// similarity, content alone for movies nobody has interacted with yet. Best first.
    pub fn similar(
        &self,
        movie_id: i64,
        exclude: &HashSet<i64>,
        n: usize,
    ) -> Vec<(i64, f64, ReasonOut)> {
        let title = self.title(movie_id).unwrap_or("this film").to_owned();
        let mut scores: HashMap<i64, (f64, f64)> = HashMap::new(); // (collab, content)
        if let Some(collab) = &self.collab
            && let Some(idx) = collab.items.index(movie_id)
        {
            // kNN keeps neighbours per target: item j's list holds the items most like j.
            for j in 0..collab.items.len() as u32 {
                if let Some(&(_, s)) = collab.knn.neighbours(j).iter().find(|(i, _)| *i == idx) {
                    scores.entry(collab.items.id(j)).or_default().0 += f64::from(s);
                }
            }
        }
        if let (Some(content), Some(idx)) = (&self.content, self.catalogue.index(movie_id)) {
            for (i, &other) in self.catalogue.ids().iter().enumerate() {
                let s = content.similarity(idx, i as u32);
                if s > 0.0 {
                    scores.entry(other).or_default().1 += f64::from(s);
                }
            }
        }
        let mut ranked: Vec<(i64, f64, f64, f64)> = scores
            .into_iter()
            .filter(|(id, _)| *id != movie_id && !exclude.contains(id))
            .map(|(id, (c, t))| (id, 0.7 * c + 0.3 * t, c, t))
            .filter(|r| r.1 > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(n);
        ranked
            .into_iter()
            .map(|(id, score, c, t)| {
                let reason = if 0.7 * c >= 0.3 * t {
                    ReasonOut::movie(
                        "similar_to_movie",
                        format!("Viewers who watched {title} also watched this"),
                        movie_id,
                    )
                } else {
                    self.content_reason(movie_id, id).unwrap_or_else(|| {
                        ReasonOut::movie(
                            "similar_to_movie",
                            format!("Similar to {title}"),
                            movie_id,
                        )
                    })
                };
                (id, score, reason)
            })
            .collect()
    }

    /// The content feature `seed` and `item` share most, as a reason.
    fn content_reason(&self, seed: i64, item: i64) -> Option<ReasonOut> {
        let content = self.content.as_ref()?;
        let seed = self.catalogue.index(seed)?;
        let item = self.catalogue.index(item)?;
        let history = [Event {
            item: seed,
            weight: 1.0,
            time: 0,
        }];
        let Reason::Feature { feature } = content.reason(&history, item) else {
            return None;
        };
        let (kind, value) = feature.split_once(':')?;
        Some(match kind {
            "genre" => ReasonOut::plain("preferred_genre", format!("Also {value}")),
            "person" => ReasonOut {
                kind: "same_person",
                text: format!("Also with {value}"),
                movie_id: None,
                person_id: self.people.get(value).copied(),
            },
            _ => return None,
        })
    }

    /// A content feature (`genre:Drama`, `person:Al Pacino`…) as a reason.
    fn feature_reason(&self, feature: &str) -> ReasonOut {
        let (kind, value) = feature.split_once(':').unwrap_or(("", feature));
        match kind {
            "genre" => ReasonOut::plain("preferred_genre", format!("Because you like {value}")),
            "person" => ReasonOut {
                kind: "same_person",
                text: format!("Because you like films with {value}"),
                movie_id: None,
                person_id: self.people.get(value).copied(),
            },
            "tag" => ReasonOut::plain("collaborative", format!("Because you like {value} films")),
            "decade" => ReasonOut::plain(
                "collaborative",
                format!("From the {value}, like films you enjoyed"),
            ),
            "language" => ReasonOut::plain(
                "collaborative",
                format!("In a language of films you enjoyed ({value})"),
            ),
            _ => ReasonOut::plain(
                "collaborative",
                format!("Matches themes you enjoy ({value})"),
            ),
        }
    }

    /// Personal scores of every movie for a history (movie id, weight, unix time): the hybrid
    /// over the trained items, plus content over the whole catalogue (which also covers movies
    /// added since training). Returns (movie id, score, reason), best first.
    fn personal(
        &self,
        history: &[(i64, f32, i64)],
        exclude: &HashSet<i64>,
        n: usize,
    ) -> Vec<(i64, f64, ReasonOut)> {
        let mut out: Vec<(i64, f64, ReasonOut)> = Vec::new();
        let mut taken: HashSet<i64> = HashSet::new();
        if let Some(collab) = &self.collab {
            let events: Vec<Event> = history
                .iter()
                .filter_map(|&(id, weight, time)| {
                    Some(Event {
                        item: collab.items.index(id)?,
                        weight,
                        time,
                    })
                })
                .collect();
            if !events.is_empty() {
                let excluded: Vec<u32> = exclude
                    .iter()
                    .filter_map(|id| collab.items.index(*id))
                    .collect();
                for rec in collab.hybrid.recommend(&events, &excluded, n) {
                    let id = collab.items.id(rec.item);
                    let reason = match rec.reason {
                        Reason::BecauseYouWatched { item } => {
                            let seed = collab.items.id(item);
                            ReasonOut::movie(
                                "similar_to_movie",
                                format!(
                                    "Because you watched {}",
                                    self.title(seed).unwrap_or("a film you liked")
                                ),
                                seed,
                            )
                        }
                        Reason::Feature { feature } => self.feature_reason(&feature),
                        Reason::Popular => ReasonOut::plain(
                            "collaborative",
                            "Popular with viewers who share your taste".to_owned(),
                        ),
                    };
                    if taken.insert(id) {
                        out.push((id, f64::from(rec.score), reason));
                    }
                }
            }
        }
        if out.len() < n
            && let Some(content) = &self.content
        {
            let events: Vec<Event> = history
                .iter()
                .filter_map(|&(id, weight, time)| {
                    Some(Event {
                        item: self.catalogue.index(id)?,
                        weight,
                        time,
                    })
                })
                .collect();
            if !events.is_empty() {
                let excluded: Vec<u32> = exclude
                    .iter()
                    .chain(taken.iter())
                    .filter_map(|id| self.catalogue.index(*id))
                    .collect();
                let floor = out.last().map_or(0.0, |r| r.1);
                for rec in content.recommend(&events, &excluded, n - out.len()) {
                    if rec.score <= 0.0 {
                        continue;
                    }
                    let reason = match rec.reason {
                        Reason::Feature { feature } => self.feature_reason(&feature),
                        _ => ReasonOut::plain("popular", "Popular on Marquee".to_owned()),
                    };
                    // Below every collaborative pick, in the content order.
                    let score = floor.min(0.0) - 1.0 + f64::from(rec.score).min(1.0);
                    out.push((self.catalogue.id(rec.item), score, reason));
                }
            }
        }
        out
    }
}

/// A reason as stored and sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonOut {
    pub kind: &'static str,
    pub text: String,
    pub movie_id: Option<i64>,
    pub person_id: Option<i64>,
}

impl ReasonOut {
    fn plain(kind: &'static str, text: String) -> ReasonOut {
        ReasonOut {
            kind,
            text,
            movie_id: None,
            person_id: None,
        }
    }

    fn movie(kind: &'static str, text: String, movie_id: i64) -> ReasonOut {
        ReasonOut {
            kind,
            text,
            movie_id: Some(movie_id),
            person_id: None,
        }
    }

    fn stored(self, movie_id: i64, score: f64) -> StoredItem {
        StoredItem {
            movie_id,
            score: if score.is_finite() { score } else { 0.0 },
            reason_kind: self.kind.to_owned(),
            reason_movie_id: self.movie_id,
            reason_person_id: self.person_id,
            reason_text: Some(self.text),
        }
    }
}

/// A profile's computed For You.
#[derive(Debug, Clone)]
pub struct ForYouRows {
    pub key: String,
    pub generated_at: NaiveDateTime,
    pub rows: Vec<StoredRow>,
}

/// The published engine and the per-profile cache, shared by the job and the handlers.
#[derive(Default)]
pub struct Recommender {
    engine: RwLock<Option<Arc<Engine>>>,
    seq: AtomicU64,
    /// Serialises training runs (a scheduled one and a manual one never overlap).
    training: tokio::sync::Mutex<()>,
    /// Each profile's rows and when their key was last checked against the database.
    cache: Mutex<HashMap<i64, (Arc<ForYouRows>, std::time::Instant)>>,
    /// Profiles whose rows are being recomputed in the background.
    refreshing: Mutex<HashSet<i64>>,
    pub status: Mutex<JobStatus>,
}

/// Last training run, for admins and logs.
#[derive(Debug, Clone, Default)]
pub struct JobStatus {
    pub last_started: Option<NaiveDateTime>,
    pub last_finished: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_duration_ms: Option<u128>,
    pub interactions: usize,
    pub movies: usize,
}

enum Lookup {
    Fresh(Arc<ForYouRows>),
    Stale(Arc<ForYouRows>),
    Missing,
}

/// How long cached rows are served before their key is checked against the profile's activity
/// again (the fingerprint: seven small queries).
const REVALIDATE_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Most profiles kept in the in-process cache before it is emptied.
const CACHE_CAPACITY: usize = 50_000;

impl Recommender {
    pub fn engine(&self) -> Arc<Engine> {
        let guard = match self.engine.read() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        guard.clone().unwrap_or_else(|| Arc::new(Engine::empty()))
    }

    fn publish(&self, engine: Engine) {
        let mut guard = match self.engine.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Some(Arc::new(engine));
    }

    pub fn cached(&self, profile_id: i64, key: &str) -> Option<Arc<ForYouRows>> {
        let mut cache = match self.cache.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let (rows, checked) = cache.get_mut(&profile_id).filter(|(r, _)| r.key == key)?;
        *checked = std::time::Instant::now();
        Some(Arc::clone(rows))
    }

    /// The cached rows: fresh when their key starts with `prefix` (same engine and trending
    /// snapshot) and was checked against the profile's activity less than `window` ago; stale
    /// otherwise (still worth serving while a refresh runs).
    fn lookup(&self, profile_id: i64, prefix: &str, window: std::time::Duration) -> Lookup {
        let cache = match self.cache.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        match cache.get(&profile_id) {
            Some((rows, checked)) if rows.key.starts_with(prefix) && checked.elapsed() < window => {
                Lookup::Fresh(Arc::clone(rows))
            }
            Some((rows, _)) => Lookup::Stale(Arc::clone(rows)),
            None => Lookup::Missing,
        }
    }

    /// Marks a background refresh of the profile as running; false when one already is.
    fn start_refresh(&self, profile_id: i64) -> bool {
        match self.refreshing.lock() {
            Ok(mut set) => set.insert(profile_id),
            Err(poisoned) => poisoned.into_inner().insert(profile_id),
        }
    }

    fn end_refresh(&self, profile_id: i64) {
        match self.refreshing.lock() {
            Ok(mut set) => set.remove(&profile_id),
            Err(poisoned) => poisoned.into_inner().remove(&profile_id),
        };
    }

    pub fn remember(&self, profile_id: i64, rows: Arc<ForYouRows>) {
        let mut cache = match self.cache.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(profile_id, (rows, std::time::Instant::now()));
    }

    /// Drops a profile's cached rows (its next request recomputes them).
    pub fn invalidate(&self, profile_id: i64) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(&profile_id);
        }
    }

    pub fn status(&self) -> JobStatus {
        match self.status.lock() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_status(&self, f: impl FnOnce(&mut JobStatus)) {
        let mut guard = match self.status.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard);
    }
}

/// Trains a new engine from the database and publishes it; the previous one serves meanwhile.
/// Then precomputes the rows of recently active profiles.
pub async fn retrain(state: &AppState) -> ApiResult<()> {
    let rec = state.recommender();
    let _running = rec.training.lock().await;
    let started = std::time::Instant::now();
    let now = marquee_db::now();
    rec.set_status(|s| s.last_started = Some(now));
    let result = async {
        let (signals, content) = state
            .db(|conn| Ok((q::all_signals(conn)?, q::all_content(conn)?)))
            .await?;
        let seq = rec.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let version = format!("m{seq}-{}", now.and_utc().timestamp());
        let (n_signals, n_movies) = (signals.len(), content.len());
        let engine =
            run_blocking(move || Ok(Engine::train(&signals, content, version, now))).await?;
        rec.publish(engine);
        rec.set_status(|s| {
            s.interactions = n_signals;
            s.movies = n_movies;
        });
        tracing::info!(
            interactions = n_signals,
            movies = n_movies,
            ms = started.elapsed().as_millis() as u64,
            "recommender trained"
        );
        precompute(state, now).await
    }
    .await;
    let finished = marquee_db::now();
    rec.set_status(|s| {
        s.last_finished = Some(finished);
        s.last_duration_ms = Some(started.elapsed().as_millis());
        s.last_error = result.as_ref().err().map(|e| e.message.clone());
    });
    result
}

/// Recomputes and stores the rows of profiles active in the last 30 days.
async fn precompute(state: &AppState, now: NaiveDateTime) -> ApiResult<()> {
    let since = now - chrono::TimeDelta::days(30);
    let profiles = state
        .db(move |conn| Ok(q::active_profiles(conn, since)?))
        .await?;
    for profile_id in profiles {
        if let Err(err) = refresh(state, profile_id).await {
            tracing::warn!(profile_id, error = %err, "precomputing For You failed");
        }
    }
    Ok(())
}

/// The profile's rows for a request: fresh from the in-process cache; or stale from it while
/// one background task refreshes them (a new model or trending snapshot, or the revalidation
/// window passed: requests never queue behind a recompute); or, with nothing cached (first
/// request, or this server saw the profile's activity change), [`refresh`]ed now. The caller
/// has checked ownership.
pub async fn rows_for(state: &AppState, profile_id: i64) -> ApiResult<Arc<ForYouRows>> {
    let rec = state.recommender();
    match rec.lookup(profile_id, &key_prefix(state), REVALIDATE_AFTER) {
        Lookup::Fresh(rows) => Ok(rows),
        Lookup::Stale(rows) => {
            if rec.start_refresh(profile_id) {
                let state = state.clone();
                tokio::spawn(async move {
                    if let Err(err) = refresh(&state, profile_id).await {
                        tracing::warn!(profile_id, error = %err.message, "refreshing For You failed");
                    }
                    state.recommender().end_refresh(profile_id);
                });
            }
            Ok(rows)
        }
        Lookup::Missing => refresh(state, profile_id).await,
    }
}

/// The engine version and trending snapshot part of a For You key.
fn key_prefix(state: &AppState) -> String {
    let snapshot = state.rankings().current();
    format!(
        "{}#{}#",
        state.recommender().engine().version,
        snapshot
            .computed_at
            .map_or(0, |t| t.and_utc().timestamp_micros()),
    )
}

/// The profile's current rows: the cached ones when the key still matches the profile's
/// activity, else the stored rows, else computed now and stored.
pub async fn refresh(state: &AppState, profile_id: i64) -> ApiResult<Arc<ForYouRows>> {
    let rec = state.recommender();
    let engine = rec.engine();
    let snapshot = state.rankings().current();
    let prefix = format!(
        "{}#{}#",
        engine.version,
        snapshot
            .computed_at
            .map_or(0, |t| t.and_utc().timestamp_micros()),
    );
    let fingerprint = state
        .db(move |conn| Ok(q::fingerprint(conn, profile_id)?))
        .await?;
    let key = format!("{prefix}{fingerprint}");
    if let Some(rows) = rec.cached(profile_id, &key) {
        return Ok(rows);
    }
    let stored_key = key.clone();
    let stored = state
        .db(move |conn| Ok(q::stored_rows(conn, profile_id)?))
        .await?
        .filter(|(version, _, _)| *version == stored_key);
    if let Some((_, generated_at, rows)) = stored {
        let rows = Arc::new(ForYouRows {
            key,
            generated_at,
            rows,
        });
        rec.remember(profile_id, Arc::clone(&rows));
        return Ok(rows);
    }
    let (signals, context, prefs) = state
        .db(move |conn| {
            Ok((
                q::profile_signals(conn, profile_id)?,
                q::profile_context(conn, profile_id)?,
                marquee_db::queries::profiles::preferences(conn, profile_id)?,
            ))
        })
        .await?;
    let now = marquee_db::now();
    let rows = run_blocking(move || {
        Ok(compute(
            &engine,
            &snapshot,
            &Inputs {
                signals,
                context,
                prefs,
            },
        ))
    })
    .await?;
    let result = Arc::new(ForYouRows {
        key: key.clone(),
        generated_at: now,
        rows,
    });
    let to_store = Arc::clone(&result);
    let stored = state
        .db(move |conn| {
            marquee_db::write_transaction::<_, ApiError, _>(conn, |conn: &mut DbConn| {
                Ok(q::replace_rows(
                    conn,
                    profile_id,
                    &to_store.rows,
                    &to_store.key,
                    to_store.generated_at,
                )?)
            })
        })
        .await;
    if let Err(err) = stored {
        // A concurrent request stored the same rows first; serving them matters more.
        tracing::debug!(profile_id, error = %err.message, "For You rows not stored");
    }
    rec.remember(profile_id, Arc::clone(&result));
    Ok(result)
}

/// What computing one profile's rows reads from the database.
pub struct Inputs {
    pub signals: Vec<Signal>,
    pub context: ProfileContext,
    pub prefs: Preferences,
}

/// Movies a profile must not be shown.
pub fn blocked(engine: &Engine, context: &ProfileContext) -> HashSet<i64> {
    let mut out: HashSet<i64> = context.not_interested.iter().copied().collect();
    if let Some(limit) = context.maturity_limit {
        out.extend(
            engine
                .movies
                .iter()
                .filter(|(_, m)| m.min_age.is_some_and(|a| a > limit))
                .map(|(id, _)| *id),
        );
    }
    out
}

/// Whether a movie passes the profile's maturity limit (unknown movies do not).
fn allowed(engine: &Engine, limit: Option<i16>, movie_id: i64) -> bool {
    match (engine.movies.get(&movie_id), limit) {
        (None, _) => false,
        (Some(m), Some(limit)) => m.min_age.is_none_or(|a| a <= limit),
        (Some(_), None) => true,
    }
}

/// The rows of one profile (pure: the handler, the job and tests share it).
pub fn compute(engine: &Engine, snapshot: &Snapshot, inputs: &Inputs) -> Vec<StoredRow> {
    let limit = inputs.context.maturity_limit;
    let blocked = blocked(engine, &inputs.context);
    // Seen: rated (any value), watched, in progress. Excluded from every row but "Continue".
    let mut exclude = blocked.clone();
    exclude.extend(
        inputs
            .signals
            .iter()
            .filter(|s| s.kind != SignalKind::WatchlistAdd)
            .map(|s| s.movie_id),
    );
    exclude.extend(inputs.context.in_progress.iter().map(|p| p.0));
    let mut history: HashMap<i64, (f32, i64)> = HashMap::new();
    for s in &inputs.signals {
        let w = weight(s);
        if w <= 0.0 {
            continue;
        }
        let e = history.entry(s.movie_id).or_insert((0.0, i64::MIN));
        e.0 = e.0.max(w);
        e.1 = e.1.max(s.at.and_utc().timestamp());
    }
    let mut history: Vec<(i64, f32, i64)> =
        history.into_iter().map(|(id, (w, t))| (id, w, t)).collect();
    history.sort_by_key(|h| (h.2, h.0));
    let mut rows = Vec::new();

    // Continue watching: 5–90% through.
    let progress: Vec<StoredItem> = inputs
        .context
        .in_progress
        .iter()
        .filter(|(id, pos, dur)| {
            *dur > 0
                && (0.05..=0.90).contains(&(f64::from(*pos) / f64::from(*dur)))
                && !blocked.contains(id)
                && allowed(engine, limit, *id)
        })
        .take(ROW_SIZE)
        .map(|&(id, pos, dur)| {
            let pct = (f64::from(pos) * 100.0 / f64::from(dur)).round();
            ReasonOut::plain("in_progress", format!("{pct}% watched")).stored(id, pct / 100.0)
        })
        .collect();
    if !progress.is_empty() {
        rows.push(StoredRow {
            kind: "continue_watching".to_owned(),
            title: "Continue watching".to_owned(),
            items: progress,
        });
    }

    // Because you watched X: the latest positive signal (a good rating or a finished watch).
    let seed = inputs
        .signals
        .iter()
        .filter(|s| match s.kind {
            SignalKind::Rating => s.value >= POSITIVE_RATING_HALF,
            SignalKind::Watch => s.value != 0,
            SignalKind::WatchlistAdd => false,
        })
        .filter(|s| engine.movies.contains_key(&s.movie_id))
        .max_by_key(|s| (s.at, s.movie_id));
    if let Some(seed) = seed
        && let Some(title) = engine.title(seed.movie_id)
    {
        let items: Vec<StoredItem> = engine
            .similar(seed.movie_id, &exclude, ROW_SIZE)
            .into_iter()
            .map(|(id, score, _)| {
                ReasonOut::movie(
                    "similar_to_movie",
                    format!("Because you watched {title}"),
                    seed.movie_id,
                )
                .stored(id, score)
            })
            .collect();
        if !items.is_empty() {
            rows.push(StoredRow {
                kind: "because_you_watched".to_owned(),
                title: format!("Because you watched {title}"),
                items,
            });
        }
    }

    let region = inputs.prefs.country.clone();
    let regional = region
        .as_deref()
        .map(|r| snapshot.trending(Window::Week, Some(r)))
        .filter(|t| !t.is_empty());
    let (trending, trending_title) = match (regional, &region) {
        (Some(t), Some(r)) => (t, format!("Trending in {r}")),
        _ => (
            snapshot.trending(Window::Week, None),
            "Trending now".to_owned(),
        ),
    };
    let trending_ids: HashMap<i64, f64> = trending
        .iter()
        .map(|m| (m.movie.id, m.score.unwrap_or(0.0)))
        .collect();

    // Top picks: the hybrid on the history; preferences and trending for a cold start.
    let picks: Vec<StoredItem> = if history.is_empty() {
        cold_start(engine, inputs, &exclude, &trending_ids, &trending_title)
    } else {
        engine
            .personal(&history, &exclude, ROW_SIZE)
            .into_iter()
            .map(|(id, score, reason)| reason.stored(id, score))
            .collect()
    };
    if !picks.is_empty() {
        rows.push(StoredRow {
            kind: "top_picks".to_owned(),
            title: "Top picks for you".to_owned(),
            items: picks,
        });
    }

    let trending_items: Vec<StoredItem> = trending
        .iter()
        .filter(|m| !exclude.contains(&m.movie.id) && allowed(engine, limit, m.movie.id))
        .take(ROW_SIZE)
        .map(|m| {
            ReasonOut::plain("trending", trending_title.clone())
                .stored(m.movie.id, m.score.unwrap_or(0.0))
        })
        .collect();
    if !trending_items.is_empty() {
        rows.push(StoredRow {
            kind: "trending_region".to_owned(),
            title: trending_title.clone(),
            items: trending_items,
        });
    }

    // New for you: recent releases, the ones closest to the profile's taste first.
    let mut fresh: Vec<(i64, f64, usize)> = snapshot
        .new_releases
        .iter()
        .enumerate()
        .filter(|(_, m)| !exclude.contains(&m.movie.id) && allowed(engine, limit, m.movie.id))
        .map(|(i, m)| {
            (
                m.movie.id,
                preference_match(engine, &inputs.prefs, m.movie.id).0,
                i,
            )
        })
        .collect();
    fresh.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    let fresh: Vec<StoredItem> = fresh
        .into_iter()
        .take(ROW_SIZE)
        .map(|(id, score, _)| {
            let text = if score > 0.0 {
                "New release in genres you like"
            } else {
                "New release"
            };
            ReasonOut::plain("new_release", text.to_owned()).stored(id, score)
        })
        .collect();
    if !fresh.is_empty() {
        rows.push(StoredRow {
            kind: "new_for_you".to_owned(),
            title: "New for you".to_owned(),
            items: fresh,
        });
    }
    rows
}

/// How well a movie matches the profile's chosen genres and languages: (score, reason).
fn preference_match(
    engine: &Engine,
    prefs: &Preferences,
    movie_id: i64,
) -> (f64, Option<ReasonOut>) {
    let Some(m) = engine.movies.get(&movie_id) else {
        return (0.0, None);
    };
    let genres: Vec<&str> = m
        .genre_slugs
        .iter()
        .zip(&m.genres)
        .filter(|(slug, _)| prefs.genres.contains(slug))
        .map(|(_, name)| name.as_str())
        .collect();
    let language = m
        .language
        .as_deref()
        .filter(|l| prefs.languages.iter().any(|p| p == l));
    let score = 2.0 * genres.len() as f64 + if language.is_some() { 1.0 } else { 0.0 };
    let reason = match (genres.first(), language) {
        (Some(_), _) => Some(ReasonOut::plain(
            "preferred_genre",
            format!("Because you chose {}", genres.join(" and ")),
        )),
        (None, Some(l)) => Some(ReasonOut::plain(
            "popular",
            format!("Popular in {l}, a language you chose"),
        )),
        (None, None) => None,
    };
    (score, reason)
}

/// A profile without history: its preferred genres and languages, then what is trending in its
/// region, then what is popular; each item says which.
fn cold_start(
    engine: &Engine,
    inputs: &Inputs,
    exclude: &HashSet<i64>,
    trending: &HashMap<i64, f64>,
    trending_title: &str,
) -> Vec<StoredItem> {
    let limit = inputs.context.maturity_limit;
    let max_pop = engine
        .movies
        .values()
        .map(|m| m.popularity)
        .fold(0.0f64, f64::max);
    let max_trend = trending.values().copied().fold(0.0f64, f64::max);
    let mut scored: Vec<(i64, f64, ReasonOut)> = engine
        .movies
        .iter()
        .filter(|(id, _)| !exclude.contains(id) && allowed(engine, limit, **id))
        .map(|(&id, m)| {
            let (pref, reason) = preference_match(engine, &inputs.prefs, id);
            let trend = trending
                .get(&id)
                .map_or(0.0, |t| if max_trend > 0.0 { t / max_trend } else { 0.0 });
            let pop = if max_pop > 0.0 {
                (1.0 + m.popularity).ln() / (1.0 + max_pop).ln()
            } else {
                0.0
            };
            let score = pref + 1.5 * trend + 0.5 * pop;
            let reason = reason.unwrap_or_else(|| {
                if trend > 0.0 {
                    ReasonOut::plain("trending", trending_title.to_owned())
                } else {
                    ReasonOut::plain("popular", "Popular on Marquee".to_owned())
                }
            });
            (id, score, reason)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
        .into_iter()
        .take(ROW_SIZE)
        .map(|(id, score, reason)| reason.stored(id, score))
        .collect()
}

/// The training loop (first run at once); never returns.
pub async fn run(state: AppState) {
    let mut interval = tokio::time::interval(state.config().catalogue.recommend_interval);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(err) = retrain(&state).await {
            tracing::warn!(error = %err, "recommender training failed; keeping the previous model");
        }
    }
}

/// Checks a profile exists and belongs to `user_id` (404 otherwise).
pub fn owned(conn: &mut DbConn, user_id: i64, profile_id: i64) -> ApiResult<()> {
    marquee_db::queries::profiles::find_owned(conn, user_id, profile_id)?
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("profile"))
}
