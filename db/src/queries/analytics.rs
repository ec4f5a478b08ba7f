//! Analytics (issue 11): event batches stored once per (profile, client event id), the account's
//! opt-out, export and deletion of one's own events, retention, experiments, and the metrics
//! computed from events. The metric rules live here once, as plain functions over query results
//! ([`ctr`], [`Activity`]), for `GET /admin/stats` and `marqueectl stats` alike.
//!
//! Event kinds and what they mean for the metrics:
//! `impression` (a title shown in a row: `row_kind`, `position`, `algorithm`), `click` (a title
//! opened from a row, or from search results with `row_kind = "search"`, `query` and the
//! 0-based `position`), `play` and `complete` (a title started and finished), `rating`
//! (`value` = stars) and `watchlist_add`. Trailer playback adds `trailer_*` kinds (recorded by
//! the server). Searches and their result counts are not events: the server already records
//! each one in `search_history`, which the search metrics read.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::DbConn;
use crate::models::{AnalyticsEvent, Experiment, ExperimentVariant, NewAnalyticsEvent};
use crate::schema::{analytics_events, experiment_variants, experiments, movies, profiles, users};

pub const IMPRESSION: &str = "impression";
pub const CLICK: &str = "click";
pub const PLAY: &str = "play";
pub const COMPLETE: &str = "complete";
/// The `row_kind` of a click on a search result.
pub const SEARCH_ROW: &str = "search";

// ---------------------------------------------------------------------------------------------
// Events

/// The `client_event_id`s among `ids` that `profile_id` has already recorded.
pub fn seen_client_ids(
    conn: &mut DbConn,
    profile_id: Option<i64>,
    ids: &[&str],
) -> QueryResult<Vec<String>> {
    let query = analytics_events::table
        .filter(analytics_events::client_event_id.eq_any(ids))
        .select(analytics_events::client_event_id.assume_not_null())
        .into_boxed();
    let query = match profile_id {
        Some(pid) => query.filter(analytics_events::profile_id.eq(pid)),
        None => query.filter(analytics_events::profile_id.is_null()),
    };
    query.load(conn)
}

/// Stores one profile's batch: each event once, however often the batch is retried (an event
/// whose `client_event_id` the profile recorded before, or that repeats within the batch, is a
/// duplicate). Returns (stored, duplicates). Runs its own write transaction; a concurrent retry
/// of the same batch that wins the race makes this one re-run and count those as duplicates.
pub fn store_batch(
    conn: &mut DbConn,
    profile_id: i64,
    events: &[NewAnalyticsEvent<'_>],
) -> QueryResult<(usize, usize)> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = crate::write_transaction(conn, |conn| {
            let ids: Vec<&str> = events.iter().filter_map(|e| e.client_event_id).collect();
            let mut seen: BTreeSet<String> = seen_client_ids(conn, Some(profile_id), &ids)?
                .into_iter()
                .collect();
            let mut stored = 0;
            for event in events {
                if let Some(id) = event.client_event_id
                    && !seen.insert(id.to_owned())
                {
                    continue;
                }
                diesel::insert_into(analytics_events::table)
                    .values(event)
                    .execute(conn)?;
                stored += 1;
            }
            Ok((stored, events.len() - stored))
        });
        match result {
            Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) if attempt < 3 => {}
            other => return other,
        }
    }
}

/// The ids among `ids` that name movies.
pub fn existing_movies(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    movies::table
        .filter(movies::id.eq_any(ids))
        .select(movies::id)
        .load(conn)
}

/// Whether the account owning `profile_id` opted out of analytics (`false` for no profile).
pub fn profile_opted_out(conn: &mut DbConn, profile_id: i64) -> QueryResult<bool> {
    Ok(profiles::table
        .inner_join(users::table)
        .filter(profiles::id.eq(profile_id))
        .select(users::analytics_opt_out)
        .first(conn)
        .optional()?
        .unwrap_or(false))
}

pub fn opted_out(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    users::table
        .find(user_id)
        .select(users::analytics_opt_out)
        .first(conn)
}

pub fn set_opt_out(conn: &mut DbConn, user_id: i64, opt_out: bool) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set(users::analytics_opt_out.eq(opt_out))
        .execute(conn)
}

