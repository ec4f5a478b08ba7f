//! For You, Search and Watchlist until their views exist: what the server offers, said plainly.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Theme, message, spinner};
use crate::app::{Load, Model, Tab};

pub fn view(model: &Model, tab: Tab, theme: Theme, frame: &mut Frame, area: Rect) {
    let name = tab.title();
    let lines = match model.probe(tab) {
        Load::Idle | Load::Loading => vec![Line::raw(format!(
            "{} Checking for {name} on this server…",
            spinner(model)
        ))],
        Load::Unavailable => vec![
            Line::styled(
                format!("{name} is not available on this server yet."),
                theme.accent(),
            ),
            Line::raw("It appears here once the server offers it."),
            Line::styled("Press 2 to browse the catalogue meanwhile.", theme.dim()),
        ],
        Load::Loaded(()) => vec![
            Line::styled(
                format!("This server offers {name}, but this marquee cannot show it yet."),
                theme.accent(),
            ),
            Line::styled(
                "Update marquee to use it. Press 2 to browse meanwhile.",
                theme.dim(),
            ),
        ],
        Load::Failed(failure) => vec![
            Line::styled(format!("{name} failed to load."), theme.error()),
            Line::raw(failure.describe()),
        ],
    };
    message(frame, area, lines);
}
