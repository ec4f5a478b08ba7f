//! Browse: a genre pane, the movie list (pages load as the selection nears the end) and, on wide
//! terminals, a preview of the selected movie.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::{Theme, message, spinner};
use crate::app::{BrowsePane, Hits, ListId, Load, Model, SORTS};
use marquee_api::catalogue::MovieSummary;

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let filters_width = if area.width >= 120 { 26 } else { 20 };
    let preview_width = if area.width >= 140 { 44 } else { 0 };
    let [filters, list, preview] = Layout::horizontal([
        Constraint::Length(filters_width),
        Constraint::Fill(1),
        Constraint::Length(preview_width),
    ])
    .areas(area);
    genres(model, theme, frame, filters, hits);
    movies(model, theme, frame, list, hits);
    if preview_width > 0 {
        let selected = model.browse.movies.get(model.browse.selected);
        self::preview(selected, theme, frame, preview);
    }
}

fn genres(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let browse = &model.browse;
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Genres ")
        .border_style(theme.pane(browse.pane == BrowsePane::Filters));
    match &browse.genres {
        Load::Loaded(genres) => {
            let items = std::iter::once(("All genres".to_owned(), None))
                .chain(genres.iter().map(|g| (g.name.clone(), Some(g.count))))
                .enumerate()
                .map(|(i, (name, count))| {
                    let applied = if browse.genre.map_or(0, |g| g + 1) == i {
                        "• "
                    } else {
                        "  "
                    };
                    let mut spans = vec![Span::raw(applied), Span::raw(name)];
                    if let Some(count) = count {
                        spans.push(Span::styled(format!(" {count}"), theme.dim()));
                    }
                    ListItem::new(Line::from(spans))
                });
            let mut state = ListState::default().with_selected(Some(browse.filter_cursor));
            let highlight = if browse.pane == BrowsePane::Filters {
                theme.selected()
            } else {
                Default::default()
            };
            let rows_area = block.inner(area);
            frame.render_stateful_widget(
                List::new(items).block(block).highlight_style(highlight),
                area,
                &mut state,
            );
            hits.list(rows_area, ListId::BrowseGenres, state.offset());
        }
        Load::Failed(failure) => frame.render_widget(
            Paragraph::new(vec![
                Line::styled("Genres failed to load.", theme.error()),
                Line::raw(failure.describe()),
            ])
            .wrap(Wrap { trim: true })
            .block(block),
            area,
        ),
        Load::Idle | Load::Loading | Load::Unavailable => frame.render_widget(
            Paragraph::new(format!("{} loading…", spinner(model))).block(block),
            area,
        ),
    }
}

fn movies(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let browse = &model.browse;
    let sort = SORTS[browse.sort % SORTS.len()].1;
    let genre = match (&browse.genres, browse.genre) {
        (Load::Loaded(genres), Some(i)) => genres.get(i).map_or("All genres", |g| g.name.as_str()),
        _ => "All genres",
    };
    let count = browse
        .total
        .map(|total| format!(" · {} of {total}", browse.movies.len()))
        .unwrap_or_default();
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {genre} · {sort}{count} "))
        .border_style(theme.pane(browse.pane == BrowsePane::List));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if browse.movies.is_empty() {
        let lines = match &browse.page {
            Load::Failed(failure) => vec![
                Line::styled("Movies failed to load.", theme.error()),
                Line::raw(failure.describe()),
            ],
            Load::Loaded(()) => vec![
                Line::raw("No movies match these filters."),
                Line::styled(
                    "Tab to the genres and pick another, or s to change the sort.",
                    theme.dim(),
                ),
            ],
            _ => vec![Line::raw(format!("{} Loading movies…", spinner(model)))],
        };
        message(frame, inner, lines);
        return;
    }

    let [table_area, footer] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let wide = table_area.width >= 70;
    let rows = browse.movies.iter().map(|m| {
        let mut cells = vec![
            Cell::from(m.title.clone()),
            Cell::from(m.year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::from(Span::styled(stars(m.rating_avg), theme.rating())),
        ];
        if wide {
            cells.push(Cell::from(Span::styled(m.genres.join(", "), theme.dim())));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Length(4),
        Constraint::Length(5),
    ];
    if wide {
        widths.push(Constraint::Fill(2));
    }
    let highlight = if browse.pane == BrowsePane::List {
        theme.selected()
    } else {
        theme.dim()
    };
    let mut state = TableState::default().with_selected(Some(browse.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .column_spacing(1)
            .row_highlight_style(highlight),
        table_area,
        &mut state,
    );
    hits.list(table_area, ListId::BrowseMovies, state.offset());
    let status = match &browse.page {
        Load::Loading => Line::raw(format!("{} loading more…", spinner(model))),
        // The full explanation is in the banner or the help; the footer has one line.
        Load::Failed(failure) => {
            let why = match failure {
                crate::app::Failure::Offline(_) => "offline".to_owned(),
                crate::app::Failure::Server { status, .. } => format!("server error {status}"),
                crate::app::Failure::NotFound | crate::app::Failure::Unauthorized => {
                    "failed".to_owned()
                }
            };
            Line::styled(
                format!("more failed to load ({why}) · r retries"),
                theme.error(),
            )
        }
        _ if browse.next_page.is_none() => Line::styled("end of list", theme.dim()),
        _ => Line::styled("more below", theme.dim()),
    };
    frame.render_widget(status.right_aligned(), footer);
}

pub fn stars(avg: Option<f64>) -> String {
    avg.map(|a| format!("★{a:.1}"))
        .unwrap_or_else(|| "  –".to_owned())
}

fn preview(movie: Option<&MovieSummary>, theme: Theme, frame: &mut Frame, area: Rect) {
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Preview ")
        .border_style(theme.dim());
    let Some(m) = movie else {
        frame.render_widget(block, area);
        return;
    };
    let mut lines = vec![Line::styled(m.title.clone(), theme.accent())];
    let facts: Vec<String> = [
        m.year.map(|y| y.to_string()),
        m.runtime_minutes.map(|r| format!("{r} min")),
        m.original_language.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    lines.push(Line::raw(facts.join(" · ")));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(stars(m.rating_avg), theme.rating()),
        Span::styled(format!("  {} ratings", m.rating_count), theme.dim()),
    ]));
    if !m.genres.is_empty() {
        lines.push(Line::styled(m.genres.join(", "), theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Enter for cast, crew and trailers",
        theme.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}
