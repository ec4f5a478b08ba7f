//! Sports: live now (scores and minutes kept current by the server's live stream; the match
//! the stream changed last is highlighted), the next 24 hours with kickoffs in the machine's
//! time zone, and highlights.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

use super::{Theme, message, spinner};
use crate::app::{Feed, Load, Model};
use marquee_api::sports::MatchSummary;

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect) {
    let sports = &model.sports;
    let (live_area, upcoming_area, highlights_area) = if area.width >= 140 {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
        let [top, bottom] =
            Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(right);
        (left, top, bottom)
    } else {
        let [a, b, c] = Layout::vertical([
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Fill(1),
        ])
        .areas(area);
        (a, b, c)
    };

    let feed = match &sports.feed {
        Feed::Connected => Span::styled(" ● live ", theme.accent()),
        Feed::Off => Span::styled(format!(" {} connecting ", spinner(model)), theme.dim()),
        Feed::Retrying(why) => Span::styled(format!(" reconnecting ({why}) "), theme.warn()),
    };
    let live_block = Block::new()
        .borders(Borders::ALL)
        .title(Line::from(vec![
            Span::styled(" Live now ", theme.accent()),
            feed,
        ]))
        .border_style(theme.accent());
    let inner = live_block.inner(live_area);
    frame.render_widget(live_block, live_area);
    match &sports.live {
        Load::Loaded(matches) if matches.is_empty() => message(
            frame,
            inner,
            vec![Line::styled(
                "No match is being played right now.",
                theme.dim(),
            )],
        ),
        Load::Loaded(matches) => {
            let rows = matches.iter().map(|m| {
                let state = match (m.status.as_str(), m.minute) {
                    ("live", Some(minute)) => format!("{minute}'"),
                    ("live", None) => "live".to_owned(),
                    ("half_time", _) => "HT".to_owned(),
                    ("finished", _) => "FT".to_owned(),
                    ("postponed", _) => "PP".to_owned(),
                    ("cancelled", _) => "off".to_owned(),
                    // Not started yet: its kickoff, local time.
                    _ => m.kickoff_local.format("%H:%M").to_string(),
                };
                let style = if sports.changed == Some(m.id) {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                Row::new([
                    Cell::from(Span::styled(state, theme.accent())),
                    Cell::from(m.home.name.clone()),
                    Cell::from(score(m)),
                    Cell::from(m.away.name.clone()),
                    Cell::from(Span::styled(m.league.name.clone(), theme.dim())),
                ])
                .style(style)
            });
            frame.render_widget(
                Table::new(
                    rows,
                    [
                        Constraint::Length(5),
                        Constraint::Fill(2),
                        Constraint::Length(5),
                        Constraint::Fill(2),
                        Constraint::Fill(1),
                    ],
                ),
                inner,
            );
        }
        other => not_loaded(model, other, "live matches", theme, frame, inner),
    }

    let zone = match &sports.upcoming {
        Load::Loaded(list) => format!(" · {}", list.time_zone),
        _ => String::new(),
    };
    let upcoming_block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" Next 24 hours{zone} "))
        .border_style(theme.dim());
    let inner = upcoming_block.inner(upcoming_area);
    frame.render_widget(upcoming_block, upcoming_area);
    match &sports.upcoming {
        Load::Loaded(list) if list.data.is_empty() => message(
            frame,
            inner,
            vec![Line::styled(
                "Nothing scheduled in the next 24 hours.",
                theme.dim(),
            )],
        ),
        Load::Loaded(list) => {
            let rows = list.data.iter().map(|m| {
                let mark = if m.favourite { "★ " } else { "" };
                Row::new([
                    Cell::from(m.kickoff_local.format("%a %H:%M").to_string()),
                    Cell::from(format!("{mark}{} v {}", m.home.name, m.away.name)),
                    Cell::from(Span::styled(m.league.name.clone(), theme.dim())),
                ])
            });
            frame.render_widget(
                Table::new(
                    rows,
                    [
                        Constraint::Length(9),
                        Constraint::Fill(3),
                        Constraint::Fill(1),
                    ],
                ),
                inner,
            );
        }
        other => not_loaded(model, other, "upcoming matches", theme, frame, inner),
    }

    let highlights_block = Block::new()
        .borders(Borders::ALL)
        .title(" Highlights ")
        .border_style(theme.dim());
    let inner = highlights_block.inner(highlights_area);
    frame.render_widget(highlights_block, highlights_area);
    match &sports.highlights {
        Load::Loaded(list) if list.is_empty() => message(
            frame,
            inner,
            vec![Line::styled("No highlights yet.", theme.dim())],
        ),
        Load::Loaded(list) => {
            let rows = list.iter().map(|h| {
                let length = h
                    .duration_seconds
                    .map(|s| format!("{}:{:02}", s / 60, s % 60))
                    .unwrap_or_default();
                Row::new([
                    Cell::from(h.title.clone()),
                    Cell::from(Span::styled(length, theme.dim())),
                    Cell::from(Span::styled(h.url.clone(), theme.dim())),
                ])
            });
            frame.render_widget(
                Table::new(
                    rows,
                    [
                        Constraint::Fill(2),
                        Constraint::Length(6),
                        Constraint::Fill(2),
                    ],
                ),
                inner,
            );
        }
        other => not_loaded(model, other, "highlights", theme, frame, inner),
    }
}

fn score(m: &MatchSummary) -> String {
    match (m.home_score, m.away_score) {
        (Some(h), Some(a)) => format!("{h} – {a}"),
        _ => "v".to_owned(),
    }
}

fn not_loaded<T>(
    model: &Model,
    load: &Load<T>,
    what: &str,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let lines = match load {
        Load::Failed(failure) => vec![
            Line::styled(format!("The {what} failed to load."), theme.error()),
            Line::raw(failure.describe()),
        ],
        _ => vec![Line::raw(format!("{} Loading the {what}…", spinner(model)))],
    };
    message(frame, area, lines);
}
