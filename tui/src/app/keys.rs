//! Keys: the dispatch by screen, the keys every screen shares, sign-in, Browse and For You.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

pub(super) fn on_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    // The keymap hands the dispatch its action's canonical key (see `keymap`).
    let Some(key) = model.keys.translate(key_context(model), key) else {
        // A default key given to another action does nothing, but closes the help like any key.
        model.help = false;
        return None;
    };
    dispatch_key(model, key)
}

/// The dispatch by screen, on canonical keys (the mouse sends them too).
pub(super) fn dispatch_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        model.quit = true;
        return None;
    }
    if model.help {
        // Any key closes the overlay; it does nothing else.
        model.help = false;
        return None;
    }
    if key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && !model.typing()) {
        model.help = true;
        return None;
    }
    if model.picker.is_some() {
        return picker_key(model, key);
    }
    match model.route.clone() {
        Route::Starting => {
            if matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                model.quit = true;
            }
            None
        }
        Route::SignIn => sign_in_key(model, key),
        Route::Tab(tab) => tab_key(model, tab, key),
        Route::Movie(id) => movie_key(model, id, key),
        Route::Person(id) => person_key(model, id, key),
    }
}

/// Keys every signed-in screen shares; `None` when the key is not one of them.
pub(super) fn common_key(model: &mut Model, key: KeyEvent) -> Option<Option<Effect>> {
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => match go_back(model) {
            Some(effect) => Some(effect),
            None => {
                model.quit = true;
                Some(None)
            }
        },
        KeyCode::Char(c @ '1'..='9') => {
            // A number with no view behind it (7 for non-admins) does nothing.
            let Some(&tab) = model.tabs().get(usize::from(c as u8 - b'1')) else {
                return Some(None);
            };
            model.back.clear();
            Some(open_tab(model, tab))
        }
        KeyCode::Char('L') => Some(Some(Effect::SignOut)),
        KeyCode::Char('P') => {
            model.picker = Some(ProfilePicker {
                profiles: Load::Loading,
                selected: 0,
            });
            Some(Some(Effect::Fetch(Request::Profiles)))
        }
        KeyCode::Char('/') => {
            model.back.clear();
            Some(open_tab(model, Tab::Search))
        }
        KeyCode::Char('r') => Some(retry(model)),
        _ => None,
    }
}

/// `r`: do again what failed on this screen (or what the offline banner is waiting on).
pub(super) fn retry(model: &mut Model) -> Option<Effect> {
    if let Some(offline) = &mut model.offline {
        offline.ticks_left = backoff_ticks(offline.attempt);
        return Some(Effect::Fetch(offline.retry.clone()));
    }
    match model.route.clone() {
        Route::Tab(Tab::Browse) => {
            let mut effects = Vec::new();
            if matches!(model.browse.genres, Load::Failed(_)) {
                model.browse.genres = Load::Loading;
                effects.push(Effect::Fetch(Request::Genres));
            }
            if matches!(model.browse.page, Load::Failed(_)) {
                model.browse.page = Load::Idle;
                effects.extend(load_page(model));
            }
            batch(effects)
        }
        // For You is recomputed as the profile's activity changes: `r` always reloads it.
        Route::Tab(Tab::ForYou) => load_for_you(model),
        Route::Tab(Tab::Watchlist) => load_watchlist(model),
        Route::Tab(Tab::Admin) => load_admin(model),
        Route::Tab(Tab::History) => load_history(model),
        Route::Tab(Tab::Sports) => load_sports(model),
        Route::Tab(Tab::Search) => {
            let search = &mut model.search;
            match (&search.results, &search.submitted) {
                (Load::Failed(_), Some(query)) if search.list() == SearchList::Results => {
                    let query = query.clone();
                    search.results = Load::Loading;
                    Some(Effect::Fetch(Request::Search {
                        query,
                        profile: model.profile_id(),
                    }))
                }
                _ if matches!(search.suggest, Load::Failed(_)) => {
                    search.suggested_for.clear();
                    search.debounce = Some(0);
                    debounce_tick(model)
                }
                _ => None,
            }
        }
        Route::Movie(id) => {
            let mut effects = Vec::new();
            if matches!(model.movie.detail, Load::Failed(_)) {
                model.movie.detail = Load::Loading;
                effects.push(Effect::Fetch(Request::Movie(id)));
            }
            if let (Load::Failed(_), Some(profile)) = (&model.movie.mine, model.profile_id()) {
                model.movie.mine = Load::Loading;
                effects.push(Effect::Fetch(Request::MovieState { profile, movie: id }));
            }
            batch(effects)
        }
        Route::Person(id) => {
            let mut effects = Vec::new();
            if matches!(model.person.detail, Load::Failed(_)) {
                model.person.detail = Load::Loading;
                effects.push(Effect::Fetch(Request::Person(id)));
            }
            if matches!(model.person.films, Load::Failed(_)) {
                model.person.films = Load::Loading;
                effects.push(Effect::Fetch(Request::Filmography(id)));
            }
            batch(effects)
        }
        _ => None,
    }
}

