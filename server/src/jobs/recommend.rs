//! The recommender behind For You and "similar": trained from the database off the request path
//! ([`retrain`], on a schedule and at start), published atomically (requests keep the previous
//! [`Engine`] while a new one trains), and used to compute one profile's rows on demand
//! ([`rows_for`]): cheap, since scoring folds the profile's history into the trained model.
//! The models and the rows themselves live in `marquee_recommend::engine` (no I/O); this module
//! reads their inputs from the database, stores their outputs and keeps the job's status.
//!
//! Rows are stored per profile (`recommendation_rows` / `recommendation_items`) and cached in
//! process under a key made of the model version, the trending snapshot time and a fingerprint of
//! everything the profile's rows depend on (its ratings, watches, watchlist, "not interested",
//! progress, maturity limit and preferences). This server's own writes to those drop the
//! profile's entry (the next request recomputes); the fingerprint is re-read at most every
//! [`REVALIDATE_AFTER`] for other processes' writes, and a new model or trending snapshot serves
//! the previous rows while one background task refreshes them ([`rows_for`], [`refresh`]).
//! After each training the rows of recently active profiles are precomputed in chunks, each
//! chunk on every core ([`marquee_recommend::engine::Engine::rows_many`]).
//!
//! A/B experiments (issue 11): the profile's [`Treatment`] (its variant of the running
//! experiment, over the rolled-out config) sets the engine's per-profile settings, and its tag
//! is part of the key, so a profile's rows change with its variant.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;
use marquee_db::DbConn;
use marquee_db::queries::profiles::Preferences;
use marquee_db::queries::recommend::{
    self as q, MovieContent, ProfileContext, Signal, SignalKind, StoredItem, StoredRow,
};
use marquee_recommend::engine::{self as core, Charts, Moment, ProfileInputs};

use crate::analytics::{Arm, Treatment};
use crate::error::{ApiError, ApiResult};
use crate::jobs::trending::Snapshot;
use crate::jobs::{JobStatus, lock};
use crate::state::{AppState, run_blocking};

pub use marquee_recommend::engine::{ROW_SIZE, ReasonOut};

/// Most "similar" items computed for one movie.
pub const SIMILAR_SIZE: usize = 100;
/// Version of the engine before any training has finished.
pub const COLD_START: &str = "cold-start";
/// Profiles whose inputs are read, rows computed (on every core) and stored together.
const PRECOMPUTE_CHUNK: usize = 256;

/// One trained recommender and its version; immutable once published. Derefs to the engine.
pub struct Engine {
    pub version: String,
    pub trained_at: Option<NaiveDateTime>,
    core: core::Engine,
}

impl Deref for Engine {
    type Target = core::Engine;

    fn deref(&self) -> &core::Engine {
        &self.core
    }
}

impl Engine {
    pub fn empty() -> Engine {
        Engine {
            version: COLD_START.to_owned(),
            trained_at: None,
            core: core::Engine::empty(),
        }
    }

    /// Trains every model (blocking, CPU-bound: call it on a blocking thread).
    pub fn train(
        signals: &[Signal],
        content: Vec<MovieContent>,
        version: String,
        now: NaiveDateTime,
        config: &core::Config,
    ) -> Engine {
        let signals: Vec<core::Signal> = signals.iter().map(|s| signal(s, None)).collect();
        let movies = content.into_iter().map(movie).collect();
        Engine {
            version,
            trained_at: Some(now),
            core: core::Engine::train(&signals, movies, config),
        }
    }
}

fn movie(c: MovieContent) -> core::Movie {
    core::Movie {
        id: c.id,
        title: c.title,
        year: c.year.map(i32::from),
        min_age: c.min_age,
        language: c.language,
        overview: c.overview,
        popularity: c.popularity,
        genres: c.genres,
        genre_slugs: c.genre_slugs,
        keywords: c.keywords,
        people: c.people,
        directors: c.directors,
    }
}

