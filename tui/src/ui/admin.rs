//! Admin: the background jobs (state, last run, next run, the selected job's notes) and the main
//! analytics metrics of the last 30 days: daily active profiles as a sparkline, CTR per For You
//! row as a bar chart, then search, completion and retention figures and the top titles.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Cell, Paragraph, Row, Sparkline, Table, TableState,
    Wrap,
};

use super::{Theme, message, spinner};
use crate::app::{Hits, ListId, Load, Model};
use marquee_api::analytics::Stats;
use marquee_api::ops::Jobs;

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let (jobs_area, stats_area) = if area.width >= 140 {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(2), Constraint::Fill(3)]).areas(area);
        (left, right)
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Length(8), Constraint::Fill(1)]).areas(area);
        (top, bottom)
    };
    jobs(model, theme, frame, jobs_area, hits);
    stats(model, theme, frame, stats_area);
}

fn block(title: &str, theme: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(theme.dim())
}

/// The loading / error message for one pane; `None` when loaded.
fn not_loaded<T>(
    model: &Model,
    load: &Load<T>,
    what: &str,
    theme: Theme,
) -> Option<Vec<Line<'static>>> {
    match load {
        Load::Loaded(_) => None,
        Load::Failed(crate::app::Failure::Server { status: 403, .. }) => Some(vec![
            Line::styled(format!("The {what} are for admins."), theme.error()),
            Line::raw("This account is no longer an admin on this server."),
        ]),
        Load::Failed(failure) => Some(vec![
            Line::styled(format!("The {what} failed to load."), theme.error()),
            Line::raw(failure.describe()),
        ]),
        Load::Idle | Load::Loading | Load::Unavailable => Some(vec![Line::raw(format!(
            "{} Loading the {what}…",
            spinner(model)
        ))]),
    }
}

fn jobs(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let outer = block("Jobs", theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if let Some(lines) = not_loaded(model, &model.admin.jobs, "jobs", theme) {
        message(frame, inner, lines);
        return;
    }
    let Load::Loaded(Jobs { jobs }) = &model.admin.jobs else {
        return;
    };
    if jobs.is_empty() {
        message(
            frame,
            inner,
            vec![Line::styled(
                "No background jobs run in this server.",
                theme.dim(),
            )],
        );
        return;
    }
    let [table_area, notes_area] = Layout::vertical([
        Constraint::Length(jobs.len() as u16 + 1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let rows = jobs.iter().map(|job| {
        let state = if job.running {
            Span::styled("running", theme.accent())
        } else if job.last_error.is_some() {
            Span::styled("failed", theme.error())
        } else if job.last_finished_at.is_some() {
            Span::raw("ok")
        } else {
            Span::styled("not run", theme.dim())
        };
        let took = job
            .last_duration_ms
            .map(|ms| format!("{:.1}s", ms as f64 / 1000.0))
            .unwrap_or_else(|| "–".to_owned());
        let next = job
            .next_run_at
            .map(|t| t.format("%H:%M:%S").to_string())
            .unwrap_or_else(|| "–".to_owned());
        Row::new([
            Cell::from(job.name.clone()),
            Cell::from(state),
            Cell::from(took),
            Cell::from(Span::styled(next, theme.dim())),
        ])
    });
    let mut state = TableState::default().with_selected(Some(model.admin.selected));
    frame.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(7),
                Constraint::Length(8),
            ],
        )
        .header(Row::new(["Job", "State", "Took", "Next"]).style(theme.dim()))
        .row_highlight_style(theme.selected()),
        table_area,
        &mut state,
    );
    // Below the header row.
    let rows_area = table_area.intersection(Rect {
        y: table_area.y + 1,
        ..table_area
    });
    hits.list(rows_area, ListId::AdminJobs, state.offset());
    if let Some(job) = jobs.get(model.admin.selected) {
        let mut lines = Vec::new();
        if let Some(error) = &job.last_error {
            lines.push(Line::styled(format!("Last error: {error}"), theme.error()));
        }
        if !job.counts.is_empty() {
            let counts: Vec<String> = job.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
            lines.push(Line::raw(counts.join(" · ")));
        }
        lines.extend(
            job.notes
                .iter()
                .map(|n| Line::styled(n.clone(), theme.dim())),
        );
        if lines.is_empty() {
            lines.push(Line::styled(job.description.clone(), theme.dim()));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), notes_area);
    }
}

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "–".to_owned())
}