pub(super) fn sign_in_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let form = &mut model.sign_in;
    if form.busy {
        if key.code == KeyCode::Esc {
            model.quit = true;
        }
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let switch = match key.code {
        KeyCode::Char('n') if ctrl => Some((AuthMode::Register, Field::Name)),
        KeyCode::Char('f') if ctrl => Some((AuthMode::Forgot, Field::Email)),
        KeyCode::Char('e') if ctrl => Some((AuthMode::Verify, Field::Token)),
        KeyCode::Char('r') if ctrl => Some((AuthMode::Reset, Field::Token)),
        KeyCode::Esc if form.mode != AuthMode::SignIn => Some((AuthMode::SignIn, Field::Email)),
        _ => None,
    };
    if let Some((mode, focus)) = switch {
        form.mode = mode;
        form.focus = if mode == AuthMode::SignIn && !form.email.is_empty() {
            Field::Password
        } else {
            focus
        };
        form.error = None;
        form.invalid.clear();
        form.password.clear();
        form.confirm.clear();
        form.totp = None;
        return None;
    }
    let fields = form.fields();
    let at = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
    match key.code {
        KeyCode::Esc => model.quit = true,
        KeyCode::Tab | KeyCode::Down => form.focus = fields[(at + 1) % fields.len()],
        KeyCode::BackTab | KeyCode::Up => {
            form.focus = fields[(at + fields.len() - 1) % fields.len()]
        }
        KeyCode::Enter if at + 1 < fields.len() => form.focus = fields[at + 1],
        KeyCode::Enter => return submit(form),
        KeyCode::Backspace => {
            field_mut(form).pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            field_mut(form).push(c);
        }
        _ => {}
    }
    None
}

pub(super) fn tab_key(model: &mut Model, tab: Tab, key: KeyEvent) -> Option<Effect> {
    if tab == Tab::Search && model.search.editing {
        return search_input_key(model, key);
    }
    if let Some(effect) = common_key(model, key) {
        return effect;
    }
    match tab {
        Tab::Browse => browse_key(model, key),
        Tab::ForYou => for_you_key(model, key),
        Tab::Search => search_list_key(model, key),
        Tab::Watchlist => watchlist_key(model, key),
        Tab::History => history_key(model, key),
        Tab::Sports => None,
        Tab::Admin => {
            let view = &mut model.admin;
            let len = match &view.jobs {
                Load::Loaded(jobs) => jobs.jobs.len(),
                _ => 0,
            };
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => {
                    view.selected = (view.selected + 1).min(len.saturating_sub(1));
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    view.selected = view.selected.saturating_sub(1);
                }
                _ => {}
            }
            None
        }
    }
}

