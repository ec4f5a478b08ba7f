//! Training wall time of the collaborative models on one train file, each model timed several
//! times in turn within one process so that machine load (the development VM's 2 cores are
//! shared) hits every model alike; compare ratios, not absolute seconds:
//!
//! ```text
//! cargo run --release -p marquee-recommend --example train_time -- \
//!     shared/data/ml-latest-small/split/train.csv [REPEATS] [MODEL]
//! ```
//!
//! With MODEL (`popular`, `knn`, `ease`, `als`, `als-cg`) only that model is timed, for
//! profiling.
//!
//! Also prints both ALS solvers' quality on a validation split carved from the train file by
//! the protocol's split rule (never on test.csv), to show the faster solver ranks alike.

use std::fs::File;
use std::io::{BufReader, Write};
use std::time::{Duration, Instant};

use marquee_recommend::data;
use marquee_recommend::eval::evaluate;
use marquee_recommend::models::{als, ease, knn, popular};
use marquee_recommend::{Interactions, Model};

type Error = Box<dyn std::error::Error>;

/// The variants timed, by label.
const MODELS: [&str; 5] = ["popular", "knn", "ease", "als", "als-cg"];

fn cg() -> als::Config {
    als::Config {
        solver: als::Solver::ConjugateGradient,
        ..als::Config::default()
    }
}

fn train_model(label: &str, data: &Interactions) -> Result<Box<dyn Model>, Error> {
    Ok(match label {
        "popular" => Box::new(popular::Popular::train(data)),
        "knn" => Box::new(knn::Knn::train(data, knn::Config::default())),
        "ease" => Box::new(ease::Ease::train(data, ease::Config::default())?),
        "als" => Box::new(als::Als::train(data, als::Config::default())),
        "als-cg" => Box::new(als::Als::train(data, cg())),
        _ => return Err(format!("unknown model {label}").into()),
    })
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default()
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let [_, train_path, rest @ ..] = args.as_slice() else {
        return Err("usage: train_time TRAIN.csv [REPEATS] [MODEL]".into());
    };
    let repeats: usize = rest.first().map_or(Ok(5), |r| r.parse())?;
    let rows = data::read_ratings(BufReader::new(File::open(train_path)?))?;
    let train = Interactions::new(&rows, |_| 1.0);
    let mut out = std::io::stdout();
    if let Some(only) = rest.get(1) {
        for _ in 0..repeats {
            let start = Instant::now();
            train_model(only, &train)?;
            writeln!(out, "{only} {:.3}s", start.elapsed().as_secs_f64())?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{} users × {} items, {} interactions; load average before: {}",
        train.n_users(),
        train.n_items(),
        train.len(),
        load_average().trim()
    )?;

    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); MODELS.len()];
    for _ in 0..repeats {
        for (label, t) in MODELS.iter().zip(&mut times) {
            let start = Instant::now();
            let model = train_model(label, &train)?;
            t.push(start.elapsed());
            drop(model);
        }
    }
    let median = |t: &mut Vec<Duration>| {
        t.sort();
        t[t.len() / 2].as_secs_f64()
    };
    let medians: Vec<f64> = times.iter_mut().map(median).collect();
    let ease_median = medians[2];
    writeln!(
        out,
        "{:<12} {:>9} {:>9} {:>9}",
        "model", "median s", "min s", "÷ ease"
    )?;
    for ((label, t), m) in MODELS.iter().zip(&times).zip(&medians) {
        writeln!(
            out,
            "{label:<12} {m:>9.3} {:>9.3} {:>9.2}",
            t[0].as_secs_f64(),
            m / ease_median
        )?;
    }
    writeln!(out, "load average after: {}", load_average().trim())?;

    let (fit_rows, valid) = data::split(&rows);
    let fit = Interactions::new(&fit_rows, |_| 1.0);
    for label in ["als", "als-cg"] {
        let r = evaluate(train_model(label, &fit)?.as_ref(), &fit, &valid);
        writeln!(
            out,
            "validation {label:<12} NDCG@10 {:.4} Recall@20 {:.4} Coverage@10 {:.4}",
            r.ndcg_at_10, r.recall_at_20, r.coverage_at_10
        )?;
    }
    Ok(())
}
