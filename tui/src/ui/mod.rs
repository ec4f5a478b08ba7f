//! The pure view: `view(&Model, &mut Frame)` draws the model and does no I/O, so it is tested
//! with ratatui's `TestBackend` at several terminal sizes. One module per screen; this one holds
//! the frame around them (tabs, offline banner, status line), the help overlay and the theme.

mod admin;
mod browse;
mod for_you;
mod history;
mod movie;
mod person;
mod search;
mod sign_in;
mod sports;
#[cfg(test)]
mod tests;
mod watchlist;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::{Hits, Model, Route, Tab, Target};

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

/// Styles that degrade to bold/reverse/dim when color is off (`NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn accent(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn rating(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// The border of a pane: highlighted when it has the focus.
    pub fn pane(self, focused: bool) -> Style {
        if focused { self.accent() } else { self.dim() }
    }
}

pub fn spinner(model: &Model) -> &'static str {
    SPINNER[model.spinner % SPINNER.len()]
}

/// `draw` without the regions: what the render tests need.
#[cfg(test)]
pub fn view(model: &Model, frame: &mut Frame) {
    draw(model, frame);
}

/// Draws the model; returns where the lists, view titles and text fields went, for the mouse
/// (the event loop keeps them in `Model::hits`).
pub fn draw(model: &Model, frame: &mut Frame) -> Hits {
    let mut hits = Hits::default();
    let theme = Theme { color: model.color };
    let area = frame.area();
    match model.route {
        Route::Starting => {
            let [_, middle, _] = Layout::vertical([
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(area);
            let text = format!("{} Connecting to {}…", spinner(model), model.server);
            frame.render_widget(Paragraph::new(text).centered(), middle);
        }
        Route::SignIn => sign_in::view(model, theme, frame, area, &mut hits),
        Route::Tab(_) | Route::Movie(_) | Route::Person(_) => {
            main_view(model, theme, frame, area, &mut hits)
        }
    }
    if let Some(picker) = &model.picker {
        profile_picker(model, picker, theme, frame, area);
    }
    if model.help {
        help(model, theme, frame, area);
    }
    hits
}

fn main_view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let banner = u16::from(model.offline.is_some());
    let [header, banner_area, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    tabs(model, theme, frame, header, hits);
    if let Some(offline) = &model.offline {
        let seconds = offline.ticks_left.div_ceil(crate::app::TICKS_PER_SECOND);
        let text = format!(
            " {} · retrying in {seconds}s · r retries now",
            offline.message
        );
        frame.render_widget(Paragraph::new(text).style(theme.warn()), banner_area);
    }
    match model.route {
        Route::Tab(Tab::Browse) => browse::view(model, theme, frame, body, hits),
        Route::Tab(Tab::ForYou) => for_you::view(model, theme, frame, body, hits),
        Route::Tab(Tab::Search) => search::view(model, theme, frame, body, hits),
        Route::Tab(Tab::Watchlist) => watchlist::view(model, theme, frame, body, hits),
        Route::Tab(Tab::Admin) => admin::view(model, theme, frame, body, hits),
        Route::Tab(Tab::History) => history::view(model, theme, frame, body, hits),
        Route::Tab(Tab::Sports) => sports::view(model, theme, frame, body),
        Route::Movie(_) => movie::view(model, theme, frame, body, hits),
        Route::Person(_) => person::view(model, theme, frame, body, hits),
        Route::Starting | Route::SignIn => {}
    }
    status_line(model, theme, frame, status);
}

fn tabs(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let current = match model.route {
        Route::Tab(tab) => Some(tab),
        _ => model.back.iter().find_map(|r| match r {
            Route::Tab(tab) => Some(*tab),
            _ => None,
        }),
    };
    let mut spans = Vec::new();
    for (i, &tab) in model.tabs().iter().enumerate() {
        let label = format!(" {} {} ", i + 1, tab.title());
        let style = if Some(tab) == current {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
    }
    // The brand gives way first when the tabs do not fit, then the right side: email and
    // server, then just the email, then nothing.
    let tabs_width: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let brand = " Marquee ";
    if tabs_width + brand.len() <= usize::from(area.width) {
        spans.insert(0, Span::styled(brand, theme.accent()));
    }
    let tabs_width: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    // Each view title is a click target (the brand, when shown, comes first).
    let titles = &spans[spans.len() - model.tabs().len()..];
    let mut x = area.x + (tabs_width - titles.iter().map(|s| s.width()).sum::<usize>()) as u16;
    for (span, &tab) in titles.iter().zip(model.tabs()) {
        let width = span.width() as u16;
        hits.add(
            Rect::new(x, area.y, width.min(area.right().saturating_sub(x)), 1),
            Target::Tab(tab),
        );
        x = x.saturating_add(width);
    }
    let email = model
        .session
        .as_ref()
        .map(|s| s.me.email.as_str())
        .unwrap_or_default();
    let profile = model
        .session
        .as_ref()
        .and_then(|s| s.profile.as_ref())
        .map(|p| format!("{} · ", p.name))
        .unwrap_or_default();
    let room = usize::from(area.width).saturating_sub(tabs_width + 1);
    let right = [
        format!("{profile}{email} · {} ", model.server),
        format!("{profile}{email} "),
        format!("{email} "),
    ]
    .into_iter()
    .find(|r| r.chars().count() <= room)
    .unwrap_or_default();
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right.chars().count()).unwrap_or(0)),
    ])
    .areas(area);
    frame.render_widget(Line::from(spans), left_area);
    frame.render_widget(Line::styled(right, theme.dim()).right_aligned(), right_area);
}

