//! What the worker's answers do to the model: `Msg::Loaded` and `Msg::Failed`.

use super::*;

pub(super) fn loaded(model: &mut Model, request: Request, response: Response) -> Option<Effect> {
    match response {
        Response::Genres(genres) => {
            model.browse.genres = Load::Loaded(genres);
            None
        }
        Response::Movies(page) => {
            // A page for filters that have since changed is stale.
            if request != model.browse_request(page.pagination.page) {
                return None;
            }
            let browse = &mut model.browse;
            browse.total = Some(page.pagination.total);
            browse.next_page = (u64::from(page.pagination.page) < page.pagination.total_pages)
                .then_some(page.pagination.page + 1);
            browse.movies.extend(page.data);
            browse.page = Load::Loaded(());
            None
        }
        Response::Movie(detail) => {
            if model.route != Route::Movie(detail.id) {
                return None;
            }
            let poster = detail.poster_url.clone().filter(|u| !u.trim().is_empty());
            let movie = detail.id;
            model.movie.detail = Load::Loaded(detail);
            // A reload (r) keeps the poster it has.
            if matches!(model.movie.poster, PosterState::Loaded(_)) {
                return None;
            }
            let (state, effect) = match poster {
                _ if !model.graphics.enabled() => (PosterState::Off, None),
                None => (PosterState::Missing, None),
                Some(url) => (
                    PosterState::Loading,
                    Some(Effect::FetchPoster { movie, url }),
                ),
            };
            model.movie.poster = state;
            effect
        }
        Response::ForYou(page) => {
            let profile = model.profile_id();
            let view = &mut model.for_you;
            view.items = vec![0; page.rows.len()];
            view.row = view.row.min(page.rows.len().saturating_sub(1));
            view.shown = page
                .rows
                .iter()
                .map(|r| r.items.len().min(IMPRESSION_ITEMS))
                .collect();
            let tracks: Vec<Track> = profile
                .map(|profile| {
                    (0..page.rows.len())
                        .flat_map(|row| (0..view.shown[row]).map(move |item| (row, item)))
                        .filter_map(|(row, item)| {
                            Track::for_you(profile, "impression", &page, row, item)
                        })
                        .collect()
                })
                .unwrap_or_default();
            view.rows = Load::Loaded(page);
            (!tracks.is_empty()).then_some(Effect::Track(tracks))
        }
        Response::Suggestions(hits) => {
            let Request::Suggest(query) = request else {
                return None;
            };
            let search = &mut model.search;
            // Suggestions for an older prefix are stale once a newer one was asked for.
            if query == search.query() || search.suggest != Load::Loading {
                if search.list() == SearchList::Suggestions && query != search.suggested_for {
                    search.selected = 0;
                }
                search.suggestions = hits;
                search.suggested_for = query;
                search.suggest = Load::Loaded(());
            }
            None
        }
        Response::Search(page) => {
            let Request::Search { query, .. } = request else {
                return None;
            };
            let search = &mut model.search;
            if search.submitted.as_deref() == Some(query.as_str()) {
                search.results = Load::Loaded(page);
                search.selected = 0;
            }
            None
        }
        Response::Watchlist(page) => {
            let view = &mut model.watchlist;
            view.total = page.pagination.total;
            view.selected = view.selected.min(page.data.len().saturating_sub(1));
            view.entries = Load::Loaded(page.data);
            None
        }
        Response::Person(detail) => {
            if model.route == Route::Person(detail.id) {
                model.person.detail = Load::Loaded(detail);
            }
            None
        }
        Response::Filmography { person, page } => {
            if model.route == Route::Person(person) {
                model.person.total = page.pagination.total;
                model.person.films = Load::Loaded(page.data);
            }
            None
        }
        Response::ContinueWatching(page) => {
            model.history.continuing = Load::Loaded(page.data);
            None
        }
        Response::History(page) => {
            model.history.watched_total = page.pagination.total;
            model.history.watched = Load::Loaded(page.data);
            None
        }
        Response::Profiles(profiles) => {
            if let Some(picker) = &mut model.picker {
                let current = model.session.as_ref().and_then(|s| s.profile.as_ref());
                picker.selected = current
                    .and_then(|c| profiles.iter().position(|p| p.id == c.id))
                    .unwrap_or(0);
                picker.profiles = Load::Loaded(profiles);
            }
            None
        }
        Response::SportsLive(list) => {
            model.sports.live = Load::Loaded(list.data);
            None
        }
        Response::SportsUpcoming(list) => {
            model.sports.upcoming = Load::Loaded(list);
            None
        }
        Response::SportsHighlights(list) => {
            model.sports.highlights = Load::Loaded(list);
            None
        }
        Response::AdminJobs(jobs) => {
            let view = &mut model.admin;
            view.selected = view.selected.min(jobs.jobs.len().saturating_sub(1));
            view.jobs = Load::Loaded(jobs);
            None
        }
        Response::AdminStats(stats) => {
            model.admin.stats = Load::Loaded(stats);
            None
        }
        Response::MovieState(state) => {
            if model.route == Route::Movie(state.movie_id) {
                model.movie.mine = Load::Loaded(state);
            }
            None
        }
        Response::Stream(stream) => stream_loaded(model, stream),
        Response::Rated(written) => {
            let title = movie_title(model, written.movie_id);
            let average = written
                .movie_rating
                .average
                .map(|a| format!("{a:.1}"))
                .unwrap_or_else(|| "–".to_owned());
            model.notice = Some(format!(
                "Rated {title} {} · average now {average} from {} ratings.",
                stars_text(written.rating),
                written.movie_rating.count
            ));
            if let Load::Loaded(detail) = &mut model.movie.detail
                && detail.id == written.movie_id
            {
                detail.rating.average = written.movie_rating.average;
                detail.rating.count = written.movie_rating.count;
            }
            // For You follows ratings: it is recomputed the next time it is opened.
            model.for_you.rows = Load::Idle;
            let Request::Rate { profile, movie, .. } = request else {
                return None;
            };
            Some(Effect::Track(vec![Track {
                value: Some(written.rating),
                ..Track::new(profile, "rating", movie)
            }]))
        }
        Response::Done => {
            model.notice = Some(match request {
                Request::Rate { movie, .. } => {
                    format!("Your rating of {} is removed.", movie_title(model, movie))
                }
                Request::Watchlisted { movie, on, .. } => {
                    let title = movie_title(model, movie);
                    if on {
                        format!("{title} is on your watchlist.")
                    } else {
                        format!("{title} is off your watchlist.")
                    }
                }
                Request::NotInterested { movie, .. } => {
                    model.for_you.rows = Load::Idle;
                    format!(
                        "Noted: For You will not suggest {} again.",
                        movie_title(model, movie)
                    )
                }
                _ => return None,
            });
            if let Request::Watchlisted { profile, movie, on } = request {
                // The Watchlist view reloads now if it is open, else when it is opened next.
                let mut effects = Vec::new();
                if on {
                    effects.push(Effect::Track(vec![Track::new(
                        profile,
                        "watchlist_add",
                        movie,
                    )]));
                }
                if model.route == Route::Tab(Tab::Watchlist) {
                    effects.extend(load_watchlist(model));
                } else {
                    model.watchlist.entries = Load::Idle;
                }
                return batch(effects);
            }
            None
        }
    }
}

