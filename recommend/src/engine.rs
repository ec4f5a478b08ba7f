//! The engine For You and "similar" are served from: every model trained on one snapshot of the
//! interactions and the catalogue's content ([`Engine::train`]), and the rows of one profile
//! computed from it ([`Engine::rows`], [`Engine::rows_many`] for many profiles on all cores).
//!
//! Pure and synchronous like the rest of the crate: the server reads the database, converts its
//! rows to these types and calls this on blocking threads; `examples/scale.rs` runs the same code
//! on a synthetic catalogue.
//!
//! Interactions: a rating of 3.5 stars or more weighs its stars / 5, a completed watch 1, an
//! unfinished one 0.5, a watchlist add 0.5 (lower ratings only exclude the movie). Content:
//! genres, keywords, directors and top-billed cast, language, decade and overview terms. EASE
//! joins the blend only when its training fits [`Config::ease_budget_bytes`]; without it the
//! hybrid blends with [`hybrid::Weights::without_ease`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::models::content::{Content, ItemContent};
use crate::models::{als, ease, hybrid, knn, popular};
use crate::rank::better;
use crate::{Event, IdMap, Interactions, Model, Rating, Reason};

/// Items per row.
pub const ROW_SIZE: usize = 20;
/// EASE is left out of the blend above this much training memory (1.5 GiB).
pub const DEFAULT_EASE_BUDGET_BYTES: u64 = 3 << 29;

/// Half-star ratings at or above this are positive signals (3.5 stars).
const POSITIVE_RATING_HALF: i32 = 7;
/// Candidates the personal blend ranks for Top picks and the time-of-day row.
const CANDIDATES: usize = 3 * ROW_SIZE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    /// `value`: the rating in half stars (1–10).
    Rating,
    /// `value`: 1 when completed, 0 otherwise.
    Watch,
    /// `value`: always 1.
    WatchlistAdd,
}

/// A weekday (0 = Monday) and hour in the profile's own time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moment {
    pub weekday: u8,
    pub hour: u8,
}

impl Moment {
    /// The moment of a unix time in UTC (for profiles without a time zone).
    pub fn utc(unix_secs: i64) -> Moment {
        let days = unix_secs.div_euclid(86_400);
        Moment {
            // 1970-01-01 was a Thursday.
            weekday: (days + 3).rem_euclid(7) as u8,
            hour: (unix_secs.rem_euclid(86_400) / 3600) as u8,
        }
    }

    fn part(self) -> usize {
        usize::from(self.hour / 6)
    }

    fn weekend(self) -> bool {
        self.weekday >= 5
    }
}

const DAY_PARTS: [&str; 4] = ["nights", "mornings", "afternoons", "evenings"];

/// One interaction of one profile with one movie.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub kind: SignalKind,
    pub profile_id: i64,
    pub movie_id: i64,
    pub value: i32,
    /// Unix seconds.
    pub at: i64,
    /// `at` in the profile's time zone (only the time-of-day row reads it).
    pub local: Moment,
}

impl Signal {
    /// The training weight; 0 means "seen, but not a positive signal".
    pub fn weight(&self) -> f32 {
        match self.kind {
            SignalKind::Rating if self.value >= POSITIVE_RATING_HALF => self.value as f32 / 10.0,
            SignalKind::Rating => 0.0,
            SignalKind::Watch if self.value != 0 => 1.0,
            SignalKind::Watch | SignalKind::WatchlistAdd => 0.5,
        }
    }

    /// A good rating or a finished watch: what "you watched" and "you like" rows are built on.
    pub fn positive(&self) -> bool {
        match self.kind {
            SignalKind::Rating => self.value >= POSITIVE_RATING_HALF,
            SignalKind::Watch => self.value != 0,
            SignalKind::WatchlistAdd => false,
        }
    }
}

/// What the engine is told about a movie.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Movie {
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
    pub min_age: Option<i16>,
    pub language: Option<String>,
    pub overview: String,
    pub popularity: f64,
    /// Genre display names and slugs (same order).
    pub genres: Vec<String>,
    pub genre_slugs: Vec<String>,
    pub keywords: Vec<String>,
    /// Directors and the top-billed cast: (person id, name).
    pub people: Vec<(i64, String)>,
    /// The ids of `people` who directed it.
    pub directors: Vec<i64>,
}

/// What the engine keeps of a movie besides the models.
#[derive(Debug, Clone)]
struct Meta {
    title: String,
    min_age: Option<i16>,
    genres: Vec<String>,
    genre_slugs: Vec<String>,
    language: Option<String>,
    popularity: f64,
    people: Vec<i64>,
    directors: Vec<i64>,
}

