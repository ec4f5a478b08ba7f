//! Trailers over HTTP: signed stream URLs (accepted before expiry; refused after, when altered,
//! or from another session), `/media` with Range, HLS directory tokens, path traversal refused,
//! and playback events recorded as analytics.

use std::path::Path;
use std::time::Duration;

use diesel::prelude::*;
use marquee_db::models::{NewTrailerRendition, NewTrailerSubtitle};
use marquee_db::schema::{analytics_events, trailer_renditions, trailer_subtitles};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::accounts::{User, new_user, server_with};
use crate::activity::{ok_json, profile_of, send};
use crate::fixtures::{language, movie, trailer};
use crate::support::{TestServer, error_body};

/// 0..=255 repeated: every byte offset has a known value.
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// A server serving `media` (with `ttl` for URLs), a movie whose trailer has an MP4 720p
/// rendition at `trailers/heat/720.mp4`, an HLS 1080p one at `trailers/heat/hls/master.m3u8`,
/// and English subtitles.
async fn setup(media: &Path, ttl: Duration) -> (TestServer, i64) {
    let dir = media.to_path_buf();
    let s = server_with(move |mut c| {
        c.media.dir = Some(dir);
        c.media.url_ttl = ttl;
        c
    })
    .await;
    std::fs::create_dir_all(media.join("trailers/heat/hls")).unwrap();
    std::fs::write(media.join("trailers/heat/720.mp4"), content(10_000)).unwrap();
    std::fs::write(
        media.join("trailers/heat/hls/master.m3u8"),
        "#EXTM3U\nseg0.ts\n",
    )
    .unwrap();
    std::fs::write(media.join("trailers/heat/hls/seg0.ts"), b"segment zero").unwrap();
    std::fs::write(media.join("trailers/heat/en.vtt"), "WEBVTT\n").unwrap();
    std::fs::write(media.join("secret.txt"), "not a trailer").unwrap();
    let mut c = s.db.conn();
    let movie_id = movie("Heat").year(1995).insert(&mut c);
    let trailer_id = trailer(&mut c, movie_id, "Heat trailer", &[]);
    for (quality, format, location) in [
        ("720p", "mp4", "trailers/heat/720.mp4"),
        ("1080p", "hls", "trailers/heat/hls/master.m3u8"),
    ] {
        diesel::insert_into(trailer_renditions::table)
            .values(&NewTrailerRendition {
                trailer_id,
                quality,
                format,
                location,
                duration_seconds: Some(150),
                size_bytes: None,
                bitrate_kbps: None,
            })
            .execute(&mut c)
            .unwrap();
    }
    let en = language(&mut c, "en", "English");
    diesel::insert_into(trailer_subtitles::table)
        .values(&NewTrailerSubtitle {
            trailer_id,
            language_id: en,
            format: "vtt",
            location: "trailers/heat/en.vtt",
        })
        .execute(&mut c)
        .unwrap();
    (s, trailer_id)
}

async fn play(s: &TestServer, user: &User, trailer_id: i64, query: &str) -> reqwest::Response {
    send(
        s,
        "POST",
        &format!("/api/v1/trailers/{trailer_id}/play{query}"),
        user,
        None,
    )
    .await
}