/// The weekday and hour of `at` in `tz` (UTC without one).
fn moment(at: DateTime<Utc>, tz: Option<Tz>) -> Moment {
    match tz {
        Some(tz) => {
            let local = at.with_timezone(&tz);
            Moment {
                weekday: local.weekday().num_days_from_monday() as u8,
                hour: local.hour() as u8,
            }
        }
        None => Moment::utc(at.timestamp()),
    }
}

fn signal(s: &Signal, tz: Option<Tz>) -> core::Signal {
    let at = s.at.and_utc();
    core::Signal {
        kind: match s.kind {
            SignalKind::Rating => core::SignalKind::Rating,
            SignalKind::Watch => core::SignalKind::Watch,
            SignalKind::WatchlistAdd => core::SignalKind::WatchlistAdd,
        },
        profile_id: s.profile_id,
        movie_id: s.movie_id,
        value: s.value,
        at: at.timestamp(),
        local: moment(at, tz),
    }
}

/// What computing one profile's rows reads from the database.
pub struct Inputs {
    pub signals: Vec<Signal>,
    pub context: ProfileContext,
    pub prefs: Preferences,
}

impl Inputs {
    fn load(conn: &mut DbConn, profile_id: i64) -> ApiResult<Inputs> {
        Ok(Inputs {
            signals: q::profile_signals(conn, profile_id)?,
            context: q::profile_context(conn, profile_id)?,
            prefs: marquee_db::queries::profiles::preferences(conn, profile_id)?,
        })
    }

    /// The engine's view, with times in the profile's own time zone and the treatment's
    /// settings.
    fn to_engine(&self, now: NaiveDateTime, treatment: &Treatment) -> ProfileInputs {
        let tz = self
            .prefs
            .time_zone
            .as_deref()
            .and_then(|z| z.parse::<Tz>().ok());
        ProfileInputs {
            signals: self.signals.iter().map(|s| signal(s, tz)).collect(),
            maturity_limit: self.context.maturity_limit,
            not_interested: self.context.not_interested.clone(),
            in_progress: self.context.in_progress.clone(),
            genres: self.prefs.genres.clone(),
            languages: self.prefs.languages.clone(),
            country: self.prefs.country.clone(),
            now: moment(now.and_utc(), tz),
            diversity: treatment.config.diversity,
        }
    }
}

/// Movies a profile must not be shown.
pub fn blocked(engine: &Engine, context: &ProfileContext) -> HashSet<i64> {
    engine.blocked(&context.not_interested, context.maturity_limit)
}

/// The rows of one profile at `now` (pure: the handler, the job and tests share it).
pub fn compute(
    engine: &Engine,
    charts: &Charts,
    inputs: &Inputs,
    now: NaiveDateTime,
    treatment: &Treatment,
) -> Vec<StoredRow> {
    stored_rows(engine.rows(charts, &inputs.to_engine(now, treatment)))
}

fn stored_rows(rows: Vec<core::Row>) -> Vec<StoredRow> {
    rows.into_iter()
        .map(|row| StoredRow {
            kind: row.kind,
            title: row.title,
            items: row
                .items
                .into_iter()
                .map(|item| StoredItem {
                    movie_id: item.movie_id,
                    score: item.score,
                    reason_kind: item.reason.kind.to_owned(),
                    reason_movie_id: item.reason.movie_id,
                    reason_person_id: item.reason.person_id,
                    reason_text: Some(item.reason.text),
                })
                .collect(),
        })
        .collect()
}

/// A profile's computed For You.
#[derive(Debug, Clone)]
pub struct ForYouRows {
    pub key: String,
    pub generated_at: NaiveDateTime,
    pub rows: Vec<StoredRow>,
    /// The experiment arm the rows were computed for.
    pub arm: Option<Arm>,
}

