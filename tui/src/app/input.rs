//! Input besides the key dispatch: which keymap context the current screen is, and the mouse.
//! The mouse hit-tests `Model::hits`, the regions the last `view` drew (`ui::draw` returns them,
//! the event loop stores them), then does what keys do: the wheel moves the selection of the
//! list under the pointer like ↓/↑ (so Browse loads pages the same way), a click selects a row,
//! a second click on the selected row opens it like Enter, a click on a view title switches to it.

use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::*;
use crate::keymap::Context;

/// A list the mouse can scroll and click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListId {
    BrowseGenres,
    BrowseMovies,
    ForYouRows,
    Search,
    Watchlist,
    Continue,
    Watched,
    Filmography,
    /// The movie page's cast, crew or trailers (whichever pane shows).
    MoviePane,
    AdminJobs,
}

/// What is at a place on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Tab(Tab),
    /// A list's rows: item `first` is on the top line, each item `height` lines tall.
    List {
        list: ListId,
        first: usize,
        height: u16,
    },
    Field(Field),
    SearchBox,
}

/// Where things were in the last frame; a later region is drawn over an earlier one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hits {
    regions: Vec<(Rect, Target)>,
}

impl Hits {
    pub fn add(&mut self, area: Rect, target: Target) {
        if area.area() > 0 {
            self.regions.push((area, target));
        }
    }

    /// A list of one-line items whose top line shows item `first`.
    pub fn list(&mut self, area: Rect, list: ListId, first: usize) {
        self.add(
            area,
            Target::List {
                list,
                first,
                height: 1,
            },
        );
    }

    fn at(&self, column: u16, row: u16) -> Option<(Rect, Target)> {
        self.regions
            .iter()
            .rev()
            .find(|(area, _)| area.contains(Position::new(column, row)))
            .copied()
    }
}

/// The keymap context of the screen that has the keys now.
pub(super) fn key_context(model: &Model) -> Context {
    if model.picker.is_some() {
        return Context::Profiles;
    }
    match &model.route {
        Route::Starting => Context::Starting,
        Route::SignIn => Context::SignIn,
        Route::Tab(Tab::Search) if model.search.editing => Context::SearchInput,
        Route::Tab(tab) => match tab {
            Tab::ForYou => Context::ForYou,
            Tab::Browse => Context::Browse,
            Tab::Search => Context::SearchList,
            Tab::Watchlist => Context::Watchlist,
            Tab::History => Context::History,
            Tab::Sports => Context::Sports,
            Tab::Admin => Context::Admin,
        },
        Route::Movie(_) if model.movie.trailer.is_some() => Context::Trailer,
        Route::Movie(_) => Context::Movie,
        Route::Person(_) => Context::Person,
    }
}

pub(super) fn on_mouse(model: &mut Model, event: MouseEvent) -> Option<Effect> {
    let click = event.kind == MouseEventKind::Down(MouseButton::Left);
    let wheel = match event.kind {
        MouseEventKind::ScrollDown => Some(KeyCode::Down),
        MouseEventKind::ScrollUp => Some(KeyCode::Up),
        _ => None,
    };
    if !click && wheel.is_none() {
        return None;
    }
    if model.help {
        // A click closes the overlay, as any key does.
        model.help = !click;
        return None;
    }
    // The pickers are drawn over regions they hide: the mouse leaves them to the keys.
    if model.picker.is_some() || key_context(model) == Context::Trailer {
        return None;
    }
    let (area, target) = model.hits.at(event.column, event.row)?;
    match target {
        Target::Tab(tab) if click => {
            model.back.clear();
            open_tab(model, tab)
        }
        Target::Field(field) if click => {
            let form = &mut model.sign_in;
            if !form.busy && form.fields().contains(&field) {
                form.focus = field;
            }
            None
        }
        Target::SearchBox if click => {
            model.search.editing = true;
            None
        }
        Target::List {
            list,
            first,
            height,
        } => {
            if let Some(code) = wheel {
                focus(model, list);
                // The wheel stays in the list: ↑ at its top would go back to typing.
                if list == ListId::Search && code == KeyCode::Up && model.search.selected == 0 {
                    return None;
                }
                return dispatch_key(model, KeyEvent::from(code));
            }
            let index = first + usize::from(event.row.saturating_sub(area.y) / height.max(1));
            if index >= len(model, list) {
                return None;
            }
            if focused(model, list) && selected(model, list) == index {
                return dispatch_key(model, KeyEvent::from(KeyCode::Enter));
            }
            focus(model, list);
            select(model, list, index)
        }
        _ => None,
    }
}

