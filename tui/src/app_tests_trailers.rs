//! `update` transitions of the trailer picker: open, choose a quality, the signed URL, the
//! player's answer (and the `start` event), failures and closing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::fixtures;

fn press(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn key(c: char) -> Msg {
    press(KeyCode::Char(c))
}

/// Movie 4 loaded, the Trailers pane focused.
fn on_trailers() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    model.back.push(model.route.clone());
    model.route = Route::Movie(4);
    model.movie = MovieView::loading(4);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(4),
            response: Response::Movie(Box::new(fixtures::detail(4))),
        },
    );
    update(&mut model, press(KeyCode::BackTab));
    assert_eq!(model.movie.pane, MoviePane::Trailers);
    model
}

fn play_request(quality: &str) -> Request {
    Request::Play {
        trailer: 9,
        quality: quality.to_owned(),
        profile: Some(7),
    }
}

#[test]
fn enter_on_a_trailer_picks_a_quality_gets_the_url_and_opens_the_player() {
    let mut model = on_trailers();
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    let picker = model.movie.trailer.as_ref().unwrap();
    assert_eq!(picker.qualities(), vec!["480p", "1080p"]);
    // The best quality is preselected.
    assert_eq!(picker.selected, 1);
    // j/k move within the qualities.
    update(&mut model, key('j'));
    assert_eq!(model.movie.trailer.as_ref().unwrap().selected, 1);
    update(&mut model, key('k'));
    assert_eq!(model.movie.trailer.as_ref().unwrap().selected, 0);
    // Keys go to the picker: 1-5 do not rate.
    assert_eq!(update(&mut model, key('3')), None);
    assert_eq!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::Fetch(play_request("480p")))
    );
    assert_eq!(model.movie.trailer.as_ref().unwrap().stream, Load::Loading);
    // A second Enter while waiting asks nothing more.
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);

    let stream = Box::new(fixtures::stream(9, "480p"));
    let effect = update(
        &mut model,
        Msg::Loaded {
            request: play_request("480p"),
            response: Response::Stream(stream.clone()),
        },
    );
    assert_eq!(
        effect,
        Some(Effect::OpenPlayer {
            stream: stream.clone(),
            profile: Some(7),
        })
    );
    let picker = model.movie.trailer.as_ref().unwrap();
    assert_eq!(picker.stream, Load::Loaded(stream));
    assert_eq!(picker.player, Player::Opening);

    // The player started: the `start` event is recorded for the profile.
    let effect = update(
        &mut model,
        Msg::Player {
            trailer: 9,
            player: Player::Opened("mpv".into()),
        },
    );
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::PlaybackStarted {
            trailer: 9,
            profile: 7
        }))
    );
    assert_eq!(
        model.notice.as_deref(),
        Some("Playing \"Official Trailer\" in mpv.")
    );
    // q closes the picker, and only the picker.
    update(&mut model, key('q'));
    assert_eq!(model.movie.trailer, None);
    assert_eq!(model.route, Route::Movie(4));
}

#[test]
fn no_player_keeps_the_url_on_screen_and_records_nothing() {
    let mut model = on_trailers();
    update(&mut model, press(KeyCode::Enter));
    update(&mut model, press(KeyCode::Enter));
    update(
        &mut model,
        Msg::Loaded {
            request: play_request("1080p"),
            response: Response::Stream(Box::new(fixtures::stream(9, "1080p"))),
        },
    );
    let effect = update(
        &mut model,
        Msg::Player {
            trailer: 9,
            player: Player::NoneFound,
        },
    );
    assert_eq!(effect, None);
    let picker = model.movie.trailer.as_ref().unwrap();
    assert_eq!(picker.player, Player::NoneFound);
    assert!(matches!(&picker.stream, Load::Loaded(s) if s.url.contains("/media/")));
}

#[test]
fn a_refused_play_shows_the_error_and_r_asks_again() {
    let mut model = on_trailers();
    update(&mut model, press(KeyCode::Enter));
    update(&mut model, press(KeyCode::Enter));
    let failure = Failure::Server {
        status: 400,
        code: "validation_failed".into(),
        message: "quality: this trailer has no such rendition".into(),
    };
    let effect = update(
        &mut model,
        Msg::Failed {
            request: play_request("1080p"),
            failure: failure.clone(),
            generation: 1,
        },
    );
    // Not retried behind the user's back, and no offline banner for a write.
    assert_eq!(effect, None);
    assert_eq!(model.offline, None);
    assert_eq!(
        model.movie.trailer.as_ref().unwrap().stream,
        Load::Failed(failure)
    );
    assert_eq!(
        update(&mut model, key('r')),
        Some(Effect::Fetch(play_request("1080p")))
    );
    // Offline: the same, with the reason.
    update(
        &mut model,
        Msg::Failed {
            request: play_request("1080p"),
            failure: Failure::Offline("connection refused".into()),
            generation: 1,
        },
    );
    assert!(matches!(
        model.movie.trailer.as_ref().unwrap().stream,
        Load::Failed(Failure::Offline(_))
    ));
    assert_eq!(model.offline, None);
    // An expired token still refreshes and retries first.
    assert_eq!(
        update(
            &mut model,
            Msg::Failed {
                request: play_request("1080p"),
                failure: Failure::Unauthorized,
                generation: 3,
            },
        ),
        Some(Effect::Refresh {
            generation: 3,
            retry: play_request("1080p")
        })
    );
}

#[test]
fn answers_for_a_closed_picker_or_another_trailer_are_ignored() {
    let mut model = on_trailers();
    update(&mut model, press(KeyCode::Enter));
    update(&mut model, press(KeyCode::Enter));
    let other = Msg::Loaded {
        request: play_request("1080p"),
        response: Response::Stream(Box::new(fixtures::stream(10, "1080p"))),
    };
    assert_eq!(update(&mut model, other), None);
    assert_eq!(model.movie.trailer.as_ref().unwrap().stream, Load::Loading);
    update(&mut model, press(KeyCode::Esc));
    let late = Msg::Loaded {
        request: play_request("1080p"),
        response: Response::Stream(Box::new(fixtures::stream(9, "1080p"))),
    };
    assert_eq!(update(&mut model, late), None);
    assert_eq!(
        update(
            &mut model,
            Msg::Player {
                trailer: 9,
                player: Player::Opened("mpv".into())
            }
        ),
        None
    );
    // A start event that failed says so, and nothing else changes.
    update(
        &mut model,
        Msg::Failed {
            request: Request::PlaybackStarted {
                trailer: 9,
                profile: 7,
            },
            failure: Failure::Offline("timeout".into()),
            generation: 1,
        },
    );
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("The trailer plays, but its start was not recorded"))
    );
    assert_eq!(model.offline, None);
}

#[test]
fn a_trailer_without_renditions_opens_an_empty_picker_that_plays_nothing() {
    let mut model = on_trailers();
    if let Load::Loaded(detail) = &mut model.movie.detail {
        detail.trailers[0].renditions.clear();
    }
    update(&mut model, press(KeyCode::Enter));
    assert!(model.movie.trailer.as_ref().unwrap().qualities().is_empty());
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    assert_eq!(model.movie.trailer.as_ref().unwrap().stream, Load::Idle);
}