/// The profile's activity fingerprint with its treatment's tag: the last part of the key.
fn fingerprint_with(fingerprint: &str, treatment: &Treatment) -> String {
    format!("{fingerprint}#{}", treatment.tag)
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
    status: Mutex<JobStatus>,
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

    /// Drops every profile's cached rows (an experiment started, stopped or rolled out).
    pub fn invalidate_all(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }

    /// The last training and precompute run, for admins.
    pub fn status(&self) -> JobStatus {
        lock(&self.status).clone()
    }

    /// Records when the loop runs next.
    fn schedule(&self, next: NaiveDateTime) {
        lock(&self.status).next_run = Some(next);
    }
}

/// The cache and storage key of a profile's rows.
fn cache_key(engine: &Engine, snapshot: &Snapshot, fingerprint: &str) -> String {
    format!(
        "{}#{}#{}",
        engine.version,
        snapshot
            .computed_at
            .map_or(0, |t| t.and_utc().timestamp_micros()),
        fingerprint
    )
}

/// The engine settings from the server's configuration.
fn engine_config(state: &AppState) -> core::Config {
    core::Config {
        ease_budget_bytes: state.config().catalogue.ease_budget_bytes,
        ..core::Config::default()
    }
}

/// Trains a new engine from the database and publishes it; the previous one serves meanwhile.
/// Then precomputes the rows of recently active profiles.
pub async fn retrain(state: &AppState) -> ApiResult<()> {
    let rec = state.recommender();
    let _running = rec.training.lock().await;
    let started = std::time::Instant::now();
    lock(&rec.status).start(marquee_db::now());
    let result = train_and_precompute(state).await;
    lock(&rec.status).finish(
        marquee_db::now(),
        started.elapsed(),
        result.as_ref().err().map(|e| e.message.clone()),
    );
    state
        .metrics()
        .job_run("recommendations", started.elapsed(), result.is_ok());
    result
}

async fn train_and_precompute(state: &AppState) -> ApiResult<()> {
    let rec = state.recommender();
    let started = std::time::Instant::now();
    let now = marquee_db::now();
    let (signals, content) = state
        .db(|conn| Ok((q::all_signals(conn)?, q::all_content(conn)?)))
        .await?;
    let seq = rec.seq.fetch_add(1, Ordering::SeqCst) + 1;
    let version = format!("m{seq}-{}", now.and_utc().timestamp());
    let (n_signals, n_movies) = (signals.len(), content.len());
    let config = engine_config(state);
    let engine =
        run_blocking(move || Ok(Engine::train(&signals, content, version, now, &config))).await?;
    let train_ms = started.elapsed().as_millis();
    let mut notes = vec![format!("models: {}", engine.models().join(", "))];
    notes.extend(engine.left_out.clone());
    notes.push(format!("trained in {train_ms} ms"));
    rec.publish(engine);
    {
        let mut status = lock(&rec.status);
        status.counts = vec![
            ("interactions".to_owned(), n_signals),
            ("movies".to_owned(), n_movies),
        ];
        status.notes = notes;
    }
    tracing::info!(
        interactions = n_signals,
        movies = n_movies,
        ms = train_ms as u64,
        "recommender trained"
    );
    let precompute_started = std::time::Instant::now();
    let profiles = precompute(state, now).await?;
    let mut status = lock(&rec.status);
    status
        .counts
        .push(("profiles_precomputed".to_owned(), profiles));
    status.notes.push(format!(
        "precomputed in {} ms",
        precompute_started.elapsed().as_millis()
    ));
    Ok(())
}