fn len(model: &Model, list: ListId) -> usize {
    let loaded = |load_len: Option<usize>| load_len.unwrap_or(0);
    match list {
        ListId::BrowseGenres => match &model.browse.genres {
            Load::Loaded(genres) => genres.len() + 1,
            _ => 1,
        },
        ListId::BrowseMovies => model.browse.movies.len(),
        ListId::ForYouRows => loaded(match &model.for_you.rows {
            Load::Loaded(page) => Some(page.rows.len()),
            _ => None,
        }),
        ListId::Search => model.search.len(),
        ListId::Watchlist => loaded(match &model.watchlist.entries {
            Load::Loaded(entries) => Some(entries.len()),
            _ => None,
        }),
        ListId::Continue => loaded(match &model.history.continuing {
            Load::Loaded(items) => Some(items.len()),
            _ => None,
        }),
        ListId::Watched => loaded(match &model.history.watched {
            Load::Loaded(items) => Some(items.len()),
            _ => None,
        }),
        ListId::Filmography => loaded(match &model.person.films {
            Load::Loaded(films) => Some(films.len()),
            _ => None,
        }),
        ListId::MoviePane => loaded(match &model.movie.detail {
            Load::Loaded(m) => Some(match model.movie.pane {
                MoviePane::Cast => m.cast.len(),
                MoviePane::Crew => m.crew.len(),
                MoviePane::Trailers => m.trailers.len(),
            }),
            _ => None,
        }),
        ListId::AdminJobs => loaded(match &model.admin.jobs {
            Load::Loaded(jobs) => Some(jobs.jobs.len()),
            _ => None,
        }),
    }
}

/// Whether the list has the keys (a pane of a two-pane view, or the search list).
fn focused(model: &Model, list: ListId) -> bool {
    match list {
        ListId::BrowseGenres => model.browse.pane == BrowsePane::Filters,
        ListId::BrowseMovies => model.browse.pane == BrowsePane::List,
        ListId::Search => !model.search.editing,
        ListId::Continue => model.history.pane == HistoryPane::Continue,
        ListId::Watched => model.history.pane == HistoryPane::Watched,
        _ => true,
    }
}

fn focus(model: &mut Model, list: ListId) {
    match list {
        ListId::BrowseGenres => model.browse.pane = BrowsePane::Filters,
        ListId::BrowseMovies => model.browse.pane = BrowsePane::List,
        ListId::Search => model.search.editing = false,
        ListId::Continue => model.history.pane = HistoryPane::Continue,
        ListId::Watched => model.history.pane = HistoryPane::Watched,
        _ => {}
    }
}

fn selected(model: &Model, list: ListId) -> usize {
    match list {
        ListId::BrowseGenres => model.browse.filter_cursor,
        ListId::BrowseMovies => model.browse.selected,
        ListId::ForYouRows => model.for_you.row,
        ListId::Search => model.search.selected,
        ListId::Watchlist => model.watchlist.selected,
        ListId::Continue => model.history.selected[0],
        ListId::Watched => model.history.selected[1],
        ListId::Filmography => model.person.selected,
        ListId::MoviePane => model.movie.scroll,
        ListId::AdminJobs => model.admin.selected,
    }
}

fn select(model: &mut Model, list: ListId, index: usize) -> Option<Effect> {
    match list {
        ListId::BrowseGenres => model.browse.filter_cursor = index,
        ListId::BrowseMovies => {
            model.browse.selected = index;
            // As with the keys: the next page loads when the selection nears the end.
            if index + PREFETCH >= model.browse.movies.len()
                && !matches!(model.browse.page, Load::Failed(_))
            {
                return load_page(model);
            }
        }
        ListId::ForYouRows => {
            if model.for_you.row != index {
                model.for_you.why = false;
            }
            model.for_you.row = index;
        }
        ListId::Search => model.search.selected = index,
        ListId::Watchlist => model.watchlist.selected = index,
        ListId::Continue => model.history.selected[0] = index,
        ListId::Watched => model.history.selected[1] = index,
        ListId::Filmography => model.person.selected = index,
        ListId::MoviePane => model.movie.scroll = index,
        ListId::AdminJobs => model.admin.selected = index,
    }
    None
}