fn status_line(model: &Model, theme: Theme, frame: &mut Frame, area: Rect) {
    let line = match &model.notice {
        Some(notice) => Line::styled(format!(" {notice}"), theme.dim()),
        None => {
            // The first key of each action, as bound.
            let bound = &model.keys;
            let k = |action: &str| {
                bound
                    .keys(action)
                    .first()
                    .map(|key| key.label())
                    .unwrap_or_default()
            };
            let (down, up, open, help, back) =
                (k("down"), k("up"), k("open"), k("help"), k("back"));
            let views = format!("{}-{} views", k("view_1"), k("view_6"));
            let keys = match model.route {
                Route::Tab(Tab::Browse) => format!(
                    "{down}/{up} move · {open} open · {} filters · {} sort · {views} · {help} help · {back} quit",
                    k("next_pane"),
                    k("sort")
                ),
                Route::Tab(Tab::ForYou) => format!(
                    "{down}/{up} rows · {}/{} along · {open} open · {} why · {} reload · {views} · {help} help",
                    k("left"),
                    k("right"),
                    k("why"),
                    k("retry")
                ),
                Route::Tab(Tab::Search) if model.search.editing => {
                    let to_list: Vec<String> = bound
                        .keys("to_list")
                        .iter()
                        .take(2)
                        .map(|key| key.label())
                        .collect();
                    format!(
                        "type to search · {} all results · {} to the list · {} help",
                        k("submit"),
                        to_list.join(" "),
                        bound.typing_label(&["help"])
                    )
                }
                Route::Tab(Tab::Search) => format!(
                    "{down}/{up} move · {open} open · {} type · {} did-you-mean · {views} · {help} help",
                    k("type"),
                    k("did_you_mean")
                ),
                Route::Tab(Tab::Watchlist) => format!(
                    "{down}/{up} move · {open} open · {} remove · {} reload · {views} · {help} help",
                    k("remove"),
                    k("retry")
                ),
                Route::Tab(Tab::Admin) => format!(
                    "{down}/{up} jobs · {} reload · {}-{} views · {help} help · {back} quit",
                    k("retry"),
                    k("view_1"),
                    k("view_7")
                ),
                Route::Tab(Tab::Sports) => format!(
                    "scores update live · {} reload · {views} · {help} help · {back} quit",
                    k("retry")
                ),
                Route::Tab(Tab::History) => format!(
                    "{} continue/history · {down}/{up} move · {open} open · {} reload · {help} help",
                    k("next_pane"),
                    k("retry")
                ),
                Route::Movie(_) => format!(
                    "{}-{} rate · {} half · {} watchlist · {} not interested · {back} back · {help} help",
                    k("rate_1"),
                    k("rate_5"),
                    k("half"),
                    k("watchlist"),
                    k("not_interested")
                ),
                Route::Person(_) => {
                    format!("{down}/{up} films · {open} open · {back} back · {help} help")
                }
                Route::Starting | Route::SignIn => format!("{help} help"),
            };
            Line::styled(format!(" {keys}"), theme.dim())
        }
    };
    frame.render_widget(line, area);
}

