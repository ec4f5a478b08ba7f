//! The server's search index: opened from `DATA_DIR/search-index/`, built from the database in
//! the background at start, and kept in sync with the catalogue.
//!
//! - Start: [`SearchService::open`] opens the on-disk index (an index written with another schema
//!   is recreated). [`spawn`] then runs a full rebuild from the database off the request path.
//!   Until the first build is done, searches answer 503 `search_index_building` with
//!   `Retry-After` — unless the index on disk already had documents, which are served while the
//!   rebuild runs (a rebuild is one commit: searches see the old index until it completes).
//! - Sync: every [`SYNC_INTERVAL`] the task compares the catalogue's `max(updated_at)` and row
//!   counts of movies and people with what it last indexed ([`sync`]); movies and people updated
//!   since are re-read and upserted; if the counts then disagree with the index (rows deleted,
//!   or inserted with an old timestamp), it rebuilds everything. So `marqueectl` imports and
//!   admin edits reach the index within seconds; admin routes call [`upsert_movie`] /
//!   [`upsert_person`] to make an edit visible at once.
//! - Documents: rows come from `marquee_db::queries::search`; the mapping to
//!   [`marquee_search::Document`] is here, in plain blocking functions over a connection
//!   ([`all_documents`], [`movie_documents`], [`person_documents`], [`rebuild_from_db`]), so
//!   `marqueectl search reindex` can reuse it.
//!
//! Known gaps: a renamed person reaches the movies they appear in only at the next full rebuild
//! (the movies' `updated_at` does not change); credit, genre or keyword edits count only when the
//! movie's `updated_at` is bumped with them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use marquee_db::DbConn;
use marquee_db::queries::search::{
    self as q, CatalogueMarker, ID_BATCH, MovieSearchRow, PersonSearchRow,
};
use marquee_search::{Document, Kind, MovieDoc, PersonDoc, SearchError, SearchIndex};
use tokio::task::JoinHandle;

use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, run_blocking};

/// How often the background task looks for catalogue changes.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(2);

/// The index and what the sync task knows about it. Held by `AppState` behind an `Arc`.
pub struct SearchService {
    dir: PathBuf,
    /// `Err`: the index could not be opened (logged at start); searches answer 503.
    index: Result<Arc<SearchIndex>, String>,
    /// Searches are answered (the first build finished, or the on-disk index had documents).
    ready: AtomicBool,
    /// What the last sync indexed; `None` until the first full build. The lock also serialises
    /// syncs (the task's and explicit calls).
    marker: tokio::sync::Mutex<Option<CatalogueMarker>>,
    /// Queries running at once: one per core. Queries are CPU-bound; 64 of them time-sliced on
    /// 2 cores made every one slow (p99 218 ms at 64 connections), queued they finish in turn.
    slots: tokio::sync::Semaphore,
    /// The last rebuild an admin asked for (`POST /admin/jobs/search/run`).
    status: std::sync::Mutex<crate::jobs::JobStatus>,
}

