//! Sign-in: server URL, email, password, and the two-factor code once the server asks for it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, centered, spinner};
use crate::app::{Field, Model};

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect) {
    let form = &model.sign_in;
    let mut fields = vec![
        (Field::Server, "Server", form.server.clone()),
        (Field::Email, "Email", form.email.clone()),
        (
            Field::Password,
            "Password",
            "•".repeat(form.password.chars().count()),
        ),
    ];
    if let Some(code) = &form.totp {
        fields.push((Field::Totp, "2FA code", code.clone()));
    }
    let mut lines = vec![Line::raw("")];
    for (field, label, value) in fields {
        let focused = field == form.focus && !form.busy;
        let cursor = if focused { "▏" } else { "" };
        let label_style = if focused { theme.accent() } else { theme.dim() };
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:>9}  "), label_style),
            Span::raw(value),
            Span::styled(cursor, theme.accent()),
        ]));
    }
    lines.push(Line::raw(""));
    if form.busy {
        lines.push(Line::raw(format!(" {} Signing in…", spinner(model))));
    } else if let Some(error) = &form.error {
        lines.push(Line::styled(format!(" {error}"), theme.error()));
    } else {
        lines.push(Line::styled(
            " Enter to continue · Tab next field · Esc quit",
            theme.dim(),
        ));
    }
    if let Some(notice) = &model.notice {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!(" {notice}"), theme.dim()));
    }
    let width = 72.min(area.width);
    // Rows after wrapping long messages, plus the border.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let body = centered(area, width, height);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Sign in to Marquee ")
                .border_style(theme.accent()),
        ),
        body,
    );
}
