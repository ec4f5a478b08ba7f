//! Analytics and A/B experiments (issue 11): the rules shared by the handlers, the analytics job
//! and `marqueectl stats|experiments` (one copy each).
//!
//! - **Assignment** ([`assign`]): SHA-256 of `experiment key` + profile id → a bucket in [0, 1)
//!   → the variant whose cumulative share covers it. Deterministic and sticky without storing
//!   anything (the same profile gets the same variant on every server, for as long as the
//!   experiment's variants stay as created; they cannot be edited).
//! - **Variant configs** ([`VariantConfig`]): what a variant changes in For You (the diversity
//!   of the MMR re-rank). The running experiment's variant overrides the rolled-out config,
//!   which overrides the engine default.
//! - **Results** ([`results`]): per variant impressions, clicks, CTR, and CTR minus the
//!   control's with a 95% confidence interval (two-proportion normal approximation,
//!   unpooled standard error; the normal quantile from `statrs`).
//! - **Stats** ([`stats`]): `marquee_db::queries::analytics::stats` mapped to the wire type.
//! - The in-process view of the running experiment ([`Experiments`]), re-read from the database
//!   at most every [`RELOAD_AFTER`] (other processes, `marqueectl experiments`, change it too),
//!   and at once after this server's own admin changes.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use http::StatusCode;
use marquee_api::analytics as wire;
use marquee_db::DbConn;
use marquee_db::models::{Experiment, ExperimentVariant};
use marquee_db::queries::analytics::{self as q, ExperimentRow, VariantSpec};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// How long the in-process view of the running experiment is trusted.
pub const RELOAD_AFTER: Duration = Duration::from_secs(5);
/// Most variants in one experiment.
pub const MAX_VARIANTS: usize = 10;
/// Longest experiment or variant key.
pub const MAX_KEY_CHARS: usize = 64;

// ---------------------------------------------------------------------------------------------
// Assignment

/// The bucket in [0, 1) of a profile in an experiment: the first 53 bits of
/// SHA-256(`key` 0x00 `profile_id`).
pub fn bucket(experiment_key: &str, profile_id: i64) -> f64 {
    let mut hash = Sha256::new();
    hash.update(experiment_key.as_bytes());
    hash.update([0]);
    hash.update(profile_id.to_string().as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) >> 11) as f64 / (1u64 << 53) as f64
}

/// The index of the variant a profile gets, from the variants' shares in thousandths (in
/// variant order; they sum to 1000).
pub fn assign(experiment_key: &str, profile_id: i64, shares_permille: &[i16]) -> usize {
    let point = bucket(experiment_key, profile_id) * 1000.0;
    let mut upto = 0.0;
    for (i, share) in shares_permille.iter().enumerate() {
        upto += f64::from(*share);
        if point < upto {
            return i;
        }
    }
    shares_permille.len().saturating_sub(1)
}

// ---------------------------------------------------------------------------------------------
// Variant configs and experiment validation

/// What a variant changes in For You. Unknown keys are refused (a typo would silently test
/// nothing).
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantConfig {
    /// MMR trade-off of the personal rows, 0 (relevance only) to 1.
    pub diversity: Option<f32>,
}

impl VariantConfig {
    /// Parses and checks a config; the error says what is wrong.
    pub fn parse(value: &serde_json::Value) -> Result<VariantConfig, String> {
        if value.is_null() {
            return Ok(VariantConfig::default());
        }
        if !value.is_object() {
            return Err("must be a JSON object such as {\"diversity\": 0.5}".to_owned());
        }
        let config: VariantConfig = serde_json::from_value(value.clone())
            .map_err(|e| format!("{e} (accepted keys: diversity)"))?;
        if let Some(d) = config.diversity
            && !(0.0..=1.0).contains(&d)
        {
            return Err("diversity must be from 0 to 1".to_owned());
        }
        Ok(config)
    }

    /// The stored JSON (always an object).
    fn from_stored(config: &str) -> VariantConfig {
        serde_json::from_str(config).unwrap_or_default()
    }

