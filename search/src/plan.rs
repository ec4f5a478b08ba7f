//! Turning normalised query words into tantivy queries.
//!
//! Text relevance is a sum of clauses, each a field match with a weight:
//!
//! | clause | score |
//! | --- | --- |
//! | exact word in title / name | BM25 × 4 |
//! | exact word in original title / aliases, or in a glued pair ("spiderman") | BM25 × 3 |
//! | exact word in cast, directors (movies) or known-for titles (people) | BM25 × 1.5 |
//! | exact word in keywords | BM25 × 1 |
//! | exact word in overview | BM25 × 0.4 |
//! | word within 1 typo (title, original, pair, credits) | 1 / 0.8 / 0.8 / 0.4, constant |
//! | word within 2 typos (9+ letters), added on top of the 1-typo clause | same constants |
//! | last word as a prefix (3+ letters) | 0.8 / 0.6 / 0.6 / 0.3, constant |
//! | suggestions: last word as a prefix of a title / original title / glued pair | 1.5 / 1 / 1 (up to 6 letters: 1.5 for any of them) |
//! | suggestions: last word within its typo budget of such a prefix | 0.7 |
//! | all words glued equal a whole title or name ("godfather" = "The Godfather") | BM25 × 3 |
//! | the words as a phrase in the title | BM25 × 2 |
//! | all words glued within their typo budget of a whole title ("carrae" ~ "Carrie") | 1.5 |
//! | suggestions: the title starts with what was typed (glued, ≤ 1 typo) | 1 |
//!
//! BM25 of a real word is several points (idf × field boost), while a typo match is a constant
//! ≤ 2, so exact matches rank above fuzzy ones, title matches above overview ones, and whole-title
//! and phrase matches above scattered words. Popularity then multiplies the sum (see
//! [`crate::popularity_boost`]).

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    AutomatonWeight, BooleanQuery, BoostQuery, ConstScoreQuery, DfaWrapper, EmptyQuery,
    EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::analysis::{is_gram_key, is_gram_word, typo_budget};
use crate::query::Filters;
use crate::schema::{Fields, facet_value};

/// The last word counts as a prefix only from this length on in full searches (shorter prefixes
/// match too much to be useful there; suggestions accept any length).
const SEARCH_PREFIX_MIN: usize = 3;

/// Automaton clauses of a suggestion accepting more terms than this are not expanded into a lazy
/// union (see [`Automata::expanded`]): opening that many posting lists costs more than it saves.
const EXPAND_TERMS_MAX: usize = 1024;

/// The "title starts with" bonus of a suggestion is skipped when more titles than this start
/// with the typed key: each is a posting list to open, and among so many the words and
/// popularity rank well enough.
const KEY_TERMS_MAX: usize = 256;

/// Whole-query keys longer than this (in bytes) get no typo-tolerant whole-title clause: the
/// automaton of a long string is costly to build, and long queries have enough words to rank on.
const FUZZY_KEY_MAX: usize = 16;

type Clause = Box<dyn Query>;

/// A Levenshtein automaton matched against one field. Building a distance-2 automaton costs far
/// more than running it, so each (word, distance, prefix) automaton is built once per request
/// ([`Automata`]) and shared by every field and clause that needs it.
#[derive(Clone)]
struct SharedAutomatonQuery {
    field: Field,
    automaton: Arc<DfaWrapper>,
}

impl std::fmt::Debug for SharedAutomatonQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedAutomatonQuery")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl Query for SharedAutomatonQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<DfaWrapper>::new(
            self.field,
            Arc::clone(&self.automaton),
        )))
    }
}

/// Levenshtein automata and the terms they expand to, kept across requests: typing a query
/// repeats its earlier words at every keystroke, and popular words repeat across users, while
/// building a distance-2 automaton or walking a term dictionary with it costs milliseconds.
/// Expansions are keyed by the searcher generation, so a reload (new documents) starts afresh.
pub(crate) struct PlanCache {
    automata: moka::sync::Cache<(String, u8, bool), Arc<DfaWrapper>>,
    expansions: moka::sync::Cache<ExpansionKey, Arc<Option<Vec<String>>>>,
}

/// (searcher generation, field, word, distance, prefix, term cap)
type ExpansionKey = (u64, Field, String, u8, bool, usize);

