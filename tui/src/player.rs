//! Opening a trailer's signed stream URL: `$MARQUEE_PLAYER` (a command, the URL appended), else
//! `mpv` when it is on `PATH`, else the desktop's opener (`xdg-open`, `open` on macOS). The
//! player starts detached (its own process group, no terminal) so the UI keeps running; the
//! worker calls this, never `update` or `view`.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use marquee_api::trailers::StreamUrl;

use crate::app::Player;

/// The browser opener of this platform.
const OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else {
    "xdg-open"
};

/// A command to run, with the URL as its last argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// What the UI calls it ("mpv", or the `$MARQUEE_PLAYER` program).
    pub name: String,
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// The player for `stream`, from `$MARQUEE_PLAYER` (`configured`) and `PATH` (`path`).
pub fn choose(
    stream: &StreamUrl,
    configured: Option<&str>,
    path: Option<&OsStr>,
) -> Option<Launch> {
    if let Some(configured) = configured.map(str::trim).filter(|c| !c.is_empty()) {
        let mut words = configured.split_whitespace().map(str::to_owned);
        let program = words.next()?;
        return Some(Launch {
            name: program.clone(),
            program: PathBuf::from(program),
            args: words.collect(),
        });
    }
    let path = path?;
    if let Some(mpv) = on_path("mpv", path) {
        let mut args = vec![
            "--no-terminal".to_owned(),
            "--force-window=immediate".to_owned(),
        ];
        args.extend(
            stream
                .subtitles
                .iter()
                .map(|s| format!("--sub-file={}", s.url)),
        );
        return Some(Launch {
            name: "mpv".to_owned(),
            program: mpv,
            args,
        });
    }
    on_path(OPENER, path).map(|program| Launch {
        name: OPENER.to_owned(),
        program,
        args: Vec::new(),
    })
}

/// `name` as an executable file in one of `path`'s directories.
fn on_path(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|file| is_executable(file))
}

#[cfg(unix)]
fn is_executable(file: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    file.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(file: &std::path::Path) -> bool {
    file.is_file()
}

/// Starts the player for `stream` without waiting for it.
pub fn open(stream: &StreamUrl) -> Player {
    open_with(stream, std::env::var("MARQUEE_PLAYER").ok().as_deref())
}

fn open_with(stream: &StreamUrl, configured: Option<&str>) -> Player {
    let path = std::env::var_os("PATH");
    let Some(launch) = choose(stream, configured, path.as_deref()) else {
        return Player::NoneFound;
    };
    let mut command = Command::new(&launch.program);
    command
        .args(&launch.args)
        .arg(&stream.url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group: the terminal's signals are the UI's, not the player's.
        command.process_group(0);
    }
    match command.spawn() {
        Ok(mut child) => {
            // Reaped when it exits, whenever that is.
            std::thread::spawn(move || child.wait());
            Player::Opened(launch.name)
        }
        Err(err) => Player::Failed(format!(
            "{} could not be started ({err}); check $MARQUEE_PLAYER or PATH",
            launch.program.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream() -> StreamUrl {
        StreamUrl {
            trailer_id: 1,
            rendition_id: 2,
            quality: "1080p".to_owned(),
            format: "mp4".to_owned(),
            url: "http://127.0.0.1/media/token/a.mp4".to_owned(),
            expires_at: chrono::DateTime::UNIX_EPOCH,
            duration_seconds: Some(150),
            subtitles: vec![marquee_api::trailers::SubtitleTrack {
                language: "fr".to_owned(),
                format: "vtt".to_owned(),
                url: "http://127.0.0.1/media/token/fr.vtt".to_owned(),
            }],
        }
    }

    fn executable(dir: &std::path::Path, name: &str) {
        use std::os::unix::fs::PermissionsExt;
        let file = dir.join(name);
        std::fs::write(&file, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn marquee_player_wins_then_mpv_then_the_opener_then_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().as_os_str();
        assert_eq!(choose(&stream(), None, Some(path)), None);
        executable(dir.path(), OPENER);
        let opener = choose(&stream(), None, Some(path)).unwrap();
        assert_eq!(opener.name, OPENER);
        assert!(opener.args.is_empty());
        // Not executable: not a player.
        std::fs::write(dir.path().join("mpv"), "").unwrap();
        assert_eq!(choose(&stream(), None, Some(path)).unwrap().name, OPENER);
        executable(dir.path(), "mpv");
        let mpv = choose(&stream(), None, Some(path)).unwrap();
        assert_eq!(mpv.program, dir.path().join("mpv"));
        assert!(
            mpv.args
                .contains(&"--sub-file=http://127.0.0.1/media/token/fr.vtt".to_owned())
        );
        let configured = choose(&stream(), Some("vlc --fullscreen"), Some(path)).unwrap();
        assert_eq!(configured.program, PathBuf::from("vlc"));
        assert_eq!(configured.args, vec!["--fullscreen".to_owned()]);
        // Set but blank: as if unset.
        assert_eq!(
            choose(&stream(), Some("  "), Some(path)).unwrap().name,
            "mpv"
        );
    }

    #[test]
    fn a_player_that_cannot_start_is_reported_with_what_to_check() {
        let Player::Failed(why) = open_with(&stream(), Some("/nonexistent/marquee-player")) else {
            panic!("expected a failure");
        };
        assert!(why.contains("/nonexistent/marquee-player"), "{why}");
        assert!(why.contains("MARQUEE_PLAYER"), "{why}");
    }
}
