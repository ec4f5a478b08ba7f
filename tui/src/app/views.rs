//! Keys of Search, the Watchlist, History, the profile switcher, and the movie and person
//! pages (with the movie actions).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

/// Typing in the search box: every change restarts the debounce; Enter searches in full.
pub(super) fn search_input_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let search = &mut model.search;
    let before = search.query().to_owned();
    match key.code {
        KeyCode::Enter => return submit_search(model),
        KeyCode::Esc | KeyCode::Down | KeyCode::Tab => {
            search.editing = false;
            return None;
        }
        KeyCode::Backspace => {
            search.input.pop();
        }
        KeyCode::Char('u') if ctrl => search.input.clear(),
        KeyCode::Char(c) if !ctrl => search.input.push(c),
        _ => return None,
    }
    if search.query() != before {
        search.selected = 0;
        search.debounce = (!search.query().is_empty()).then_some(DEBOUNCE_TICKS);
    }
    None
}

/// Enter in the search box: the full search, remembered among the recent queries.
pub(super) fn submit_search(model: &mut Model) -> Option<Effect> {
    let profile = model.profile_id();
    let search = &mut model.search;
    let query = search.query().to_owned();
    if query.is_empty() {
        search.editing = false;
        return None;
    }
    search.recent.retain(|q| *q != query);
    search.recent.insert(0, query.clone());
    search.recent.truncate(RECENT_QUERIES);
    search.debounce = None;
    search.editing = false;
    search.selected = 0;
    search.submitted = Some(query.clone());
    search.results = Load::Loading;
    Some(Effect::Fetch(Request::Search { query, profile }))
}

/// The list under the search box: move, open, accept "did you mean", back to typing.
pub(super) fn search_list_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let search = &mut model.search;
    let len = search.len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            search.selected = (search.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up if search.selected == 0 => search.editing = true,
        KeyCode::Char('k') | KeyCode::Up => search.selected -= 1,
        KeyCode::Char('g') | KeyCode::Home => search.selected = 0,
        KeyCode::Char('G') | KeyCode::End => search.selected = len.saturating_sub(1),
        KeyCode::Char('i') | KeyCode::Tab | KeyCode::BackTab => search.editing = true,
        KeyCode::Char('c') => {
            search.input.clear();
            search.selected = 0;
            search.editing = true;
        }
        KeyCode::Char('d') => {
            let Load::Loaded(page) = &search.results else {
                return None;
            };
            if search.list() != SearchList::Results {
                return None;
            }
            search.input = page.did_you_mean.as_ref()?.query.clone();
            return submit_search(model);
        }
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            if search.list() == SearchList::Recent {
                search.input = search.recent.get(search.selected)?.clone();
                return submit_search(model);
            }
            let hit = search.hits().get(search.selected)?;
            if hit.kind != "movie" {
                model.notice = Some(format!(
                    "{} is a person: person pages are not in marquee yet.",
                    hit.title
                ));
                return None;
            }
            let (id, position) = (hit.id, search.selected);
            let click = model.profile_id().map(|profile| Track {
                row_kind: Some(SEARCH_ROW.to_owned()),
                position: i32::try_from(position).ok(),
                algorithm: Some(SEARCH_ROW.to_owned()),
                query: Some(model.search.query().to_owned()),
                ..Track::new(profile, "click", id)
            });
            let open = open_movie(model, id);
            return batch(
                click
                    .map(|c| Effect::Track(vec![c]))
                    .into_iter()
                    .chain(open)
                    .collect(),
            );
        }
        _ => {}
    }
    None
}

