//! `marqueectl eval`: offline evaluation of the recommendation models on a train/test split in
//! the format of `shared/data/PROTOCOL.md`. Each model is trained on the train file and every
//! test user's list comes from the model's own `recommend`, the code path For You serves.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use marquee_recommend::Interactions;
use marquee_recommend::data::{self, DataError};
use marquee_recommend::eval::{self, Kind, Settings};
use marquee_recommend::metrics::Report;
use serde::Serialize;

use crate::context::Context;
use crate::output::{Render, Table};
use crate::report::{HintExt, hinted};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  marqueectl eval --train split/train.csv --test split/test.csv \\\n    \
    --movies movies.csv --tags tags.csv --model ease --model hybrid"
)]
pub struct Opts {
    /// Training interactions: CSV with header userId,movieId,rating,timestamp
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    train: PathBuf,

    /// Held-out interactions, same format; used only for scoring
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    test: PathBuf,

    /// Model to evaluate; repeat for several [default: all]
    #[arg(long = "model", value_name = "NAME", value_enum)]
    models: Vec<ModelName>,

    /// MovieLens movies.csv (genres, year) for the content model and the hybrid
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    movies: Option<PathBuf>,

    /// MovieLens tags.csv (free-text tags) for the content model and the hybrid
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    tags: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModelName {
    /// Most interactions overall (the protocol's self-check)
    Popular,
    /// Item-item cosine, 100 neighbours
    Knn,
    /// Implicit ALS, 128 factors
    Als,
    /// EASE item-item regression
    Ease,
    /// TF-IDF over genres, tags and decade (needs --movies or --tags)
    Content,
    /// The blend For You serves
    Hybrid,
}

impl ModelName {
    fn kind(self) -> Kind {
        match self {
            ModelName::Popular => Kind::Popular,
            ModelName::Knn => Kind::Knn,
            ModelName::Als => Kind::Als,
            ModelName::Ease => Kind::Ease,
            ModelName::Content => Kind::Content,
            ModelName::Hybrid => Kind::Hybrid,
        }
    }
}

#[derive(Debug, Serialize)]
struct EvalReport {
    train: String,
    test: String,
    users: usize,
    candidates: usize,
    models: Vec<ModelRow>,
}

#[derive(Debug, Serialize)]
struct ModelRow {
    model: &'static str,
    #[serde(flatten)]
    metrics: Report,
    train_seconds: f64,
}

impl Render for EvalReport {
    fn table(&self, table: &mut Table) {
        table.field("train", &self.train);
        table.field("test", &self.test);
        table.field("users", self.users.to_string());
        table.field("candidates", self.candidates.to_string());
        table.header([
            "model",
            "NDCG@10",
            "Recall@20",
            "Precision@10",
            "HitRate@10",
            "Coverage@10",
            "train s",
        ]);
        for row in &self.models {
            let m = &row.metrics;
            table.row([
                row.model.to_string(),
                format!("{:.4}", m.ndcg_at_10),
                format!("{:.4}", m.recall_at_20),
                format!("{:.4}", m.precision_at_10),
                format!("{:.4}", m.hit_rate_at_10),
                format!("{:.4}", m.coverage_at_10),
                format!("{:.2}", row.train_seconds),
            ]);
        }
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let train_rows = read(&opts.train, data::read_ratings)?;
    let test_rows = read(&opts.test, data::read_ratings)?;
    // Implicit feedback, as the protocol scores it: every rating is one interaction.
    let train = Interactions::new(&train_rows, |_| 1.0);
    let movies = match &opts.movies {
        Some(path) => read(path, data::read_movies)?,
        None => Vec::new(),
    };
    let tags = match &opts.tags {
        Some(path) => read(path, data::read_tags)?,
        None => Vec::new(),
    };
    let content = (opts.movies.is_some() || opts.tags.is_some())
        .then(|| data::item_content(&train, &movies, &tags));

    let mut kinds: Vec<Kind> = opts.models.iter().map(|m| m.kind()).collect();
    if kinds.is_empty() {
        kinds = Kind::ALL.to_vec();
        if content.is_none() {
            kinds.retain(|k| *k != Kind::Content);
        }
    }
    let trained =
        eval::train(&kinds, &train, content.as_deref(), &Settings::default()).with_hint(|err| {
            match err {
                eval::TrainError::NoContent => "pass --movies FILE and/or --tags FILE",
                eval::TrainError::Ease(_) => "the EASE regularisation must be positive",
            }
        })?;
    let models = trained
        .iter()
        .filter(|t| kinds.contains(&t.kind))
        .map(|t| ModelRow {
            model: t.kind.name(),
            metrics: eval::evaluate(t.model.as_ref(), &train, &test_rows),
            train_seconds: t.train_time.as_secs_f64(),
        })
        .collect::<Vec<_>>();
    let users = models.first().map_or(0, |m| m.metrics.users);
    ctx.output.data(&EvalReport {
        train: opts.train.display().to_string(),
        test: opts.test.display().to_string(),
        users,
        candidates: train.n_items(),
        models,
    })
}

/// Opens and parses one input file, naming it (and the line) in errors.
fn read<T>(
    path: &Path,
    parse: impl Fn(BufReader<File>) -> Result<T, DataError>,
) -> anyhow::Result<T> {
    let file = File::open(path)
        .with_hint(|_| "check the path; see `marqueectl eval --help` for the files it reads")
        .with_context(|| format!("cannot open {}", path.display()))?;
    parse(BufReader::new(file))
        .map_err(|err| {
            hinted(
                err.into(),
                "ratings need the header userId,movieId,rating,timestamp (PROTOCOL.md); \
                 movies movieId,title,genres; tags userId,movieId,tag,timestamp",
            )
        })
        .with_context(|| format!("cannot read {}", path.display()))
}