impl PlanCache {
    /// Automata of a few hundred KiB each at most; expansions up to [`EXPAND_TERMS_MAX`] terms.
    pub(crate) fn new() -> Self {
        PlanCache {
            automata: moka::sync::Cache::new(4_096),
            expansions: moka::sync::Cache::new(16_384),
        }
    }
}

/// The automata of one request: from the shared [`PlanCache`], built on first use.
pub(crate) struct Automata<'c> {
    any_text_field: Field,
    cache: &'c PlanCache,
    generation: u64,
}

impl<'c> Automata<'c> {
    pub(crate) fn new(f: &Fields, cache: &'c PlanCache, searcher: &Searcher) -> Self {
        Automata {
            any_text_field: f.title,
            cache,
            generation: searcher.generation().generation_id(),
        }
    }

    fn get(&mut self, word: &str, distance: u8, prefix: bool) -> tantivy::Result<Arc<DfaWrapper>> {
        let key = (word.to_owned(), distance, prefix);
        if let Some(automaton) = self.cache.automata.get(&key) {
            return Ok(automaton);
        }
        let term = Term::from_field_text(self.any_text_field, word);
        let query = if prefix {
            FuzzyTermQuery::new_prefix(term, distance, true)
        } else {
            FuzzyTermQuery::new(term, distance, true)
        };
        let automaton = Arc::new(query.automaton()?);
        self.cache.automata.insert(key, Arc::clone(&automaton));
        Ok(automaton)
    }

    fn clause(
        &mut self,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        score: f32,
    ) -> tantivy::Result<Clause> {
        let query = SharedAutomatonQuery {
            field,
            automaton: self.get(word, distance, prefix)?,
        };
        Ok(Box::new(BoostQuery::new(Box::new(query), score)))
    }

    fn fuzzy(
        &mut self,
        field: Field,
        word: &str,
        distance: u8,
        score: f32,
    ) -> tantivy::Result<Clause> {
        self.clause(field, word, distance, false, score)
    }

    /// The automaton's clause as a lazy union of the terms it accepts in `field` (one posting
    /// list each, read only as far as the collector goes), or `None` when it accepts more than
    /// [`EXPAND_TERMS_MAX`] terms.
    fn expanded(
        &mut self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        score: f32,
    ) -> tantivy::Result<Option<Clause>> {
        self.expanded_up_to(
            searcher,
            field,
            word,
            distance,
            prefix,
            score,
            EXPAND_TERMS_MAX,
        )
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the automaton's key, its field and a cap"
    )]
    fn expanded_up_to(
        &mut self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        score: f32,
        max_terms: usize,
    ) -> tantivy::Result<Option<Clause>> {
        let terms = self.expansion(searcher, field, word, distance, prefix, max_terms)?;
        let Some(terms) = terms.as_ref() else {
            return Ok(None);
        };
        let clauses: Vec<Clause> = terms
            .iter()
            .map(|text| {
                let term = Term::from_field_text(field, text);
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Clause
            })
            .collect();
        if clauses.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        Ok(Some(Box::new(ConstScoreQuery::new(any(clauses), score))))
    }

    /// The terms of `field` the automaton accepts, in order, or `None` past `max_terms`.
    fn expand(
        &mut self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        max_terms: usize,
    ) -> tantivy::Result<Option<Vec<String>>> {
        let automaton = self.get(word, distance, prefix)?;
        let mut terms = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().search(&*automaton).into_stream()?;
            while stream.advance() {
                if terms.len() >= max_terms {
                    return Ok(None);
                }
                if let Ok(text) = std::str::from_utf8(stream.key()) {
                    terms.insert(text.to_owned());
                }
            }
        }
        Ok(Some(terms.into_iter().collect()))
    }

    /// Whether a word within `distance` of `word` (itself included; or starting so, with
    /// `prefix`) is a term of `field`.
    fn expands_to_some(
        &mut self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
    ) -> tantivy::Result<bool> {
        let terms = self.expansion(searcher, field, word, distance, prefix, EXPAND_TERMS_MAX)?;
        // `None`: more terms than the cap.
        Ok(terms
            .as_ref()
            .as_ref()
            .is_none_or(|terms| !terms.is_empty()))
    }

    /// The terms the automaton accepts in `field` (see [`Automata::expand`]), from the shared
    /// cache when this searcher generation already expanded them.
    fn expansion(
        &mut self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        max_terms: usize,
    ) -> tantivy::Result<Arc<Option<Vec<String>>>> {
        let key = (
            self.generation,
            field,
            word.to_owned(),
            distance,
            prefix,
            max_terms,
        );
        if let Some(terms) = self.cache.expansions.get(&key) {
            return Ok(terms);
        }
        let terms = Arc::new(self.expand(searcher, field, word, distance, prefix, max_terms)?);
        self.cache.expansions.insert(key, Arc::clone(&terms));
        Ok(terms)
    }

    /// A clause that must stay exact: lazy when the automaton accepts few terms, else the
    /// automaton itself (every matching document collected up front).
    fn lazy(
        &mut self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        score: f32,
    ) -> tantivy::Result<Clause> {
        match self.expanded(searcher, field, word, distance, prefix, score)? {
            Some(clause) => Ok(clause),
            None => self.clause(field, word, distance, prefix, score),
        }
    }

    fn prefix(
        &mut self,
        field: Field,
        word: &str,
        distance: u8,
        score: f32,
    ) -> tantivy::Result<Clause> {
        self.clause(field, word, distance, true, score)
    }
}