/// `P`: the account's profiles, the current one marked.
fn profile_picker(
    model: &Model,
    picker: &crate::app::ProfilePicker,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let current = model
        .session
        .as_ref()
        .and_then(|s| s.profile.as_ref())
        .map(|p| p.id);
    let lines: Vec<Line> = match &picker.profiles {
        crate::app::Load::Loaded(profiles) if profiles.is_empty() => vec![Line::styled(
            "This account has no profiles yet.",
            theme.dim(),
        )],
        crate::app::Load::Loaded(profiles) => profiles
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mark = if Some(p.id) == current { "● " } else { "  " };
                let kids = if p.is_kids { " (kids)" } else { "" };
                let style = if i == picker.selected {
                    theme.selected()
                } else {
                    Style::new()
                };
                Line::styled(format!("{mark}{}{kids}", p.name), style)
            })
            .collect(),
        crate::app::Load::Failed(failure) => vec![
            Line::styled("The profiles failed to load.", theme.error()),
            Line::raw(failure.describe()),
            Line::styled("r retries", theme.dim()),
        ],
        _ => vec![Line::raw(format!("{} Loading profiles…", spinner(model)))],
    };
    let height = (lines.len() as u16 + 3).min(area.height);
    let popup = centered(area, 44.min(area.width), height);
    frame.render_widget(Clear, popup);
    let mut all = lines;
    all.push(Line::styled("Enter switch · Esc close", theme.dim()));
    frame.render_widget(
        Paragraph::new(all).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Watch as ")
                .border_style(theme.accent()),
        ),
        popup,
    );
}

