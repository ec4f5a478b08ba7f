//! Choosing the backend from a database URL. SQLite would accept any string as a file name, so the
//! scheme decides, and anything unknown is refused instead of silently creating a file.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// A validated database location.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite database file (created on first use).
    Sqlite(PathBuf),
    /// A libpq connection URI (`postgres://` or `postgresql://`).
    Postgres(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error(
        "unsupported database URL scheme `{scheme}`: expected `postgres://…`, `postgresql://…` or `sqlite://PATH`"
    )]
    UnknownScheme { scheme: String },
    #[error(
        "database URL `{0}` has no scheme: expected `postgres://…`, `postgresql://…` or `sqlite://PATH`"
    )]
    NoScheme(String),
    #[error(
        "cannot find a home directory for the default data directory: pass --data-dir DIR or set MARQUEE_DATA_DIR"
    )]
    NoDataDir,
    #[error(
        "`sqlite://` URL names no file: write `sqlite:///absolute/path.db` or `sqlite://relative.db`"
    )]
    EmptySqlitePath,
}

impl DatabaseUrl {
    /// Parses `postgres://…`, `postgresql://…`, `sqlite://PATH` or `sqlite:PATH`.
    pub fn parse(raw: &str) -> Result<Self, UrlError> {
        let raw = raw.trim();
        let Some((scheme, rest)) = raw.split_once(':') else {
            return Err(UrlError::NoScheme(raw.to_owned()));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(raw.to_owned())),
            "sqlite" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                let path = path.split('?').next().unwrap_or_default();
                if path.is_empty() {
                    return Err(UrlError::EmptySqlitePath);
                }
                Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
            }
            other => Err(UrlError::UnknownScheme {
                scheme: other.to_owned(),
            }),
        }
    }

    /// What the server and CLI connect to: `DATABASE_URL` when given, else the embedded SQLite file
    /// in `data_dir`, else in the platform data directory (`~/.local/share/marquee` on Linux).
    pub fn resolve(database_url: Option<&str>, data_dir: Option<&Path>) -> Result<Self, UrlError> {
        match database_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Self::parse(url),
            None => match data_dir {
                Some(dir) => Ok(Self::sqlite_in(dir)),
                None => Ok(Self::sqlite_in(
                    &default_data_dir().ok_or(UrlError::NoDataDir)?,
                )),
            },
        }
    }

    /// The embedded default: `marquee.db` inside the data directory.
    pub fn sqlite_in(data_dir: &Path) -> Self {
        DatabaseUrl::Sqlite(data_dir.join("marquee.db"))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL with any password replaced, for logs and `--help` output.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => redact_password(url),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// The platform data directory (`$XDG_DATA_HOME/marquee`, `~/Library/Application Support/marquee`, …).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "marquee").map(|d| d.data_dir().to_path_buf())
}

fn redact_password(url: &str) -> String {
    // postgres://user:password@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_from_scheme() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").map(|u| u.backend()),
            Ok(Backend::Postgres)
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").map(|u| u.backend()),
            Ok(Backend::Postgres)
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("/tmp/x.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:rel.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("rel.db")))
        );
    }

    #[test]
    fn refuses_unknown_schemes_instead_of_creating_a_file() {
        assert_eq!(
            DatabaseUrl::parse("mysql://root@localhost/x"),
            Err(UrlError::UnknownScheme {
                scheme: "mysql".into()
            })
        );
        assert!(matches!(
            DatabaseUrl::parse("just-a-file.db"),
            Err(UrlError::NoScheme(_))
        ));
        assert_eq!(
            DatabaseUrl::parse("sqlite://"),
            Err(UrlError::EmptySqlitePath)
        );
    }

    #[test]
    fn redacts_passwords() {
        let url = DatabaseUrl::parse("postgres://bob:s3cret@db.example:5432/marquee").unwrap();
        assert_eq!(url.redacted(), "postgres://bob:***@db.example:5432/marquee");
        let url = DatabaseUrl::parse("postgres://postgres@127.0.0.1/test").unwrap();
        assert_eq!(url.redacted(), "postgres://postgres@127.0.0.1/test");
    }
}
