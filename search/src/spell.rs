//! "Did you mean": corrections from the catalogue's own vocabulary.
//!
//! The vocabulary is the term dictionaries of the title, original-title/alias, glued-pair and
//! credits fields, so it holds exactly the words of titles and names, with their document
//! frequencies, and stays current with every commit. A word that is not in it is replaced by the
//! closest term (Damerau–Levenshtein through tantivy's Levenshtein automaton), ties broken by
//! frequency: the most common spelling wins.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::{Searcher, Term};

use crate::analysis::{osa_distance, typo_budget};
use crate::schema::Fields;

fn vocabulary_fields(f: &Fields) -> [tantivy::schema::Field; 4] {
    [f.title, f.original_title, f.joined, f.credits]
}

/// Whether `word` is a word of some title or name.
pub(crate) fn is_known(searcher: &Searcher, f: &Fields, word: &str) -> tantivy::Result<bool> {
    for field in vocabulary_fields(f) {
        if searcher.doc_freq(&Term::from_field_text(field, word))? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Largest correction tried for a word: its typo budget, but at least one from 3 letters on
/// (a suggestion may be bolder than a match: "jawz" matches nothing, yet "jaws" is a fine hint).
fn correction_budget(word: &str) -> u8 {
    if word.chars().count() < 3 {
        0
    } else {
        typo_budget(word).max(1)
    }
}

/// Closest vocabulary word to `word`, or `None` when nothing is within its correction budget.
fn closest(searcher: &Searcher, f: &Fields, word: &str) -> tantivy::Result<Option<String>> {
    let budget = correction_budget(word);
    if budget == 0 {
        return Ok(None);
    }
    let mut frequencies: HashMap<String, u64> = HashMap::new();
    // The automaton depends on the word only, not on the field.
    let automaton =
        FuzzyTermQuery::new(Term::from_field_text(f.title, word), budget, true).automaton()?;
    for field in vocabulary_fields(f) {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *frequencies.entry(term.to_owned()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    Ok(frequencies
        .into_iter()
        .map(|(term, freq)| (osa_distance(word, &term), std::cmp::Reverse(freq), term))
        .min()
        .map(|(_, _, term)| term))
}

/// The query with every unknown word replaced by its closest known word; `None` when no word
/// could be corrected.
pub(crate) fn correct(
    searcher: &Searcher,
    f: &Fields,
    words: &[String],
) -> tantivy::Result<Option<Vec<String>>> {
    let mut corrected = Vec::with_capacity(words.len());
    let mut changed = false;
    for word in words {
        if !is_known(searcher, f, word)?
            && let Some(better) = closest(searcher, f, word)?
        {
            changed = true;
            corrected.push(better);
            continue;
        }
        corrected.push(word.clone());
    }
    Ok(changed.then_some(corrected))
}