/// Hyperparameters of every part and the memory rule for EASE.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub ease: ease::Config,
    pub als: als::Config,
    pub knn: knn::Config,
    pub hybrid: hybrid::Config,
    /// EASE joins the blend only when [`ease::Ease::peak_bytes`] is at most this.
    pub ease_budget_bytes: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            ease: ease::Config::default(),
            als: als::Config::default(),
            knn: knn::Config::default(),
            hybrid: hybrid::Config::default(),
            ease_budget_bytes: DEFAULT_EASE_BUDGET_BYTES,
        }
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
    pub fn plain(kind: &'static str, text: String) -> ReasonOut {
        ReasonOut {
            kind,
            text,
            movie_id: None,
            person_id: None,
        }
    }

    pub fn movie(kind: &'static str, text: String, movie_id: i64) -> ReasonOut {
        ReasonOut {
            kind,
            text,
            movie_id: Some(movie_id),
            person_id: None,
        }
    }

    fn item(self, movie_id: i64, score: f64) -> Item {
        Item {
            movie_id,
            score: if score.is_finite() { score } else { 0.0 },
            reason: self,
        }
    }
}

/// One recommended movie of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub movie_id: i64,
    pub score: f64,
    pub reason: ReasonOut,
}

/// One For You row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// Everything one profile's rows depend on besides the engine and the charts.
#[derive(Debug, Clone, Default)]
pub struct ProfileInputs {
    pub signals: Vec<Signal>,
    pub maturity_limit: Option<i16>,
    pub not_interested: Vec<i64>,
    /// Movies started but not finished: (movie id, position, duration), latest first.
    pub in_progress: Vec<(i64, i32, i32)>,
    /// Preferred genre slugs and language codes, and the country (onboarding).
    pub genres: Vec<String>,
    pub languages: Vec<String>,
    pub country: Option<String>,
    /// Now, in the profile's time zone.
    pub now: Moment,
    /// The MMR diversity of the personal rows for this profile (an experiment variant's
    /// setting); `None`: the trained hybrid's own.
    pub diversity: Option<f32>,
}

/// The shared rankings rows draw from: trending this week (globally under `None`, per region
/// code) and new releases, best first.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    pub trending: HashMap<Option<String>, Vec<(i64, f64)>>,
    pub new_releases: Vec<i64>,
}

impl Charts {
    fn trending(&self, region: Option<&str>) -> &[(i64, f64)] {
        self.trending
            .get(&region.map(str::to_owned))
            .map_or(&[], Vec::as_slice)
    }
}

/// The collaborative part: trained on the movies that have interactions.
struct Collab {
    items: IdMap,
    hybrid: hybrid::Hybrid,
    knn: Arc<knn::Knn>,
}

/// One trained recommender; immutable once built.
pub struct Engine {
    collab: Option<Collab>,
    /// Every movie of the catalogue (the content model's item space).
    catalogue: IdMap,
    content: Option<Content>,
    movies: HashMap<i64, Meta>,
    /// Person name → id (for content reasons, which carry names) and id → name.
    people: HashMap<String, i64>,
    names: HashMap<i64, String>,
    /// Each person's movies, by id.
    filmography: HashMap<i64, Vec<i64>>,
    /// Wall time of each training step, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Why a part was left out of the blend, if one was.
    pub left_out: Option<String>,
}

impl Engine {
    pub fn empty() -> Engine {
        Engine::train(&[], Vec::new(), &Config::default())
    }