/// A movie's title if this screen knows it, else its id.
pub(super) fn movie_title(model: &Model, id: i64) -> String {
    if let Load::Loaded(detail) = &model.movie.detail
        && detail.id == id
    {
        return detail.title.clone();
    }
    if let Load::Loaded(entries) = &model.watchlist.entries
        && let Some(entry) = entries.iter().find(|e| e.movie.id == id)
    {
        return entry.movie.title.clone();
    }
    format!("movie {id}")
}

/// "★★★½ (3.5)".
pub fn stars_text(rating: f64) -> String {
    let halves = (rating * 2.0).round().clamp(0.0, 10.0) as usize;
    format!(
        "{}{} ({rating:.1})",
        "★".repeat(halves / 2),
        if halves % 2 == 1 { "½" } else { "" }
    )
}

pub(super) fn failed(
    model: &mut Model,
    request: Request,
    failure: Failure,
    generation: u64,
) -> Option<Effect> {
    if failure == Failure::Unauthorized {
        return Some(Effect::Refresh {
            generation,
            retry: request,
        });
    }
    match &request {
        Request::Play { trailer, .. } => {
            stream_failed(model, *trailer, failure);
            return None;
        }
        Request::PlaybackStarted { .. } => {
            model.notice = Some(format!(
                "The trailer plays, but its start was not recorded: {}",
                failure.describe()
            ));
            return None;
        }
        _ => {}
    }
    if request.is_write() {
        return write_failed(model, request, failure);
    }
    if let Failure::Offline(why) = &failure {
        let attempt = model.offline.as_ref().map_or(0, |o| o.attempt);
        model.offline = Some(Offline {
            message: format!("Offline ({why})"),
            retry: request.clone(),
            attempt,
            ticks_left: backoff_ticks(attempt),
        });
    }
    match request {
        Request::Genres => model.browse.genres = Load::Failed(failure),
        Request::Movies { .. } => model.browse.page = Load::Failed(failure),
        Request::Movie(id) => {
            if model.route == Route::Movie(id) {
                model.movie.detail = Load::Failed(failure);
            }
        }
        Request::ForYou(_) => {
            model.for_you.rows = if failure == Failure::NotFound {
                Load::Unavailable
            } else {
                Load::Failed(failure)
            };
        }
        Request::Suggest(query) => {
            if query == model.search.query() {
                model.search.suggest = Load::Failed(failure);
            }
        }
        Request::Search { query, .. } => {
            if model.search.submitted.as_deref() == Some(query.as_str()) {
                model.search.results = Load::Failed(failure);
            }
        }
        Request::Watchlist(_) => failed_keeping(&mut model.watchlist.entries, failure),
        Request::Person(id) => {
            if model.route == Route::Person(id) {
                model.person.detail = Load::Failed(failure);
            }
        }
        Request::Filmography(id) => {
            if model.route == Route::Person(id) {
                model.person.films = Load::Failed(failure);
            }
        }
        Request::ContinueWatching(_) => failed_keeping(&mut model.history.continuing, failure),
        Request::History(_) => failed_keeping(&mut model.history.watched, failure),
        Request::Profiles => {
            if let Some(picker) = &mut model.picker {
                picker.profiles = Load::Failed(failure);
            }
        }
        Request::SportsLive => failed_keeping(&mut model.sports.live, failure),
        Request::SportsUpcoming => failed_keeping(&mut model.sports.upcoming, failure),
        Request::SportsHighlights => failed_keeping(&mut model.sports.highlights, failure),
        Request::AdminJobs => failed_keeping(&mut model.admin.jobs, failure),
        Request::AdminStats => failed_keeping(&mut model.admin.stats, failure),
        Request::MovieState { movie, .. } => {
            if model.route == Route::Movie(movie) {
                model.movie.mine = Load::Failed(failure);
            }
        }
        Request::Rate { .. }
        | Request::Watchlisted { .. }
        | Request::NotInterested { .. }
        | Request::Play { .. }
        | Request::PlaybackStarted { .. } => {}
    }
    None
}

/// A write failed: say so, and reload what the server really has (the display was optimistic).
pub(super) fn write_failed(
    model: &mut Model,
    request: Request,
    failure: Failure,
) -> Option<Effect> {
    let (what, profile, movie) = match request {
        Request::Rate { profile, movie, .. } => ("Your rating was not saved", profile, movie),
        Request::Watchlisted { profile, movie, .. } => {
            ("Your watchlist was not changed", profile, movie)
        }
        Request::NotInterested { profile, movie } => {
            ("\"Not interested\" was not saved", profile, movie)
        }
        _ => return None,
    };
    let why = match &failure {
        Failure::Offline(why) => {
            format!("can't reach the server ({why}); try again once it is back")
        }
        Failure::Server { message, .. } => message.clone(),
        Failure::NotFound => "the movie or profile no longer exists".to_owned(),
        Failure::Unauthorized => "the session was refused; sign in again".to_owned(),
    };
    model.notice = Some(format!("{what}: {why}"));
    let mut effects = Vec::new();
    if model.route == Route::Movie(movie) {
        effects.push(Effect::Fetch(Request::MovieState { profile, movie }));
    }
    if matches!(request, Request::Watchlisted { .. }) {
        effects.extend(load_watchlist(model));
    }
    batch(effects)
}
