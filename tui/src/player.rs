//! Opening a trailer's signed stream URL: `$MARQUEE_PLAYER` (a command, the URL appended), else
//! `mpv` when it is on `PATH`, else the desktop's opener (`xdg-open`, `open` on macOS). The
//! player starts detached (its own process group, no terminal) so the UI keeps running; the
//! worker calls this, never `update` or `view`. mpv (found on `PATH`, or a `$MARQUEE_PLAYER`
//! program named `mpv`) also gets `--input-ipc-server=<socket>` in a private temporary directory,
//! which `progress` follows; the directory goes when the player exits.

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
    /// It is mpv: it can take an IPC socket to report its position on.
    pub mpv: bool,
}

/// What `open` started.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub player: Player,
    /// mpv's IPC socket (not created yet: mpv creates it as it starts).
    pub ipc: Option<PathBuf>,
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
        let mpv = std::path::Path::new(&program).file_name() == Some(OsStr::new("mpv"));
        return Some(Launch {
            name: program.clone(),
            program: PathBuf::from(program),
            args: words.collect(),
            mpv,
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
            mpv: true,
        });
    }
    on_path(OPENER, path).map(|program| Launch {
        name: OPENER.to_owned(),
        program,
        args: Vec::new(),
        mpv: false,
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
pub fn open(stream: &StreamUrl) -> Opened {
    open_with(stream, std::env::var("MARQUEE_PLAYER").ok().as_deref())
}

fn open_with(stream: &StreamUrl, configured: Option<&str>) -> Opened {
    let path = std::env::var_os("PATH");
    let Some(launch) = choose(stream, configured, path.as_deref()) else {
        return Opened {
            player: Player::NoneFound,
            ipc: None,
        };
    };
    // Without a directory of its own mpv just plays, unfollowed.
    let ipc_dir = launch.mpv.then(ipc_dir).and_then(Result::ok);
    let ipc = ipc_dir.as_ref().map(|dir| dir.join("mpv.sock"));
    let mut command = Command::new(&launch.program);
    command.args(&launch.args);
    if let Some(socket) = &ipc {
        let mut arg = std::ffi::OsString::from("--input-ipc-server=");
        arg.push(socket);
        command.arg(arg);
    }
    command
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
            // Reaped when it exits, whenever that is; its socket goes with it.
            std::thread::spawn(move || {
                let _ = child.wait();
                if let Some(dir) = ipc_dir {
                    let _ = std::fs::remove_dir_all(dir);
                }
            });
            Opened {
                player: Player::Opened(launch.name),
                ipc,
            }
        }
        Err(err) => {
            if let Some(dir) = ipc_dir {
                let _ = std::fs::remove_dir_all(dir);
            }
            Opened {
                player: Player::Failed(format!(
                    "{} could not be started ({err}); check $MARQUEE_PLAYER or PATH",
                    launch.program.display()
                )),
                ipc: None,
            }
        }
    }
}

/// A new directory only this user can enter, for mpv's socket.
fn ipc_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("marquee-mpv-{}", uuid::Uuid::new_v4()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir)?;
    Ok(dir)
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
        assert!(mpv.mpv && !opener.mpv);
        let configured = choose(&stream(), Some("vlc --fullscreen"), Some(path)).unwrap();
        assert_eq!(configured.program, PathBuf::from("vlc"));
        assert_eq!(configured.args, vec!["--fullscreen".to_owned()]);
        assert!(!configured.mpv);
        // A configured mpv is followed like the one on PATH.
        assert!(
            choose(&stream(), Some("/opt/bin/mpv --fs"), Some(path))
                .unwrap()
                .mpv
        );
        // Set but blank: as if unset.
        assert_eq!(
            choose(&stream(), Some("  "), Some(path)).unwrap().name,
            "mpv"
        );
    }

    #[test]
    fn mpv_gets_an_ipc_socket_in_a_private_directory_that_goes_when_it_exits() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let args = dir.path().join("args");
        let mpv = dir.path().join("mpv");
        std::fs::write(
            &mpv,
            format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", args.display()),
        )
        .unwrap();
        std::fs::set_permissions(&mpv, std::fs::Permissions::from_mode(0o755)).unwrap();
        let opened = open_with(&stream(), Some(mpv.to_str().unwrap()));
        assert_eq!(opened.player, Player::Opened(mpv.display().to_string()));
        let socket = opened.ipc.unwrap();
        let socket_dir = socket.parent().unwrap().to_owned();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        // The script has run and exited: its arguments are written, the directory removed.
        while socket_dir.exists() || !args.exists() {
            assert!(std::time::Instant::now() < deadline, "{socket_dir:?}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let args = std::fs::read_to_string(&args).unwrap();
        assert_eq!(
            args.lines().collect::<Vec<_>>(),
            vec![
                format!("--input-ipc-server={}", socket.display()).as_str(),
                "http://127.0.0.1/media/token/a.mp4",
            ]
        );
    }

    #[test]
    fn a_player_that_cannot_start_is_reported_with_what_to_check() {
        let opened = open_with(&stream(), Some("/nonexistent/marquee-player"));
        assert_eq!(opened.ipc, None);
        let Player::Failed(why) = opened.player else {
            panic!("expected a failure");
        };
        assert!(why.contains("/nonexistent/marquee-player"), "{why}");
        assert!(why.contains("MARQUEE_PLAYER"), "{why}");
    }
}