    /// `other`'s settings where it has them, else ours.
    fn overridden_by(self, other: VariantConfig) -> VariantConfig {
        VariantConfig {
            diversity: other.diversity.or(self.diversity),
        }
    }
}

fn key_rule(key: &str) -> Option<String> {
    let ok = !key.is_empty()
        && key.chars().count() <= MAX_KEY_CHARS
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    (!ok).then(|| {
        format!("must be 1–{MAX_KEY_CHARS} characters of a-z, 0-9, `_` and `-` (e.g. `diversity-2026-11`)")
    })
}

/// Checks a new experiment; the variants to store, or each bad field with its rule.
pub fn validate(new: &wire::NewExperiment) -> Result<Vec<VariantSpec>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    if let Some(rule) = key_rule(&new.key) {
        errors.push(("key".to_owned(), rule));
    } else if new.key.parse::<i64>().is_ok() {
        errors.push((
            "key".to_owned(),
            "must not be a number (numbers name experiments by id)".to_owned(),
        ));
    }
    if new.description.chars().count() > 500 {
        errors.push((
            "description".to_owned(),
            "must be at most 500 characters".to_owned(),
        ));
    }
    if !(2..=MAX_VARIANTS).contains(&new.variants.len()) {
        errors.push((
            "variants".to_owned(),
            format!("give 2 to {MAX_VARIANTS} variants (the first is the control)"),
        ));
    }
    let mut specs = Vec::new();
    let mut total = 0i32;
    for (i, v) in new.variants.iter().enumerate() {
        if let Some(rule) = key_rule(&v.key) {
            errors.push((format!("variants[{i}].key"), rule));
        } else if new.variants[..i].iter().any(|o| o.key == v.key) {
            errors.push((
                format!("variants[{i}].key"),
                format!(
                    "`{}` is used by an earlier variant; keys must differ",
                    v.key
                ),
            ));
        }
        let permille = (v.share * 1000.0).round();
        if !v.share.is_finite() || !(0.0..=1.0).contains(&v.share) {
            errors.push((
                format!("variants[{i}].share"),
                "must be a fraction from 0 to 1".to_owned(),
            ));
        } else if (v.share * 1000.0 - permille).abs() > 1e-6 {
            errors.push((
                format!("variants[{i}].share"),
                "must be a whole number of thousandths (e.g. 0.5, 0.333)".to_owned(),
            ));
        }
        total += permille as i32;
        match VariantConfig::parse(&v.config) {
            Ok(_) => {}
            Err(rule) => errors.push((format!("variants[{i}].config"), rule)),
        }
        specs.push(VariantSpec {
            key: v.key.clone(),
            share_permille: permille.clamp(0.0, 1000.0) as i16,
            config: if v.config.is_null() {
                "{}".to_owned()
            } else {
                v.config.to_string()
            },
        });
    }
    if errors.is_empty() && total != 1000 {
        errors.push((
            "variants".to_owned(),
            format!(
                "the shares must sum to 1 (they sum to {})",
                f64::from(total) / 1000.0
            ),
        ));
    }
    if errors.is_empty() {
        Ok(specs)
    } else {
        Err(errors)
    }
}

/// Creates and starts an experiment: 400 for a bad spec, 409 while another runs or when the
/// key is taken.
pub fn create(conn: &mut DbConn, new: &wire::NewExperiment) -> ApiResult<wire::Experiment> {
    let specs = validate(new).map_err(ApiError::validation)?;
    marquee_db::write_transaction(conn, |conn| {
        if let Some((running, _)) = q::running_experiment(conn)? {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "experiment_running",
                format!(
                    "experiment `{}` is running; stop it or roll it out first (one experiment runs at a time)",
                    running.key
                ),
            ));
        }
        if q::find_experiment(conn, &new.key)?.is_some() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                format!(
                    "an experiment with key `{}` exists; pick another key",
                    new.key
                ),
            ));
        }
        let row = q::create_experiment(conn, &new.key, &new.description, &specs)?;
        Ok(experiment(&row))
    })
}