async fn fetch(s: &TestServer, url: &str, user: &User, range: Option<&str>) -> reqwest::Response {
    let mut request = s
        .client
        .get(s.url(url))
        .header("authorization", user.bearer());
    if let Some(range) = range {
        request = request.header("range", range);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn signed_url_serves_the_rendition_with_ranges_to_its_session_only() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(300)).await;
    let alice = new_user(&s, "alice").await;

    let got = ok_json(play(&s, &alice, trailer_id, "?quality=720p").await, 200).await;
    assert_eq!(got["quality"], "720p");
    assert_eq!(got["format"], "mp4");
    let url = got["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/media/"), "{url}");
    assert!(url.ends_with("/trailers/heat/720.mp4"), "{url}");
    let expires: chrono::DateTime<chrono::Utc> =
        got["expires_at"].as_str().unwrap().parse().unwrap();
    let left = expires - chrono::Utc::now();
    assert!(left > chrono::TimeDelta::seconds(290) && left <= chrono::TimeDelta::seconds(300));

    // The whole file, then byte ranges.
    let r = fetch(&s, &url, &alice, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["accept-ranges"], "bytes");
    assert_eq!(r.bytes().await.unwrap().to_vec(), content(10_000));
    let r = fetch(&s, &url, &alice, Some("bytes=1000-1099")).await;
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers()["content-range"], "bytes 1000-1099/10000");
    assert_eq!(
        r.bytes().await.unwrap().to_vec(),
        content(10_000)[1000..1100]
    );
    let r = fetch(&s, &url, &alice, Some("bytes=-10")).await;
    assert_eq!(r.status(), 206);
    assert_eq!(r.bytes().await.unwrap().to_vec(), content(10_000)[9990..]);
    let r = fetch(&s, &url, &alice, Some("bytes=20000-")).await;
    assert_eq!(r.status(), 416);

    // Another account's session, the same account's other session, and no session at all.
    let bob = new_user(&s, "bob").await;
    error_body(fetch(&s, &url, &bob, None).await, 403, "wrong_session").await;
    let second = crate::accounts::login(&s, &alice.email, crate::accounts::PASSWORD).await;
    let alice_elsewhere = User {
        access: second["access_token"].as_str().unwrap().to_owned(),
        ..alice.clone()
    };
    error_body(
        fetch(&s, &url, &alice_elsewhere, None).await,
        403,
        "wrong_session",
    )
    .await;
    // A player sends no header: the URL alone serves while alice's session lives.
    let r = s.client.get(s.url(&url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().to_vec(), content(10_000));
    let r = s
        .client
        .get(s.url(&url))
        .header("range", "bytes=0-9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    // A bearer token that is not valid at all is refused as such.
    let r = s
        .client
        .get(s.url(&url))
        .header("authorization", "Bearer nonsense")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // Subtitles are signed the same way.
    let vtt = got["subtitles"][0]["url"].as_str().unwrap();
    assert_eq!(got["subtitles"][0]["language"], "en");
    let r = fetch(&s, vtt, &alice, None).await;
    assert_eq!(r.text().await.unwrap(), "WEBVTT\n");

    // Signing out ends the URL with the session, header or not.
    let r = send(&s, "POST", "/api/v1/auth/logout", &alice, None).await;
    assert!(r.status().is_success(), "{}", r.status());
    let r = s.client.get(s.url(&url)).send().await.unwrap();
    error_body(r, 403, "session_ended").await;
    let r = s.client.get(s.url(vtt)).send().await.unwrap();
    error_body(r, 403, "session_ended").await;
    // The other session's own URL keeps working.
    let mine = ok_json(
        play(&s, &alice_elsewhere, trailer_id, "?quality=720p").await,
        200,
    )
    .await;
    let r = s
        .client
        .get(s.url(mine["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn altered_urls_are_refused_with_bad_signature() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(300)).await;
    let alice = new_user(&s, "alice").await;
    let got = ok_json(play(&s, &alice, trailer_id, "?quality=720p").await, 200).await;
    let url = got["url"].as_str().unwrap().to_owned();
    // /media/{exp}.{sid}.f.{sig}/trailers/heat/720.mp4
    let token = url.split('/').nth(2).unwrap().to_owned();
    let parts: Vec<&str> = token.split('.').collect();
    let exp: i64 = parts[0].parse().unwrap();
    let sig = parts[3];
    let flipped = if sig.starts_with('A') { "B" } else { "A" };
    let tampered = [
        // Another file with this token.
        url.replace("720.mp4", "en.vtt"),
        // A later expiry.
        url.replace(&token, &format!("{}.{}.f.{sig}", exp + 3600, parts[1])),
        // Another session id in the token (the caller's session is checked after the signature).
        url.replace(
            &token,
            &format!("{exp}.{}.f.{sig}", parts[1].parse::<i64>().unwrap() + 1),
        ),
        // A directory scope instead of the file.
        url.replace(&token, &format!("{exp}.{}.2.{sig}", parts[1])),
        // The signature itself.
        url.replace(sig, &format!("{flipped}{}", &sig[1..])),
        // Not a token at all.
        url.replace(&token, "garbage"),
    ];
    for bad in tampered {
        error_body(fetch(&s, &bad, &alice, None).await, 403, "bad_signature").await;
    }
    // The untouched URL still works.
    assert_eq!(fetch(&s, &url, &alice, None).await.status(), 200);
}

#[tokio::test]
async fn urls_expire_after_the_configured_ttl() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(2)).await;
    let alice = new_user(&s, "alice").await;
    let got = ok_json(play(&s, &alice, trailer_id, "?quality=720p").await, 200).await;
    let url = got["url"].as_str().unwrap().to_owned();
    let expires: chrono::DateTime<chrono::Utc> =
        got["expires_at"].as_str().unwrap().parse().unwrap();
    // Accepted before its expiry (the whole-second expiry is 1–2 s away; checked only with a
    // margin, so a slow machine crossing the second meanwhile cannot fail it)…
    let left = expires.timestamp() * 1000 - chrono::Utc::now().timestamp_millis();
    if left > 500 {
        assert_eq!(fetch(&s, &url, &alice, None).await.status(), 200);
    }
    // …and refused once it has passed.
    let wait = (expires.timestamp() + 1) * 1000 - chrono::Utc::now().timestamp_millis();
    tokio::time::sleep(Duration::from_millis(u64::try_from(wait.max(0)).unwrap())).await;
    error_body(fetch(&s, &url, &alice, None).await, 403, "url_expired").await;
}

#[tokio::test]
async fn hls_tokens_cover_the_playlist_directory_only() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(300)).await;
    let alice = new_user(&s, "alice").await;
    // No quality: the best one, here the HLS 1080p.
    let got = ok_json(play(&s, &alice, trailer_id, "").await, 200).await;
    assert_eq!(got["quality"], "1080p");
    assert_eq!(got["format"], "hls");
    let url = got["url"].as_str().unwrap().to_owned();
    let playlist = fetch(&s, &url, &alice, None).await;
    assert_eq!(playlist.status(), 200);
    assert_eq!(playlist.text().await.unwrap(), "#EXTM3U\nseg0.ts\n");
    // The segment, resolved relative to the playlist URL like a player does.
    let segment = url.replace("master.m3u8", "seg0.ts");
    let r = fetch(&s, &segment, &alice, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "segment zero");
    // Outside the playlist's directory the token is worthless.
    let outside = url.replace("hls/master.m3u8", "720.mp4");
    error_body(
        fetch(&s, &outside, &alice, None).await,
        403,
        "bad_signature",
    )
    .await;
}

