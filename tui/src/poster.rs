//! Movie posters: the `--posters` setting, the decoded image the worker hands to the model, and
//! `Graphics`, the terminal's image protocol (ratatui-image's `Picker`, chosen once at start) with
//! the last encoded poster remembered so a frame redraw does not encode it again.
//!
//! `main` picks the protocol before the first frame; the worker fetches and decodes posters
//! (`fetch` and `decode` run there, never in `update` or `view`); the movie page draws with
//! `Graphics::render`, or a plain placeholder when posters are off or there is none.

use std::fmt;
use std::sync::{Arc, Mutex};

use image::DynamicImage;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_image::picker::cap_parser::QueryStdioOptions;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::{Image, Resize};

/// Posters larger than this are refused (a poster is tens of kilobytes).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// How long a poster download may take.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// Decoded posters kept in memory by the worker (going back to a movie shows it at once).
pub const CACHED: usize = 8;
/// How long the terminal may take to answer the graphics query at start.
const QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);
/// Decoded posters are scaled down to fit this box: the largest column is far smaller in pixels.
const MAX_PIXELS: (u32, u32) = (480, 720);

/// `--posters` / `MARQUEE_POSTERS` / `posters =` in config.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Setting {
    /// Ask the terminal which graphics protocol it speaks; halfblocks when none.
    #[default]
    Auto,
    Kitty,
    Sixel,
    Iterm2,
    /// Coloured half-block characters: works in any colour terminal.
    Halfblocks,
    /// No images: a framed placeholder with the title.
    Off,
}

impl Setting {
    /// From the config file's `posters = "…"`.
    pub fn parse(text: &str) -> Option<Setting> {
        <Setting as clap::ValueEnum>::from_str(text.trim(), true).ok()
    }
}

/// A decoded poster, shared between the worker's cache and the model.
#[derive(Clone)]
pub struct PosterImage(pub Arc<DynamicImage>);

impl PartialEq for PosterImage {
    fn eq(&self, other: &PosterImage) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for PosterImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PosterImage({}x{})", self.0.width(), self.0.height())
    }
}

/// Decodes poster bytes (PNG or JPEG), scaled down to what a terminal column can show.
pub fn decode(bytes: &[u8]) -> Result<PosterImage, String> {
    let image = image::load_from_memory(bytes).map_err(|e| format!("not an image we read: {e}"))?;
    let (w, h) = MAX_PIXELS;
    let image = if image.width() > w || image.height() > h {
        image.thumbnail(w, h)
    } else {
        image
    };
    Ok(PosterImage(Arc::new(image)))
}

/// The terminal's image protocol, and the poster last encoded for it. `None` inside: posters
/// are off. Clones share the remembered encoding.
#[derive(Clone, Default)]
pub struct Graphics(Option<Arc<Mutex<Inner>>>);

struct Inner {
    picker: Picker,
    /// (the image, the area it was encoded for, the encoding).
    drawn: Option<(PosterImage, Rect, Protocol)>,
}

impl PartialEq for Graphics {
    fn eq(&self, other: &Graphics) -> bool {
        self.enabled() == other.enabled()
    }
}

impl fmt::Debug for Graphics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.protocol() {
            Some(p) => write!(f, "Graphics({p:?})"),
            None => f.write_str("Graphics(off)"),
        }
    }
}

impl Graphics {
    pub fn off() -> Graphics {
        Graphics(None)
    }

    pub fn with(picker: Picker) -> Graphics {
        Graphics(Some(Arc::new(Mutex::new(Inner {
            picker,
            drawn: None,
        }))))
    }

    /// For `setting`; asks the terminal (stdin/stdout, before raw mode is taken for the UI) when
    /// that is needed: `auto` to choose, a forced graphics protocol for the font size.
    pub fn detect(setting: Setting, no_color: bool) -> Graphics {
        let forced = match setting {
            Setting::Off => return Graphics::off(),
            _ if no_color => return Graphics::off(),
            Setting::Halfblocks => return Graphics::with(Picker::halfblocks()),
            Setting::Auto => None,
            Setting::Kitty => Some(ProtocolType::Kitty),
            Setting::Sixel => Some(ProtocolType::Sixel),
            Setting::Iterm2 => Some(ProtocolType::Iterm2),
        };
        // ratatui-image's query reads the answer on a thread that outlives its timeout: where
        // nobody answers (tmux without an outer terminal, some terminals' unknown sequences) it
        // keeps reading stdin and eats the UI's keys. So the terminal is asked only where it is
        // known to answer: terminals that announce graphics in the environment, outside tmux
        // and screen. Elsewhere halfblocks (or the protocol forced, with a default cell size).
        let mut picker = if graphics_terminal() && !inside_multiplexer() {
            let mut options = QueryStdioOptions::default();
            options.timeout = QUERY_TIMEOUT;
            Picker::from_query_stdio_with_options(options).unwrap_or_else(|_| Picker::halfblocks())
        } else {
            Picker::halfblocks()
        };
        if let Some(protocol) = forced {
            picker.set_protocol_type(protocol);
        }
        Graphics::with(picker)
    }

