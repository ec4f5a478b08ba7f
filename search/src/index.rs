//! [`SearchIndex`]: the index handle the server keeps for its lifetime.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::Directory;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::ColumnValues;
use tantivy::directory::error::LockError;
use tantivy::directory::{INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::query::{Query, Weight};
use tantivy::schema::Value;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexBuilder, IndexReader, IndexSettings, IndexSortByField,
    IndexWriter, Order, ReloadPolicy, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
    TantivyDocument, TantivyError, Term,
};

use crate::analysis::{self, TOKENIZER};
use crate::document::{Document, Kind};
use crate::plan;
use crate::query::{
    DidYouMean, Hit, Matching, QueryError, SUGGEST_LIMIT, SearchRequest, SearchResults, parse_words,
};
use crate::schema::{self, Fields};
use crate::spell;

/// Failures of the index itself (not of the caller's query).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search index directory {path}: {source}")]
    Directory {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The directory holds an index with another schema (an older version of this crate):
    /// call [`SearchIndex::recreate`] and rebuild it from the database.
    #[error("the search index at {path} was written with another schema; rebuild it")]
    Incompatible { path: String },
    /// Another process (a running server) holds the index's writer lock.
    #[error("the search index at {path} is in use by another process")]
    Locked { path: String },
    #[error("search index: {0}")]
    Index(#[from] TantivyError),
    #[error("search index writer lock poisoned by an earlier panic")]
    Poisoned,
}

/// Indexing memory, split between the writer's threads. 2 threads: the machines have 2 cores.
const WRITER_THREADS: usize = 2;
const WRITER_MEMORY_BYTES: usize = 128 * 1024 * 1024;

/// Suggestions rank at most about this many matching documents, the most popular ones (see
/// [`PopularFirst`]).
const SUGGEST_SCAN: u64 = 2_000;
/// ... but at least this many in each segment, so that small segments (recent upserts) are read
/// whole.
const SUGGEST_SCAN_MIN_PER_SEGMENT: u64 = 100;

/// A full searches with fewer results than this is "few", which asks for a "did you mean".
const FEW_RESULTS: usize = 3;

/// The search index: one writer (serialised by a mutex) and a reader refreshed after each commit,
/// so a returned [`upsert`](Self::upsert) or [`delete`](Self::delete) is visible to the next query.
/// Share it behind an `Arc`; every method takes `&self`. Calls block (disk I/O, CPU): run them on
/// a blocking thread.
pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Automata and term expansions shared by every request (see [`plan::PlanCache`]).
    plan_cache: plan::PlanCache,
    analyzer: TextAnalyzer,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("num_docs", &self.num_docs())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// An index held in memory (tests, benchmarks, throwaway catalogues).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, _) = schema::build();
        Self::from_index(builder(schema).create_in_ram()?)
    }

    /// Open the index in `dir`, creating the directory and an empty index if needed. An empty
    /// index ([`num_docs`](Self::num_docs) = 0) should be rebuilt from the database.
    pub fn open_or_create(dir: &Path) -> Result<Self, SearchError> {
        let path = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Directory {
            path: path.clone(),
            source,
        })?;
        let directory = MmapDirectory::open(dir).map_err(|error| SearchError::Directory {
            path: path.clone(),
            source: std::io::Error::other(error),
        })?;
        let (schema, _) = schema::build();
        match builder(schema).open_or_create(directory) {
            // An index sorted otherwise would defeat `PopularFirst`: rebuild it like a schema change.
            Ok(index) if index.settings().sort_by_field != settings().sort_by_field => {
                Err(SearchError::Incompatible { path })
            }
            Ok(index) => match Self::from_index(index) {
                Err(SearchError::Index(TantivyError::LockFailure(LockError::LockBusy, _))) => {
                    Err(SearchError::Locked { path })
                }
                other => other,
            },
            Err(TantivyError::SchemaError(_)) => Err(SearchError::Incompatible { path }),
            Err(error) => Err(error.into()),
        }
    }

    /// Delete whatever is in `dir` and create an empty index there.
    /// [`SearchError::Locked`] (and nothing deleted) if another process has it open.
    pub fn recreate(dir: &Path) -> Result<Self, SearchError> {
        if dir.exists() {
            let path = dir.display().to_string();
            let directory = MmapDirectory::open(dir).map_err(|error| SearchError::Directory {
                path: path.clone(),
                source: std::io::Error::other(error),
            })?;
            match directory.acquire_lock(&INDEX_WRITER_LOCK) {
                Ok(lock) => drop(lock),
                Err(LockError::LockBusy) => return Err(SearchError::Locked { path }),
                Err(LockError::IoError(source)) => {
                    return Err(SearchError::Directory {
                        path,
                        source: std::io::Error::other(source.to_string()),
                    });
                }
            }
            std::fs::remove_dir_all(dir).map_err(|source| SearchError::Directory {
                path: dir.display().to_string(),
                source,
            })?;
        }
        Self::open_or_create(dir)
    }

    fn from_index(index: Index) -> Result<Self, SearchError> {
        index.tokenizers().register(TOKENIZER, analysis::analyzer());
        let fields = schema::fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BYTES)?;
        Ok(SearchIndex {
            reader,
            writer: Mutex::new(writer),
            fields,
            plan_cache: plan::PlanCache::new(),
            analyzer: analysis::analyzer(),
        })
    }

    /// Number of searchable documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    fn commit(&self, writer: &mut IndexWriter) -> Result<(), SearchError> {
        writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replace the whole index with `documents`, in one commit: searches see the old index
    /// until the new one is complete. Returns the number of documents indexed.
    pub fn rebuild<I>(&self, documents: I) -> Result<u64, SearchError>
    where
        I: IntoIterator<Item = Document>,
    {
        let mut writer = self.writer()?;
        let mut analyzer = self.analyzer.clone();
        let result = (|| {
            writer.delete_all_documents()?;
            let mut count = 0u64;
            for document in documents {
                writer.add_document(schema::to_tantivy(&self.fields, &mut analyzer, &document))?;
                count += 1;
            }
            Ok(count)
        })();
        match result {
            Ok(count) => {
                self.commit(&mut writer)?;
                Ok(count)
            }
            Err(error) => {
                writer.rollback()?;
                Err(SearchError::Index(error))
            }
        }
    }

    /// Add or replace documents (matched by kind and id) and commit: visible on return.
    pub fn upsert_many<'a, I>(&self, documents: I) -> Result<(), SearchError>
    where
        I: IntoIterator<Item = &'a Document>,
    {
        let mut writer = self.writer()?;
        let mut analyzer = self.analyzer.clone();
        for document in documents {
            writer.delete_term(self.key_term(document.kind(), document.id()));
            writer.add_document(schema::to_tantivy(&self.fields, &mut analyzer, document))?;
        }
        self.commit(&mut writer)
    }

    /// Add or replace one document and commit: visible on return (a few ms).
    pub fn upsert(&self, document: &Document) -> Result<(), SearchError> {
        self.upsert_many(std::iter::once(document))
    }

    /// Remove one document (no error if absent) and commit.
    pub fn delete(&self, kind: Kind, id: i64) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        writer.delete_term(self.key_term(kind, id));
        self.commit(&mut writer)
    }

    fn key_term(&self, kind: Kind, id: i64) -> Term {
        Term::from_field_text(self.fields.key, &kind.key(id))
    }

    /// Ranked, filtered, paginated search with typo tolerance and "did you mean".
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let mut analyzer = self.analyzer.clone();
        let words = parse_words(&mut analyzer, &request.query)?;
        request.validate_paging()?;
        let searcher = self.reader.searcher();
        let filters = || plan::filters(&self.fields, &mut analyzer.clone(), &request.filters);
        let offset = ((request.page - 1) * request.per_page) as usize;
        let limit = request.per_page as usize;

        let mut automata = plan::Automata::new(&self.fields, &self.plan_cache, &searcher);
        let mut matching = Matching::AllWords;
        let query = plan::all_words(&self.fields, &mut automata, &words)?;
        let query = plan::filtered(query, filters());
        let (mut top, mut total) = self.top(&searcher, &*query, offset, limit)?;
        if total == 0 {
            matching = Matching::AnyWord;
            let query = plan::any_word(&self.fields, &mut automata, &words)?;
            let query = plan::filtered(query, filters());
            (top, total) = self.top(&searcher, &*query, offset, limit)?;
        }
        let did_you_mean = if matching == Matching::AnyWord
            || total < FEW_RESULTS
            || self.has_unknown_word(&searcher, &words)?
        {
            self.did_you_mean(&searcher, &mut automata, &words, filters())?
        } else {
            None
        };
        Ok(SearchResults {
            hits: self.hits(&searcher, top)?,
            total,
            page: request.page,
            per_page: request.per_page,
            matching,
            did_you_mean,
        })
    }

    /// Up to [`SUGGEST_LIMIT`] movies and people for a search box, best first: the last word is
    /// a prefix (unless the query ends with a space), typo-tolerant from 5 letters on.
    pub fn suggest(&self, query: &str) -> Result<Vec<Hit>, SearchError> {
        let mut analyzer = self.analyzer.clone();
        let words = parse_words(&mut analyzer, query)?;
        let last_is_prefix = !query.ends_with(char::is_whitespace);
        let searcher = self.reader.searcher();
        let mut automata = plan::Automata::new(&self.fields, &self.plan_cache, &searcher);
        let plan = plan::suggest(
            &self.fields,
            &mut automata,
            &searcher,
            &words,
            last_is_prefix,
        )?;
        let collector = PopularFirst {
            limit: SUGGEST_LIMIT,
            scan: SUGGEST_SCAN,
            total_docs: searcher.num_docs(),
        };
        let top = searcher.search(&*plan, &collector)?;
        self.hits(&searcher, top)
    }

    fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<(Score, DocAddress)>, usize), SearchError> {
        Ok(searcher.search(query, &(ranked(limit, offset), Count))?)
    }

    fn has_unknown_word(&self, searcher: &Searcher, words: &[String]) -> Result<bool, SearchError> {
        for word in words {
            if !spell::is_known(searcher, &self.fields, word)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn did_you_mean(
        &self,
        searcher: &Searcher,
        automata: &mut plan::Automata<'_>,
        words: &[String],
        filters: Vec<Box<dyn Query>>,
    ) -> Result<Option<DidYouMean>, SearchError> {
        let Some(corrected) = spell::correct(searcher, &self.fields, words)? else {
            return Ok(None);
        };
        let query = plan::all_words(&self.fields, automata, &corrected)?;
        let query = plan::filtered(query, filters);
        let total = searcher.search(&*query, &Count)?;
        Ok((total > 0).then(|| DidYouMean {
            query: corrected.join(" "),
            total,
        }))
    }

    fn hits(
        &self,
        searcher: &Searcher,
        top: Vec<(Score, DocAddress)>,
    ) -> Result<Vec<Hit>, SearchError> {
        let f = &self.fields;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let kind = doc.get_first(f.kind).and_then(|v| v.as_u64());
            let id = doc.get_first(f.id).and_then(|v| v.as_i64());
            let (Some(kind), Some(id)) = (kind.and_then(Kind::from_code), id) else {
                return Err(TantivyError::InternalError(format!(
                    "document {address:?} lacks its kind or id"
                ))
                .into());
            };
            hits.push(Hit {
                kind,
                id,
                title: doc
                    .get_first(f.title)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                year: doc
                    .get_first(f.year)
                    .and_then(|v| v.as_i64())
                    .and_then(|year| i32::try_from(year).ok()),
                score,
            });
        }
        Ok(hits)
    }
}

