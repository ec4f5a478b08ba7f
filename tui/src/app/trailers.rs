//! Trailers on the Movie page: Enter on one opens its quality picker; Enter on a quality asks
//! for the signed stream URL, which goes to the player (`Effect::OpenPlayer`, run by the worker);
//! once the player is open the `start` playback event is recorded (and, for mpv, the worker
//! reports progress and completion itself).

use crossterm::event::{KeyCode, KeyEvent};

use super::*;

/// Enter on the Trailers pane: the picker for the selected trailer.
pub(super) fn open_picker(model: &mut Model) -> Option<Effect> {
    let Load::Loaded(detail) = &model.movie.detail else {
        return None;
    };
    let trailer = detail.trailers.get(model.movie.scroll)?.clone();
    let picker = TrailerPicker::new(trailer);
    // The best quality first in the list is the lowest: start on the highest.
    let last = picker.qualities().len().saturating_sub(1);
    model.movie.trailer = Some(TrailerPicker {
        selected: last,
        ..picker
    });
    None
}

/// Keys while the picker is open: j/k choose, Enter plays, r retries, q/Esc/h closes.
pub(super) fn trailer_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let profile = model.profile_id();
    let picker = model.movie.trailer.as_mut()?;
    let len = picker.qualities().len();
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc | KeyCode::Char('h') | KeyCode::Left => {
            model.movie.trailer = None;
            None
        }
        KeyCode::Char('j') | KeyCode::Down => {
            picker.selected = (picker.selected + 1).min(len.saturating_sub(1));
            None
        }
        KeyCode::Char('k') | KeyCode::Up => {
            picker.selected = picker.selected.saturating_sub(1);
            None
        }
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => play(picker, profile),
        KeyCode::Char('r') if matches!(picker.stream, Load::Failed(_)) => play(picker, profile),
        _ => None,
    }
}

fn play(picker: &mut TrailerPicker, profile: Option<i64>) -> Option<Effect> {
    if picker.stream == Load::Loading || picker.player == Player::Opening {
        return None;
    }
    let quality = (*picker.qualities().get(picker.selected)?).to_owned();
    picker.stream = Load::Loading;
    picker.player = Player::Idle;
    Some(Effect::Fetch(Request::Play {
        trailer: picker.trailer.id,
        quality,
        profile,
    }))
}

/// The signed URL arrived: to the player, if the picker still waits for it.
pub(super) fn stream_loaded(model: &mut Model, stream: Box<StreamUrl>) -> Option<Effect> {
    let profile = model.profile_id();
    let picker = model.movie.trailer.as_mut()?;
    if picker.trailer.id != stream.trailer_id || picker.stream != Load::Loading {
        return None;
    }
    picker.stream = Load::Loaded(stream.clone());
    picker.player = Player::Opening;
    Some(Effect::OpenPlayer { stream, profile })
}

pub(super) fn stream_failed(model: &mut Model, trailer: i64, failure: Failure) {
    if let Some(picker) = model.movie.trailer.as_mut()
        && picker.trailer.id == trailer
    {
        picker.stream = Load::Failed(failure);
    }
}

/// The worker's word on the player; an open player records the `start` event.
pub(super) fn player_answer(model: &mut Model, trailer: i64, player: Player) -> Option<Effect> {
    let profile = model.profile_id();
    let picker = model.movie.trailer.as_mut()?;
    if picker.trailer.id != trailer {
        return None;
    }
    let opened = matches!(player, Player::Opened(_));
    if let Player::Opened(name) = &player {
        model.notice = Some(format!("Playing \"{}\" in {name}.", picker.trailer.title));
    }
    picker.player = player;
    let profile = profile.filter(|_| opened)?;
    Some(Effect::Fetch(Request::PlaybackStarted { trailer, profile }))
}