/// j/k (↓/↑) move between rows, h/l (←/→) along a row, Enter opens the movie, w shows why.
pub(super) fn for_you_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let profile = model.profile_id();
    let view = &mut model.for_you;
    let Load::Loaded(page) = &view.rows else {
        return None;
    };
    let rows = page.rows.len();
    if rows == 0 {
        return None;
    }
    let len = page.rows[view.row.min(rows - 1)].items.len();
    let row = view.row;
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => view.row = (row + 1).min(rows - 1),
        KeyCode::Char('k') | KeyCode::Up => view.row = row.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.row = 0,
        KeyCode::Char('G') | KeyCode::End => view.row = rows - 1,
        KeyCode::Char('l') | KeyCode::Right => {
            let item = view.items.get_mut(row)?;
            *item = (*item + 1).min(len.saturating_sub(1));
            let item = *item;
            // An item further along the row is shown once the selection reaches it.
            let shown = view.shown.get(row).copied().unwrap_or(0);
            if item >= shown {
                if let Some(s) = view.shown.get_mut(row) {
                    *s = item + 1;
                }
                let track =
                    profile.and_then(|p| Track::for_you(p, "impression", page, row, item))?;
                return Some(Effect::Track(vec![track]));
            }
        }
        KeyCode::Char('h') | KeyCode::Left => {
            if let Some(item) = view.items.get_mut(row) {
                *item = item.saturating_sub(1);
            }
        }
        KeyCode::Char('w') => {
            view.why = !view.why;
            return None;
        }
        KeyCode::Enter => {
            let id = view.selected().map(|(_, item)| item.movie.id)?;
            let click = profile.and_then(|p| Track::for_you(p, "click", page, row, view.item(row)));
            let open = open_movie(model, id);
            return batch(
                click
                    .map(|c| Effect::Track(vec![c]))
                    .into_iter()
                    .chain(open)
                    .collect(),
            );
        }
        _ => return None,
    }
    if model.for_you.row != row {
        model.for_you.why = false;
    }
    None
}

pub(super) fn browse_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let browse = &mut model.browse;
    match (browse.pane, key.code) {
        (_, KeyCode::Tab | KeyCode::BackTab) => {
            browse.pane = match browse.pane {
                BrowsePane::Filters => BrowsePane::List,
                BrowsePane::List => BrowsePane::Filters,
            };
            None
        }
        (_, KeyCode::Char('s')) => {
            browse.sort = (browse.sort + 1) % SORTS.len();
            reload_browse(model)
        }
        (BrowsePane::Filters, code) => {
            let count = match &browse.genres {
                Load::Loaded(genres) => genres.len() + 1,
                _ => 1,
            };
            match code {
                KeyCode::Char('j') | KeyCode::Down => {
                    browse.filter_cursor = (browse.filter_cursor + 1).min(count - 1);
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    browse.filter_cursor = browse.filter_cursor.saturating_sub(1);
                }
                KeyCode::Char('g') | KeyCode::Home => browse.filter_cursor = 0,
                KeyCode::Char('G') | KeyCode::End => browse.filter_cursor = count - 1,
                KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
                    browse.genre = browse.filter_cursor.checked_sub(1);
                    browse.pane = BrowsePane::List;
                    return reload_browse(model);
                }
                _ => {}
            }
            None
        }
        (BrowsePane::List, code) => {
            let len = browse.movies.len();
            match code {
                KeyCode::Char('j') | KeyCode::Down => {
                    browse.selected = (browse.selected + 1).min(len.saturating_sub(1));
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    browse.selected = browse.selected.saturating_sub(1)
                }
                KeyCode::PageDown | KeyCode::Char('d') => {
                    browse.selected = (browse.selected + 10).min(len.saturating_sub(1));
                }
                KeyCode::PageUp | KeyCode::Char('u') => {
                    browse.selected = browse.selected.saturating_sub(10)
                }
                KeyCode::Char('g') | KeyCode::Home => browse.selected = 0,
                KeyCode::Char('G') | KeyCode::End => browse.selected = len.saturating_sub(1),
                KeyCode::Char('h') | KeyCode::Left => browse.pane = BrowsePane::Filters,
                KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
                    let id = browse.movies.get(browse.selected).map(|m| m.id)?;
                    return open_movie(model, id);
                }
                _ => return None,
            }
            // Pages load as the selection nears the end of what is loaded.
            if model.browse.selected + PREFETCH >= model.browse.movies.len()
                && !matches!(model.browse.page, Load::Failed(_))
            {
                return load_page(model);
            }
            None
        }
    }
}
