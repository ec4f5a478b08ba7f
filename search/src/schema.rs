//! The tantivy schema and the mapping from [`Document`] to index documents.
//!
//! Movies and people share one schema so that one query ranks both: a person's name goes in
//! `title`, their aliases in `original_title` and the titles they are known for in `credits`.

use std::collections::BTreeSet;

use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{self, TOKENIZER};
#[cfg(doc)]
use crate::analysis::{KEY_GRAM_MAX, WORD_GRAM_MAX};
use crate::document::{Document, MovieDoc, PersonDoc};
use crate::popularity_boost;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Unique key (`m42`, `p7`), to replace or delete one document.
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    /// Movie title or person name: the strongest text field.
    pub title: Field,
    /// Original title(s) or aliases.
    pub original_title: Field,
    /// Adjacent words of titles and names glued together ("spider man" → "spiderman").
    pub joined: Field,
    /// All words of a title or name glued together: the exact-title bonus.
    pub title_key: Field,
    /// Every prefix of up to [`WORD_GRAM_MAX`] letters of each title/name word and original
    /// title/alias word (and of glued pairs, past their first word): a prefix is one posting
    /// list instead of an automaton over every term it starts, so suggestions for "t" or "hol"
    /// read postings lazily, most popular first, and stop early.
    pub word_prefix: Field,
    /// Prefixes of up to [`KEY_GRAM_MAX`] letters of the title keys ("thegodfather" → t, th,
    /// the, theg): "the title starts with" for short queries.
    pub key_prefix: Field,
    /// Cast and directors of a movie; known-for titles of a person.
    pub credits: Field,
    pub keywords: Field,
    pub overview: Field,
    pub genre: Field,
    pub language: Field,
    pub country: Field,
    pub year: Field,
    /// `popularity_boost(popularity)`, precomputed so ranking reads one fast value per hit.
    pub boost: Field,
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |positions: bool| {
        let option = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(option),
        )
    };
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_u64_field("kind", INDEXED | FAST | STORED),
        id: builder.add_i64_field("id", FAST | STORED),
        title: builder.add_text_field("title", text(true) | STORED),
        original_title: builder.add_text_field("original_title", text(true)),
        joined: builder.add_text_field("joined", text(false)),
        title_key: builder.add_text_field("title_key", STRING),
        word_prefix: builder.add_text_field("word_prefix", STRING),
        key_prefix: builder.add_text_field("key_prefix", STRING),
        credits: builder.add_text_field("credits", text(false)),
        keywords: builder.add_text_field("keywords", text(false)),
        overview: builder.add_text_field("overview", text(false)),
        genre: builder.add_text_field("genre", STRING),
        language: builder.add_text_field("language", STRING),
        country: builder.add_text_field("country", STRING),
        year: builder.add_i64_field("year", INDEXED | FAST | STORED),
        boost: builder.add_f64_field("boost", FAST),
    };
    (builder.build(), fields)
}

pub(crate) fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    Ok(Fields {
        key: schema.get_field("key")?,
        kind: schema.get_field("kind")?,
        id: schema.get_field("id")?,
        title: schema.get_field("title")?,
        original_title: schema.get_field("original_title")?,
        joined: schema.get_field("joined")?,
        title_key: schema.get_field("title_key")?,
        word_prefix: schema.get_field("word_prefix")?,
        key_prefix: schema.get_field("key_prefix")?,
        credits: schema.get_field("credits")?,
        keywords: schema.get_field("keywords")?,
        overview: schema.get_field("overview")?,
        genre: schema.get_field("genre")?,
        language: schema.get_field("language")?,
        country: schema.get_field("country")?,
        year: schema.get_field("year")?,
        boost: schema.get_field("boost")?,
    })
}

/// Normalised value of a filter facet (genre, language, country): same folding as text, words
/// joined by one space, so "Sci-Fi", "sci fi" and "SCI–FI" are one genre.
pub(crate) fn facet_value(analyzer: &mut TextAnalyzer, value: &str) -> String {
    analysis::words(analyzer, value).join(" ")
}

pub(crate) fn to_tantivy(
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    document: &Document,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.key, document.kind().key(document.id()));
    doc.add_u64(fields.kind, document.kind().code());
    doc.add_i64(fields.id, document.id());
    match document {
        Document::Movie(movie) => add_movie(fields, analyzer, &mut doc, movie),
        Document::Person(person) => add_person(fields, analyzer, &mut doc, person),
    }
    doc
}

fn add_names<'a>(
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    doc: &mut TantivyDocument,
    names: impl Iterator<Item = &'a str>,
) {
    let mut word_prefixes = BTreeSet::new();
    let mut key_prefixes = BTreeSet::new();
    for name in names {
        let words = analysis::words(analyzer, name);
        for pair in analysis::joined_pairs(&words) {
            doc.add_text(fields.joined, pair);
        }
        for word in &words {
            word_prefixes
                .extend(analysis::short_prefixes(word, analysis::WORD_GRAM_MAX).map(str::to_owned));
        }
        // A glued pair's prefixes that run past its first word ("spiderm" for "Spider-Man").
        for pair in words.windows(2) {
            let glued = pair.concat();
            let first = pair[0].chars().count();
            word_prefixes.extend(
                analysis::short_prefixes(&glued, analysis::WORD_GRAM_MAX)
                    .skip(first)
                    .map(str::to_owned),
            );
        }
        for key in analysis::title_keys(&words) {
            key_prefixes
                .extend(analysis::short_prefixes(&key, analysis::KEY_GRAM_MAX).map(str::to_owned));
            doc.add_text(fields.title_key, key);
        }
    }
    for prefix in word_prefixes {
        doc.add_text(fields.word_prefix, prefix);
    }
    for prefix in key_prefixes {
        doc.add_text(fields.key_prefix, prefix);
    }
}

fn add_movie(
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    doc: &mut TantivyDocument,
    movie: &MovieDoc,
) {
    doc.add_text(fields.title, &movie.title);
    if let Some(original) = movie.original_title.as_deref() {
        doc.add_text(fields.original_title, original);
    }
    add_names(
        fields,
        analyzer,
        doc,
        std::iter::once(movie.title.as_str()).chain(movie.original_title.as_deref()),
    );
    for name in movie.cast.iter().chain(&movie.directors) {
        doc.add_text(fields.credits, name);
    }
    for keyword in &movie.keywords {
        doc.add_text(fields.keywords, keyword);
    }
    doc.add_text(fields.overview, &movie.overview);
    for genre in &movie.genres {
        doc.add_text(fields.genre, facet_value(analyzer, genre));
    }
    if let Some(language) = movie.language.as_deref() {
        doc.add_text(fields.language, facet_value(analyzer, language));
    }
    for country in &movie.countries {
        doc.add_text(fields.country, facet_value(analyzer, country));
    }
    if let Some(year) = movie.year {
        doc.add_i64(fields.year, i64::from(year));
    }
    doc.add_f64(fields.boost, popularity_boost(movie.popularity));
}

fn add_person(
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    doc: &mut TantivyDocument,
    person: &PersonDoc,
) {
    doc.add_text(fields.title, &person.name);
    for alias in &person.aliases {
        doc.add_text(fields.original_title, alias);
    }
    add_names(
        fields,
        analyzer,
        doc,
        std::iter::once(person.name.as_str()).chain(person.aliases.iter().map(String::as_str)),
    );
    for title in &person.known_for {
        doc.add_text(fields.credits, title);
    }
    doc.add_f64(fields.boost, popularity_boost(person.popularity));
}
