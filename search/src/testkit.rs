//! Catalogues and query generators for tests and benchmarks (feature `testkit`).
//!
//! Everything here is deterministic: the same seed gives the same catalogue and the same queries
//! on every machine (a self-contained SplitMix64, no dependency on a crate's stream stability).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::analysis;
use crate::document::{Document, Kind, MovieDoc, PersonDoc};
use crate::query::Hit;

/// SplitMix64: tiny, fast, and its output is fixed by its definition.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The shared data directory: `$MARQUEE_DATA_DIR_SHARED`, else `../shared/data` beside the repo.
pub fn shared_data_dir() -> PathBuf {
    match std::env::var_os("MARQUEE_DATA_DIR_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"),
    }
}

fn csv_error(path: &Path, error: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("{}: {error}", path.display()))
}

/// "City of Lost Children, The" → "The City of Lost Children" (MovieLens puts articles last).
fn article_first(title: &str) -> String {
    const ARTICLES: [&str; 14] = [
        "The", "A", "An", "Les", "La", "Le", "L'", "Il", "El", "Das", "Der", "Die", "Los", "Las",
    ];
    if let Some((head, article)) = title.rsplit_once(", ")
        && ARTICLES.contains(&article)
    {
        return if article.ends_with('\'') {
            format!("{article}{head}")
        } else {
            format!("{article} {head}")
        };
    }
    title.to_owned()
}

/// Split a MovieLens title "Name, The (Original, La) (1995)" into title, original title, year.
fn parse_movielens_title(raw: &str) -> (String, Option<String>, Option<i32>) {
    let mut rest = raw.trim().to_owned();
    let mut year = None;
    if rest.ends_with(')')
        && let Some(open) = rest.rfind('(')
    {
        let inner = &rest[open + 1..rest.len() - 1];
        let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() == 4 {
            year = digits.parse().ok();
            rest = rest[..open].trim_end().to_owned();
        }
    }
    let mut original = None;
    if rest.ends_with(')')
        && let Some(open) = rest.find(" (")
    {
        let inner = rest[open + 2..rest.len() - 1].trim();
        let inner = inner.strip_prefix("a.k.a. ").unwrap_or(inner);
        original = Some(article_first(inner));
        rest = rest[..open].to_owned();
    }
    (article_first(&rest), original, year)
}

fn normal_key(title: &str, year: Option<i32>) -> String {
    let mut analyzer = analysis::analyzer();
    format!(
        "{}|{}",
        analysis::words(&mut analyzer, title).concat(),
        year.unwrap_or(0)
    )
}

/// Person ids start here so they never collide with movie ids in test output.
const PERSON_ID_BASE: i64 = 1_000_000;
/// IMDb-only movies get ids from here on (MovieLens ids are below).
const IMDB_ID_BASE: i64 = 500_000;

/// The MovieLens ml-latest-small movies (title, original title, year, genres, tags as keywords,
/// popularity = rating count), merged with the IMDb top 1000 (overview, director, four stars,
/// popularity = max(rating count, votes / 1000)), plus every director and star as a person
/// (known-for titles, popularity = summed votes / 1000). Movies in both sets (same title and
/// year) are one document.
pub fn load_shared_catalogue(dir: &Path) -> std::io::Result<Vec<Document>> {
    let ml = dir.join("ml-latest-small");
    let mut movies: Vec<MovieDoc> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_id: HashMap<i64, usize> = HashMap::new();

    let path = ml.join("movies.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, e))?;
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&path, e))?;
        let id: i64 = record[0].parse().map_err(|e| csv_error(&path, e))?;
        let (title, original_title, year) = parse_movielens_title(&record[1]);
        let genres = record[2]
            .split('|')
            .filter(|genre| *genre != "(no genres listed)")
            .map(str::to_owned)
            .collect();
        by_key.insert(normal_key(&title, year), movies.len());
        by_id.insert(id, movies.len());
        movies.push(MovieDoc {
            id,
            title,
            original_title,
            year,
            genres,
            ..MovieDoc::default()
        });
    }

    let path = ml.join("ratings.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, e))?;
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&path, e))?;
        if let Ok(id) = record[1].parse::<i64>()
            && let Some(&i) = by_id.get(&id)
        {
            movies[i].popularity += 1.0;
        }
    }

    let path = ml.join("tags.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, e))?;
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&path, e))?;
        if let Ok(id) = record[1].parse::<i64>()
            && let Some(&i) = by_id.get(&id)
            && !movies[i].keywords.iter().any(|k| k == &record[2])
        {
            movies[i].keywords.push(record[2].to_owned());
        }
    }

    let path = dir.join("imdb-top-1000/imdb_top_1000.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, e))?;
    let mut people: Vec<PersonDoc> = Vec::new();
    let mut person_by_name: HashMap<String, usize> = HashMap::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| csv_error(&path, e))?;
        let title = record[1].trim().to_owned();
        let year: Option<i32> = record[2].trim().parse().ok();
        let votes: f64 = record[14].trim().parse().unwrap_or(0.0);
        let director = record[9].trim().to_owned();
        let stars: Vec<String> = (10..14).map(|i| record[i].trim().to_owned()).collect();
        let i = match by_key.get(&normal_key(&title, year)) {
            Some(&i) => i,
            None => {
                movies.push(MovieDoc {
                    id: IMDB_ID_BASE + row as i64,
                    title: title.clone(),
                    year,
                    genres: record[5].split(',').map(|g| g.trim().to_owned()).collect(),
                    ..MovieDoc::default()
                });
                movies.len() - 1
            }
        };
        let movie = &mut movies[i];
        movie.overview = record[7].trim().to_owned();
        movie.directors = vec![director.clone()];
        movie.cast = stars.clone();
        movie.popularity = movie.popularity.max(votes / 1000.0);
        let known_for = movie.title.clone();
        for name in std::iter::once(director).chain(stars) {
            if name.is_empty() {
                continue;
            }
            let p = *person_by_name.entry(name.clone()).or_insert_with(|| {
                people.push(PersonDoc {
                    id: PERSON_ID_BASE + people.len() as i64,
                    name,
                    ..PersonDoc::default()
                });
                people.len() - 1
            });
            people[p].known_for.push(known_for.clone());
            people[p].popularity += votes / 1000.0;
        }
    }
    Ok(movies
        .into_iter()
        .map(Document::Movie)
        .chain(people.into_iter().map(Document::Person))
        .collect())
}

