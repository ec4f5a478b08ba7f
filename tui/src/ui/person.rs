//! A person: name, dates, place of birth and biography, then the filmography (Enter opens a
//! film). Side by side on wide terminals, stacked on narrow ones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, message, spinner};
use crate::app::{Hits, ListId, Load, Model};
use marquee_api::catalogue::PersonDetail;

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let (about_area, films_area) = if area.width >= 120 {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(2), Constraint::Fill(3)]).areas(area);
        (left, right)
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Length(9), Constraint::Fill(1)]).areas(area);
        (top, bottom)
    };
    let block = Block::new().borders(Borders::ALL).border_style(theme.dim());
    match &model.person.detail {
        Load::Loaded(person) => about(person, theme, frame, about_area),
        Load::Failed(failure) => {
            let inner = block.inner(about_area);
            frame.render_widget(block, about_area);
            message(
                frame,
                inner,
                vec![
                    Line::styled("This person failed to load.", theme.error()),
                    Line::raw(failure.describe()),
                ],
            );
        }
        Load::Idle | Load::Loading | Load::Unavailable => {
            let inner = block.inner(about_area);
            frame.render_widget(block, about_area);
            message(
                frame,
                inner,
                vec![Line::raw(format!("{} Loading…", spinner(model)))],
            );
        }
    }
    films(model, theme, frame, films_area, hits);
}

fn about(p: &PersonDetail, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::styled(p.name.clone(), theme.accent())];
    let dates = match (p.birth_date, p.death_date) {
        (Some(born), Some(died)) => Some(format!("{born} – {died}")),
        (Some(born), None) => Some(format!("born {born}")),
        (None, Some(died)) => Some(format!("died {died}")),
        (None, None) => None,
    };
    let facts: Vec<String> = [
        p.known_for_department.clone(),
        dates,
        p.place_of_birth.clone(),
        Some(format!(
            "{} acting, {} crew credits",
            p.cast_credits, p.crew_credits
        )),
    ]
    .into_iter()
    .flatten()
    .collect();
    lines.push(Line::styled(facts.join(" · "), theme.dim()));
    if !p.also_known_as.is_empty() {
        lines.push(Line::styled(
            format!("Also known as {}", p.also_known_as.join(", ")),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        p.biography
            .clone()
            .unwrap_or_else(|| "No biography yet.".to_owned()),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::ALL).border_style(theme.dim())),
        area,
    );
}

fn films(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let view = &model.person;
    let count = match &view.films {
        Load::Loaded(films) if (films.len() as u64) < view.total => {
            format!(" · {} of {}", films.len(), view.total)
        }
        Load::Loaded(films) => format!(" · {}", films.len()),
        _ => String::new(),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" Filmography{count} "))
        .border_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let films = match &view.films {
        Load::Loaded(films) => films,
        Load::Failed(failure) => {
            message(
                frame,
                inner,
                vec![
                    Line::styled("The filmography failed to load.", theme.error()),
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
                    "{} Loading the filmography…",
                    spinner(model)
                ))],
            );
            return;
        }
    };
    if films.is_empty() {
        message(
            frame,
            inner,
            vec![Line::styled("No films listed yet.", theme.dim())],
        );
        return;
    }
    let rows = films.iter().map(|f| {
        let part = match (f.role.as_str(), &f.character, &f.job) {
            ("cast", Some(character), _) => format!("as {character}"),
            (_, _, Some(job)) => job.clone(),
            (role, _, _) => role.to_owned(),
        };
        Row::new([
            Cell::from(f.movie.year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::from(f.movie.title.clone()),
            Cell::from(Span::styled(part, theme.dim())),
        ])
    });
    let mut state = TableState::default().with_selected(Some(view.selected));
    frame.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(4),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ],
        )
        .column_spacing(1)
        .row_highlight_style(theme.selected()),
        inner,
        &mut state,
    );
    hits.list(inner, ListId::Filmography, state.offset());
}
