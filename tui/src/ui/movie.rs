//! A movie: its poster, facts, rating summary and overview, then cast, crew and trailers (Tab
//! between them). The poster is an image where the terminal can show one (`poster::Graphics`), a
//! framed placeholder with the title otherwise; at 80 columns it is a narrow column beside the
//! facts, hidden when narrower still.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListState, Paragraph, Tabs, Wrap};

use super::{Theme, message, spinner};
use crate::app::{
    Failure, Hits, ListId, Load, Model, MoviePane, Player, PosterState, TrailerPicker, stars_text,
};
use marquee_api::catalogue::MovieDetail;

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let movie = match &model.movie.detail {
        Load::Loaded(movie) => movie,
        Load::Failed(failure) => {
            message(
                frame,
                area,
                vec![
                    Line::styled("This movie failed to load.", theme.error()),
                    Line::raw(failure.describe()),
                    Line::styled("q to go back", theme.dim()),
                ],
            );
            return;
        }
        Load::Idle | Load::Loading | Load::Unavailable => {
            message(
                frame,
                area,
                vec![Line::raw(format!("{} Loading the movie…", spinner(model)))],
            );
            return;
        }
    };
    let (facts_area, pane_area) = if area.width >= 120 {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
        (left, right)
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Length(11), Constraint::Fill(1)]).areas(area);
        (top, bottom)
    };
    // A poster is about 2:3 and a cell about 1:2, so a column of w cells suits 0.75·w rows.
    let poster_width = match facts_area.width {
        w if w >= 90 => Some((facts_area.height * 4 / 3).clamp(16, 34).min(w / 3)),
        w if w >= 70 => Some(16),
        _ => None,
    };
    let facts_area = match poster_width {
        Some(width) => {
            let [poster_area, rest] =
                Layout::horizontal([Constraint::Length(width), Constraint::Fill(1)])
                    .areas(facts_area);
            let tall = (width * 3 / 4 + 2).max(11).min(poster_area.height);
            let [poster_area, _] =
                Layout::vertical([Constraint::Length(tall), Constraint::Fill(1)])
                    .areas(poster_area);
            poster(model, movie, theme, frame, poster_area);
            rest
        }
        None => facts_area,
    };
    facts(model, movie, theme, frame, facts_area);
    pane(model, movie, theme, frame, pane_area, hits);
    if let Some(picker) = &model.movie.trailer {
        trailer_picker(model, picker, theme, frame, area);
    }
}

/// Enter on a trailer: its qualities, then the signed URL and what became of the player.
fn trailer_picker(
    model: &Model,
    picker: &TrailerPicker,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let mut lines: Vec<Line> = Vec::new();
    let qualities = picker.qualities();
    if qualities.is_empty() {
        lines.push(Line::styled(
            "This trailer has no playable rendition on this server.",
            theme.dim(),
        ));
    }
    for (i, quality) in qualities.iter().enumerate() {
        let formats: Vec<&str> = picker
            .trailer
            .renditions
            .iter()
            .filter(|r| r.quality == *quality)
            .map(|r| r.format.as_str())
            .collect();
        let duration = picker
            .trailer
            .renditions
            .iter()
            .find_map(|r| r.duration_seconds.filter(|_| r.quality == *quality))
            .map(|d| format!(" · {}:{:02}", d / 60, d % 60))
            .unwrap_or_default();
        let text = format!("{quality:<6} {}{duration}", formats.join("/"));
        lines.push(if i == picker.selected {
            Line::styled(format!("▸ {text}"), theme.selected())
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    lines.push(Line::raw(""));
    match &picker.stream {
        Load::Idle | Load::Unavailable => {}
        Load::Loading => lines.push(Line::raw(format!(
            "{} Asking the server for a stream URL…",
            spinner(model)
        ))),
        Load::Failed(failure) => {
            lines.push(Line::styled("No stream URL.", theme.error()));
            // A play is not retried behind the user's back (the server records each one).
            lines.push(Line::raw(match failure {
                Failure::Offline(why) => {
                    format!("Can't reach the server ({why}). Press r to try again.")
                }
                failure => failure.describe(),
            }));
        }
        Load::Loaded(stream) => {
            lines.push(match &picker.player {
                Player::Idle | Player::Opening => {
                    Line::raw(format!("{} Opening the player…", spinner(model)))
                }
                Player::Opened(name) => Line::styled(format!("Playing in {name}."), theme.accent()),
                Player::NoneFound => Line::styled(
                    "No player found ($MARQUEE_PLAYER, mpv, xdg-open): copy the URL.",
                    theme.warn(),
                ),
                Player::Failed(why) => Line::styled(why.clone(), theme.error()),
            });
            lines.push(Line::styled(
                format!(
                    "{} {} · expires {}",
                    stream.quality,
                    stream.format,
                    stream.expires_at.format("%H:%M UTC")
                ),
                theme.dim(),
            ));
            lines.push(Line::raw(stream.url.clone()));
        }
    }
    lines.push(Line::styled(
        "j/k quality · Enter play · r retry · q/Esc close",
        theme.dim(),
    ));
    let width = 72.min(area.width);
    // Borders, and the rows long lines (the URL) wrap onto.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let popup = super::centered(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(format!(
                    " {} · {} ",
                    picker.trailer.title, picker.trailer.kind
                ))
                .border_style(theme.accent()),
        ),
        popup,
    );
}