/// One page of the events of the account's profiles, by id, after `after_id`.
pub fn user_events(
    conn: &mut DbConn,
    user_id: i64,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<AnalyticsEvent>> {
    let mine = profiles::table
        .filter(profiles::user_id.eq(user_id))
        .select(profiles::id.nullable());
    analytics_events::table
        .filter(analytics_events::profile_id.eq_any(mine))
        .filter(analytics_events::id.gt(after_id))
        .order(analytics_events::id)
        .limit(limit)
        .select(AnalyticsEvent::as_select())
        .load(conn)
}

/// Deletes every event of the account's profiles; returns how many.
pub fn delete_user_events(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    let mine = profiles::table
        .filter(profiles::user_id.eq(user_id))
        .select(profiles::id.nullable());
    diesel::delete(analytics_events::table.filter(analytics_events::profile_id.eq_any(mine)))
        .execute(conn)
}

/// Deletes the events that occurred before `cutoff` (the retention setting); returns how many.
pub fn purge_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(analytics_events::table.filter(analytics_events::occurred_at.lt(cutoff)))
        .execute(conn)
}

// ---------------------------------------------------------------------------------------------
// Experiments

/// An experiment with its variants (by id: the first is the control).
pub type ExperimentRow = (Experiment, Vec<ExperimentVariant>);

/// A variant to create: key, share in thousandths, config JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSpec {
    pub key: String,
    pub share_permille: i16,
    pub config: String,
}

fn with_variants(conn: &mut DbConn, list: Vec<Experiment>) -> QueryResult<Vec<ExperimentRow>> {
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    let variants: Vec<ExperimentVariant> = experiment_variants::table
        .filter(experiment_variants::experiment_id.eq_any(&ids))
        .order(experiment_variants::id)
        .select(ExperimentVariant::as_select())
        .load(conn)?;
    let mut by: HashMap<i64, Vec<ExperimentVariant>> = HashMap::new();
    for v in variants {
        by.entry(v.experiment_id).or_default().push(v);
    }
    Ok(list
        .into_iter()
        .map(|e| {
            let v = by.remove(&e.id).unwrap_or_default();
            (e, v)
        })
        .collect())
}

/// Creates a running experiment. The caller validated the spec and checked that no other
/// experiment runs, in the same write transaction.
pub fn create_experiment(
    conn: &mut DbConn,
    key: &str,
    description: &str,
    variants: &[VariantSpec],
) -> QueryResult<ExperimentRow> {
    let now = crate::now();
    let experiment: Experiment = diesel::insert_into(experiments::table)
        .values(&crate::models::NewExperiment {
            key,
            description,
            status: "running",
            started_at: Some(now),
            created_at: now,
            updated_at: now,
        })
        .returning(experiments::all_columns)
        .get_result(conn)?;
    for v in variants {
        diesel::insert_into(experiment_variants::table)
            .values(&crate::models::NewExperimentVariant {
                experiment_id: experiment.id,
                key: &v.key,
                traffic_share_permille: v.share_permille,
                config: &v.config,
            })
            .execute(conn)?;
    }
    let mut rows = with_variants(conn, vec![experiment])?;
    rows.pop().ok_or(Error::NotFound)
}

/// Every experiment, newest first.
pub fn list_experiments(conn: &mut DbConn) -> QueryResult<Vec<ExperimentRow>> {
    let list = experiments::table
        .order(experiments::id.desc())
        .select(Experiment::as_select())
        .load(conn)?;
    with_variants(conn, list)
}

/// An experiment by id or by key.
pub fn find_experiment(conn: &mut DbConn, id_or_key: &str) -> QueryResult<Option<ExperimentRow>> {
    let query = experiments::table
        .select(Experiment::as_select())
        .into_boxed();
    let query = match id_or_key.parse::<i64>() {
        Ok(id) => query.filter(experiments::id.eq(id)),
        Err(_) => query.filter(experiments::key.eq(id_or_key)),
    };
    let Some(experiment) = query.first(conn).optional()? else {
        return Ok(None);
    };
    Ok(with_variants(conn, vec![experiment])?.pop())
}

/// The running experiment (at most one runs at a time).
pub fn running_experiment(conn: &mut DbConn) -> QueryResult<Option<ExperimentRow>> {
    let list = experiments::table
        .filter(experiments::status.eq("running"))
        .order(experiments::id.desc())
        .limit(1)
        .select(Experiment::as_select())
        .load(conn)?;
    Ok(with_variants(conn, list)?.pop())
}

/// The variant rolled out last, with its experiment: its config serves everyone.
pub fn rolled_out(conn: &mut DbConn) -> QueryResult<Option<(Experiment, ExperimentVariant)>> {
    experiments::table
        .inner_join(
            experiment_variants::table
                .on(experiments::rolled_out_variant_id.eq(experiment_variants::id.nullable())),
        )
        .filter(experiments::status.eq("rolled_out"))
        .order((experiments::stopped_at.desc(), experiments::id.desc()))
        .select((Experiment::as_select(), ExperimentVariant::as_select()))
        .first(conn)
        .optional()
}