fn find(conn: &mut DbConn, id_or_key: &str) -> ApiResult<ExperimentRow> {
    q::find_experiment(conn, id_or_key)?.ok_or_else(|| ApiError::not_found("experiment"))
}

/// Stops a running experiment: 409 when it is not running.
pub fn stop(conn: &mut DbConn, id_or_key: &str) -> ApiResult<wire::Experiment> {
    marquee_db::write_transaction(conn, |conn| {
        let (e, _) = find(conn, id_or_key)?;
        if q::stop_experiment(conn, e.id)? == 0 {
            return Err(not_running(&e));
        }
        Ok(experiment(&find(conn, id_or_key)?))
    })
}

fn not_running(e: &Experiment) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "experiment_not_running",
        format!("experiment `{}` is {}, not running", e.key, e.status),
    )
}

/// Rolls a variant out to everyone (a running or stopped experiment): 404 for an unknown
/// variant, 409 when already rolled out.
pub fn rollout(conn: &mut DbConn, id_or_key: &str, variant: &str) -> ApiResult<wire::Experiment> {
    marquee_db::write_transaction(conn, |conn| {
        let (e, variants) = find(conn, id_or_key)?;
        if e.status == "rolled_out" {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "experiment_rolled_out",
                format!("experiment `{}` is already rolled out", e.key),
            ));
        }
        let Some(v) = variants.iter().find(|v| v.key == variant) else {
            let keys: Vec<&str> = variants.iter().map(|v| v.key.as_str()).collect();
            return Err(ApiError::validation([(
                "variant".to_owned(),
                format!(
                    "no variant `{variant}` in `{}`; accepted: {}",
                    e.key,
                    keys.join(", ")
                ),
            )]));
        };
        q::rollout_experiment(conn, e.id, v.id)?;
        Ok(experiment(&find(conn, id_or_key)?))
    })
}

/// Every experiment, newest first.
pub fn list(conn: &mut DbConn) -> ApiResult<Vec<wire::Experiment>> {
    Ok(q::list_experiments(conn)?.iter().map(experiment).collect())
}

/// The wire shape of an experiment.
pub fn experiment((e, variants): &ExperimentRow) -> wire::Experiment {
    wire::Experiment {
        id: e.id,
        key: e.key.clone(),
        description: e.description.clone(),
        status: e.status.clone(),
        started_at: e.started_at.map(|t| t.and_utc()),
        stopped_at: e.stopped_at.map(|t| t.and_utc()),
        rolled_out_variant: e
            .rolled_out_variant_id
            .and_then(|id| variants.iter().find(|v| v.id == id))
            .map(|v| v.key.clone()),
        variants: variants.iter().map(variant).collect(),
    }
}

fn variant(v: &ExperimentVariant) -> wire::Variant {
    wire::Variant {
        id: v.id,
        key: v.key.clone(),
        share: f64::from(v.traffic_share_permille) / 1000.0,
        config: serde_json::from_str(&v.config).unwrap_or(serde_json::Value::Null),
    }
}

// ---------------------------------------------------------------------------------------------
// Results

/// CTR difference of `b` over `a` (b − a) with its 95% confidence interval, from impressions
/// and clicks: `None` without impressions on either side.
pub fn ctr_difference(a: (u64, u64), b: (u64, u64)) -> Option<(f64, f64, f64)> {
    let (na, nb) = (a.0 as f64, b.0 as f64);
    if na == 0.0 || nb == 0.0 {
        return None;
    }
    let (pa, pb) = (a.1 as f64 / na, b.1 as f64 / nb);
    let se = (pa * (1.0 - pa) / na + pb * (1.0 - pb) / nb).sqrt();
    let z = Normal::new(0.0, 1.0).ok()?.inverse_cdf(0.975);
    let diff = pb - pa;
    Some((diff, diff - z * se, diff + z * se))
}

