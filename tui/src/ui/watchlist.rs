//! The profile's watchlist, newest first: open a movie, or take it off the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};

use super::{Theme, message, spinner};
use crate::app::{Hits, ListId, Load, Model};

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let view = &model.watchlist;
    let count = match &view.entries {
        Load::Loaded(entries) if (entries.len() as u64) < view.total => {
            format!(" · {} of {}", entries.len(), view.total)
        }
        Load::Loaded(entries) => format!(" · {}", entries.len()),
        _ => String::new(),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" Your watchlist{count} "))
        .border_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if model.profile_id().is_none() {
        message(
            frame,
            inner,
            vec![
                Line::raw("This account has no viewing profile yet."),
                Line::styled(
                    "The watchlist belongs to a profile: create one, then come back.",
                    theme.dim(),
                ),
            ],
        );
        return;
    }
    let entries = match &view.entries {
        Load::Loaded(entries) => entries,
        Load::Failed(failure) => {
            message(
                frame,
                inner,
                vec![
                    Line::styled("Your watchlist failed to load.", theme.error()),
                    Line::raw(failure.describe()),
                ],
            );
            return;
        }
        Load::Idle | Load::Loading | Load::Unavailable => {
            message(
                frame,
                inner,
                vec![Line::raw(format!(
                    "{} Loading your watchlist…",
                    spinner(model)
                ))],
            );
            return;
        }
    };
    if entries.is_empty() {
        message(
            frame,
            inner,
            vec![
                Line::raw("Your watchlist is empty."),
                Line::styled(
                    "Press w on a movie's page to keep it here for later.",
                    theme.dim(),
                ),
            ],
        );
        return;
    }
    let wide = inner.width >= 100;
    let rows = entries.iter().map(|e| {
        let m = &e.movie;
        let mut cells = vec![
            Cell::from(m.title.clone()),
            Cell::from(m.year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::from(Span::styled(
                super::browse::stars(m.rating_avg),
                theme.rating(),
            )),
            Cell::from(Span::styled(
                e.added_at.format("%Y-%m-%d").to_string(),
                theme.dim(),
            )),
        ];
        if wide {
            cells.push(Cell::from(Span::styled(
                e.note.clone().unwrap_or_else(|| m.genres.join(", ")),
                theme.dim(),
            )));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Fill(2));
    }
    let mut state = TableState::default().with_selected(Some(view.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .column_spacing(1)
            .header(Row::new(["Title", "Year", "Avg", "Added"]).style(theme.dim()))
            .row_highlight_style(theme.selected()),
        inner,
        &mut state,
    );
    // Below the header row.
    let rows_area = inner.intersection(Rect {
        y: inner.y + 1,
        ..inner
    });
    hits.list(rows_area, ListId::Watchlist, state.offset());
}
