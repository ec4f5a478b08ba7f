//! Playback progress from mpv: `player` starts mpv with `--input-ipc-server=<socket>`, and the
//! worker follows it here over mpv's JSON IPC (one JSON object per line on a Unix socket): every
//! `every` it asks for `time-pos` and `duration` and reports the position as `progress`; it
//! reports `complete` when mpv says the file ended (`end-file` with reason `eof`) or the position
//! reached 95 % of the duration. When mpv quits early, the last position it gave is reported
//! (if not already). No I/O to the server here: `report` is the worker's.

use std::io;
use std::path::Path;
use std::time::Duration;

use marquee_api::trailers::PlaybackEventKind;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

/// How often the position is asked for (and reported when it moved).
pub const EVERY: Duration = Duration::from_secs(10);
/// How long mpv may take to open its socket after it was started.
pub const CONNECT_WITHIN: Duration = Duration::from_secs(15);
/// The share of the duration from which a trailer counts as watched to the end.
const COMPLETE_AT: f64 = 0.95;

/// Follows the mpv at `socket` until it finishes or quits, calling `report` with each event and
/// the position in whole seconds. An error means the socket could not be reached or read.
pub async fn follow<F, Fut>(socket: &Path, every: Duration, mut report: F) -> io::Result<()>
where
    F: FnMut(PlaybackEventKind, i32) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let stream = connect(socket, CONNECT_WITHIN).await?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut round: u64 = 0;
    let mut position: Option<f64> = None;
    let mut duration: Option<f64> = None;
    let mut reported: Option<i32> = None;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                round += 1;
                // Two requests a round: time-pos is `2n`, duration `2n + 1`.
                let ask = format!(
                    "{{\"command\":[\"get_property\",\"time-pos\"],\"request_id\":{}}}\n\
                     {{\"command\":[\"get_property\",\"duration\"],\"request_id\":{}}}\n",
                    2 * round,
                    2 * round + 1
                );
                if write.write_all(ask.as_bytes()).await.is_err() {
                    break;
                }
            }
            line = lines.next_line() => {
                let Some(line) = line? else { break };
                let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                match message["event"].as_str() {
                    Some("end-file") => {
                        if message["reason"] == "eof" {
                            let end = duration.or(position).map_or(0, seconds);
                            report(PlaybackEventKind::Complete, end).await;
                            return Ok(());
                        }
                        break;
                    }
                    Some(_) => continue,
                    None => {}
                }
                let Some(id) = message["request_id"].as_u64() else {
                    continue;
                };
                // Unavailable (still loading) answers carry no data: keep what was known. mpv
                // answers in order, so each duration answer closes its round.
                let data = message["data"].as_f64();
                if id % 2 == 0 {
                    position = data.or(position);
                    continue;
                }
                duration = data.or(duration);
                let Some(at) = position else { continue };
                if duration.is_some_and(|d| d > 0.0 && at / d >= COMPLETE_AT) {
                    report(PlaybackEventKind::Complete, seconds(at)).await;
                    return Ok(());
                }
                if reported != Some(seconds(at)) {
                    reported = Some(seconds(at));
                    report(PlaybackEventKind::Progress, seconds(at)).await;
                }
            }
        }
    }
    // mpv quit (or stopped for another reason) before the end: where it stopped.
    if let Some(at) = position.map(seconds)
        && reported != Some(at)
    {
        report(PlaybackEventKind::Progress, at).await;
    }
    Ok(())
}