/// Sends a request line as is (HTTP clients normalise `..` away before sending).
async fn raw_get(s: &TestServer, target: &str, user: &User) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
        user.bearer()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text[9..12].parse().unwrap();
    (status, text)
}

#[tokio::test]
async fn path_traversal_is_refused() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(300)).await;
    let alice = new_user(&s, "alice").await;
    let got = ok_json(play(&s, &alice, trailer_id, "?quality=720p").await, 200).await;
    let url = got["url"].as_str().unwrap().to_owned();
    let token = url.split('/').nth(2).unwrap().to_owned();
    let attempts = [
        format!("/media/{token}/../secret.txt"),
        format!("/media/{token}/trailers/../../secret.txt"),
        format!("/media/{token}/%2e%2e/secret.txt"),
        format!("/media/{token}/trailers%2f..%2f..%2fsecret.txt"),
        format!("/media/{token}/trailers/heat/..%5c..%5csecret.txt"),
        format!("/media/{token}//etc/passwd"),
        format!("/media/{token}/./secret.txt"),
    ];
    for target in attempts {
        let (status, text) = raw_get(&s, &target, &alice).await;
        assert!(!text.contains("not a trailer"), "{target}: {text}");
        assert_eq!(status, 400, "{target}: {text}");
        assert!(text.contains("invalid_path"), "{target}: {text}");
    }

    // A symlink inside the media directory that points outside it is refused too.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("leak.mp4"), "outside").unwrap();
    std::os::unix::fs::symlink(outside.path(), media.path().join("trailers/heat/link")).unwrap();
    let mut c = s.db.conn();
    diesel::update(trailer_renditions::table.filter(trailer_renditions::quality.eq("720p")))
        .set(trailer_renditions::location.eq("trailers/heat/link/leak.mp4"))
        .execute(&mut c)
        .unwrap();
    let got = ok_json(play(&s, &alice, trailer_id, "?quality=720p").await, 200).await;
    let r = fetch(&s, got["url"].as_str().unwrap(), &alice, None).await;
    error_body(r, 400, "invalid_path").await;

    // A stored location that is not a clean relative path is never signed.
    diesel::update(trailer_renditions::table.filter(trailer_renditions::quality.eq("720p")))
        .set(trailer_renditions::location.eq("../secret.txt"))
        .execute(&mut c)
        .unwrap();
    error_body(
        play(&s, &alice, trailer_id, "?quality=720p").await,
        500,
        "internal_error",
    )
    .await;
}

