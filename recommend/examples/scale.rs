//! The recommender at scale: a synthetic catalogue (by default 100,000 profiles × 20,000 movies ×
//! 10,000,000 interactions), trained and precomputed with the production code path
//! ([`Engine::train`], then [`Engine::rows_many`] over every profile in the server's chunks).
//! Prints the training steps, precompute time, ms per profile and peak RSS.
//!
//! ```text
//! cargo run --release -p marquee-recommend --example scale [-- PROFILES MOVIES INTERACTIONS]
//! ```
//!
//! The data is deterministic (a fixed seed): popularity follows a power law, and each profile
//! has a main and a second taste among 40 clusters that shape its movies, genres, people and
//! keywords, so the models have signal to find.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::time::Instant;

use marquee_recommend::engine::{
    Charts, Config, Engine, Moment, Movie, ProfileInputs, Signal, SignalKind,
};

type Error = Box<dyn std::error::Error>;

const CLUSTERS: usize = 40;
const GENRES: [&str; 20] = [
    "Action",
    "Adventure",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "History",
    "Horror",
    "Music",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
    "Biography",
    "Sport",
];
const LANGUAGES: [&str; 8] = ["en", "en", "en", "en", "fr", "es", "ja", "ko"];
const REGIONS: [&str; 5] = ["US", "GB", "FR", "ES", "JP"];
const PEOPLE: u64 = 30_000;
const WORDS: u64 = 3_000;
const KEYWORDS: u64 = 2_000;
/// The server's precompute chunk.
const CHUNK: usize = 256;
/// 2025-11-19 20:00 UTC.
const NOW: i64 = 1_763_582_400;
const DAY: i64 = 86_400;