/// How a quality query is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryMode {
    /// A full search with one or two typos.
    Search,
    /// An autocomplete on a truncated title or name (sometimes with a typo too).
    Suggest,
}

/// One generated query and the document it was made from.
#[derive(Debug, Clone)]
pub struct QualityCase {
    pub query: String,
    pub mode: QueryMode,
    pub kind: Kind,
    pub id: i64,
    /// The target's title or name, normalised: a hit with the same kind and this title counts
    /// (remakes and namesakes cannot be told apart by text).
    pub title_key: String,
}

impl QualityCase {
    pub fn is_found_in(&self, hits: &[Hit]) -> bool {
        let mut analyzer = analysis::analyzer();
        hits.iter().take(3).any(|hit| {
            hit.kind == self.kind
                && (hit.id == self.id
                    || analysis::words(&mut analyzer, &hit.title).concat() == self.title_key)
        })
    }
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// One random edit (deletion, substitution, transposition, insertion) at a position after the
/// first letter (people rarely get the first letter wrong).
fn typo(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return word.to_owned();
    }
    let at = 1 + rng.below(chars.len() - 1);
    let letter = char::from(LETTERS[rng.below(LETTERS.len())]);
    match rng.below(4) {
        0 => {
            chars.remove(at);
        }
        1 => {
            chars[at] = if chars[at] == letter { 'x' } else { letter };
        }
        2 if at + 1 < chars.len() && chars[at] != chars[at + 1] => chars.swap(at, at + 1),
        2 => chars.swap(at - 1, at),
        _ => chars.insert(at, letter),
    }
    chars.into_iter().collect()
}

/// Misspell one word of `words` within the typo rule: the typed word must still be long enough
/// for the number of typos it carries (5+ letters for one, 9+ for two). `None` if no word can.
fn misspell(rng: &mut Rng, words: &[String], allow_two: bool) -> Option<Vec<String>> {
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 6 && words[i].chars().all(char::is_alphabetic))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let i = candidates[rng.below(candidates.len())];
    for _ in 0..20 {
        let edits = if allow_two && words[i].chars().count() >= 10 && rng.chance(0.35) {
            2
        } else {
            1
        };
        let mut typed = words[i].clone();
        for _ in 0..edits {
            typed = typo(rng, &typed);
        }
        if typed != words[i] && crate::typo_budget(&typed) as usize >= edits {
            let mut out = words.to_vec();
            out[i] = typed;
            return Some(out);
        }
    }
    None
}

/// A prefix of the normalised title keeping 60–95 % of its letters, at least 4, not ending on
/// a space; `None` for titles too short to cut.
fn truncate(rng: &mut Rng, words: &[String]) -> Option<String> {
    let full = words.join(" ");
    let len = full.chars().count();
    if len < 6 {
        return None;
    }
    let low = (len * 6).div_ceil(10).max(4);
    let high = (len * 95 / 100).max(low);
    let cut = low + rng.below(high - low + 1);
    let prefix: String = full.chars().take(cut).collect();
    let prefix = prefix.trim_end().to_owned();
    (prefix.chars().count() >= 4 && prefix != full).then_some(prefix)
}