fn stats(model: &Model, theme: Theme, frame: &mut Frame, area: Rect) {
    let outer = block("Metrics", theme);
    let inner = outer.inner(area);
    if let Load::Loaded(stats) = &model.admin.stats {
        let outer = outer.title(Line::styled(
            format!(" since {} ", stats.since.format("%Y-%m-%d")),
            theme.dim(),
        ));
        frame.render_widget(outer, area);
        loaded_stats(stats, theme, frame, inner);
        return;
    }
    frame.render_widget(outer, area);
    if let Some(lines) = not_loaded(model, &model.admin.stats, "metrics", theme) {
        message(frame, inner, lines);
    }
}

fn loaded_stats(stats: &Stats, theme: Theme, frame: &mut Frame, area: Rect) {
    let [figures, active, ctr, _] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(3),
        Constraint::Max(12),
        Constraint::Fill(1),
    ])
    .areas(area);
    let s = &stats.search;
    let retention: Vec<String> = stats
        .retention
        .iter()
        .map(|r| format!("day {} {}", r.day, percent(r.rate)))
        .collect();
    let top: Vec<String> = stats
        .top_movies
        .iter()
        .take(3)
        .map(|m| format!("{} ({})", m.title, m.count))
        .collect();
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} events", stats.events), theme.accent()),
            Span::raw(format!(
                " · DAU {} · MAU {} · completion {} ({} plays)",
                stats.dau,
                stats.mau,
                percent(stats.completion_rate),
                stats.plays
            )),
        ]),
        Line::raw(format!(
            "Search: {} · zero results {} · clicked at {}",
            s.searches,
            percent(s.zero_result_rate),
            s.mean_click_position
                .map(|p| format!("#{p:.1} on average"))
                .unwrap_or_else(|| "–".to_owned())
        )),
        Line::styled(
            format!(
                "Retention: {}",
                if retention.is_empty() {
                    "–".to_owned()
                } else {
                    retention.join(" · ")
                }
            ),
            theme.dim(),
        ),
        Line::styled(
            format!(
                "Top: {}",
                if top.is_empty() {
                    "–".to_owned()
                } else {
                    top.join(" · ")
                }
            ),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), figures);

    let daily: Vec<u64> = stats.daily_active.iter().map(|d| d.profiles).collect();
    let peak = daily.iter().copied().max().unwrap_or(0);
    frame.render_widget(
        Sparkline::default()
            .block(Block::new().borders(Borders::TOP).title(format!(
                " Active profiles per day ({} days, peak {peak}) ",
                daily.len()
            )))
            .data(&daily)
            .style(theme.accent()),
        active,
    );

    let ctr_block = Block::new()
        .borders(Borders::TOP)
        .title(" Click-through rate by For You row (‰) ");
    if stats.ctr_by_row.is_empty() {
        let inner = ctr_block.inner(ctr);
        frame.render_widget(ctr_block, ctr);
        message(
            frame,
            inner,
            vec![Line::styled("No impressions yet.", theme.dim())],
        );
        return;
    }
    let bars: Vec<Bar> = stats
        .ctr_by_row
        .iter()
        .map(|(row, funnel)| {
            let permille = funnel.ctr.map_or(0, |c| (c * 1000.0).round() as u64);
            Bar::default()
                .label(Line::raw(row.clone()))
                .value(permille)
                .text_value(format!("{permille}‰"))
        })
        .collect();
    let width = (ctr.width.saturating_sub(2) / bars.len().max(1) as u16).clamp(3, 16);
    frame.render_widget(
        BarChart::default()
            .block(ctr_block)
            .data(BarGroup::default().bars(&bars))
            .bar_width(width.saturating_sub(1))
            .bar_gap(1)
            .bar_style(theme.accent()),
        ctr,
    );
}