/// An experiment and its results per variant (the first variant is the control).
pub fn results(conn: &mut DbConn, id_or_key: &str) -> ApiResult<wire::ExperimentResults> {
    let row = find(conn, id_or_key)?;
    let counts = q::variant_counts(conn, row.0.id)?;
    let of = |key: &str| {
        let (i, c) = counts.get(key).copied().unwrap_or((0, 0));
        (u64::try_from(i).unwrap_or(0), u64::try_from(c).unwrap_or(0))
    };
    let control = row.1.first().map(|v| v.key.clone()).unwrap_or_default();
    let base = of(&control);
    let results = row
        .1
        .iter()
        .map(|v| {
            let (impressions, clicks) = of(&v.key);
            let diff = (v.key != control)
                .then(|| ctr_difference(base, (impressions, clicks)))
                .flatten();
            wire::VariantResult {
                key: v.key.clone(),
                impressions,
                clicks,
                ctr: q::ctr(impressions as i64, clicks as i64),
                diff_vs_control: diff.map(|d| d.0),
                ci_low: diff.map(|d| d.1),
                ci_high: diff.map(|d| d.2),
                significant: diff.is_some_and(|(_, lo, hi)| lo > 0.0 || hi < 0.0),
            }
        })
        .collect();
    Ok(wire::ExperimentResults {
        experiment: experiment(&row),
        control,
        results,
    })
}

// ---------------------------------------------------------------------------------------------
// Stats

/// A window start: `7d` (days before `now`), a date (`2026-11-01`, midnight UTC) or an RFC 3339
/// time. The error is the rule, for `since` / `--since`.
pub fn parse_since(value: &str, now: NaiveDateTime) -> Result<NaiveDateTime, String> {
    let value = value.trim();
    let rule = || {
        format!(
            "`{value}` is not a window start; give days back (`7d`), a date (`2026-11-01`) or an RFC 3339 time"
        )
    };
    if let Some(days) = value.strip_suffix('d') {
        let days: i64 = days.parse().map_err(|_| rule())?;
        if !(0..=36_500).contains(&days) {
            return Err(rule());
        }
        return Ok(now - chrono::TimeDelta::days(days));
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(date.and_time(chrono::NaiveTime::MIN));
    }
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.naive_utc())
        .map_err(|_| rule())
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn funnel(f: &q::Funnel) -> wire::Funnel {
    wire::Funnel {
        impressions: count(f.impressions),
        clicks: count(f.clicks),
        ctr: f.ctr(),
    }
}

