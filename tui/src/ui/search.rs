//! Search: the input (suggestions arrive 300 ms after the last keystroke), then the list under it:
//! recent queries when nothing is typed, suggestions while typing, full results after Enter with
//! "did you mean" when the server has a better query.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::{Theme, message, spinner};
use crate::app::{Hits, ListId, Load, Model, SearchList, Target};
use marquee_api::search::SearchHit;

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let search = &model.search;
    let did_you_mean = match (&search.results, search.list()) {
        (Load::Loaded(page), SearchList::Results) => page.did_you_mean.as_ref(),
        _ => None,
    };
    let [input_area, hint_area, list_area] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(u16::from(did_you_mean.is_some())),
        Constraint::Fill(1),
    ])
    .areas(area);

    let busy = search.debounce.is_some()
        || (search.list() == SearchList::Suggestions && search.suggest == Load::Loading);
    let title = if busy {
        format!(" Search {} ", spinner(model))
    } else {
        " Search ".to_owned()
    };
    let cursor = if search.editing { "▏" } else { "" };
    let input = if search.input.is_empty() && !search.editing {
        Line::styled("/ or i to type a title or a name", theme.dim())
    } else {
        Line::from(vec![Span::raw(search.input.clone()), Span::raw(cursor)])
    };
    frame.render_widget(
        Paragraph::new(input).block(
            Block::new()
                .borders(Borders::ALL)
                .title(title)
                .border_style(theme.pane(search.editing)),
        ),
        input_area,
    );
    hits.add(input_area, Target::SearchBox);
    if let Some(better) = did_you_mean {
        frame.render_widget(
            Line::from(vec![
                Span::raw(" Did you mean "),
                Span::styled(better.query.clone(), theme.accent()),
                Span::raw(format!("? ({} results) ", better.total)),
                Span::styled("d searches it", theme.dim()),
            ]),
            hint_area,
        );
    }

    let (label, body) = match search.list() {
        SearchList::Recent => (" Recent searches ".to_owned(), recent(model, theme)),
        SearchList::Suggestions => (
            " Suggestions · Enter for all results ".to_owned(),
            suggestions(model, theme),
        ),
        SearchList::Results => {
            let total = match &search.results {
                Load::Loaded(page) => format!(" · {}", page.pagination.total),
                _ => String::new(),
            };
            (
                format!(" Results for “{}”{total} ", search.query()),
                results(model, theme),
            )
        }
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(label)
        .border_style(theme.pane(!search.editing));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    match body {
        Body::Message(lines) => message(frame, inner, lines),
        Body::Items(items) => {
            let highlight = if search.editing {
                Style::new()
            } else {
                theme.selected()
            };
            let mut state = ListState::default().with_selected(Some(search.selected));
            frame.render_stateful_widget(
                List::new(items).highlight_style(highlight),
                inner,
                &mut state,
            );
            hits.list(inner, ListId::Search, state.offset());
        }
    }
}

enum Body<'a> {
    Message(Vec<Line<'a>>),
    Items(Vec<ListItem<'a>>),
}

fn recent(model: &Model, theme: Theme) -> Body<'static> {
    if model.search.recent.is_empty() {
        return Body::Message(vec![
            Line::raw("Type a title or a name: suggestions appear as you type."),
            Line::styled(
                "Typos are fine. Enter shows every result; your searches are listed here.",
                theme.dim(),
            ),
        ]);
    }
    Body::Items(
        model
            .search
            .recent
            .iter()
            .map(|q| {
                ListItem::new(Line::from(vec![
                    Span::styled("↺ ", theme.dim()),
                    Span::raw(q.clone()),
                ]))
            })
            .collect(),
    )
}

fn suggestions(model: &Model, theme: Theme) -> Body<'static> {
    let search = &model.search;
    if search.suggestions.is_empty() || search.suggested_for.is_empty() {
        return Body::Message(match &search.suggest {
            Load::Failed(failure) => vec![
                Line::styled("Suggestions failed to load.", theme.error()),
                Line::raw(failure.describe()),
            ],
            Load::Loaded(()) if search.debounce.is_none() => vec![
                Line::raw(format!("Nothing starts like “{}”.", search.suggested_for)),
                Line::styled("Enter searches everything, typos included.", theme.dim()),
            ],
            _ => vec![Line::raw(format!("{} Looking…", spinner(model)))],
        });
    }
    Body::Items(search.suggestions.iter().map(|h| hit(h, theme)).collect())
}

fn results(model: &Model, theme: Theme) -> Body<'static> {
    match &model.search.results {
        Load::Loaded(page) if page.data.is_empty() => Body::Message(vec![
            Line::raw(format!("Nothing found for “{}”.", model.search.query())),
            Line::styled(
                match &page.did_you_mean {
                    Some(_) => "d searches the suggestion above.",
                    None => "Check the spelling, or try fewer words.",
                },
                theme.dim(),
            ),
        ]),
        Load::Loaded(page) => Body::Items(page.data.iter().map(|h| hit(h, theme)).collect()),
        Load::Failed(failure) => Body::Message(vec![
            Line::styled("The search failed.", theme.error()),
            Line::raw(failure.describe()),
        ]),
        Load::Idle | Load::Loading | Load::Unavailable => {
            Body::Message(vec![Line::raw(format!("{} Searching…", spinner(model)))])
        }
    }
}

fn hit(hit: &SearchHit, theme: Theme) -> ListItem<'static> {
    let (mark, extra) = match (hit.kind.as_str(), hit.year) {
        ("movie", Some(year)) => ("▶ ", format!(" ({year})")),
        ("movie", None) => ("▶ ", String::new()),
        _ => ("☺ ", " · person".to_owned()),
    };
    ListItem::new(Line::from(vec![
        Span::styled(mark, theme.dim()),
        Span::raw(hit.title.clone()),
        Span::styled(extra, theme.dim()),
    ]))
}