    pub fn enabled(&self) -> bool {
        self.0.is_some()
    }

    pub fn protocol(&self) -> Option<ProtocolType> {
        let inner = self.0.as_ref()?;
        let inner = inner.lock().unwrap_or_else(|p| p.into_inner());
        Some(inner.picker.protocol_type())
    }

    /// Draws `poster` fitted into `area`; false if it could not be encoded (the caller shows the
    /// placeholder). The encoding is kept until the poster or the area changes.
    pub fn render(&self, poster: &PosterImage, area: Rect, buf: &mut Buffer) -> bool {
        let Some(inner) = &self.0 else {
            return false;
        };
        let mut inner = inner.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = !matches!(&inner.drawn, Some((p, a, _)) if p == poster && *a == area);
        if fresh {
            let encoded = inner.picker.new_protocol(
                (*poster.0).clone(),
                area,
                Resize::Scale(Some(ratatui_image::FilterType::Triangle)),
            );
            inner.drawn = match encoded {
                Ok(protocol) => Some((poster.clone(), area, protocol)),
                Err(_) => return false,
            };
        }
        let Some((_, _, protocol)) = &inner.drawn else {
            return false;
        };
        ratatui::widgets::Widget::render(Image::new(protocol), area, buf);
        true
    }
}

/// A `w`×`h` PNG, red on the left half, blue on the right (for tests).
/// Whether the environment names a terminal that speaks an image protocol (and so answers the
/// query): kitty, WezTerm, iTerm2, Ghostty, Konsole, foot, mlterm.
fn graphics_terminal() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let term = var("TERM");
    let program = var("TERM_PROGRAM");
    !var("KITTY_WINDOW_ID").is_empty()
        || !var("WEZTERM_EXECUTABLE").is_empty()
        || !var("KONSOLE_VERSION").is_empty()
        || [
            "xterm-kitty",
            "xterm-ghostty",
            "foot",
            "foot-extra",
            "mlterm",
            "wezterm",
        ]
        .contains(&term.as_str())
        || ["iTerm.app", "WezTerm", "ghostty", "kitty"].contains(&program.as_str())
}

/// Whether this runs inside tmux or screen (`TMUX`, `STY`, or their `TERM`).
fn inside_multiplexer() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    set("TMUX")
        || set("STY")
        || std::env::var("TERM").is_ok_and(|t| t.starts_with("tmux") || t.starts_with("screen"))
}

#[cfg(test)]
pub fn test_png(w: u32, h: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([30, 30, 200])
        }
    });
    let mut bytes = Vec::new();
    let written = image::DynamicImage::ImageRgb8(image).write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    );
    assert!(written.is_ok(), "{written:?}");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        test_png(w, h)
    }

    #[test]
    fn posters_decode_scaled_down_and_garbage_says_so() {
        let small = decode(&png(8, 12)).unwrap();
        assert_eq!((small.0.width(), small.0.height()), (8, 12));
        let big = decode(&png(1000, 1500)).unwrap();
        assert_eq!((big.0.width(), big.0.height()), (480, 720));
        let err = decode(b"<html>not found</html>").unwrap_err();
        assert!(err.starts_with("not an image we read"), "{err}");
    }

    #[test]
    fn settings_read_from_the_config_file() {
        assert_eq!(Setting::parse("sixel"), Some(Setting::Sixel));
        assert_eq!(Setting::parse(" Halfblocks "), Some(Setting::Halfblocks));
        assert_eq!(Setting::parse("iterm2"), Some(Setting::Iterm2));
        assert_eq!(Setting::parse("ascii"), None);
        // NO_COLOR and off draw no image, whatever the terminal.
        assert!(!Graphics::detect(Setting::Off, false).enabled());
        assert!(!Graphics::detect(Setting::Halfblocks, true).enabled());
        assert_eq!(
            Graphics::detect(Setting::Halfblocks, false).protocol(),
            Some(ProtocolType::Halfblocks)
        );
    }
}