    /// Trains every model (blocking, CPU-bound and multi-threaded).
    pub fn train(signals: &[Signal], catalogue: Vec<Movie>, config: &Config) -> Engine {
        let mut timings = Vec::new();
        let mut step = Instant::now();
        let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
            timings.push((name, step.elapsed()));
            step = Instant::now();
        };
        let mut people = HashMap::new();
        let mut names = HashMap::new();
        let mut filmography: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut movies = HashMap::with_capacity(catalogue.len());
        let mut items: Vec<(i64, ItemContent)> = Vec::with_capacity(catalogue.len());
        for c in catalogue {
            for (id, name) in &c.people {
                people.entry(name.clone()).or_insert(*id);
                names.entry(*id).or_insert_with(|| name.clone());
                filmography.entry(*id).or_default().push(c.id);
            }
            movies.insert(
                c.id,
                Meta {
                    title: c.title,
                    min_age: c.min_age,
                    genres: c.genres.clone(),
                    genre_slugs: c.genre_slugs,
                    language: c.language.clone(),
                    popularity: c.popularity,
                    people: c.people.iter().map(|p| p.0).collect(),
                    directors: c.directors,
                },
            );
            items.push((
                c.id,
                ItemContent {
                    genres: c.genres,
                    tags: c.keywords,
                    people: c.people.into_iter().map(|(_, n)| n).collect(),
                    language: c.language,
                    year: c.year,
                    overview: c.overview,
                },
            ));
        }
        for list in filmography.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        items.sort_by_key(|(id, _)| *id);
        let catalogue = IdMap::new(items.iter().map(|(id, _)| *id));
        let records: Vec<Rating> = signals
            .iter()
            .filter(|s| movies.contains_key(&s.movie_id))
            .map(|s| Rating {
                user: s.profile_id,
                item: s.movie_id,
                value: s.weight(),
                time: s.at,
            })
            .filter(|r| r.value > 0.0)
            .collect();
        lap("prepare", &mut timings);
        let mut left_out = None;
        let collab = if records.is_empty() {
            None
        } else {
            let data = Interactions::new(&records, |r| r.value);
            drop(records);
            lap("interactions", &mut timings);
            let by_id: HashMap<i64, &ItemContent> = items.iter().map(|(id, c)| (*id, c)).collect();
            let item_content: Vec<ItemContent> = data
                .items()
                .ids()
                .iter()
                .map(|id| by_id.get(id).map(|c| (*c).clone()).unwrap_or_default())
                .collect();
            let content = Arc::new(Content::train(&item_content));
            drop(item_content);
            lap("content", &mut timings);
            let knn = Arc::new(knn::Knn::train(&data, config.knn));
            lap("knn", &mut timings);
            let mut parts: Vec<Arc<dyn Model>> = Vec::new();
            let mut hybrid_config = config.hybrid;
            let ease_bytes = ease::Ease::peak_bytes(data.n_users(), data.n_items());
            if ease_bytes > config.ease_budget_bytes {
                left_out = Some(format!(
                    "EASE left out: {} users × {} items need about {} MiB, over the budget of {} MiB",
                    data.n_users(),
                    data.n_items(),
                    ease_bytes >> 20,
                    config.ease_budget_bytes >> 20
                ));
                hybrid_config.weights = hybrid::Weights::without_ease();
            } else {
                match ease::Ease::train(&data, config.ease) {
                    Ok(e) => parts.push(Arc::new(e)),
                    Err(err) => {
                        left_out = Some(format!("EASE left out: {err}"));
                        hybrid_config.weights = hybrid::Weights::without_ease();
                    }
                }
                lap("ease", &mut timings);
            }
            let factors = config.als.factors.min(data.n_items().max(2));
            parts.push(Arc::new(als::Als::train(
                &data,
                als::Config {
                    factors,
                    ..config.als
                },
            )));
            lap("als", &mut timings);
            parts.push(Arc::clone(&knn) as Arc<dyn Model>);
            parts.push(Arc::new(popular::Popular::train(&data)));
            parts.push(Arc::clone(&content) as Arc<dyn Model>);
            let hybrid = hybrid::Hybrid::new(&parts, Some(content), hybrid_config);
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
        lap("catalogue content", &mut timings);
        Engine {
            collab,
            catalogue,
            content,
            movies,
            people,
            names,
            filmography,
            timings,
            left_out,
        }
    }