/// SplitMix64: deterministic and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index below `n` skewed to the front: density ∝ x^(-0.6), a power law.
    fn popular(&mut self, n: usize) -> usize {
        ((self.unit().powf(2.5) * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// Peak resident memory so far (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn catalogue(rng: &mut Rng, n_movies: usize) -> (Vec<Movie>, Vec<Vec<i64>>) {
    let mut by_cluster: Vec<Vec<i64>> = vec![Vec::new(); CLUSTERS];
    let movies = (0..n_movies)
        .map(|i| {
            let id = i as i64 + 1;
            let cluster = rng.below(CLUSTERS as u64) as usize;
            by_cluster[cluster].push(id);
            let mut genres = vec![GENRES[cluster % GENRES.len()]];
            if rng.unit() < 0.6 {
                let other = GENRES[rng.below(GENRES.len() as u64) as usize];
                if !genres.contains(&other) {
                    genres.push(other);
                }
            }
            // People and keywords drawn mostly from the cluster's own pool, so they recur.
            let pool = |rng: &mut Rng, size: u64| {
                let per = size / CLUSTERS as u64;
                if rng.unit() < 0.8 {
                    cluster as u64 * per + rng.below(per)
                } else {
                    rng.below(size)
                }
            };
            let people: Vec<(i64, String)> = (0..5)
                .map(|_| {
                    let p = pool(rng, PEOPLE) as i64 + 1;
                    (p, format!("Person {p}"))
                })
                .collect();
            let directors = vec![people[0].0];
            let min_age = match rng.below(10) {
                0 => Some(18),
                1 | 2 => Some(16),
                3..=5 => Some(12),
                _ => None,
            };
            Movie {
                id,
                title: format!("Movie {id}"),
                year: Some(1950 + rng.below(76) as i32),
                min_age,
                language: Some(LANGUAGES[rng.below(LANGUAGES.len() as u64) as usize].to_owned()),
                overview: (0..12)
                    .map(|_| format!("w{}", pool(rng, WORDS)))
                    .collect::<Vec<_>>()
                    .join(" "),
                popularity: 0.0,
                genre_slugs: genres.iter().map(|g| g.to_lowercase()).collect(),
                genres: genres.iter().map(|g| (*g).to_owned()).collect(),
                keywords: (0..3)
                    .map(|_| format!("k{}", pool(rng, KEYWORDS)))
                    .collect(),
                people,
                directors,
            }
        })
        .collect();
    (movies, by_cluster)
}

/// Each profile's signals, grouped by profile (ids 1…n) and time-ordered.
fn interactions(
    rng: &mut Rng,
    n_profiles: usize,
    n_movies: usize,
    total: usize,
    by_cluster: &[Vec<i64>],
) -> (Vec<Signal>, Vec<usize>) {
    let mean = total as f64 / n_profiles as f64;
    let mut signals = Vec::with_capacity(total + total / 20);
    let mut starts = Vec::with_capacity(n_profiles + 1);
    let mut seen = HashSet::new();
    // The 10% of picks outside the profile's tastes: any movie, by global popularity.
    let anywhere: Vec<i64> = Vec::new();
    for p in 0..n_profiles {
        starts.push(signals.len());
        let profile_id = p as i64 + 1;
        let main = rng.below(CLUSTERS as u64) as usize;
        let second = rng.below(CLUSTERS as u64) as usize;
        // Exponential lengths with the requested mean, at least 5.
        let len = ((-(1.0 - rng.unit()).ln() * (mean - 5.0)) as usize + 5).min(n_movies / 2);
        seen.clear();
        let mut tries = 0;
        let mut at = NOW - 365 * DAY + rng.below(30 * DAY as u64) as i64;
        let step = (360 * DAY) / len as i64;
        while seen.len() < len && tries < 4 * len {
            tries += 1;
            let r = rng.unit();
            let cluster = if r < 0.7 {
                &by_cluster[main]
            } else if r < 0.9 {
                &by_cluster[second]
            } else {
                &anywhere
            };
            let movie = if cluster.is_empty() {
                rng.popular(n_movies) as i64 + 1
            } else {
                cluster[rng.popular(cluster.len())]
            };
            if !seen.insert(movie) {
                continue;
            }
            at += rng.below(step as u64 * 2 + 1) as i64;
            let (kind, value) = match rng.below(10) {
                0..=4 => (SignalKind::Rating, 4 + rng.below(7) as i32),
                5..=8 => (SignalKind::Watch, i32::from(rng.unit() < 0.85)),
                _ => (SignalKind::WatchlistAdd, 1),
            };
            let at = at.min(NOW - 60);
            signals.push(Signal {
                kind,
                profile_id,
                movie_id: movie,
                value,
                at,
                local: Moment::utc(at),
            });
        }
    }
    starts.push(signals.len());
    (signals, starts)
}

fn main() -> Result<(), Error> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.replace('_', "").parse::<usize>())
        .collect::<Result<_, _>>()?;
    let (n_profiles, n_movies, n_interactions) = match args[..] {
        [] => (100_000, 20_000, 10_000_000),
        [p, m, i] => (p, m, i),
        _ => return Err("usage: scale [PROFILES MOVIES INTERACTIONS]".into()),
    };
    let mut out = std::io::stdout().lock();
    let threads = rayon::current_num_threads();
    writeln!(
        out,
        "scale: {n_profiles} profiles × {n_movies} movies × {n_interactions} interactions (target), {threads} threads"
    )?;

    let started = Instant::now();
    let mut rng = Rng(0x5eed_cafe);
    let (mut movies, by_cluster) = catalogue(&mut rng, n_movies);
    let (signals, starts) =
        interactions(&mut rng, n_profiles, n_movies, n_interactions, &by_cluster);
    let mut counts: HashMap<i64, f64> = HashMap::new();
    for s in &signals {
        *counts.entry(s.movie_id).or_default() += 1.0;
    }
    for m in &mut movies {
        m.popularity = counts.get(&m.id).copied().unwrap_or(0.0);
    }
    let mut ranked: Vec<(i64, f64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut charts = Charts::default();
    charts
        .trending
        .insert(None, ranked.iter().take(100).copied().collect());
    for (k, region) in REGIONS.iter().enumerate() {
        let list = ranked.iter().skip(k * 7).take(100).copied().collect();
        charts.trending.insert(Some((*region).to_owned()), list);
    }
    charts.new_releases = (0..100).map(|k| n_movies as i64 - k).collect();
    writeln!(
        out,
        "generated {} signals in {:.1} s (peak RSS {:.0} MiB)",
        signals.len(),
        started.elapsed().as_secs_f64(),
        peak_rss_mib()
    )?;

    let train_started = Instant::now();
    let engine = Engine::train(&signals, movies, &Config::default());
    let train_s = train_started.elapsed().as_secs_f64();
    for (step, took) in &engine.timings {
        writeln!(out, "  train {step:<18} {:>8.2} s", took.as_secs_f64())?;
    }
    writeln!(out, "  models: {}", engine.models().join(", "))?;
    if let Some(note) = &engine.left_out {
        writeln!(out, "  {note}")?;
    }
    writeln!(
        out,
        "train {train_s:.1} s (peak RSS {:.0} MiB)",
        peak_rss_mib()
    )?;

    let precompute_started = Instant::now();
    let (mut rows, mut items) = (0usize, 0usize);
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let profiles: Vec<usize> = (0..n_profiles).collect();
    for chunk in profiles.chunks(CHUNK) {
        let inputs: Vec<ProfileInputs> = chunk
            .iter()
            .map(|&p| {
                let mut local = Rng(p as u64 ^ 0xabcd);
                ProfileInputs {
                    signals: signals[starts[p]..starts[p + 1]].to_vec(),
                    maturity_limit: (p % 10 == 0).then_some(12),
                    not_interested: vec![
                        local.below(n_movies as u64) as i64 + 1,
                        local.below(n_movies as u64) as i64 + 1,
                    ],
                    in_progress: vec![(local.below(n_movies as u64) as i64 + 1, 1200, 6000)],
                    genres: vec![GENRES[p % GENRES.len()].to_lowercase()],
                    languages: vec!["en".to_owned()],
                    country: Some(REGIONS[p % REGIONS.len()].to_owned()),
                    now: Moment::utc(NOW),
                    diversity: None,
                }
            })
            .collect();
        for profile_rows in engine.rows_many(&charts, &inputs) {
            rows += profile_rows.len();
            for row in profile_rows {
                items += row.items.len();
                *kinds.entry(row.kind).or_default() += 1;
            }
        }
    }
    let precompute_s = precompute_started.elapsed().as_secs_f64();
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort();
    for (kind, n) in &kinds {
        writeln!(out, "  rows {kind:<20} {n}")?;
    }
    writeln!(
        out,
        "precompute {precompute_s:.1} s for {n_profiles} profiles: {:.2} ms/profile wall, {:.2} ms/profile per thread; {rows} rows, {items} items",
        precompute_s * 1000.0 / n_profiles as f64,
        precompute_s * 1000.0 * threads as f64 / n_profiles as f64,
    )?;
    writeln!(
        out,
        "total {:.1} s (train + precompute {:.1} s), peak RSS {:.0} MiB",
        started.elapsed().as_secs_f64(),
        train_s + precompute_s,
        peak_rss_mib()
    )?;
    Ok(())
}
