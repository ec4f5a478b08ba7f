//! Sign-in: server URL, email, password, and the two-factor code once the server asks for it;
//! Ctrl-N creates an account, Ctrl-F asks for a password reset mail, Ctrl-E takes the token of a
//! verification mail and Ctrl-R the token of a reset mail with a new password (twice).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, centered, spinner};
use crate::app::{AuthMode, Field, Hits, Model, Target};

pub fn view(model: &Model, theme: Theme, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let form = &model.sign_in;
    let fields = form.fields().into_iter().map(|field| match field {
        Field::Server => (field, "Server", form.server.clone()),
        Field::Name => (field, "Name", form.name.clone()),
        Field::Email => (field, "Email", form.email.clone()),
        Field::Password => (field, "Password", "•".repeat(form.password.chars().count())),
        Field::Confirm => (field, "Again", "•".repeat(form.confirm.chars().count())),
        Field::Token => (field, "Token", form.token.clone()),
        Field::Totp => (field, "2FA code", form.totp.clone().unwrap_or_default()),
    });
    let (title, busy, hint) = match form.mode {
        AuthMode::SignIn => (
            " Sign in to Marquee ",
            "Signing in…",
            " Enter to continue · Tab next field · Esc quit\n Ctrl-N create an account · Ctrl-F forgot password\n Ctrl-E verify email · Ctrl-R reset password (token from the mail)",
        ),
        AuthMode::Register => (
            " Create a Marquee account ",
            "Creating the account…",
            " Enter to continue · Tab next field · Esc back to sign-in\n The server mails a link to verify the address.",
        ),
        AuthMode::Forgot => (
            " Forgot your password? ",
            "Asking for a reset mail…",
            " Enter to send a reset link · Esc back to sign-in\n The mail holds a token: paste it in the next form (Ctrl-R).",
        ),
        AuthMode::Verify => (
            " Verify your email address ",
            "Verifying…",
            " Paste the token from the mail, then Enter · Esc back to sign-in\n The mail was sent when the account was created (Ctrl-N).",
        ),
        AuthMode::Reset => (
            " Choose a new password ",
            "Setting the new password…",
            " Paste the token from the mail, type the new password twice, Enter\n Every session of the account ends · Ctrl-F new mail · Esc back",
        ),
    };
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
        if let Some(why) = form.invalid(field) {
            lines.push(Line::styled(format!("{:>12}↳ {why}", ""), theme.error()));
        }
    }
    lines.push(Line::raw(""));
    if form.busy {
        lines.push(Line::raw(format!(" {} {busy}", spinner(model))));
    } else if let Some(error) = &form.error {
        lines.push(Line::styled(format!(" {error}"), theme.error()));
    } else {
        lines.extend(
            hint.lines()
                .map(|l| Line::styled(l.to_owned(), theme.dim())),
        );
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
    // One line per field, after the blank first line inside the border.
    for (i, field) in form.fields().into_iter().enumerate() {
        let y = body.y + 2 + i as u16;
        if y + 1 < body.bottom() {
            hits.add(
                Rect::new(body.x + 1, y, width.saturating_sub(2), 1),
                Target::Field(field),
            );
        }
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(title)
                .border_style(theme.accent()),
        ),
        body,
    );
}
