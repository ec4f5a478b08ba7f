//! How failures reach the user: `error: <what>`, one `caused by:` line per cause, and a `hint:`
//! line when we know what to do about it. All of it on stderr; stdout stays data only.

use std::fmt;
use std::io::{self, Write};

use clap::builder::styling::{AnsiColor, Style};

/// An error together with what the user can do about it. It displays as the error it wraps and
/// exposes that error's causes, so the reported chain reads the same with or without a hint.
#[derive(Debug)]
struct Hinted {
    error: anyhow::Error,
    hint: String,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.error, f)
    }
}

impl std::error::Error for Hinted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

pub trait HintExt<T, E> {
    /// Attaches a `hint:` for the user, chosen from the error.
    fn with_hint<H: Into<String>>(self, hint: impl FnOnce(&E) -> H) -> anyhow::Result<T>;
}

impl<T, E> HintExt<T, E> for Result<T, E>
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn with_hint<H: Into<String>>(self, hint: impl FnOnce(&E) -> H) -> anyhow::Result<T> {
        self.map_err(|error| {
            let hint = hint(&error);
            hinted(error.into(), hint)
        })
    }
}

/// `error` with a `hint:` for the user.
pub fn hinted(error: anyhow::Error, hint: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted {
        error,
        hint: hint.into(),
    })
}

/// Writes the error, its causes and the innermost hint to stderr.
pub fn error(err: &anyhow::Error, color: bool) {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let cyan = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));

    let mut text = format!("{} {err}\n", paint(red, "error:"));
    for cause in err.chain().skip(1) {
        // libpq and others end messages with newlines and indent follow-up lines with tabs.
        let cause = cause.to_string();
        let mut lines = cause.trim_end().lines().map(str::trim);
        text.push_str(&format!(
            "  caused by: {}\n",
            lines.next().unwrap_or_default()
        ));
        for line in lines.filter(|l| !l.is_empty()) {
            text.push_str(&format!("    {line}\n"));
        }
    }
    let hint = err
        .chain()
        .filter_map(|e| e.downcast_ref::<Hinted>())
        .last();
    if let Some(hinted) = hint {
        text.push_str(&format!("{} {}\n", paint(cyan, "hint:"), hinted.hint));
    }
    // Nothing sensible is left to do when stderr itself is gone.
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Whether the failure was stdout's reader going away, which is how `| head` ends a command.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// An import that wrote its good records and rejected others: exit code 3, not an error report.
#[derive(Debug)]
pub struct PartialImport {
    pub rejected: u64,
    pub file: String,
}

impl fmt::Display for PartialImport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records rejected; they are listed in {}",
            self.rejected, self.file
        )
    }
}

impl std::error::Error for PartialImport {}

/// Writes the partial-import warning to stderr.
pub fn partial(partial: &PartialImport, color: bool) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let label = if color {
        format!("{style}warning:{style:#}")
    } else {
        "warning:".to_owned()
    };
    let _ = writeln!(io::stderr().lock(), "{label} {partial}");
}

/// What to do about a refusal of the server's rules, by its code (both modes).
pub fn hint_for_code(code: &str) -> Option<&'static str> {
    match code {
        "not_found" => Some("check the id, email or key (the `list` subcommand shows them)"),
        "last_admin" => Some("promote another account first: `marqueectl user promote EMAIL`"),
        "own_account" => Some("ask another administrator, or run the command in direct mode"),
        "validation_failed" => Some("fix the values above; the server applies the same rules"),
        "forbidden" => Some(
            "this command needs an administrator account: log in as one, or have an \
             administrator run `marqueectl user promote EMAIL`",
        ),
        _ => None,
    }
}

/// A refusal by the server's rules (direct mode), worded as API mode words it: the message,
/// each bad field with its rule, and the code.
pub fn refused(err: marquee_server::error::ApiError) -> anyhow::Error {
    let message = with_fields(&err.message, err.details.as_ref());
    let error = anyhow::anyhow!("{message} [{}]", err.code);
    match hint_for_code(err.code) {
        Some(hint) => hinted(error, hint),
        None => error,
    }
}

/// `message (field: rule; …)` when the error's `details` name fields.
pub fn with_fields(message: &str, details: Option<&serde_json::Value>) -> String {
    let Some(fields) = details
        .and_then(|d| d.get("fields"))
        .and_then(|f| f.as_object())
    else {
        return message.to_owned();
    };
    let list: Vec<String> = fields
        .iter()
        .map(|(f, rule)| format!("{f}: {}", rule.as_str().unwrap_or_default()))
        .collect();
    format!("{message} ({})", list.join("; "))
}

/// A command line that cannot run as given (exit code 2, like clap's usage errors).
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Whether the failure is a [`UsageError`].
pub fn is_usage(err: &anyhow::Error) -> bool {
    // A hinted error's chain skips the error it wraps (it displays as that error): look inside.
    err.chain().any(|e| {
        e.is::<UsageError>()
            || e.downcast_ref::<Hinted>()
                .is_some_and(|h| h.error.is::<UsageError>())
    })
}