impl std::fmt::Debug for SearchService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchService")
            .field("dir", &self.dir)
            .field("ready", &self.ready.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl SearchService {
    /// Opens (or creates) the index in `DATA_DIR/search-index`; an index with another schema is
    /// deleted and recreated. Failures are logged and make searches 503, not the server fail.
    pub fn open(data_dir: &Path) -> SearchService {
        let dir = index_dir(data_dir);
        let index = match SearchIndex::open_or_create(&dir) {
            Err(SearchError::Incompatible { path }) => {
                tracing::warn!(%path, "search index has another schema; recreating it");
                SearchIndex::recreate(&dir)
            }
            other => other,
        };
        let index = index.map(Arc::new).map_err(|err| {
            tracing::error!(error = %err, dir = %dir.display(), "cannot open the search index; search is unavailable");
            err.to_string()
        });
        let ready = index.as_ref().is_ok_and(|index| index.num_docs() > 0);
        SearchService {
            dir,
            index,
            ready: AtomicBool::new(ready),
            marker: tokio::sync::Mutex::new(None),
            slots: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            ),
            status: std::sync::Mutex::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The last rebuild an admin asked for, for `GET /admin/jobs`.
    pub fn status(&self) -> crate::jobs::JobStatus {
        crate::jobs::lock(&self.status).clone()
    }

    /// Whether searches are answered.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// The index, whether or not it is ready (sync and admin upserts).
    fn any_index(&self) -> ApiResult<Arc<SearchIndex>> {
        match &self.index {
            Ok(index) => Ok(index.clone()),
            Err(_) => Err(ApiError::unavailable(
                "search_unavailable",
                "search is unavailable on this server; the error is in its log",
            )),
        }
    }

    /// The index for answering a search: 503 while the first build runs.
    pub fn index(&self) -> ApiResult<Arc<SearchIndex>> {
        let index = self.any_index()?;
        if !self.is_ready() {
            return Err(ApiError::unavailable(
                "search_index_building",
                "the search index is being built from the catalogue; retry in a few seconds",
            )
            .with_header(http::header::RETRY_AFTER, 2));
        }
        Ok(index)
    }
}

impl SearchService {
    /// Runs a search or suggestion on a blocking thread once a slot is free (see `slots`).
    pub async fn query<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&SearchIndex) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let index = self.index()?;
        let _slot =
            self.slots.acquire().await.map_err(|_| {
                ApiError::unavailable("search_unavailable", "search is shutting down")
            })?;
        run_blocking(move || f(&index)).await
    }
}

/// Where the index of a data directory lives.
pub fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("search-index")
}