/// Recomputes and stores the rows of profiles active in the last 30 days, a chunk at a time:
/// the chunk's inputs read on one connection, its rows computed on every core, then stored one
/// profile per transaction (writers are never held up for a whole chunk). Returns how many
/// profiles were done.
async fn precompute(state: &AppState, now: NaiveDateTime) -> ApiResult<usize> {
    let since = now - chrono::TimeDelta::days(30);
    let profiles = state
        .db(move |conn| Ok(q::active_profiles(conn, since)?))
        .await?;
    let rec = state.recommender();
    let mut done = 0;
    for chunk in profiles.chunks(PRECOMPUTE_CHUNK) {
        let ids = chunk.to_vec();
        let loaded: Vec<(i64, String, Inputs)> = state
            .db(move |conn| {
                let mut out = Vec::with_capacity(ids.len());
                for pid in ids {
                    out.push((pid, q::fingerprint(conn, pid)?, Inputs::load(conn, pid)?));
                }
                Ok(out)
            })
            .await?;
        let mut treatments = Vec::with_capacity(loaded.len());
        for (pid, _, _) in &loaded {
            treatments.push(state.experiments().treatment(state, *pid).await?);
        }
        let engine = rec.engine();
        let snapshot = state.rankings().current();
        let generated_at = marquee_db::now();
        let computed: Vec<(i64, Arc<ForYouRows>)> = run_blocking(move || {
            let inputs: Vec<ProfileInputs> = loaded
                .iter()
                .zip(&treatments)
                .map(|((_, _, i), t)| i.to_engine(generated_at, t))
                .collect();
            let rows = engine.rows_many(&snapshot.charts, &inputs);
            Ok(loaded
                .into_iter()
                .zip(rows)
                .zip(treatments)
                .map(|(((pid, fingerprint, _), rows), treatment)| {
                    let fingerprint = fingerprint_with(&fingerprint, &treatment);
                    let rows = ForYouRows {
                        key: cache_key(&engine, &snapshot, &fingerprint),
                        generated_at,
                        rows: stored_rows(rows),
                        arm: treatment.arm,
                    };
                    (pid, Arc::new(rows))
                })
                .collect())
        })
        .await?;
        let to_store = computed.clone();
        state
            .db(move |conn| {
                for (pid, rows) in &to_store {
                    let stored =
                        marquee_db::write_transaction::<_, ApiError, _>(conn, |conn: &mut DbConn| {
                            Ok(q::replace_rows(
                                conn,
                                *pid,
                                &rows.rows,
                                &rows.key,
                                rows.generated_at,
                            )?)
                        });
                    if let Err(err) = stored {
                        tracing::warn!(profile_id = *pid, error = %err.message, "storing For You failed");
                    }
                }
                Ok(())
            })
            .await?;
        for (pid, rows) in computed {
            rec.remember(pid, rows);
        }
        done += chunk.len();
    }
    Ok(done)
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

/// The engine version and trending snapshot part of a For You key ([`cache_key`] without the
/// profile's fingerprint).
fn key_prefix(state: &AppState) -> String {
    cache_key(
        &state.recommender().engine(),
        &state.rankings().current(),
        "",
    )
}

/// The profile's current rows: the cached ones when the key still matches the profile's
/// activity, else the stored rows, else computed now and stored.
pub async fn refresh(state: &AppState, profile_id: i64) -> ApiResult<Arc<ForYouRows>> {
    let rec = state.recommender();
    let engine = rec.engine();
    let snapshot = state.rankings().current();
    let fingerprint = state
        .db(move |conn| Ok(q::fingerprint(conn, profile_id)?))
        .await?;
    let treatment = state.experiments().treatment(state, profile_id).await?;
    let key = cache_key(
        &engine,
        &snapshot,
        &fingerprint_with(&fingerprint, &treatment),
    );
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
            arm: treatment.arm,
        });
        rec.remember(profile_id, Arc::clone(&rows));
        return Ok(rows);
    }
    let inputs = state.db(move |conn| Inputs::load(conn, profile_id)).await?;
    let now = marquee_db::now();
    let arm = treatment.arm.clone();
    let rows =
        run_blocking(move || Ok(compute(&engine, &snapshot.charts, &inputs, now, &treatment)))
            .await?;
    let result = Arc::new(ForYouRows {
        key: key.clone(),
        generated_at: now,
        rows,
        arm,
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

/// The training loop (first run at once); never returns.
pub async fn run(state: AppState) {
    let every = state.config().catalogue.recommend_interval;
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Some(next) = super::after(every) {
            state.recommender().schedule(next);
        }
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