    /// The parts of the personal blend (empty before anything was trained).
    pub fn models(&self) -> Vec<&'static str> {
        self.collab
            .as_ref()
            .map_or_else(Vec::new, |c| c.hybrid.part_names())
    }

    pub fn title(&self, movie_id: i64) -> Option<&str> {
        self.movies.get(&movie_id).map(|m| m.title.as_str())
    }

    pub fn has_movie(&self, movie_id: i64) -> bool {
        self.movies.contains_key(&movie_id)
    }

    /// Movies a profile must not be shown: its "not interested" and those above its limit.
    pub fn blocked(&self, not_interested: &[i64], maturity_limit: Option<i16>) -> HashSet<i64> {
        let mut out: HashSet<i64> = not_interested.iter().copied().collect();
        if let Some(limit) = maturity_limit {
            out.extend(
                self.movies
                    .iter()
                    .filter(|(_, m)| m.min_age.is_some_and(|a| a > limit))
                    .map(|(id, _)| *id),
            );
        }
        out
    }

    /// Whether a movie passes the profile's maturity limit (unknown movies do not).
    fn allowed(&self, limit: Option<i16>, movie_id: i64) -> bool {
        match (self.movies.get(&movie_id), limit) {
            (None, _) => false,
            (Some(m), Some(limit)) => m.min_age.is_none_or(|a| a <= limit),
            (Some(_), None) => true,
        }
    }

    /// Movies like `movie_id`: co-watching (item kNN of the trained model) blended with content
    /// similarity, content alone for movies nobody has interacted with yet. Best first.
    pub fn similar(
        &self,
        movie_id: i64,
        exclude: &HashSet<i64>,
        n: usize,
    ) -> Vec<(i64, f64, ReasonOut)> {
        let Some(seed) = self.catalogue.index(movie_id) else {
            return Vec::new();
        };
        let title = self.title(movie_id).unwrap_or("this film").to_owned();
        let size = self.catalogue.len();
        // Dense by catalogue index: (collaborative, content).
        let mut collab_scores = vec![0.0f32; size];
        let mut content_scores = vec![0.0f32; size];
        if let Some(collab) = &self.collab
            && let Some(idx) = collab.items.index(movie_id)
        {
            // kNN keeps neighbours per target: the items whose lists hold the seed.
            for &(j, s) in collab.knn.neighbour_of(idx) {
                if let Some(c) = self.catalogue.index(collab.items.id(j)) {
                    collab_scores[c as usize] += s;
                }
            }
        }
        if let Some(content) = &self.content {
            // Unit vectors: a one-item profile scores each item with its cosine to the seed.
            let history = [Event {
                item: seed,
                weight: 1.0,
                time: 0,
            }];
            content.score(&history, &mut content_scores);
        }
        let mut skip = vec![false; size];
        skip[seed as usize] = true;
        for id in exclude {
            if let Some(i) = self.catalogue.index(*id) {
                skip[i as usize] = true;
            }
        }
        let blend = |i: usize| {
            let (c, t) = (
                f64::from(collab_scores[i]),
                f64::from(content_scores[i].max(0.0)),
            );
            (0.7 * c + 0.3 * t, c, t)
        };
        let mut ranked: Vec<(u32, f32)> = (0..size)
            .filter(|&i| !skip[i])
            .filter_map(|i| {
                let (score, _, _) = blend(i);
                (score > 0.0).then_some((i as u32, score as f32))
            })
            .collect();
        if n == 0 {
            return Vec::new();
        }
        if ranked.len() > n {
            ranked.select_nth_unstable_by(n - 1, better);
            ranked.truncate(n);
        }
        ranked.sort_unstable_by(better);
        ranked
            .into_iter()
            .map(|(i, _)| {
                let (score, c, t) = blend(i as usize);
                let id = self.catalogue.id(i);
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

    /// Personal scores for a history (movie id, weight, unix time): the hybrid over the trained
    /// items, then content over the whole catalogue (which also covers movies added since
    /// training). Returns (movie id, score, reason), best first.
    fn personal(
        &self,
        history: &[(i64, f32, i64)],
        exclude: &HashSet<i64>,
        n: usize,
        diversity: Option<f32>,
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
                for rec in collab
                    .hybrid
                    .recommend_tuned(&events, &excluded, n, ROW_SIZE, diversity)
                {
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

    /// The rows of many profiles, in order, on every core.
    pub fn rows_many(&self, charts: &Charts, profiles: &[ProfileInputs]) -> Vec<Vec<Row>> {
        profiles
            .par_iter()
            .with_min_len(8)
            .map(|p| self.rows(charts, p))
            .collect()
    }

    /// The rows of one profile: Continue watching, Because you watched X, Top picks, the
    /// time-of-day row, Starring <person>, Trending in <region>, New for you.
    pub fn rows(&self, charts: &Charts, inputs: &ProfileInputs) -> Vec<Row> {
        let limit = inputs.maturity_limit;
        let blocked = self.blocked(&inputs.not_interested, limit);
        // Seen: rated (any value), watched, in progress. Excluded from every row but "Continue".
        let mut exclude = blocked.clone();
        exclude.extend(
            inputs
                .signals
                .iter()
                .filter(|s| s.kind != SignalKind::WatchlistAdd)
                .map(|s| s.movie_id),
        );
        exclude.extend(inputs.in_progress.iter().map(|p| p.0));
        let mut history: HashMap<i64, (f32, i64)> = HashMap::new();
        for s in &inputs.signals {
            let w = s.weight();
            if w <= 0.0 {
                continue;
            }
            let e = history.entry(s.movie_id).or_insert((0.0, i64::MIN));
            e.0 = e.0.max(w);
            e.1 = e.1.max(s.at);
        }
        let mut history: Vec<(i64, f32, i64)> =
            history.into_iter().map(|(id, (w, t))| (id, w, t)).collect();
        history.sort_by_key(|h| (h.2, h.0));
        let mut rows = Vec::new();

        // Continue watching: 5–90% through.
        let progress: Vec<Item> = inputs
            .in_progress
            .iter()
            .filter(|(id, pos, dur)| {
                *dur > 0
                    && (0.05..=0.90).contains(&(f64::from(*pos) / f64::from(*dur)))
                    && !blocked.contains(id)
                    && self.allowed(limit, *id)
            })
            .take(ROW_SIZE)
            .map(|&(id, pos, dur)| {
                let pct = (f64::from(pos) * 100.0 / f64::from(dur)).round();
                ReasonOut::plain("in_progress", format!("{pct}% watched")).item(id, pct / 100.0)
            })
            .collect();
        push_row(
            &mut rows,
            "continue_watching",
            "Continue watching",
            progress,
        );

        // Because you watched X: the latest positive signal (a good rating or a finished watch).
        let seed = inputs
            .signals
            .iter()
            .filter(|s| s.positive() && self.movies.contains_key(&s.movie_id))
            .max_by_key(|s| (s.at, s.movie_id));
        if let Some(seed) = seed
            && let Some(title) = self.title(seed.movie_id)
        {
            let items: Vec<Item> = self
                .similar(seed.movie_id, &exclude, ROW_SIZE)
                .into_iter()
                .map(|(id, score, _)| {
                    ReasonOut::movie(
                        "similar_to_movie",
                        format!("Because you watched {title}"),
                        seed.movie_id,
                    )
                    .item(id, score)
                })
                .collect();
            push_row(
                &mut rows,
                "because_you_watched",
                &format!("Because you watched {title}"),
                items,
            );
        }

        let region = inputs.country.as_deref();
        let regional = region
            .map(|r| charts.trending(Some(r)))
            .filter(|t| !t.is_empty());
        let (trending, trending_title) = match (regional, region) {
            (Some(t), Some(r)) => (t, format!("Trending in {r}")),
            _ => (charts.trending(None), "Trending now".to_owned()),
        };
        let trending_ids: HashMap<i64, f64> = trending.iter().copied().collect();

        // Top picks: the hybrid on the history; preferences and trending for a cold start.
        if history.is_empty() {
            let picks = self.cold_start(inputs, &exclude, &trending_ids, &trending_title);
            push_row(&mut rows, "top_picks", "Top picks for you", picks);
        } else {
            let candidates = self.personal(&history, &exclude, CANDIDATES, inputs.diversity);
            let picks: Vec<Item> = candidates
                .iter()
                .take(ROW_SIZE)
                .map(|(id, score, reason)| reason.clone().item(*id, *score))
                .collect();
            push_row(&mut rows, "top_picks", "Top picks for you", picks);
            if let Some(row) = self.time_of_day(inputs, &candidates) {
                rows.push(row);
            }
        }
        if let Some(row) = self.starring(inputs, &exclude) {
            rows.push(row);
        }

        let trending_items: Vec<Item> = trending
            .iter()
            .filter(|(id, _)| !exclude.contains(id) && self.allowed(limit, *id))
            .take(ROW_SIZE)
            .map(|&(id, score)| {
                ReasonOut::plain("trending", trending_title.clone()).item(id, score)
            })
            .collect();
        push_row(
            &mut rows,
            "trending_region",
            &trending_title,
            trending_items,
        );

        // New for you: recent releases, the ones closest to the profile's taste first.
        let mut fresh: Vec<(i64, f64, usize)> = charts
            .new_releases
            .iter()
            .enumerate()
            .filter(|(_, id)| !exclude.contains(*id) && self.allowed(limit, **id))
            .map(|(i, &id)| (id, self.preference_match(inputs, id).0, i))
            .collect();
        fresh.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
        let fresh: Vec<Item> = fresh
            .into_iter()
            .take(ROW_SIZE)
            .map(|(id, score, _)| {
                let text = if score > 0.0 {
                    "New release in genres you like"
                } else {
                    "New release"
                };
                ReasonOut::plain("new_release", text.to_owned()).item(id, score)
            })
            .collect();
        push_row(&mut rows, "new_for_you", "New for you", fresh);
        rows
    }

    /// The profile's own time-of-day pattern: the genres over-represented in what it watched
    /// (and rated highly) in the current part of the day (on weekdays or weekends like today,
    /// when there is enough history for that) lift the personal candidates that carry them.
    fn time_of_day(
        &self,
        inputs: &ProfileInputs,
        candidates: &[(i64, f64, ReasonOut)],
    ) -> Option<Row> {
        let pattern = TimePattern::find(self, inputs)?;
        let mut lifted: Vec<(i64, f64, ReasonOut)> = candidates
            .iter()
            .filter_map(|(id, score, _)| {
                let genre = self
                    .movies
                    .get(id)?
                    .genres
                    .iter()
                    .find(|g| pattern.genres.contains(g))?;
                let reason = ReasonOut::plain(
                    "time_of_day",
                    format!("You often watch {genre} on {}", pattern.label),
                );
                Some((*id, *score, reason))
            })
            .collect();
        if lifted.len() < 2 {
            return None;
        }
        lifted.truncate(ROW_SIZE);
        Some(Row {
            kind: "time_of_day".to_owned(),
            title: format!("For your {}", pattern.label),
            items: lifted
                .into_iter()
                .map(|(id, score, reason)| reason.item(id, score))
                .collect(),
        })
    }

    /// "Starring <person>": the person (director or top-billed cast) who recurs most in the
    /// profile's positive history, with their other movies.
    fn starring(&self, inputs: &ProfileInputs, exclude: &HashSet<i64>) -> Option<Row> {
        // Positive history, newest first, one entry per movie.
        let mut liked: Vec<(i64, i64)> = inputs
            .signals
            .iter()
            .filter(|s| s.positive())
            .map(|s| (s.at, s.movie_id))
            .collect();
        liked.sort_unstable_by(|a, b| b.cmp(a));
        let mut seen = HashSet::new();
        liked.retain(|(_, id)| seen.insert(*id));
        let mut counts: HashMap<i64, Recurring> = HashMap::new();
        for &(at, id) in &liked {
            let Some(m) = self.movies.get(&id) else {
                continue;
            };
            for &p in &m.people {
                let e = counts.entry(p).or_insert(Recurring {
                    movies: Vec::new(),
                    latest: at,
                    directed: 0,
                });
                if !e.movies.contains(&id) {
                    e.movies.push(id);
                    e.directed += usize::from(m.directors.contains(&p));
                }
            }
        }
        let mut people: Vec<(i64, Recurring)> = counts
            .into_iter()
            .filter(|(_, c)| c.movies.len() >= 2)
            .collect();
        people.sort_by(|a, b| {
            b.1.movies
                .len()
                .cmp(&a.1.movies.len())
                .then(b.1.latest.cmp(&a.1.latest))
                .then(a.0.cmp(&b.0))
        });
        let limit = inputs.maturity_limit;
        for (person, found) in people.into_iter().take(3) {
            let Recurring {
                movies, directed, ..
            } = found;
            let Some(name) = self.names.get(&person) else {
                continue;
            };
            let mut films: Vec<(i64, f64)> = self
                .filmography
                .get(&person)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|id| !exclude.contains(*id) && self.allowed(limit, **id))
                .filter_map(|id| Some((*id, self.movies.get(id)?.popularity)))
                .collect();
            if films.is_empty() {
                continue;
            }
            films.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let titles: Vec<&str> = movies
                .iter()
                .take(2)
                .filter_map(|id| self.title(*id))
                .collect();
            let text = format!("With {name}, like {}", titles.join(" and "));
            let title = if directed * 2 > movies.len() {
                format!("Directed by {name}")
            } else {
                format!("Starring {name}")
            };
            return Some(Row {
                kind: "starring".to_owned(),
                title,
                items: films
                    .into_iter()
                    .take(ROW_SIZE)
                    .map(|(id, score)| {
                        ReasonOut {
                            kind: "same_person",
                            text: text.clone(),
                            movie_id: None,
                            person_id: Some(person),
                        }
                        .item(id, score)
                    })
                    .collect(),
            });
        }
        None
    }

    /// How well a movie matches the profile's chosen genres and languages: (score, reason).
    fn preference_match(&self, inputs: &ProfileInputs, movie_id: i64) -> (f64, Option<ReasonOut>) {
        let Some(m) = self.movies.get(&movie_id) else {
            return (0.0, None);
        };
        let genres: Vec<&str> = m
            .genre_slugs
            .iter()
            .zip(&m.genres)
            .filter(|(slug, _)| inputs.genres.contains(slug))
            .map(|(_, name)| name.as_str())
            .collect();
        let language = m
            .language
            .as_deref()
            .filter(|l| inputs.languages.iter().any(|p| p == l));
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

    /// A profile without history: its preferred genres and languages, then what is trending in
    /// its region, then what is popular; each item says which.
    fn cold_start(
        &self,
        inputs: &ProfileInputs,
        exclude: &HashSet<i64>,
        trending: &HashMap<i64, f64>,
        trending_title: &str,
    ) -> Vec<Item> {
        let limit = inputs.maturity_limit;
        let max_pop = self
            .movies
            .values()
            .map(|m| m.popularity)
            .fold(0.0f64, f64::max);
        let max_trend = trending.values().copied().fold(0.0f64, f64::max);
        let mut scored: Vec<(i64, f64, ReasonOut)> = self
            .movies
            .iter()
            .filter(|(id, _)| !exclude.contains(id) && self.allowed(limit, **id))
            .map(|(&id, m)| {
                let (pref, reason) = self.preference_match(inputs, id);
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
            .map(|(id, score, reason)| reason.item(id, score))
            .collect()
    }
}

fn push_row(rows: &mut Vec<Row>, kind: &str, title: &str, items: Vec<Item>) {
    if !items.is_empty() {
        rows.push(Row {
            kind: kind.to_owned(),
            title: title.to_owned(),
            items,
        });
    }
}

/// A person in a profile's positive history: their movies there (newest first), the time of the
/// newest, and how many of those they directed.
struct Recurring {
    movies: Vec<i64>,
    latest: i64,
    directed: usize,
}

/// Positive signals in a time bucket needed before it says anything.
const MIN_BUCKET: usize = 2;
/// How much more often a genre must appear in the bucket than overall.
const MIN_LIFT: f64 = 1.5;

/// Genres a profile favours at this time of day.
struct TimePattern {
    /// "weekday evenings", "weekend mornings" or just "evenings".
    label: String,
    genres: Vec<String>,
}

impl TimePattern {
    fn find(engine: &Engine, inputs: &ProfileInputs) -> Option<TimePattern> {
        let now = inputs.now;
        let positive: Vec<(&Meta, Moment)> = inputs
            .signals
            .iter()
            .filter(|s| s.positive())
            .filter_map(|s| Some((engine.movies.get(&s.movie_id)?, s.local)))
            .collect();
        let same_part = |m: &Moment| m.part() == now.part();
        let same_days = |m: &Moment| same_part(m) && m.weekend() == now.weekend();
        let part = DAY_PARTS[now.part()];
        let (label, in_bucket): (String, Vec<&Meta>) = {
            let narrow: Vec<&Meta> = positive
                .iter()
                .filter(|(_, m)| same_days(m))
                .map(|(meta, _)| *meta)
                .collect();
            if narrow.len() >= MIN_BUCKET {
                let days = if now.weekend() { "weekend" } else { "weekday" };
                (format!("{days} {part}"), narrow)
            } else {
                let wide: Vec<&Meta> = positive
                    .iter()
                    .filter(|(_, m)| same_part(m))
                    .map(|(meta, _)| *meta)
                    .collect();
                (part.to_owned(), wide)
            }
        };
        if in_bucket.len() < MIN_BUCKET || in_bucket.len() == positive.len() {
            return None;
        }
        let overall = genre_counts(positive.iter().map(|(m, _)| *m));
        let bucket = genre_counts(in_bucket.iter().copied());
        let (n_all, n_bucket) = (positive.len() as f64, in_bucket.len() as f64);
        let mut genres: Vec<(&str, usize)> = bucket
            .into_iter()
            .filter(|&(g, c)| {
                let share_all = overall.get(g).copied().unwrap_or(0) as f64 / n_all;
                c >= MIN_BUCKET && (c as f64 / n_bucket) >= MIN_LIFT * share_all
            })
            .collect();
        if genres.is_empty() {
            return None;
        }
        genres.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        Some(TimePattern {
            label,
            genres: genres.into_iter().map(|(g, _)| g.to_owned()).collect(),
        })
    }
}

/// How many of `metas` carry each genre.
fn genre_counts<'a>(metas: impl Iterator<Item = &'a Meta>) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in metas {
        for g in &m.genres {
            *counts.entry(g.as_str()).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn movie(id: i64, title: &str, genre: &str, people: &[(i64, &str)]) -> Movie {
        Movie {
            id,
            title: title.to_owned(),
            genres: vec![genre.to_owned()],
            genre_slugs: vec![genre.to_lowercase()],
            people: people.iter().map(|&(i, n)| (i, n.to_owned())).collect(),
            popularity: 100.0 - id as f64,
            ..Movie::default()
        }
    }

    fn watched(profile_id: i64, movie_id: i64, at: i64) -> Signal {
        Signal {
            kind: SignalKind::Watch,
            profile_id,
            movie_id,
            value: 1,
            at,
            local: Moment::utc(at),
        }
    }

    const DAY: i64 = 86_400;
    /// A Wednesday, 20:00 UTC.
    const NOW: i64 = 1_763_510_400 + 20 * 3600;

    fn catalogue() -> Vec<Movie> {
        let deniro = (7, "Robert De Niro");
        vec![
            movie(1, "Heat", "Crime", &[deniro]),
            movie(2, "Casino", "Crime", &[deniro]),
            movie(3, "Goodfellas", "Crime", &[deniro]),
            movie(4, "Alien", "Sci-Fi", &[]),
            movie(5, "Aliens", "Sci-Fi", &[]),
            movie(6, "Blade Runner", "Sci-Fi", &[]),
            movie(8, "Arrival", "Sci-Fi", &[]),
            movie(9, "Sunshine", "Sci-Fi", &[]),
            movie(10, "The Irishman", "Crime", &[deniro]),
        ]
    }

    /// Other viewers so the collaborative models have something to learn.
    fn crowd() -> Vec<Signal> {
        let mut out = Vec::new();
        for p in 100..110 {
            for m in [1, 2, 3, 10] {
                out.push(watched(p, m, NOW - 30 * DAY));
            }
            for m in [4, 5, 6, 8, 9] {
                out.push(watched(p + 100, m, NOW - 30 * DAY));
            }
        }
        out
    }

    #[test]
    fn moments_in_utc() {
        // 2025-11-19 was a Wednesday.
        assert_eq!(
            Moment::utc(NOW),
            Moment {
                weekday: 2,
                hour: 20
            }
        );
        assert_eq!(
            Moment::utc(0),
            Moment {
                weekday: 3,
                hour: 0
            }
        );
        assert_eq!(
            Moment::utc(-1),
            Moment {
                weekday: 2,
                hour: 23
            }
        );
    }

    #[test]
    fn starring_names_the_person_who_recurs_in_the_history() {
        let engine = Engine::train(&crowd(), catalogue(), &Config::default());
        let inputs = ProfileInputs {
            signals: vec![watched(1, 1, NOW - DAY), watched(1, 2, NOW - 2 * DAY)],
            now: Moment::utc(NOW),
            ..ProfileInputs::default()
        };
        let rows = engine.rows(&Charts::default(), &inputs);
        let row = rows
            .iter()
            .find(|r| r.kind == "starring")
            .expect("a starring row");
        assert_eq!(row.title, "Starring Robert De Niro");
        // His other films, most popular first.
        let ids: Vec<i64> = row.items.iter().map(|i| i.movie_id).collect();
        assert_eq!(ids, [3, 10]);
        assert_eq!(row.items[0].reason.person_id, Some(7));
        assert_eq!(
            row.items[0].reason.text,
            "With Robert De Niro, like Heat and Casino"
        );
        // One film in common is not a pattern.
        let once = ProfileInputs {
            signals: vec![watched(1, 1, NOW - DAY)],
            ..inputs
        };
        let rows = engine.rows(&Charts::default(), &once);
        assert!(rows.iter().all(|r| r.kind != "starring"));
    }

    #[test]
    fn a_profile_diversity_setting_overrides_the_trained_one() {
        let engine = Engine::train(&crowd(), catalogue(), &Config::default());
        let picks = |diversity| {
            let inputs = ProfileInputs {
                signals: vec![watched(1, 1, NOW - DAY), watched(1, 2, NOW - 2 * DAY)],
                now: Moment::utc(NOW),
                diversity,
                ..ProfileInputs::default()
            };
            let rows = engine.rows(&Charts::default(), &inputs);
            let row = rows
                .iter()
                .find(|r| r.kind == "top_picks")
                .expect("top picks");
            row.items.iter().map(|i| i.movie_id).collect::<Vec<i64>>()
        };
        // Relevance only: the two crime films the crowd watched with Heat and Casino lead.
        let mut relevant = picks(Some(0.0))[..2].to_vec();
        relevant.sort_unstable();
        assert_eq!(relevant, [3, 10]);
        // Novelty only: after the best crime film, the most dissimilar one (sci-fi).
        let diverse = picks(Some(1.0));
        assert!([3, 10].contains(&diverse[0]), "{diverse:?}");
        assert!([4, 5, 6, 8, 9].contains(&diverse[1]), "{diverse:?}");
    }

    #[test]
    fn time_of_day_lifts_the_genres_watched_at_this_hour() {
        let engine = Engine::train(&crowd(), catalogue(), &Config::default());
        // Sci-fi on Wednesday evenings, crime on Wednesday mornings.
        let signals = vec![
            watched(1, 4, NOW - 7 * DAY),
            watched(1, 5, NOW - 14 * DAY),
            watched(1, 1, NOW - 7 * DAY - 12 * 3600),
            watched(1, 2, NOW - 14 * DAY - 12 * 3600),
        ];
        let evening = ProfileInputs {
            signals: signals.clone(),
            now: Moment::utc(NOW),
            ..ProfileInputs::default()
        };
        let rows = engine.rows(&Charts::default(), &evening);
        let row = rows
            .iter()
            .find(|r| r.kind == "time_of_day")
            .expect("a time-of-day row");
        assert_eq!(row.title, "For your weekday evenings");
        let mut ids: Vec<i64> = row.items.iter().map(|i| i.movie_id).collect();
        ids.sort_unstable();
        assert_eq!(ids, [6, 8, 9], "{row:?}");
        for item in &row.items {
            assert_eq!(item.reason.kind, "time_of_day");
            assert_eq!(
                item.reason.text,
                "You often watch Sci-Fi on weekday evenings"
            );
        }
        // On a weekday morning the same history favours crime.
        let morning = ProfileInputs {
            signals: signals.clone(),
            now: Moment::utc(NOW - 12 * 3600),
            ..ProfileInputs::default()
        };
        let rows = engine.rows(&Charts::default(), &morning);
        let row = rows
            .iter()
            .find(|r| r.kind == "time_of_day")
            .expect("a morning row");
        let mut ids: Vec<i64> = row.items.iter().map(|i| i.movie_id).collect();
        ids.sort_unstable();
        assert_eq!(ids, [3, 10], "{row:?}");
        assert_eq!(row.title, "For your weekday mornings");
        // At night nothing was watched: no row.
        let night = ProfileInputs {
            signals,
            now: Moment::utc(NOW + 6 * 3600),
            ..ProfileInputs::default()
        };
        let rows = engine.rows(&Charts::default(), &night);
        assert!(rows.iter().all(|r| r.kind != "time_of_day"));
    }

    #[test]
    fn ease_is_left_out_over_the_budget() {
        let config = Config {
            ease_budget_bytes: 0,
            ..Config::default()
        };
        let engine = Engine::train(&crowd(), catalogue(), &config);
        assert!(!engine.models().contains(&"ease"));
        assert!(engine.left_out.as_deref().unwrap_or("").contains("budget"));
        let full = Engine::train(&crowd(), catalogue(), &Config::default());
        assert!(full.models().contains(&"ease"));
        assert!(full.left_out.is_none());
    }
}