/// The keys that work on the current screen, then the ones that work everywhere.
fn help(model: &Model, theme: Theme, frame: &mut Frame, area: Rect) {
    // The keys shown are the ones bound: `keys.toml` remaps show here.
    let keys = &model.keys;
    let k = |actions: &[&str]| keys.label(actions);
    let first = |action: &str| {
        keys.keys(action)
            .first()
            .map(|key| key.label())
            .unwrap_or_default()
    };
    let here: Vec<(String, &str)> = match model.route {
        Route::SignIn | Route::Starting => vec![
            (
                k(&["next_field", "previous_field"]),
                "next / previous field",
            ),
            (k(&["submit"]), "next field, then sign in / send"),
            (k(&["register"]), "create an account"),
            (
                k(&["forgot_password"]),
                "forgot password: mail a reset link",
            ),
            (
                k(&["verify_email"]),
                "verify email: the token from the mail",
            ),
            (
                k(&["reset_password"]),
                "reset password with the mailed token",
            ),
            (k(&["cancel"]), "back to sign-in, or quit"),
        ],
        Route::Tab(Tab::Browse) => vec![
            (k(&["down", "up"]), "move"),
            (k(&["page_down", "page_up"]), "move by 10"),
            (k(&["first", "last"]), "first / last"),
            (k(&["open", "right"]), "open the movie / apply the genre"),
            (k(&["next_pane", "left"]), "genres pane"),
            (k(&["sort"]), "next sort order"),
        ],
        Route::Tab(Tab::ForYou) => vec![
            (k(&["down", "up"]), "next / previous row"),
            (k(&["left", "right"]), "along the row"),
            (k(&["first", "last"]), "first / last row"),
            (k(&["open"]), "open the movie"),
            (k(&["why"]), "why it is recommended, in full"),
            (k(&["retry"]), "reload (the rows follow your ratings)"),
        ],
        Route::Tab(Tab::Search) if model.search.editing => vec![
            (
                "letters".to_owned(),
                "search as you type (suggestions after 300 ms)",
            ),
            (k(&["submit"]), "all results (typos are fine)"),
            (k(&["clear_query"]), "clear the query"),
            (k(&["to_list"]), "to the list"),
        ],
        Route::Tab(Tab::Search) => vec![
            (k(&["down", "up"]), "move (↑ at the top: back to typing)"),
            (
                k(&["open", "right"]),
                "open the movie / repeat a recent search",
            ),
            (k(&["did_you_mean"]), "search the \"did you mean\" query"),
            (k(&["type", "next_pane"]), "type in the search box"),
            (k(&["clear"]), "clear the query"),
        ],
        Route::Tab(Tab::Watchlist) => vec![
            (k(&["down", "up"]), "move"),
            (k(&["first", "last"]), "first / last"),
            (k(&["open", "right"]), "open the movie"),
            (k(&["remove"]), "take it off the watchlist"),
            (k(&["retry"]), "reload"),
        ],
        Route::Person(_) => vec![
            (k(&["down", "up"]), "move in the filmography"),
            (k(&["first", "last"]), "first / last"),
            (k(&["open", "right"]), "open the film"),
            (k(&["left", "back"]), "back"),
        ],
        Route::Tab(Tab::Sports) => vec![(
            k(&["retry"]),
            "reload the lists (the live scores update by themselves)",
        )],
        Route::Tab(Tab::History) => vec![
            (
                k(&["next_pane", "previous_pane"]),
                "continue watching / history",
            ),
            (k(&["down", "up"]), "move"),
            (k(&["first", "last"]), "first / last"),
            (k(&["open", "right"]), "open the movie"),
            (k(&["retry"]), "reload"),
        ],
        Route::Tab(Tab::Admin) => vec![
            (k(&["down", "up"]), "select a job (its notes below)"),
            (k(&["retry"]), "reload jobs and metrics"),
        ],
        Route::Movie(_) => vec![
            (
                ["rate_1", "rate_2", "rate_3", "rate_4", "rate_5"]
                    .map(|a| k(&[a]))
                    .join(" "),
                "rate 1 to 5 stars",
            ),
            (
                format!("{} then 1-5", k(&["half"])),
                "half a star less (.4 = 3.5, .1 = 0.5)",
            ),
            (k(&["unrate"]), "remove your rating"),
            (k(&["watchlist"]), "watchlist: add / remove"),
            (k(&["not_interested"]), "not interested (For You drops it)"),
            (k(&["next_pane", "previous_pane"]), "cast, crew, trailers"),
            (k(&["down", "up"]), "move in the list"),
            (k(&["open", "right"]), "open the person / the trailer"),
            (
                format!("{} {} {}", first("down"), first("up"), first("open")),
                "trailers: pick a quality, play it",
            ),
            (k(&["left", "back"]), "back (1-6 switch views elsewhere)"),
        ],
    };
    let everywhere: Vec<(String, &str)> = if model.typing() {
        vec![
            (keys.typing_label(&["help"]), "this help"),
            (keys.typing_label(&["quit"]), "quit"),
        ]
    } else {
        let last = if model.tabs().len() > 6 {
            "view_7"
        } else {
            "view_6"
        };
        vec![
            (
                format!("{} … {}", first("view_1"), first(last)),
                "the views, as numbered at the top",
            ),
            (k(&["search"]), "search"),
            (k(&["retry"]), "retry what failed"),
            (k(&["profiles"]), "switch profile"),
            (k(&["sign_out"]), "sign out"),
            (k(&["help"]), "this help"),
            (k(&["back"]), "back, or quit at the top"),
            (k(&["quit"]), "quit"),
        ]
    };
    let mut lines = vec![Line::styled("On this screen", theme.accent())];
    let key_line = |(key, what): &(String, &str)| {
        Line::from(vec![
            Span::styled(
                format!("  {key:<15} "),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(what.to_string()),
        ])
    };
    lines.extend(here.iter().map(key_line));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Everywhere", theme.accent()));
    lines.extend(everywhere.iter().map(key_line));

    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 60.min(area.width);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Keys · any key closes ")
                .border_style(theme.accent()),
        ),
        popup,
    );
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [_, v, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, h, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(v);
    h
}

/// A centered message block for loading, empty, error and unavailable states.
pub fn message(frame: &mut Frame, area: Rect, lines: Vec<Line<'_>>) {
    let height = lines.len() as u16;
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }),
        middle,
    );
}