fn exact(field: Field, word: &str, boost: f32) -> Clause {
    let term = TermQuery::new(
        Term::from_field_text(field, word),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(term), boost))
}

/// A constant `score` for every document holding `value` in `field` (a raw, untokenized term).
fn constant(field: Field, value: &str, score: f32) -> Clause {
    let term = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    );
    Box::new(ConstScoreQuery::new(Box::new(term), score))
}

fn any(clauses: Vec<Clause>) -> Clause {
    Box::new(BooleanQuery::union(clauses))
}

fn all(clauses: Vec<Clause>) -> Clause {
    Box::new(BooleanQuery::intersection(clauses))
}

/// Every way one query word may match a document in a full search.
fn search_word(
    f: &Fields,
    a: &mut Automata,
    word: &str,
    is_last: bool,
) -> tantivy::Result<Vec<Clause>> {
    let mut clauses = vec![
        exact(f.title, word, 4.0),
        exact(f.original_title, word, 3.0),
        exact(f.joined, word, 3.0),
        exact(f.credits, word, 1.5),
        exact(f.keywords, word, 1.0),
        exact(f.overview, word, 0.4),
    ];
    let budget = typo_budget(word);
    for distance in 1..=budget {
        clauses.push(a.fuzzy(f.title, word, distance, 1.0)?);
        clauses.push(a.fuzzy(f.original_title, word, distance, 0.8)?);
        clauses.push(a.fuzzy(f.joined, word, distance, 0.8)?);
        clauses.push(a.fuzzy(f.credits, word, distance, 0.4)?);
    }
    if is_last && word.chars().count() >= SEARCH_PREFIX_MIN {
        clauses.push(a.prefix(f.title, word, 0, 0.8)?);
        clauses.push(a.prefix(f.original_title, word, 0, 0.6)?);
        clauses.push(a.prefix(f.joined, word, 0, 0.6)?);
        clauses.push(a.prefix(f.credits, word, 0, 0.3)?);
        if budget > 0 {
            clauses.push(a.prefix(f.title, word, budget, 0.5)?);
            clauses.push(a.prefix(f.credits, word, budget, 0.2)?);
        }
    }
    Ok(clauses)
}

/// Two adjacent query words glued ("spider man" → "spiderman") matching a title word.
fn glued_pair(f: &Fields, a: &mut Automata, glued: &str) -> tantivy::Result<Vec<Clause>> {
    let mut clauses = vec![
        exact(f.title, glued, 4.0),
        exact(f.original_title, glued, 3.0),
        exact(f.credits, glued, 1.5),
    ];
    // One typo at most: glued words are long, and a distance-2 automaton of a long word is
    // costly to build.
    if typo_budget(glued) > 0 {
        clauses.push(a.fuzzy(f.title, glued, 1, 1.0)?);
    }
    Ok(clauses)
}