/// Documents are stored most popular first (in every segment, and merges keep the order), so
/// reading a posting list from its start visits the most popular matches first.
fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: "boost".to_owned(),
            order: Order::Desc,
        }),
        ..IndexSettings::default()
    }
}

fn builder(schema: tantivy::schema::Schema) -> IndexBuilder {
    Index::builder().schema(schema).settings(settings())
}

/// Top `limit` documents by text score × popularity boost among the first matches of each
/// segment in document order, which is popularity order ([`settings`]): a segment stops after
/// its share of `scan` (in proportion to its size, at least [`SUGGEST_SCAN_MIN_PER_SEGMENT`]).
///
/// A query matching fewer than `scan` documents is ranked exactly. One that matches more (a
/// one-letter prefix matches a quarter of a large catalogue) is ranked among its `scan` most
/// popular matches, which is where its top 10 almost always is: the boost breaks ties between
/// comparable text matches, and for a short prefix most matches are comparable. Its cost is
/// then bounded by `scan`, not by the catalogue size. Because it only reads the index, it is
/// always in step with upserts and deletes (deleted documents are skipped, not counted).
struct PopularFirst {
    limit: usize,
    scan: u64,
    total_docs: u64,
}

struct PopularFirstSegment {
    segment: SegmentOrdinal,
    limit: usize,
    boosts: Option<Arc<dyn ColumnValues<f64>>>,
    top: Vec<(Score, DocAddress)>,
}