/// The poster, or a framed placeholder with the title and, dim, why there is no image.
fn poster(model: &Model, m: &MovieDetail, theme: Theme, frame: &mut Frame, area: Rect) {
    let block = Block::new().borders(Borders::ALL).border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let why = match &model.movie.poster {
        PosterState::Loaded(image) => {
            if model.graphics.render(image, inner, frame.buffer_mut()) {
                return;
            }
            "the poster could not be drawn here".to_owned()
        }
        PosterState::Off => "posters off".to_owned(),
        PosterState::Missing => "no poster".to_owned(),
        PosterState::Loading => format!("{} poster…", spinner(model)),
        PosterState::Failed(why) => why.clone(),
    };
    let mut title = m.title.clone();
    if let Some(year) = m.year {
        title.push_str(&format!(" ({year})"));
    }
    let lines = vec![
        Line::raw(""),
        Line::styled(title, theme.accent()).centered(),
        Line::raw(""),
        Line::styled(why, theme.dim()).centered(),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// The profile's own rating and watchlist flag (optimistic while a write is on its way).
fn mine(model: &Model, theme: Theme) -> Line<'static> {
    if model.profile_id().is_none() {
        return Line::styled(
            "No viewing profile: ratings and the watchlist need one.",
            theme.dim(),
        );
    }
    let state = match &model.movie.mine {
        Load::Loaded(state) => state,
        Load::Failed(_) => {
            return Line::styled("Your rating could not be loaded · r retries", theme.error());
        }
        _ => return Line::styled(format!("{} your rating…", spinner(model)), theme.dim()),
    };
    let mut spans = vec![Span::raw("You: ")];
    match state.rating {
        Some(r) => spans.push(Span::styled(stars_text(r), theme.rating())),
        None => spans.push(Span::styled("not rated (1-5)", theme.dim())),
    }
    spans.push(Span::raw(" · "));
    if state.on_watchlist {
        spans.push(Span::styled("✓ on your watchlist", theme.accent()));
    } else {
        spans.push(Span::styled("w adds to watchlist", theme.dim()));
    }
    if model.movie.half {
        spans.push(Span::styled(" · ½ then 1-5", theme.warn()));
    }
    Line::from(spans)
}

fn facts(model: &Model, m: &MovieDetail, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut title = vec![Span::styled(m.title.clone(), theme.accent())];
    if let Some(year) = m.year {
        title.push(Span::raw(format!(" ({year})")));
    }
    let mut lines = vec![Line::from(title)];
    let facts: Vec<String> = [
        m.runtime_minutes.map(|r| format!("{r} min")),
        m.certificate.clone(),
        m.original_language.as_ref().map(|l| l.name.clone()),
        (!m.countries.is_empty()).then(|| {
            m.countries
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        lines.push(Line::styled(facts.join(" · "), theme.dim()));
    }
    if !m.genres.is_empty() {
        lines.push(Line::raw(
            m.genres
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    let r = &m.rating;
    let mut rating = vec![
        Span::styled(super::browse::stars(r.average), theme.rating()),
        Span::raw(format!(" from {} ratings", r.count)),
    ];
    if let Some(imdb) = r.imdb_rating {
        rating.push(Span::styled(format!(" · IMDb {imdb:.1}"), theme.dim()));
    }
    if let Some(meta) = r.metascore {
        rating.push(Span::styled(format!(" · Metascore {meta}"), theme.dim()));
    }
    lines.push(Line::from(rating));
    lines.push(mine(model, theme));
    if let Some(tagline) = &m.tagline {
        lines.push(Line::styled(tagline.clone(), theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        m.overview
            .clone()
            .unwrap_or_else(|| "No overview yet.".to_owned()),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::ALL).border_style(theme.dim())),
        area,
    );
}

fn pane(
    model: &Model,
    m: &MovieDetail,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    hits: &mut Hits,
) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.accent());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [tabs_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let titles = [
        format!("Cast ({})", m.cast.len()),
        format!("Crew ({})", m.crew.len()),
        format!("Trailers ({})", m.trailers.len()),
    ];
    let selected = match model.movie.pane {
        MoviePane::Cast => 0,
        MoviePane::Crew => 1,
        MoviePane::Trailers => 2,
    };
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .highlight_style(theme.selected()),
        tabs_area,
    );
    let lines: Vec<Line> = match model.movie.pane {
        MoviePane::Cast => m
            .cast
            .iter()
            .map(|c| {
                Line::from(vec![
                    Span::raw(c.person.name.clone()),
                    Span::styled(
                        c.character
                            .as_ref()
                            .map(|ch| format!(" as {ch}"))
                            .unwrap_or_default(),
                        theme.dim(),
                    ),
                ])
            })
            .collect(),
        MoviePane::Crew => m
            .crew
            .iter()
            .map(|c| {
                Line::from(vec![
                    Span::styled(
                        format!("{:<14} ", c.job.clone().unwrap_or_default()),
                        theme.dim(),
                    ),
                    Span::raw(c.person.name.clone()),
                ])
            })
            .collect(),
        MoviePane::Trailers => m
            .trailers
            .iter()
            .map(|t| {
                let qualities: Vec<&str> =
                    t.renditions.iter().map(|r| r.quality.as_str()).collect();
                Line::from(vec![
                    Span::raw(t.title.clone()),
                    Span::styled(
                        format!(" · {} · {}", t.kind, qualities.join("/")),
                        theme.dim(),
                    ),
                ])
            })
            .collect(),
    };
    if lines.is_empty() {
        let what = ["cast", "crew", "trailers"][selected];
        message(
            frame,
            list_area,
            vec![Line::styled(format!("No {what} listed."), theme.dim())],
        );
        return;
    }
    // The selected cast or crew member opens with Enter.
    let mut state = ListState::default().with_selected(Some(model.movie.scroll));
    frame.render_stateful_widget(
        List::new(lines).highlight_style(theme.selected()),
        list_area,
        &mut state,
    );
    hits.list(list_area, ListId::MoviePane, state.offset());
}
