//! For You: the server's rows ("Top picks", "Because you watched X", "Trending in …"), one
//! line of titles per row, and below them the selected movie with the reason it is there (`w`
//! explains the reason in full).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, message, spinner};
use crate::app::{ForYouView, Hits, ListId, Load, Model, Target};
use marquee_api::recommend::{ForYou, RecommendationRow, RecommendedMovie};

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let has_profile = model.session.as_ref().is_some_and(|s| s.profile.is_some());
    let view = &model.for_you;
    let lines = match &view.rows {
        _ if !has_profile => vec![
            Line::styled("For You needs a profile.", theme.accent()),
            Line::raw("This account has none yet: create one with the server's profiles API."),
            Line::styled("Press 2 to browse the catalogue meanwhile.", theme.dim()),
        ],
        Load::Idle | Load::Loading => vec![Line::raw(format!(
            "{} Loading your recommendations…",
            spinner(model)
        ))],
        Load::Unavailable => vec![
            Line::styled(
                "For You is not available on this server yet.",
                theme.accent(),
            ),
            Line::styled("Press 2 to browse the catalogue meanwhile.", theme.dim()),
        ],
        Load::Failed(failure) => vec![
            Line::styled("For You failed to load.", theme.error()),
            Line::raw(failure.describe()),
        ],
        Load::Loaded(page) if page.rows.iter().all(|r| r.items.is_empty()) => vec![
            Line::styled("Nothing to recommend yet.", theme.accent()),
            Line::raw("Rate a few movies (open one from Browse, press 2) and come back:"),
            Line::raw("the rows follow what you rate and watch within seconds."),
        ],
        Load::Loaded(page) => return loaded(view, page, theme, frame, area, hits),
    };
    message(frame, area, lines);
}

fn loaded(
    view: &ForYouView,
    page: &ForYou,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    hits: &mut Hits,
) {
    let detail_height = if view.why { 7 } else { 5 };
    let [rows_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(area);

    // Two lines per row: its title, then its titles in a strip. Scroll so the selection shows.
    let visible = usize::from(rows_area.height / 2).max(1);
    let first = view.row.saturating_sub(visible - 1);
    let mut lines = Vec::new();
    for (index, row) in page.rows.iter().enumerate().skip(first).take(visible) {
        let current = index == view.row;
        let marker = if current { "▸ " } else { "  " };
        let title_style = if current { theme.accent() } else { theme.dim() };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent()),
            Span::styled(row.title.clone(), title_style),
            Span::styled(format!("  {}", row.items.len()), theme.dim()),
        ]));
        lines.push(strip(row, view.item(index), current, theme));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    let list = ListId::ForYouRows;
    hits.add(
        rows_area,
        Target::List {
            list,
            first,
            height: 2,
        },
    );

    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Span::styled(" Why this ", theme.dim()));
    let text = match view.selected() {
        Some((row, item)) => detail(row, item, view.why, theme),
        None => vec![Line::styled("This row is empty.", theme.dim())],
    };
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
        detail_area,
    );
}

/// The row's titles from a little before the selected one, the selected one highlighted (in the
/// current row) or underlined (where the row's cursor rests).
fn strip(row: &RecommendationRow, selected: usize, current: bool, theme: Theme) -> Line<'static> {
    let start = selected.saturating_sub(2);
    let mut spans = vec![Span::raw("   ")];
    if start > 0 {
        spans.push(Span::styled("… ", theme.dim()));
    }
    for (index, item) in row.items.iter().enumerate().skip(start) {
        if index > start {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let label = match item.movie.year {
            Some(year) => format!("{} ({year})", item.movie.title),
            None => item.movie.title.clone(),
        };
        let style = match (index == selected, current) {
            (true, true) => theme.selected(),
            (true, false) => ratatui::style::Style::new().add_modifier(Modifier::UNDERLINED),
            _ => ratatui::style::Style::new(),
        };
        spans.push(Span::styled(label, style));
    }
    Line::from(spans)
}

fn detail(
    row: &RecommendationRow,
    item: &RecommendedMovie,
    why: bool,
    theme: Theme,
) -> Vec<Line<'static>> {
    let movie = &item.movie;
    let mut facts = Vec::new();
    if let Some(year) = movie.year {
        facts.push(year.to_string());
    }
    if let Some(minutes) = movie.runtime_minutes {
        facts.push(format!("{minutes} min"));
    }
    if !movie.genres.is_empty() {
        facts.push(movie.genres.join(", "));
    }
    let mut title = vec![Span::styled(movie.title.clone(), theme.accent())];
    if !facts.is_empty() {
        title.push(Span::raw(format!("  {}", facts.join(" · "))));
    }
    if let Some(avg) = movie.rating_avg {
        title.push(Span::styled(
            format!("  ★ {avg:.1} ({})", movie.rating_count),
            theme.rating(),
        ));
    }
    let mut lines = vec![Line::from(title), Line::raw(item.reason.text.clone())];
    if why {
        lines.push(Line::styled(
            format!("In “{}” because: {}", row.title, explain(&item.reason.kind)),
            theme.dim(),
        ));
        lines.push(Line::styled(
            format!("Score {:.3} · reason `{}`", item.score, item.reason.kind),
            theme.dim(),
        ));
    } else {
        lines.push(Line::styled(
            "Enter open · w why · j/k rows · h/l along a row",
            theme.dim(),
        ));
    }
    lines
}

/// A reason kind in words (the server's `Reason.kind`).
fn explain(kind: &str) -> &'static str {
    match kind {
        "similar_to_movie" => "people who liked the movie named above also liked this one",
        "collaborative" => "people with ratings like yours liked it (the blend of our models)",
        "same_person" | "person" => "someone you keep watching is in it or made it",
        "preferred_genre" | "genre" | "tag" | "decade" | "language" => {
            "it shares what you rate highly: genres, keywords, decade or language"
        }
        "trending" => "many people near you are watching it right now",
        "new_release" => "it is new and matches your tastes",
        "in_progress" => "you started it and have not finished",
        "popular" => "it is popular, and we know little about your tastes yet",
        _ => "the recommender's own reason, shown above",
    }
}