/// Stops a running experiment (everyone gets the default again).
pub fn stop_experiment(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    let now = crate::now();
    diesel::update(
        experiments::table
            .find(id)
            .filter(experiments::status.eq("running")),
    )
    .set((
        experiments::status.eq("stopped"),
        experiments::stopped_at.eq(now),
        experiments::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Rolls a variant out to everyone: the experiment ends (if it still ran) with that variant.
pub fn rollout_experiment(conn: &mut DbConn, id: i64, variant_id: i64) -> QueryResult<usize> {
    let now = crate::now();
    let stopped_at: Option<NaiveDateTime> = experiments::table
        .find(id)
        .select(experiments::stopped_at)
        .first(conn)?;
    diesel::update(experiments::table.find(id))
        .set((
            experiments::status.eq("rolled_out"),
            experiments::rolled_out_variant_id.eq(variant_id),
            experiments::stopped_at.eq(stopped_at.unwrap_or(now)),
            experiments::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Impressions and clicks per variant of an experiment: variant key → (impressions, clicks).
pub fn variant_counts(
    conn: &mut DbConn,
    experiment_id: i64,
) -> QueryResult<BTreeMap<String, (i64, i64)>> {
    let rows: Vec<(Option<String>, String, i64)> = analytics_events::table
        .filter(analytics_events::experiment_id.eq(experiment_id))
        .filter(analytics_events::kind.eq_any([IMPRESSION, CLICK]))
        .group_by((analytics_events::variant, analytics_events::kind))
        .select((
            analytics_events::variant,
            analytics_events::kind,
            count_star(),
        ))
        .load(conn)?;
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (variant, kind, n) in rows {
        let Some(variant) = variant else { continue };
        let e = out.entry(variant).or_default();
        if kind == IMPRESSION {
            e.0 += n;
        } else {
            e.1 += n;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Metrics

/// Clicks over impressions; `None` without impressions.
pub fn ctr(impressions: i64, clicks: i64) -> Option<f64> {
    (impressions > 0).then(|| clicks as f64 / impressions as f64)
}

/// Impressions and clicks of one group (a row kind, an algorithm and variant).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Funnel {
    pub impressions: i64,
    pub clicks: i64,
}

impl Funnel {
    pub fn ctr(&self) -> Option<f64> {
        ctr(self.impressions, self.clicks)
    }
}

/// Day-N retention of one N: of the profiles first seen at least N days before today, how many
/// were active exactly N days after their first day.
#[derive(Debug, Clone, PartialEq)]
pub struct Retention {
    pub day: i64,
    pub cohort: i64,
    pub retained: i64,
}

impl Retention {
    pub fn rate(&self) -> Option<f64> {
        (self.cohort > 0).then(|| self.retained as f64 / self.cohort as f64)
    }
}

/// Active profiles by UTC day, from (profile, time) pairs: the source of DAU, MAU, the daily
/// series and retention.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    days: BTreeMap<i64, BTreeSet<NaiveDate>>,
}

impl Activity {
    pub fn from_events(events: impl IntoIterator<Item = (i64, NaiveDateTime)>) -> Activity {
        let mut days: BTreeMap<i64, BTreeSet<NaiveDate>> = BTreeMap::new();
        for (profile, at) in events {
            days.entry(profile).or_default().insert(at.date());
        }
        Activity { days }
    }

    /// Profiles active on `day`.
    pub fn active_on(&self, day: NaiveDate) -> i64 {
        self.days.values().filter(|d| d.contains(&day)).count() as i64
    }

    /// Profiles active in the `n` days ending with `day`.
    pub fn active_within(&self, day: NaiveDate, n: i64) -> i64 {
        let from = day - TimeDelta::days(n - 1);
        self.days
            .values()
            .filter(|d| d.range(from..=day).next().is_some())
            .count() as i64
    }

    /// Day-`n` retention as of `today` (see [`Retention`]).
    pub fn retention(&self, n: i64, today: NaiveDate) -> Retention {
        let (mut cohort, mut retained) = (0, 0);
        for days in self.days.values() {
            let Some(&first) = days.first() else { continue };
            let target = first + TimeDelta::days(n);
            if target > today {
                continue;
            }
            cohort += 1;
            if days.contains(&target) {
                retained += 1;
            }
        }
        Retention {
            day: n,
            cohort,
            retained,
        }
    }
}

/// A metric grouped by a key, with a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted<K> {
    pub key: K,
    pub count: i64,
}

/// Everything `GET /admin/stats` and `marqueectl stats` report for events since `since`.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub since: NaiveDateTime,
    pub now: NaiveDateTime,
    pub events: i64,
    /// By row kind (`None`: impressions and clicks sent without one).
    pub by_row: BTreeMap<String, Funnel>,
    /// By (algorithm, experiment variant) — "-" where absent.
    pub by_algorithm: BTreeMap<(String, String), Funnel>,
    pub searches: i64,
    pub zero_result_searches: i64,
    pub search_clicks: i64,
    /// Mean 1-based position of clicked search results.
    pub mean_click_position: Option<f64>,
    pub dau: i64,
    pub mau: i64,
    /// Active profiles per UTC day, oldest first (up to the last 30 days of the window).
    pub daily_active: Vec<(NaiveDate, i64)>,
    pub retention: Vec<Retention>,
    pub plays: i64,
    pub completions: i64,
    /// Most played (else most clicked) movies: (id, title, count).
    pub top_movies: Vec<(i64, String, i64)>,
    /// Most frequent searches (from `search_history`): (query, count).
    pub top_queries: Vec<(String, i64)>,
}

impl Stats {
    pub fn zero_result_rate(&self) -> Option<f64> {
        (self.searches > 0).then(|| self.zero_result_searches as f64 / self.searches as f64)
    }

    pub fn completion_rate(&self) -> Option<f64> {
        (self.plays > 0).then(|| self.completions as f64 / self.plays as f64)
    }
}

/// How many top movies and queries [`stats`] lists.
pub const TOP: usize = 10;

/// Computes [`Stats`] over the events that occurred in `[since, now]` (and the searches of
/// `search_history` made then): grouped counts in SQL, days and retention from the (profile,
/// time) pairs of the window in [`Activity`].
pub fn stats(conn: &mut DbConn, since: NaiveDateTime, now: NaiveDateTime) -> QueryResult<Stats> {
    use analytics_events as e;
    let window = e::occurred_at.ge(since).and(e::occurred_at.le(now));
    let events: i64 = e::table.filter(window).count().get_result(conn)?;

    let mut by_row: BTreeMap<String, Funnel> = BTreeMap::new();
    let rows: Vec<(Option<String>, String, i64)> = e::table
        .filter(window)
        .filter(e::kind.eq_any([IMPRESSION, CLICK]))
        .group_by((e::row_kind, e::kind))
        .select((e::row_kind, e::kind, count_star()))
        .load(conn)?;
    for (row, kind, n) in rows {
        let f = by_row
            .entry(row.unwrap_or_else(|| "-".to_owned()))
            .or_default();
        if kind == IMPRESSION {
            f.impressions += n;
        } else {
            f.clicks += n;
        }
    }
    let mut by_algorithm: BTreeMap<(String, String), Funnel> = BTreeMap::new();
    let rows: Vec<(Option<String>, Option<String>, String, i64)> = e::table
        .filter(window)
        .filter(e::kind.eq_any([IMPRESSION, CLICK]))
        .group_by((e::algorithm, e::variant, e::kind))
        .select((e::algorithm, e::variant, e::kind, count_star()))
        .load(conn)?;
    for (algorithm, variant, kind, n) in rows {
        let key = (
            algorithm.unwrap_or_else(|| "-".to_owned()),
            variant.unwrap_or_else(|| "-".to_owned()),
        );
        let f = by_algorithm.entry(key).or_default();
        if kind == IMPRESSION {
            f.impressions += n;
        } else {
            f.clicks += n;
        }
    }
    use crate::schema::search_history as h;
    let searched = h::searched_at.ge(since).and(h::searched_at.le(now));
    let searches: i64 = h::table.filter(searched).count().get_result(conn)?;
    let zero_result_searches: i64 = h::table
        .filter(searched)
        .filter(h::result_count.eq(0))
        .count()
        .get_result(conn)?;
    let positions: Vec<Option<i32>> = e::table
        .filter(window)
        .filter(e::kind.eq(CLICK))
        .filter(e::row_kind.eq(SEARCH_ROW))
        .select(e::position)
        .load(conn)?;
    let positions: Vec<i32> = positions.into_iter().flatten().collect();
    let mean_click_position = (!positions.is_empty()).then(|| {
        positions.iter().map(|p| f64::from(*p) + 1.0).sum::<f64>() / positions.len() as f64
    });
    let kinds: Vec<(String, i64)> = e::table
        .filter(window)
        .filter(e::kind.eq_any([PLAY, COMPLETE]))
        .group_by(e::kind)
        .select((e::kind, count_star()))
        .load(conn)?;
    let count_of = |k: &str| kinds.iter().find(|(kind, _)| kind == k).map_or(0, |x| x.1);
    let (plays, completions) = (count_of(PLAY), count_of(COMPLETE));

    let pairs: Vec<(Option<i64>, NaiveDateTime)> = e::table
        .filter(window)
        .filter(e::profile_id.is_not_null())
        .select((e::profile_id, e::occurred_at))
        .load(conn)?;
    let activity = Activity::from_events(pairs.into_iter().filter_map(|(p, t)| Some((p?, t))));
    let today = now.date();
    let first = since.date().max(today - TimeDelta::days(29));
    let daily_active = first
        .iter_days()
        .take_while(|d| *d <= today)
        .map(|d| (d, activity.active_on(d)))
        .collect();
    let retention = [1, 7, 30]
        .into_iter()
        .map(|n| activity.retention(n, today))
        .collect();

    let top_kind = if plays > 0 { PLAY } else { CLICK };
    let mut top: Vec<(Option<i64>, i64)> = e::table
        .filter(window)
        .filter(e::kind.eq(top_kind))
        .filter(e::movie_id.is_not_null())
        .group_by(e::movie_id)
        .select((e::movie_id, count_star()))
        .load(conn)?;
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(TOP);
    let ids: Vec<i64> = top.iter().filter_map(|t| t.0).collect();
    let titles: HashMap<i64, String> = movies::table
        .filter(movies::id.eq_any(&ids))
        .select((movies::id, movies::title))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let top_movies = top
        .into_iter()
        .filter_map(|(id, n)| {
            let id = id?;
            Some((id, titles.get(&id).cloned().unwrap_or_default(), n))
        })
        .collect();
    let mut top_queries: Vec<(String, i64)> = h::table
        .filter(searched)
        .group_by(h::query)
        .select((h::query, count_star()))
        .load(conn)?;
    top_queries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top_queries.truncate(TOP);

    Ok(Stats {
        since,
        now,
        events,
        by_row,
        by_algorithm,
        searches,
        zero_result_searches,
        search_clicks: positions.len() as i64,
        mean_click_position,
        dau: activity.active_on(today),
        mau: activity.active_within(today, 30),
        daily_active,
        retention,
        plays,
        completions,
        top_movies,
        top_queries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("valid time")
    }

    #[test]
    fn retention_counts_activity_exactly_n_days_after_the_first_day() {
        // Profile 1: first seen Nov 1, back Nov 2 and Nov 8 → retained on day 1 and day 7.
        // Profile 2: first seen Nov 1, back Nov 3 only → neither.
        // Profile 3: first seen Nov 7 (late evening), back Nov 8 → day 1 yes; day 7 (Nov 14)
        //            is after "today" (Nov 10), so it is not in the day-7 cohort.
        // Day 1: cohort {1, 2, 3} (all first seen by Nov 9), retained {1, 3} → 2/3.
        // Day 7: cohort {1, 2} (first seen by Nov 3), retained {1} → 1/2.
        let activity = Activity::from_events([
            (1, at(1, 10)),
            (1, at(2, 9)),
            (1, at(8, 20)),
            (2, at(1, 23)),
            (2, at(3, 1)),
            (3, at(7, 23)),
            (3, at(8, 0)),
        ]);
        let today = at(10, 12).date();
        let d1 = activity.retention(1, today);
        assert_eq!((d1.cohort, d1.retained), (3, 2));
        assert!((d1.rate().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        let d7 = activity.retention(7, today);
        assert_eq!((d7.cohort, d7.retained), (2, 1));
        assert_eq!(d7.rate(), Some(0.5));
        assert_eq!(activity.retention(30, today).rate(), None);
        // Nov 8: profiles 1 and 3. The 7 days Nov 2–8: 1, 2 (Nov 3) and 3.
        assert_eq!(activity.active_on(at(8, 0).date()), 2);
        assert_eq!(activity.active_within(at(8, 0).date(), 7), 3);
        assert_eq!(activity.active_within(at(8, 0).date(), 1), 2);
    }

    #[test]
    fn ctr_is_clicks_over_impressions() {
        assert_eq!(ctr(0, 0), None);
        assert_eq!(ctr(8, 2), Some(0.25));
    }
}