/// Bonuses for documents that match the query as a whole: whole-title equality and phrase.
fn whole_query_bonuses(
    f: &Fields,
    a: &mut Automata,
    words: &[String],
) -> tantivy::Result<Vec<Clause>> {
    let mut clauses = vec![exact_key(f, words)];
    let key = words.concat();
    let budget = typo_budget(&key);
    if budget > 0 && key.len() <= FUZZY_KEY_MAX {
        // The whole query within its typo budget of a whole title or name ("carrae" ~ "Carrie").
        clauses.push(a.fuzzy(f.title_key, &key, budget, 1.5)?);
    }
    if words.len() > 1 {
        let terms = words
            .iter()
            .map(|word| Term::from_field_text(f.title, word))
            .collect();
        clauses.push(Box::new(BoostQuery::new(
            Box::new(PhraseQuery::new(terms)),
            2.0,
        )));
    }
    Ok(clauses)
}

fn exact_key(f: &Fields, words: &[String]) -> Clause {
    let term = TermQuery::new(
        Term::from_field_text(f.title_key, &words.concat()),
        IndexRecordOption::Basic,
    );
    Box::new(BoostQuery::new(Box::new(term), 3.0))
}

/// For each query word, every way it may match: itself, or glued to its left or right
/// neighbour ("spider man" finds a title spelled "Spiderman": both positions are satisfied by
/// the glued pair).
fn positions(f: &Fields, a: &mut Automata, words: &[String]) -> tantivy::Result<Vec<Clause>> {
    let last = words.len() - 1;
    let mut glued = Vec::with_capacity(last);
    for pair in words.windows(2) {
        glued.push(any(glued_pair(f, a, &pair.concat())?));
    }
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let mut clauses = search_word(f, a, word, i == last)?;
        if i > 0 {
            clauses.push(glued[i - 1].box_clone());
        }
        if i < last {
            clauses.push(glued[i].box_clone());
        }
        out.push(any(clauses));
    }
    Ok(out)
}