#[tokio::test]
async fn play_validates_quality_and_needs_a_session() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(300)).await;
    let alice = new_user(&s, "alice").await;
    let body = error_body(
        play(&s, &alice, trailer_id, "?quality=4k").await,
        400,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["details"]["fields"]["quality"].is_string());
    let body = error_body(
        play(&s, &alice, trailer_id, "?quality=360p").await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["error"]["details"]["accepted"]["quality"],
        json!(["720p", "1080p"])
    );
    let body = error_body(
        play(&s, &alice, trailer_id, "?format=mp4&volume=11").await,
        400,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["details"]["fields"]["volume"].is_string());
    error_body(play(&s, &alice, 999_999, "").await, 404, "not_found").await;
    let r = s
        .client
        .post(s.url(&format!("/api/v1/trailers/{trailer_id}/play")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Another account's profile is a 404, like a missing one.
    let bob = new_user(&s, "bob").await;
    let bobs = profile_of(&s, &bob).await;
    error_body(
        play(&s, &alice, trailer_id, &format!("?profile_id={bobs}")).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn playback_events_are_recorded_once_per_client_event_id() {
    let media = tempfile::tempdir().unwrap();
    let (s, trailer_id) = setup(media.path(), Duration::from_secs(300)).await;
    let alice = new_user(&s, "alice").await;
    let pid = profile_of(&s, &alice).await;
    ok_json(
        play(&s, &alice, trailer_id, &format!("?profile_id={pid}")).await,
        200,
    )
    .await;
    let path = format!("/api/v1/trailers/{trailer_id}/events");
    for (event, position, id) in [
        ("start", 0, "e-1"),
        ("progress", 60, "e-2"),
        ("complete", 150, "e-3"),
    ] {
        let body = json!({
            "profile_id": pid, "event": event, "position_seconds": position, "client_event_id": id
        });
        let got = ok_json(send(&s, "POST", &path, &alice, Some(body)).await, 201).await;
        assert_eq!(got["duplicate"], false);
    }
    // A retry is acknowledged and not recorded again.
    let retry = json!({ "profile_id": pid, "event": "complete", "position_seconds": 150, "client_event_id": "e-3" });
    let got = ok_json(send(&s, "POST", &path, &alice, Some(retry)).await, 200).await;
    assert_eq!(got["duplicate"], true);

    let mut c = s.db.conn();
    let kinds: Vec<(String, Option<i64>, Option<String>)> = analytics_events::table
        .order(analytics_events::id)
        .select((
            analytics_events::kind,
            analytics_events::profile_id,
            analytics_events::props,
        ))
        .load(&mut c)
        .unwrap();
    let names: Vec<&str> = kinds.iter().map(|(k, _, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "trailer_play",
            "trailer_start",
            "trailer_progress",
            "trailer_complete"
        ]
    );
    assert!(kinds.iter().all(|(_, p, _)| *p == Some(pid)));
    let props: Value = serde_json::from_str(kinds[2].2.as_deref().unwrap()).unwrap();
    assert_eq!(props["position_seconds"], 60);
    assert_eq!(props["trailer_id"], trailer_id);

    // Bad input, a foreign profile, a missing trailer.
    let body = error_body(
        send(
            &s,
            "POST",
            &path,
            &alice,
            Some(json!({ "profile_id": pid, "event": "start", "position_seconds": -1 })),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["details"]["fields"]["position_seconds"].is_string());
    let r = send(
        &s,
        "POST",
        &path,
        &alice,
        Some(json!({ "profile_id": pid, "event": "rewind" })),
    )
    .await;
    error_body(r, 400, "invalid_json").await;
    let bob = new_user(&s, "bob").await;
    let r = send(
        &s,
        "POST",
        &path,
        &bob,
        Some(json!({ "profile_id": pid, "event": "start" })),
    )
    .await;
    error_body(r, 404, "not_found").await;
    let r = send(
        &s,
        "POST",
        "/api/v1/trailers/999999/events",
        &alice,
        Some(json!({ "profile_id": pid, "event": "start" })),
    )
    .await;
    error_body(r, 404, "not_found").await;
}

#[test]
fn media_and_sports_settings_come_from_flags_then_file_then_defaults() {
    use clap::Parser;
    use marquee_server::config::{Cli, Config};
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let defaults = Config::from_cli(Cli::parse_from(["marqueed", "--data-dir", data_dir])).unwrap();
    assert_eq!(defaults.media.url_ttl, Duration::from_secs(300));
    assert_eq!(
        (
            defaults.media.dir.as_ref(),
            defaults.media.base_url.as_ref()
        ),
        (None, None)
    );
    assert_eq!(defaults.sports.heartbeat, Duration::from_secs(15));

    let file = dir.path().join("marquee.toml");
    std::fs::write(
        &file,
        "media_base_url = \"https://cdn.example.com/\"\nmedia_dir = \"/srv/media\"\nmedia_url_ttl_secs = 60\nsports_heartbeat_secs = 5\n",
    )
    .unwrap();
    let config = Config::from_cli(Cli::parse_from([
        "marqueed",
        "--config",
        file.to_str().unwrap(),
        "--data-dir",
        data_dir,
        "--media-url-ttl-secs",
        "30",
    ]))
    .unwrap();
    assert_eq!(config.media.url_ttl, Duration::from_secs(30));
    assert_eq!(
        config.media.base_url.as_deref(),
        Some("https://cdn.example.com")
    );
    assert_eq!(config.media.dir.as_deref(), Some(Path::new("/srv/media")));
    assert_eq!(config.sports.heartbeat, Duration::from_secs(5));
}
