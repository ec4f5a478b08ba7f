//! Tunes hyperparameters on a validation split carved from train.csv by the protocol's own split
//! rule, so test.csv is never looked at:
//!
//! ```text
//! cargo run --release -p marquee-recommend --example tune -- \
//!     shared/data/ml-latest-small/split/train.csv shared/data/ml-latest-small/movies.csv \
//!     shared/data/ml-latest-small/tags.csv [STAGE]
//! ```
//!
//! STAGE is `ease`, `knn`, `als` or `hybrid` (default: all of them). The hybrid stage scores
//! each `GRID` entry (`ease,als,knn,content,popular,recency,half_life,diversity;…`); an EASE
//! weight of 0 leaves EASE out, which is how the blend for catalogues over the EASE memory
//! budget (`Weights::without_ease`) was tuned.

use std::fs::File;
use std::io::{BufReader, Write};
use std::sync::Arc;
use std::time::Instant;

use marquee_recommend::data;
use marquee_recommend::eval::evaluate;
use marquee_recommend::metrics::Report;
use marquee_recommend::models::content::Content;
use marquee_recommend::models::hybrid::{self, Hybrid, Weights};
use marquee_recommend::models::{als, ease, knn};
use marquee_recommend::{Interactions, Model, Rating};

type Error = Box<dyn std::error::Error>;

fn line(label: &str, r: &Report, seconds: f64) -> Result<(), Error> {
    writeln!(
        std::io::stdout(),
        "{label:<60} ndcg {:.4} recall {:.4} cov {:.4} ({seconds:.2}s)",
        r.ndcg_at_10,
        r.recall_at_20,
        r.coverage_at_10
    )?;
    Ok(())
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let [_, train_path, movies_path, tags_path, rest @ ..] = args.as_slice() else {
        return Err("usage: tune TRAIN.csv MOVIES.csv TAGS.csv [STAGE]".into());
    };
    let stage = rest.first().map_or("all", String::as_str);
    let rows = data::read_ratings(BufReader::new(File::open(train_path)?))?;
    let (fit_rows, valid): (Vec<Rating>, Vec<Rating>) = data::split(&rows);
    let fit = Interactions::new(&fit_rows, |_| 1.0);
    let movies = data::read_movies(BufReader::new(File::open(movies_path)?))?;
    let tags = data::read_tags(BufReader::new(File::open(tags_path)?))?;
    let content = data::item_content(&fit, &movies, &tags);
    let all = stage == "all";

    let timed = |label: &str, model: &dyn Model| -> Result<Report, Error> {
        let start = Instant::now();
        let r = evaluate(model, &fit, &valid);
        line(label, &r, start.elapsed().as_secs_f64())?;
        Ok(r)
    };

    if all || stage == "ease" {
        for lambda in [100.0, 250.0, 500.0, 1000.0] {
            let m = ease::Ease::train(&fit, ease::Config { lambda })?;
            timed(&format!("ease lambda={lambda}"), &m)?;
        }
    }
    if all || stage == "knn" {
        for by_target in [false, true] {
            for k in [50, 100, 200] {
                let m = knn::Knn::train(&fit, knn::Config { k, by_target });
                timed(&format!("knn k={k} by_target={by_target}"), &m)?;
            }
        }
    }
    if all || stage == "als" {
        // "alpha,regularization,iterations,cg_steps;…"
        let grid = std::env::var("ALS").unwrap_or_else(|_| "1,10,15,3;5,10,15,3".into());
        for spec in grid.split(';').filter(|s| !s.is_empty()) {
            let v: Vec<f32> = spec.split(',').map(str::parse).collect::<Result<_, _>>()?;
            let [alpha, regularization, iterations, cg_steps] = v[..] else {
                return Err(format!("bad ALS entry {spec}").into());
            };
            let start = Instant::now();
            let m = als::Als::train(
                &fit,
                als::Config {
                    alpha,
                    regularization,
                    iterations: iterations as usize,
                    cg_steps: cg_steps as usize,
                    ..als::Config::default()
                },
            );
            let t = start.elapsed().as_secs_f64();
            let r = evaluate(&m, &fit, &valid);
            line(&format!("als {spec} (train {t:.2}s)"), &r, 0.0)?;
        }
    }
    if all || stage == "hybrid" {
        let c = Arc::new(Content::train(&content));
        timed("content", c.as_ref())?;
        let parts: Vec<Arc<dyn Model>> = vec![
            Arc::new(ease::Ease::train(&fit, ease::Config::default())?),
            Arc::new(als::Als::train(&fit, als::Config::default())),
            Arc::new(knn::Knn::train(&fit, knn::Config::default())),
            Arc::new(marquee_recommend::models::popular::Popular::train(&fit)),
            c.clone(),
        ];
        let base = hybrid::Config::default();
        let grid = std::env::var("GRID").unwrap_or_default();
        for spec in grid.split(';').filter(|s| !s.is_empty()) {
            // "ease,als,knn,content,popular,recency,half_life,diversity"
            let v: Vec<f32> = spec.split(',').map(str::parse).collect::<Result<_, _>>()?;
            let [
                ease,
                als,
                knn,
                content,
                popular,
                recency,
                recency_half_life,
                diversity,
            ] = v[..]
            else {
                return Err(format!("bad grid entry {spec}").into());
            };
            let config = hybrid::Config {
                weights: Weights {
                    ease,
                    als,
                    knn,
                    content,
                    popular,
                },
                recency,
                recency_half_life,
                diversity,
                ..base
            };
            let h = Hybrid::new(&parts, Some(c.clone()), config);
            timed(&format!("hybrid {spec}"), &h)?;
        }
    }
    Ok(())
}