/// Every word must match (as itself or glued to a neighbour), plus whole-query bonuses.
pub(crate) fn all_words(f: &Fields, a: &mut Automata, words: &[String]) -> tantivy::Result<Clause> {
    let mut clauses = vec![(Occur::Must, all(positions(f, a, words)?))];
    for bonus in whole_query_bonuses(f, a, words)? {
        clauses.push((Occur::Should, bonus));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// Fallback when no document matches every word: any word may match; more matching words and
/// better matches still score higher.
pub(crate) fn any_word(f: &Fields, a: &mut Automata, words: &[String]) -> tantivy::Result<Clause> {
    let mut clauses = positions(f, a, words)?;
    clauses.extend(whole_query_bonuses(f, a, words)?);
    Ok(any(clauses))
}

/// Autocomplete: earlier words match whole (within their typo budget), the last one as a prefix
/// (typo-tolerant from 5 letters on). Only titles, names and their glued forms are searched:
/// suggestions are about what things are called, and fewer fields keep this fast. A last word
/// of up to six letters is looked up in the prefix terms (`word_prefix`, `key_prefix`), not
/// through an automaton over every word it starts: the clauses stay lazy posting lists, so the
/// collector can stop after the most popular matches (see `index::PopularFirst`).
pub(crate) fn suggest(
    f: &Fields,
    a: &mut Automata,
    searcher: &Searcher,
    words: &[String],
    last_is_prefix: bool,
) -> tantivy::Result<Clause> {
    let last = words.len() - 1;
    let mut groups = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let budget = typo_budget(word);
        let mut clauses = Vec::new();
        if i == last && last_is_prefix {
            clauses.push(exact(f.title, word, 4.0));
            if word.chars().count() >= SEARCH_PREFIX_MIN {
                clauses.push(exact(f.original_title, word, 3.0));
            }
            if is_gram_word(word) {
                // The prefix is a term of `word_prefix` (title, original-title and glued-pair
                // prefixes); with a typo, so are the prefixes within one edit of it. Few terms,
                // each a posting list read lazily, most popular documents first.
                clauses.push(constant(f.word_prefix, word, 1.5));
                if budget > 0 {
                    clauses.push(a.lazy(searcher, f.word_prefix, word, budget, false, 0.7)?);
                }
            } else {
                clauses.push(a.lazy(searcher, f.title, word, 0, true, 1.5)?);
                clauses.push(a.lazy(searcher, f.original_title, word, 0, true, 1.0)?);
                // Glued pairs ("spiderm" → "spiderman") are many distinct terms: skipped
                // when the prefix is so common that the words match plenty anyway.
                clauses.extend(a.expanded(searcher, f.joined, word, 0, true, 1.0)?);
                // As for earlier words: two typos only when one finds no title word prefix.
                let budget =
                    if budget == 2 && a.expands_to_some(searcher, f.title, word, 1, true)? {
                        1
                    } else {
                        budget
                    };
                clauses.push(a.lazy(searcher, f.title, word, budget, true, 0.7)?);
            }
        } else {
            clauses.push(exact(f.title, word, 4.0));
            clauses.push(exact(f.original_title, word, 3.0));
            clauses.push(exact(f.joined, word, 3.0));
            // Two typos only when one finds no title word: a two-typo expansion of a long word
            // over a large title vocabulary is the slowest part of a suggestion, and when a
            // one-typo reading exists it is the likelier one.
            for distance in 1..=budget {
                if distance == 2 && a.expands_to_some(searcher, f.title, word, 1, false)? {
                    break;
                }
                clauses.push(a.lazy(searcher, f.title, word, distance, false, 1.0)?);
            }
            if budget > 0 {
                // One typo at most in glued pairs: they are millions of terms in a large
                // catalogue, and a two-typo automaton walks far into them.
                clauses.push(a.lazy(searcher, f.joined, word, 1, false, 0.8)?);
            }
        }
        groups.push(any(clauses));
    }
    let mut clauses = vec![(Occur::Must, all(groups))];
    if words.len() > 1 || !last_is_prefix {
        clauses.push((Occur::Should, exact_key(f, words)));
    }
    if last_is_prefix {
        // Titles that start with what was typed come first ("treasure" → "Treasure Island"
        // before "National Treasure"). Skipped when thousands of titles start that way.
        let key = words.concat();
        if is_gram_key(&key) {
            clauses.push((Occur::Should, constant(f.key_prefix, &key, 1.0)));
        } else {
            let budget = if key.len() <= FUZZY_KEY_MAX {
                typo_budget(&key).min(1)
            } else {
                0
            };
            let bonus = a.expanded_up_to(
                searcher,
                f.title_key,
                &key,
                budget,
                true,
                1.0,
                KEY_TERMS_MAX,
            )?;
            if let Some(bonus) = bonus {
                clauses.push((Occur::Should, bonus));
            }
        }
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// Filter clauses; they restrict but add nothing to the score.
pub(crate) fn filters(f: &Fields, analyzer: &mut TextAnalyzer, filters: &Filters) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    let mut push = |query: Clause| out.push(Box::new(ConstScoreQuery::new(query, 0.0)));
    if let Some(kind) = filters.kind {
        push(Box::new(TermQuery::new(
            Term::from_field_u64(f.kind, kind.code()),
            IndexRecordOption::Basic,
        )));
    }
    for (field, value) in [
        (f.genre, &filters.genre),
        (f.language, &filters.language),
        (f.country, &filters.country),
    ] {
        if let Some(value) = value {
            push(Box::new(TermQuery::new(
                Term::from_field_text(field, &facet_value(analyzer, value)),
                IndexRecordOption::Basic,
            )));
        }
    }
    if filters.year_from.is_some() || filters.year_to.is_some() {
        let bound = |year: Option<i32>| match year {
            Some(year) => Bound::Included(Term::from_field_i64(f.year, i64::from(year))),
            None => Bound::Unbounded,
        };
        push(Box::new(RangeQuery::new(
            bound(filters.year_from),
            bound(filters.year_to),
        )));
    }
    out
}

/// `text` restricted by `filters`.
pub(crate) fn filtered(text: Clause, filters: Vec<Clause>) -> Clause {
    if filters.is_empty() {
        return text;
    }
    let mut clauses = vec![(Occur::Must, text)];
    clauses.extend(filters.into_iter().map(|filter| (Occur::Must, filter)));
    Box::new(BooleanQuery::new(clauses))
}