impl PopularFirstSegment {
    fn keep_best(&mut self) {
        self.top
            .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        self.top.truncate(self.limit);
    }
}

impl SegmentCollector for PopularFirstSegment {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let boost = self.boosts.as_ref().map_or(1.0, |b| b.get_val(doc));
        self.top
            .push((score * boost as Score, DocAddress::new(self.segment, doc)));
        if self.top.len() >= self.limit * 8 {
            self.keep_best();
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.keep_best();
        self.top
    }
}

impl Collector for PopularFirst {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = PopularFirstSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PopularFirstSegment> {
        let boosts = reader
            .fast_fields()
            .f64("boost")
            .ok()
            .map(|column| column.first_or_default_col(1.0));
        Ok(PopularFirstSegment {
            segment,
            limit: self.limit,
            boosts,
            top: Vec::with_capacity(self.limit * 8),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(Score, DocAddress)>>,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut all: Vec<(Score, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.truncate(self.limit);
        Ok(all)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let share = self.scan * u64::from(reader.num_docs()) / self.total_docs.max(1);
        let mut budget = share.max(SUGGEST_SCAN_MIN_PER_SEGMENT);
        let mut collector = self.for_segment(segment, reader)?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED && budget > 0 {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                collector.collect(doc, scorer.score());
                budget -= 1;
            }
            doc = scorer.advance();
        }
        Ok(collector.harvest())
    }
}

/// Top documents by text score × popularity boost (the precomputed `boost` fast field).
fn ranked(
    limit: usize,
    offset: usize,
) -> impl tantivy::collector::Collector<Fruit = Vec<(Score, DocAddress)>> {
    TopDocs::with_limit(limit)
        .and_offset(offset)
        .tweak_score(|segment: &SegmentReader| {
            let boosts = segment
                .fast_fields()
                .f64("boost")
                .ok()
                .map(|column| column.first_or_default_col(1.0));
            move |doc: tantivy::DocId, score: Score| match &boosts {
                Some(boosts) => score * boosts.get_val(doc) as Score,
                None => score,
            }
        })
}
