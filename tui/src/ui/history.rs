//! Continue watching (where each movie stopped) above the watch history, newest first; Tab
//! moves the focus between the two.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};

use super::{Theme, message, spinner};
use crate::app::{HistoryPane, Hits, ListId, Load, Model};

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let view = &model.history;
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(area);
    let focused = |pane| view.pane == pane;
    let continue_block = Block::new()
        .borders(Borders::ALL)
        .title(" Continue watching ")
        .border_style(theme.pane(focused(HistoryPane::Continue)));
    let count = match &view.watched {
        Load::Loaded(items) if (items.len() as u64) < view.watched_total => {
            format!(" · {} of {}", items.len(), view.watched_total)
        }
        Load::Loaded(items) => format!(" · {}", items.len()),
        _ => String::new(),
    };
    let history_block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" History{count} "))
        .border_style(theme.pane(focused(HistoryPane::Watched)));
    let (top_inner, bottom_inner) = (continue_block.inner(top), history_block.inner(bottom));
    frame.render_widget(continue_block, top);
    frame.render_widget(history_block, bottom);
    if model.profile_id().is_none() {
        message(
            frame,
            top_inner,
            vec![Line::styled(
                "This account has no viewing profile yet: history belongs to a profile.",
                theme.dim(),
            )],
        );
        return;
    }
    let selected_style = |pane| {
        if focused(pane) {
            theme.selected()
        } else {
            theme.dim()
        }
    };

    match &view.continuing {
        Load::Loaded(items) if items.is_empty() => message(
            frame,
            top_inner,
            vec![Line::styled(
                "Nothing in progress: movies you stop part-way appear here.",
                theme.dim(),
            )],
        ),
        Load::Loaded(items) => {
            let rows = items.iter().map(|c| {
                let filled = ((c.percent / 10.0).round() as usize).min(10);
                Row::new([
                    Cell::from(c.movie.title.clone()),
                    Cell::from(Span::styled(
                        format!("{}{}", "▮".repeat(filled), "▯".repeat(10 - filled)),
                        theme.accent(),
                    )),
                    Cell::from(format!("{:>3.0}%", c.percent)),
                    Cell::from(Span::styled(
                        format!(
                            "{} min left",
                            (c.duration_seconds - c.position_seconds).max(0) / 60
                        ),
                        theme.dim(),
                    )),
                ])
            });
            let mut state = TableState::default().with_selected(Some(view.selected[0]));
            frame.render_stateful_widget(
                Table::new(
                    rows,
                    [
                        Constraint::Fill(1),
                        Constraint::Length(10),
                        Constraint::Length(4),
                        Constraint::Length(12),
                    ],
                )
                .row_highlight_style(selected_style(HistoryPane::Continue)),
                top_inner,
                &mut state,
            );
            hits.list(top_inner, ListId::Continue, state.offset());
        }
        other => not_loaded(model, other, "continue watching", theme, frame, top_inner),
    }

    match &view.watched {
        Load::Loaded(items) if items.is_empty() => message(
            frame,
            bottom_inner,
            vec![Line::styled(
                "No history yet: what you watch to the end is listed here.",
                theme.dim(),
            )],
        ),
        Load::Loaded(items) => {
            let rows = items.iter().map(|h| {
                Row::new([
                    Cell::from(Span::styled(
                        h.watched_at.format("%Y-%m-%d").to_string(),
                        theme.dim(),
                    )),
                    Cell::from(h.movie.title.clone()),
                    Cell::from(if h.completed { "✓ watched" } else { "part" }),
                    Cell::from(Span::styled(h.source.clone(), theme.dim())),
                ])
            });
            let mut state = TableState::default().with_selected(Some(view.selected[1]));
            frame.render_stateful_widget(
                Table::new(
                    rows,
                    [
                        Constraint::Length(10),
                        Constraint::Fill(1),
                        Constraint::Length(9),
                        Constraint::Length(8),
                    ],
                )
                .row_highlight_style(selected_style(HistoryPane::Watched)),
                bottom_inner,
                &mut state,
            );
            hits.list(bottom_inner, ListId::Watched, state.offset());
        }
        other => not_loaded(model, other, "history", theme, frame, bottom_inner),
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
            Line::styled(format!("{what} failed to load."), theme.error()),
            Line::raw(failure.describe()),
        ],
        _ => vec![Line::raw(format!("{} Loading {what}…", spinner(model)))],
    };
    message(frame, area, lines);
}