/// Index failures: the caller's query → 400 with its code; anything else → logged 500.
pub fn search_error(err: SearchError) -> ApiError {
    match err {
        SearchError::Query(query) => {
            let field = match query {
                marquee_search::QueryError::InvalidPage => "page",
                marquee_search::QueryError::InvalidPerPage { .. }
                | marquee_search::QueryError::PageTooDeep { .. } => "per_page",
                marquee_search::QueryError::InvalidYearRange { .. } => "year_to",
                _ => "q",
            };
            let message = query.to_string();
            ApiError::new(http::StatusCode::BAD_REQUEST, query.code(), message.clone())
                .with_details(serde_json::json!({ "fields": { field: message } }))
        }
        other => ApiError::internal(format!("search index: {other}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows → documents

/// A movie row as the index sees it. Popularity is the rating count plus the catalogue's own
/// popularity figure, so rated and imported-popular titles both rank up.
pub fn movie_document(row: MovieSearchRow) -> Document {
    let original_title = row
        .original_title
        .filter(|original| !original.trim().is_empty() && *original != row.title);
    Document::Movie(MovieDoc {
        id: row.id,
        title: row.title,
        original_title,
        overview: row.overview.unwrap_or_default(),
        keywords: row.keywords,
        cast: row.cast,
        directors: row.directors,
        year: row.year.map(i32::from),
        genres: row.genres,
        language: row.language,
        countries: row.countries,
        popularity: f64::from(row.rating_count.max(0)) + row.popularity.max(0.0),
    })
}

pub fn person_document(row: PersonSearchRow) -> Document {
    Document::Person(PersonDoc {
        id: row.id,
        name: row.name,
        aliases: row.aliases,
        known_for: row.known_for,
        popularity: row.popularity.max(0.0),
    })
}

/// Documents of the movies among `ids` (any number; loaded in batches).
pub fn movie_documents(conn: &mut DbConn, ids: &[i64]) -> diesel::QueryResult<Vec<Document>> {
    let mut docs = Vec::with_capacity(ids.len());
    for batch in ids.chunks(ID_BATCH) {
        docs.extend(q::movie_rows(conn, batch)?.into_iter().map(movie_document));
    }
    Ok(docs)
}

/// Documents of the people among `ids` (any number; loaded in batches).
pub fn person_documents(conn: &mut DbConn, ids: &[i64]) -> diesel::QueryResult<Vec<Document>> {
    let mut docs = Vec::with_capacity(ids.len());
    for batch in ids.chunks(ID_BATCH) {
        docs.extend(
            q::person_rows(conn, batch)?
                .into_iter()
                .map(person_document),
        );
    }
    Ok(docs)
}

/// Every movie and person of the catalogue.
pub fn all_documents(conn: &mut DbConn) -> diesel::QueryResult<Vec<Document>> {
    let movie_ids = q::movie_ids_since(conn, None)?;
    let person_ids = q::person_ids_since(conn, None)?;
    let mut docs = movie_documents(conn, &movie_ids)?;
    docs.extend(person_documents(conn, &person_ids)?);
    Ok(docs)
}

/// Replaces the whole index with the catalogue (blocking). Returns the number of documents
/// indexed.
pub fn rebuild_from_db(conn: &mut DbConn, index: &SearchIndex) -> anyhow::Result<u64> {
    let docs = all_documents(conn)?;
    Ok(index.rebuild(docs)?)
}

/// What [`reindex`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reindexed {
    pub dir: PathBuf,
    pub movies: u64,
    pub people: u64,
    /// The index on disk had another schema (an older version) and was recreated.
    pub recreated: bool,
}

/// `marqueectl search reindex`: rebuilds `DATA_DIR/search-index` from the database in place,
/// in one commit (a reader of the index sees the old one until the new one is complete; a run
/// killed half-way leaves the old one). `progress` is told how many documents were read before
/// indexing starts. A running server holds the index's writer lock: that is
/// [`SearchError::Locked`], and nothing is touched (the server keeps its own index in step).
pub fn reindex(
    conn: &mut DbConn,
    data_dir: &Path,
    progress: impl FnOnce(&[Document]),
) -> anyhow::Result<Reindexed> {
    let dir = index_dir(data_dir);
    let (index, recreated) = match SearchIndex::open_or_create(&dir) {
        Err(SearchError::Incompatible { .. }) => (SearchIndex::recreate(&dir)?, true),
        other => (other?, false),
    };
    let docs = all_documents(conn)?;
    progress(&docs);
    let movies = docs.iter().filter(|d| d.kind() == Kind::Movie).count() as u64;
    let people = docs.len() as u64 - movies;
    index.rebuild(docs)?;
    Ok(Reindexed {
        dir,
        movies,
        people,
        recreated,
    })
}

// ---------------------------------------------------------------------------------------------
// Sync

/// What one [`sync`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Nothing changed since the last sync.
    Unchanged,
    /// Changed movies and people were upserted.
    Updated { movies: usize, people: usize },
    /// The whole index was rebuilt (first sync, or deletions noticed).
    Rebuilt { documents: u64 },
}

/// Brings the index up to date with the database (see the module docs). The first call of a
/// process rebuilds everything and makes search ready. Serialised: concurrent calls wait.
pub async fn sync(state: &AppState) -> ApiResult<SyncOutcome> {
    let service = state.search().clone();
    let index = service.any_index()?;
    let mut last = service.marker.lock().await;
    let marker = state.db(|conn| Ok(q::catalogue_marker(conn)?)).await?;
    let outcome = match *last {
        None => rebuild(state, index).await?,
        Some(previous) if previous == marker => SyncOutcome::Unchanged,
        Some(previous) => {
            let pool = state.pool().clone();
            let upsert_index = index.clone();
            let (movies, people, consistent) = run_blocking(move || {
                let mut conn = pool.get()?;
                let movie_ids = if marker.movies_updated == previous.movies_updated
                    && marker.movies == previous.movies
                {
                    Vec::new()
                } else {
                    q::movie_ids_since(&mut conn, previous.movies_updated)?
                };
                let person_ids = if marker.people_updated == previous.people_updated
                    && marker.people == previous.people
                {
                    Vec::new()
                } else {
                    q::person_ids_since(&mut conn, previous.people_updated)?
                };
                let mut docs = movie_documents(&mut conn, &movie_ids)?;
                docs.extend(person_documents(&mut conn, &person_ids)?);
                upsert_index.upsert_many(&docs).map_err(search_error)?;
                let expected = u64::try_from(marker.movies + marker.people).unwrap_or(0);
                Ok((
                    movie_ids.len(),
                    person_ids.len(),
                    upsert_index.num_docs() == expected,
                ))
            })
            .await?;
            if consistent {
                SyncOutcome::Updated { movies, people }
            } else {
                rebuild(state, index).await?
            }
        }
    };
    *last = Some(marker);
    if !matches!(outcome, SyncOutcome::Unchanged) {
        tracing::info!(?outcome, "search index synced with the catalogue");
        index_changed(state).await;
    }
    Ok(outcome)
}

/// The cached search and suggest bodies of this process's index are stale (they are never
/// shared: each server answers from its own index).
pub async fn index_changed(state: &AppState) {
    let store = state.cache().store();
    for prefix in ["search?", "suggest?"] {
        store.invalidate_local_prefix(prefix).await;
    }
}

/// Rebuilds the whole index from the database now (`POST /admin/jobs/search/run`), serialised
/// with the sync task, and records the run in the `search` job's status.
pub async fn reindex_now(state: &AppState) -> ApiResult<()> {
    let service = state.search().clone();
    let index = service.any_index()?;
    let mut last = service.marker.lock().await;
    let started = std::time::Instant::now();
    crate::jobs::lock(&service.status).start(marquee_db::now());
    let result = async {
        // Read before the rebuild: a change committed meanwhile is picked up by the next sync.
        let marker = state.db(|conn| Ok(q::catalogue_marker(conn)?)).await?;
        let outcome = rebuild(state, index).await?;
        Ok::<_, ApiError>((marker, outcome))
    }
    .await;
    {
        let mut status = crate::jobs::lock(&service.status);
        status.finish(
            marquee_db::now(),
            started.elapsed(),
            result.as_ref().err().map(|e| e.message.clone()),
        );
        if let Ok((_, SyncOutcome::Rebuilt { documents })) = &result {
            status.counts = vec![("documents".to_owned(), *documents as usize)];
        }
    }
    let (marker, _) = result?;
    *last = Some(marker);
    drop(last);
    index_changed(state).await;
    Ok(())
}

async fn rebuild(state: &AppState, index: Arc<SearchIndex>) -> ApiResult<SyncOutcome> {
    let started = std::time::Instant::now();
    let documents = state
        .db(move |conn| {
            let docs = all_documents(conn)?;
            index.rebuild(docs).map_err(search_error)
        })
        .await?;
    state.search().ready.store(true, Ordering::Release);
    tracing::info!(
        documents,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "search index rebuilt"
    );
    Ok(SyncOutcome::Rebuilt { documents })
}

/// Re-reads one movie and upserts it (or removes it if it is gone), visible on return. For admin
/// edits, so they do not wait for the next sync.
pub async fn upsert_movie(state: &AppState, movie_id: i64) -> ApiResult<()> {
    let index = state.search().any_index()?;
    state
        .db(move |conn| {
            match movie_documents(conn, &[movie_id])?.pop() {
                Some(doc) => index.upsert(&doc),
                None => index.delete(Kind::Movie, movie_id),
            }
            .map_err(search_error)
        })
        .await?;
    index_changed(state).await;
    Ok(())
}

/// The same for one person.
pub async fn upsert_person(state: &AppState, person_id: i64) -> ApiResult<()> {
    let index = state.search().any_index()?;
    state
        .db(move |conn| {
            match person_documents(conn, &[person_id])?.pop() {
                Some(doc) => index.upsert(&doc),
                None => index.delete(Kind::Person, person_id),
            }
            .map_err(search_error)
        })
        .await?;
    index_changed(state).await;
    Ok(())
}

/// The background task: a full build at once, then a sync every [`SYNC_INTERVAL`]. Abort the
/// handle to stop it.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        if state.search().any_index().is_err() {
            return;
        }
        let mut interval = tokio::time::interval(SYNC_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(err) = sync(&state).await {
                tracing::warn!(error = %err, "search index sync failed; retrying at the next tick");
            }
        }
    })
}