/// The switcher: j/k choose, Enter switches, Esc/q closes.
pub(super) fn picker_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let picker = model.picker.as_mut()?;
    let len = match &picker.profiles {
        Load::Loaded(profiles) => profiles.len(),
        _ => 0,
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('P') => model.picker = None,
        KeyCode::Char('j') | KeyCode::Down => {
            picker.selected = (picker.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
        KeyCode::Char('r') if matches!(picker.profiles, Load::Failed(_)) => {
            picker.profiles = Load::Loading;
            return Some(Effect::Fetch(Request::Profiles));
        }
        KeyCode::Enter => {
            let Load::Loaded(profiles) = &picker.profiles else {
                return None;
            };
            let chosen = profiles.get(picker.selected)?.clone();
            model.picker = None;
            return switch_profile(model, chosen);
        }
        _ => {}
    }
    None
}

/// Everything profile-scoped is the old profile's: drop it and show the tab again.
pub(super) fn switch_profile(model: &mut Model, profile: Profile) -> Option<Effect> {
    let session = model.session.as_mut()?;
    if session.profile.as_ref().map(|p| p.id) == Some(profile.id) {
        return None;
    }
    model.notice = Some(format!("Now watching as {}.", profile.name));
    session.profile = Some(profile);
    model.for_you = ForYouView::default();
    model.watchlist = WatchlistView::default();
    model.history = HistoryView::default();
    model.search.submitted = None;
    model.search.results = Load::Idle;
    model.search.recent.clear();
    // A movie page shows the old profile's rating: back to the tab it was opened from.
    let tab = match &model.route {
        Route::Tab(tab) => *tab,
        _ => model
            .back
            .iter()
            .find_map(|r| match r {
                Route::Tab(tab) => Some(*tab),
                _ => None,
            })
            .unwrap_or(Tab::Browse),
    };
    model.back.clear();
    open_tab(model, tab)
}

/// Tab between continue watching and the history; j/k move; Enter opens the movie.
pub(super) fn history_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let view = &mut model.history;
    let len = view.len();
    let i = view.pane_index();
    match key.code {
        KeyCode::Tab | KeyCode::BackTab => {
            view.pane = match view.pane {
                HistoryPane::Continue => HistoryPane::Watched,
                HistoryPane::Watched => HistoryPane::Continue,
            };
        }
        KeyCode::Char('j') | KeyCode::Down => {
            view.selected[i] = (view.selected[i] + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.selected[i] = view.selected[i].saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.selected[i] = 0,
        KeyCode::Char('G') | KeyCode::End => view.selected[i] = len.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let id = view.selected_movie()?;
            return open_movie(model, id);
        }
        _ => {}
    }
    None
}

/// j/k move, Enter opens, x removes (at once on screen; the server's answer follows).
pub(super) fn watchlist_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let profile = model.profile_id();
    let view = &mut model.watchlist;
    let Load::Loaded(entries) = &mut view.entries else {
        return None;
    };
    let len = entries.len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            view.selected = (view.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.selected = view.selected.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.selected = 0,
        KeyCode::Char('G') | KeyCode::End => view.selected = len.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let id = entries.get(view.selected)?.movie.id;
            return open_movie(model, id);
        }
        KeyCode::Char('x') | KeyCode::Delete => {
            let profile = profile?;
            if view.selected >= len {
                return None;
            }
            let entry = entries.remove(view.selected);
            view.total = view.total.saturating_sub(1);
            view.selected = view.selected.min(entries.len().saturating_sub(1));
            model.notice = Some(format!(
                "Removing {} from your watchlist…",
                entry.movie.title
            ));
            return Some(Effect::Fetch(Request::Watchlisted {
                profile,
                movie: entry.movie.id,
                on: false,
            }));
        }
        _ => {}
    }
    None
}

/// Stars for a rating key: `1`–`5`, or half a star less after `.`.
pub(super) fn rating_for(key: char, half: bool) -> Option<f64> {
    let stars = f64::from(key.to_digit(10).filter(|d| (1..=5).contains(d))?);
    Some(if half { stars - 0.5 } else { stars })
}