/// `count` quality queries from `catalogue` (about two thirds movies, one third people; 60 %
/// misspelled full searches, 40 % partial suggestions, a quarter of those also misspelled).
pub fn quality_cases(catalogue: &[Document], seed: u64, count: usize) -> Vec<QualityCase> {
    let mut rng = Rng::new(seed);
    let mut analyzer = analysis::analyzer();
    let mut movies: Vec<&Document> = catalogue
        .iter()
        .filter(|d| d.kind() == Kind::Movie)
        .collect();
    let mut people: Vec<&Document> = catalogue
        .iter()
        .filter(|d| d.kind() == Kind::Person)
        .collect();
    rng.shuffle(&mut movies);
    rng.shuffle(&mut people);
    let person_quota = count / 3;
    let mut cases = Vec::with_capacity(count);
    let mut pools = [movies.into_iter(), people.into_iter()];
    while cases.len() < count {
        let pool = usize::from(cases.len() % 3 == 2 && cases.len() / 3 < person_quota);
        let Some(document) = pools[pool].next().or_else(|| pools[1 - pool].next()) else {
            break;
        };
        let (kind, id, title) = match document {
            Document::Movie(m) => (Kind::Movie, m.id, m.title.as_str()),
            Document::Person(p) => (Kind::Person, p.id, p.name.as_str()),
        };
        let words = analysis::words(&mut analyzer, title);
        if words.len() > crate::MAX_QUERY_WORDS {
            continue;
        }
        let made = if rng.chance(0.6) {
            misspell(&mut rng, &words, true).map(|w| (w.join(" "), QueryMode::Search))
        } else {
            // Cut first, then misspell what is left, so a typo in the last (partial) word is
            // judged by the prefix's own length, as the typo rule does.
            truncate(&mut rng, &words).map(|prefix| {
                let typed: Vec<String> = prefix.split(' ').map(str::to_owned).collect();
                let typed = if rng.chance(0.25) {
                    misspell(&mut rng, &typed, false).unwrap_or(typed)
                } else {
                    typed
                };
                (typed.join(" "), QueryMode::Suggest)
            })
        };
        if let Some((query, mode)) = made {
            cases.push(QualityCase {
                query,
                mode,
                kind,
                id,
                title_key: words.concat(),
            });
        }
    }
    cases
}

/// Syllables of the synthetic vocabulary: many near-duplicate words, a hard case for typos.
const SYLLABLES: [&str; 30] = [
    "ka", "lo", "mi", "ne", "ra", "to", "shi", "va", "den", "mor", "gal", "tri", "bel", "quin",
    "sta", "ro", "an", "el", "dar", "fen", "hol", "ix", "jun", "pe", "sor", "ul", "wen", "zer",
    "cor", "thal",
];

const GENRES: [&str; 12] = [
    "Drama",
    "Comedy",
    "Action",
    "Thriller",
    "Horror",
    "Romance",
    "Documentary",
    "Animation",
    "Sci-Fi",
    "Crime",
    "Adventure",
    "Fantasy",
];

/// A synthetic catalogue of `movies` movies and `movies / 20` people, for benchmarks: titles of
/// 1–5 words drawn with a skewed (Zipf-like) frequency from a 30,000-word vocabulary, an 8-word
/// overview, two cast names, a year, a genre and a long-tailed popularity.
pub fn synthetic_catalogue(movies: usize, seed: u64) -> impl Iterator<Item = Document> {
    let mut rng = Rng::new(seed);
    let vocabulary: Vec<String> = (0..30_000)
        .map(|_| {
            let syllables = 2 + rng.below(3);
            (0..syllables)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect();
    let people_count = (movies / 20).max(1);
    let names: Vec<String> = (0..people_count)
        .map(|_| {
            let first = &vocabulary[rng.below(2_000)];
            let last = &vocabulary[rng.below(vocabulary.len())];
            format!("{} {}", capitalise(first), capitalise(last))
        })
        .collect();
    let person_names = names.clone();
    let mut state = rng.clone();
    let word = move |rng: &mut Rng| -> String {
        // Squaring a uniform draw skews towards the start of the vocabulary.
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        vocabulary[((u * u) * vocabulary.len() as f64) as usize].clone()
    };
    let movie_docs = (0..movies).map(move |i| {
        let title_words = 1 + state.below(5);
        let title: Vec<String> = (0..title_words)
            .map(|_| capitalise(&word(&mut state)))
            .collect();
        let overview: Vec<String> = (0..8).map(|_| word(&mut state)).collect();
        let u = (state.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        Document::Movie(MovieDoc {
            id: i as i64 + 1,
            title: title.join(" "),
            overview: overview.join(" "),
            cast: (0..2)
                .map(|_| names[state.below(names.len())].clone())
                .collect(),
            year: Some(1920 + state.below(106) as i32),
            genres: vec![GENRES[state.below(GENRES.len())].to_owned()],
            language: Some("en".to_owned()),
            popularity: (1.0 / (1.0 - u * 0.999)).powi(2),
            ..MovieDoc::default()
        })
    });
    let mut person_rng = Rng::new(seed ^ 0x5EED);
    let person_docs = person_names.into_iter().enumerate().map(move |(i, name)| {
        Document::Person(PersonDoc {
            id: PERSON_ID_BASE + i as i64,
            name,
            popularity: person_rng.below(1000) as f64,
            ..PersonDoc::default()
        })
    });
    movie_docs.chain(person_docs)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