/// Connects once mpv has created the socket, retrying while it starts.
async fn connect(socket: &Path, within: Duration) -> io::Result<UnixStream> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match UnixStream::connect(socket).await {
            Ok(stream) => return Ok(stream),
            Err(err) if tokio::time::Instant::now() >= deadline => {
                return Err(io::Error::new(
                    err.kind(),
                    format!(
                        "mpv's IPC socket {} did not answer within {within:?}: {err}",
                        socket.display()
                    ),
                ));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

fn seconds(at: f64) -> i32 {
    // Saturating: positions are small, and the server refuses absurd ones anyway.
    at.max(0.0).floor() as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::UnixListener;

    /// Plays mpv's side: answers each round's two requests from `rounds` (time-pos, duration;
    /// `None` is "property unavailable"), then sends `then` (an event line) or hangs up.
    async fn fake_mpv(
        listener: UnixListener,
        rounds: Vec<(Option<f64>, Option<f64>)>,
        then: Option<&'static str>,
    ) {
        let (stream, _) = listener.accept().await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        // An unrelated event first, as mpv sends them unasked.
        write
            .write_all(b"{\"event\":\"playback-restart\"}\n")
            .await
            .unwrap();
        for (position, duration) in rounds {
            for value in [position, duration] {
                let request: serde_json::Value =
                    serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
                let id = &request["request_id"];
                let answer = match value {
                    Some(v) => serde_json::json!({"data": v, "request_id": id, "error": "success"}),
                    None => serde_json::json!({"request_id": id, "error": "property unavailable"}),
                };
                write
                    .write_all(format!("{answer}\n").as_bytes())
                    .await
                    .unwrap();
            }
        }
        if let Some(event) = then {
            write.write_all(event.as_bytes()).await.unwrap();
            // mpv quits at the end of the file: the follower must not need more.
        }
    }

    async fn run(
        rounds: Vec<(Option<f64>, Option<f64>)>,
        then: Option<&'static str>,
    ) -> Vec<(PlaybackEventKind, i32)> {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("mpv.sock");
        let listener = UnixListener::bind(&socket).unwrap();
        let mpv = tokio::spawn(fake_mpv(listener, rounds, then));
        let mut events = Vec::new();
        follow(&socket, Duration::from_millis(20), |kind, at| {
            events.push((kind, at));
            async {}
        })
        .await
        .unwrap();
        mpv.await.unwrap();
        events
    }

    #[tokio::test]
    async fn progress_each_round_it_moved_then_complete_at_95_percent() {
        use PlaybackEventKind::*;
        let events = run(
            vec![
                (None, None),
                (Some(12.4), Some(150.0)),
                (Some(12.9), Some(150.0)),
                (Some(80.0), Some(150.0)),
                (Some(142.6), Some(150.0)),
            ],
            None,
        )
        .await;
        // Loading: nothing; paused (same second): nothing new; 142.6 / 150 ≥ 95 %: complete.
        assert_eq!(
            events,
            vec![(Progress, 12), (Progress, 80), (Complete, 142)]
        );
    }

    #[tokio::test]
    async fn the_end_of_file_event_completes_at_once() {
        use PlaybackEventKind::*;
        let events = run(
            vec![(Some(30.0), Some(150.0))],
            Some("{\"event\":\"end-file\",\"reason\":\"eof\",\"playlist_entry_id\":1}\n"),
        )
        .await;
        assert_eq!(events, vec![(Progress, 30), (Complete, 150)]);
    }

    #[tokio::test]
    async fn quitting_early_reports_where_it_stopped_once() {
        use PlaybackEventKind::*;
        // A hang-up after the answers: the last position was already reported, nothing more.
        let events = run(vec![(Some(30.0), Some(150.0))], None).await;
        assert_eq!(events, vec![(Progress, 30)]);
        // Quit from mpv's window: `end-file` with reason `quit` is no completion.
        let events = run(
            vec![(Some(45.5), None)],
            Some("{\"event\":\"end-file\",\"reason\":\"quit\"}\n"),
        )
        .await;
        assert_eq!(events, vec![(Progress, 45)]);
    }

    #[tokio::test]
    async fn no_socket_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("missing.sock");
        let started = tokio::time::Instant::now();
        let err = connect(&socket, Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert!(err.to_string().contains("missing.sock"), "{err}");
    }
}