pub(super) fn movie_key(model: &mut Model, id: i64, key: KeyEvent) -> Option<Effect> {
    if model.movie.trailer.is_some() {
        return trailer_key(model, key);
    }
    let half = std::mem::take(&mut model.movie.half);
    match key.code {
        KeyCode::Char('.') => {
            model.movie.half = true;
            model.notice = Some("Half a star less: now press 1–5 (.4 rates 3.5).".to_owned());
            return None;
        }
        KeyCode::Char(c @ '1'..='5') => {
            return act(model, id, Action::Rate(rating_for(c, half)));
        }
        KeyCode::Char('0') | KeyCode::Char('x') => return act(model, id, Action::Rate(None)),
        KeyCode::Char('w') => return act(model, id, Action::ToggleWatchlist),
        KeyCode::Char('n') => return act(model, id, Action::NotInterested),
        _ => {}
    }
    if let Some(effect) = common_key(model, key) {
        return effect;
    }
    let view = &mut model.movie;
    match key.code {
        KeyCode::Tab => {
            view.pane = match view.pane {
                MoviePane::Cast => MoviePane::Crew,
                MoviePane::Crew => MoviePane::Trailers,
                MoviePane::Trailers => MoviePane::Cast,
            };
            view.scroll = 0;
        }
        KeyCode::BackTab => {
            view.pane = match view.pane {
                MoviePane::Cast => MoviePane::Trailers,
                MoviePane::Crew => MoviePane::Cast,
                MoviePane::Trailers => MoviePane::Crew,
            };
            view.scroll = 0;
        }
        KeyCode::Char('j') | KeyCode::Down => {
            let len = match (&view.detail, view.pane) {
                (Load::Loaded(m), MoviePane::Cast) => m.cast.len(),
                (Load::Loaded(m), MoviePane::Crew) => m.crew.len(),
                (Load::Loaded(m), MoviePane::Trailers) => m.trailers.len(),
                _ => 0,
            };
            view.scroll = (view.scroll + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.scroll = view.scroll.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.scroll = 0,
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let Load::Loaded(m) = &view.detail else {
                return None;
            };
            let person = match view.pane {
                MoviePane::Cast => m.cast.get(view.scroll)?.person.id,
                MoviePane::Crew => m.crew.get(view.scroll)?.person.id,
                MoviePane::Trailers => return open_picker(model),
            };
            return open_person(model, person);
        }
        KeyCode::Char('h') | KeyCode::Left | KeyCode::Backspace => {
            return go_back(model).flatten();
        }
        _ => {}
    }
    None
}

/// j/k through the filmography, Enter opens the film, h/q back.
pub(super) fn person_key(model: &mut Model, _id: i64, key: KeyEvent) -> Option<Effect> {
    if let Some(effect) = common_key(model, key) {
        return effect;
    }
    let view = &mut model.person;
    let len = match &view.films {
        Load::Loaded(films) => films.len(),
        _ => 0,
    };
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            view.selected = (view.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.selected = view.selected.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.selected = 0,
        KeyCode::Char('G') | KeyCode::End => view.selected = len.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let Load::Loaded(films) = &view.films else {
                return None;
            };
            let id = films.get(view.selected)?.movie.id;
            return open_movie(model, id);
        }
        KeyCode::Char('h') | KeyCode::Left | KeyCode::Backspace => {
            return go_back(model).flatten();
        }
        _ => {}
    }
    None
}

pub(super) enum Action {
    Rate(Option<f64>),
    ToggleWatchlist,
    NotInterested,
}

/// A movie page action: shown at once (optimistic), sent to the server, its answer a notice.
pub(super) fn act(model: &mut Model, movie: i64, action: Action) -> Option<Effect> {
    let Some(profile) = model.profile_id() else {
        model.notice = Some(
            "This account has no viewing profile yet: ratings and the watchlist need one."
                .to_owned(),
        );
        return None;
    };
    let mine = match &mut model.movie.mine {
        Load::Loaded(state) => Some(state),
        _ => None,
    };
    let request = match action {
        Action::Rate(rating) => {
            if let Some(mine) = mine {
                mine.rating = rating;
            }
            model.notice = Some(match rating {
                Some(r) => format!("Rating {}…", stars_text(r)),
                None => "Removing your rating…".to_owned(),
            });
            Request::Rate {
                profile,
                movie,
                rating,
            }
        }
        Action::ToggleWatchlist => {
            let on = !mine.as_ref().is_some_and(|m| m.on_watchlist);
            if let Some(mine) = mine {
                mine.on_watchlist = on;
            }
            model.notice = Some(
                if on {
                    "Adding to your watchlist…"
                } else {
                    "Taking it off your watchlist…"
                }
                .to_owned(),
            );
            Request::Watchlisted { profile, movie, on }
        }
        Action::NotInterested => {
            model.notice = Some("Telling For You you are not interested…".to_owned());
            Request::NotInterested { profile, movie }
        }
    };
    Some(Effect::Fetch(request))
}