/// The metrics over events in `[since, now]`, computed now.
pub fn stats(
    conn: &mut DbConn,
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> ApiResult<wire::Stats> {
    let s = q::stats(conn, since, now)?;
    Ok(wire::Stats {
        since: s.since.and_utc(),
        computed_at: s.now.and_utc(),
        events: count(s.events),
        ctr_by_row: s
            .by_row
            .iter()
            .map(|(k, f)| (k.clone(), funnel(f)))
            .collect(),
        ctr_by_algorithm: s
            .by_algorithm
            .iter()
            .map(|((algorithm, variant), f)| wire::AlgorithmFunnel {
                algorithm: algorithm.clone(),
                variant: variant.clone(),
                funnel: funnel(f),
            })
            .collect(),
        search: wire::SearchStats {
            searches: count(s.searches),
            zero_result: count(s.zero_result_searches),
            zero_result_rate: s.zero_result_rate(),
            clicks: count(s.search_clicks),
            mean_click_position: s.mean_click_position,
        },
        dau: count(s.dau),
        mau: count(s.mau),
        daily_active: s
            .daily_active
            .iter()
            .map(|(day, n)| wire::DailyActive {
                day: *day,
                profiles: count(*n),
            })
            .collect(),
        retention: s
            .retention
            .iter()
            .map(|r| wire::RetentionStat {
                day: r.day,
                cohort: count(r.cohort),
                retained: count(r.retained),
                rate: r.rate(),
            })
            .collect(),
        plays: count(s.plays),
        completions: count(s.completions),
        completion_rate: s.completion_rate(),
        top_movies: s
            .top_movies
            .iter()
            .map(|(id, title, n)| wire::TopMovie {
                movie_id: *id,
                title: title.clone(),
                count: count(*n),
            })
            .collect(),
        top_queries: s
            .top_queries
            .iter()
            .map(|(query, n)| wire::TopQuery {
                query: query.clone(),
                count: count(*n),
            })
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// The running experiment, in process

/// The experiment arm a profile is in.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub experiment_id: i64,
    pub experiment: String,
    pub variant: String,
}

impl Arm {
    pub fn wire(&self) -> wire::ExperimentArm {
        wire::ExperimentArm {
            experiment: self.experiment.clone(),
            variant: self.variant.clone(),
        }
    }
}

/// What For You serves a profile with: the arm (while an experiment runs) and the config.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Treatment {
    pub arm: Option<Arm>,
    pub config: VariantConfig,
    /// Part of the For You cache key: the arm and the rolled-out variant, `-` for neither.
    pub tag: String,
}

#[derive(Debug, Default)]
struct Active {
    running: Option<(Experiment, Vec<(ExperimentVariant, VariantConfig)>)>,
    rolled_out: Option<(Experiment, ExperimentVariant, VariantConfig)>,
}

/// The running experiment and the rolled-out config, as this server last read them.
#[derive(Default)]
pub struct Experiments {
    active: RwLock<Option<(Arc<Active>, Instant)>>,
}

impl Experiments {
    fn current(&self) -> Option<(Arc<Active>, Instant)> {
        match self.active.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Forgets what was read (this server changed an experiment).
    pub fn invalidate(&self) {
        match self.active.write() {
            Ok(mut g) => *g = None,
            Err(poisoned) => *poisoned.into_inner() = None,
        }
    }

    async fn load(&self, state: &AppState) -> ApiResult<Arc<Active>> {
        if let Some((active, at)) = self.current()
            && at.elapsed() < RELOAD_AFTER
        {
            return Ok(active);
        }
        let active = state
            .db(|conn| {
                let running = q::running_experiment(conn)?.map(|(e, variants)| {
                    let variants = variants
                        .into_iter()
                        .map(|v| {
                            let config = VariantConfig::from_stored(&v.config);
                            (v, config)
                        })
                        .collect();
                    (e, variants)
                });
                let rolled_out = q::rolled_out(conn)?.map(|(e, v)| {
                    let config = VariantConfig::from_stored(&v.config);
                    (e, v, config)
                });
                Ok(Active {
                    running,
                    rolled_out,
                })
            })
            .await?;
        let active = Arc::new(active);
        match self.active.write() {
            Ok(mut g) => *g = Some((Arc::clone(&active), Instant::now())),
            Err(poisoned) => *poisoned.into_inner() = Some((Arc::clone(&active), Instant::now())),
        }
        Ok(active)
    }

    /// The profile's treatment: the rolled-out config overridden by its variant of the running
    /// experiment.
    pub async fn treatment(&self, state: &AppState, profile_id: i64) -> ApiResult<Treatment> {
        let active = self.load(state).await?;
        let mut treatment = Treatment::default();
        let mut tag = Vec::new();
        if let Some((e, v, config)) = &active.rolled_out {
            treatment.config = *config;
            tag.push(format!("r{}.{}", e.id, v.id));
        }
        if let Some((e, variants)) = &active.running {
            let shares: Vec<i16> = variants
                .iter()
                .map(|v| v.0.traffic_share_permille)
                .collect();
            if let Some((v, config)) = variants.get(assign(&e.key, profile_id, &shares)) {
                treatment.config = treatment.config.overridden_by(*config);
                treatment.arm = Some(Arm {
                    experiment_id: e.id,
                    experiment: e.key.clone(),
                    variant: v.key.clone(),
                });
                tag.push(format!("x{}.{}", e.id, v.id));
            }
        }
        treatment.tag = if tag.is_empty() {
            "-".to_owned()
        } else {
            tag.join(".")
        };
        Ok(treatment)
    }
}
