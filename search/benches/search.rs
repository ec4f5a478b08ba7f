//! In-process search latency: suggest and search p50/p99 over the ml-latest-small + IMDb
//! catalogue and over a synthetic 1,000,000-title catalogue, plus the 1M index build time and
//! memory. Run: `cargo bench -p marquee-search --features testkit --bench search`.
//!
//! Criterion reports the mean per query over a fixed rotation of queries; the p50/p99 lines come
//! from timing every query of the rotation one by one (criterion has no percentiles).
//! `MARQUEE_BENCH_TITLES` changes the synthetic size (default 1,000,000).
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use marquee_search::testkit::{
    QueryMode, Rng, load_shared_catalogue, quality_cases, shared_data_dir, synthetic_catalogue,
};
use marquee_search::{Document, SearchIndex, SearchRequest};

const SEED: u64 = 6;

/// Suggest queries as a user types them: every prefix of a title (1 to 24 characters), some with
/// a typo; search queries: titles and names with one or two typos.
struct Workload {
    suggest: Vec<String>,
    search: Vec<String>,
}

fn workload(catalogue: &[Document], seed: u64) -> Workload {
    let mut rng = Rng::new(seed);
    let mut suggest = Vec::new();
    for _ in 0..150 {
        let title = match &catalogue[rng.below(catalogue.len())] {
            Document::Movie(movie) => movie.title.to_lowercase(),
            Document::Person(person) => person.name.to_lowercase(),
        };
        let chars: Vec<char> = title.chars().take(24).collect();
        for len in 1..=chars.len() {
            let prefix: String = chars[..len].iter().collect();
            if !prefix.trim().is_empty() {
                suggest.push(prefix);
            }
        }
    }
    let cases = quality_cases(catalogue, seed, 600);
    let search = cases
        .iter()
        .filter(|case| case.mode == QueryMode::Search)
        .map(|case| case.query.clone())
        .collect();
    suggest.extend(
        cases
            .iter()
            .filter(|case| case.mode == QueryMode::Suggest)
            .map(|case| case.query.clone()),
    );
    Workload { suggest, search }
}

fn percentiles(label: &str, queries: &[String], mut run: impl FnMut(&str)) {
    for query in queries.iter().take(50) {
        run(query);
    }
    let mut timed: Vec<(Duration, &str)> = queries
        .iter()
        .map(|query| {
            let start = Instant::now();
            run(query);
            (start.elapsed(), query.as_str())
        })
        .collect();
    timed.sort();
    let times: Vec<Duration> = timed.iter().map(|(time, _)| *time).collect();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let slowest: Vec<&str> = timed
        .iter()
        .rev()
        .take(5)
        .map(|(_, query)| *query)
        .collect();
    println!(
        "{label}: {} queries, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; slowest {slowest:?}",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}

/// Current and peak resident memory of this process, from /proc (Linux).
fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".to_owned(), |kb| format!("{} MiB", kb / 1024))
    };
    format!("RSS {} (peak {})", field("VmRSS:"), field("VmHWM:"))
}

fn bench_catalogue(c: &mut Criterion, name: &str, index: &SearchIndex, work: &Workload) {
    percentiles(&format!("{name} suggest"), &work.suggest, |q| {
        black_box(index.suggest(q).unwrap());
    });
    percentiles(&format!("{name} search"), &work.search, |q| {
        black_box(index.search(&SearchRequest::new(q)).unwrap());
    });
    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    let mut i = 0;
    group.bench_function("suggest", |b| {
        b.iter(|| {
            i = (i + 1) % work.suggest.len();
            black_box(index.suggest(&work.suggest[i]).unwrap())
        })
    });
    let mut i = 0;
    group.bench_function("search", |b| {
        b.iter(|| {
            i = (i + 1) % work.search.len();
            black_box(index.search(&SearchRequest::new(&work.search[i])).unwrap())
        })
    });
    group.finish();
}

fn shared(c: &mut Criterion) {
    let dir = shared_data_dir();
    if !dir.join("ml-latest-small/movies.csv").exists() {
        println!(
            "ml-latest-small SKIPPED: no shared data at {}",
            dir.display()
        );
        return;
    }
    let catalogue = load_shared_catalogue(&dir).unwrap();
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(catalogue.clone()).unwrap();
    let work = workload(&catalogue, SEED);
    println!(
        "ml-latest-small + imdb-top-1000: {} documents",
        catalogue.len()
    );
    bench_catalogue(c, "ml_small", &index, &work);
}

fn synthetic(c: &mut Criterion) {
    let titles: usize = std::env::var("MARQUEE_BENCH_TITLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    println!("before build: {}", rss());
    let start = Instant::now();
    let count = index.rebuild(synthetic_catalogue(titles, SEED)).unwrap();
    let build = start.elapsed();
    let bytes: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .map(|meta| meta.len())
        .sum();
    println!(
        "synthetic {titles} titles: {count} documents indexed on disk in {:.1} s, index {} MiB, \
         after build: {}",
        build.as_secs_f64(),
        bytes / (1024 * 1024),
        rss()
    );
    // Queries are drawn from a regenerated 1-in-N sample of the same catalogue.
    let sample: Vec<Document> = synthetic_catalogue(titles, SEED)
        .step_by((titles / 50_000).max(1))
        .collect();
    let work = workload(&sample, SEED);
    bench_catalogue(c, "synthetic_1m", &index, &work);
    println!("after queries: {}", rss());
}

criterion_group!(benches, shared, synthetic);
criterion_main!(benches);
