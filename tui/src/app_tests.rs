//! `update` transitions: sign-in, navigation, loading → loaded → error, 401 → refresh, offline.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::fixtures;

fn press(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn key(c: char) -> Msg {
    press(KeyCode::Char(c))
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        assert_eq!(update(model, key(c)), None);
    }
}

fn server_error(code: &str) -> Failure {
    Failure::Server {
        status: 401,
        code: code.into(),
        message: "m".into(),
    }
}

fn first_page() -> Request {
    Request::Movies {
        genre: None,
        sort: "-popularity".into(),
        page: 1,
    }
}

#[test]
fn without_stored_tokens_it_asks_to_sign_in_and_shows_the_store_notice() {
    let mut model = Model::new("http://m", None, true);
    assert_eq!(model.route, Route::Starting);
    let effect = update(
        &mut model,
        Msg::Started {
            notice: Some("keyring not used".into()),
            session: None,
        },
    );
    assert_eq!(effect, None);
    assert_eq!(model.route, Route::SignIn);
    assert_eq!(model.sign_in.focus, Field::Email);
    assert_eq!(model.notice.as_deref(), Some("keyring not used"));
}

#[test]
fn sign_in_asks_for_the_second_factor_when_the_server_wants_it() {
    let mut model = Model::new("http://m", None, true);
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    type_text(&mut model, "ada@example.com");
    update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.sign_in.focus, Field::Password);
    type_text(&mut model, "q?j secret");
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(
        effect,
        Some(Effect::SignIn {
            server: "http://m".into(),
            email: "ada@example.com".into(),
            password: "q?j secret".into(),
            totp: None,
        })
    );
    assert!(model.sign_in.busy);

    update(&mut model, Msg::SignInFailed(server_error("totp_required")));
    assert!(!model.sign_in.busy);
    assert_eq!(model.sign_in.focus, Field::Totp);
    assert!(
        model
            .sign_in
            .error
            .as_deref()
            .unwrap()
            .contains("two-factor")
    );
    // An empty code is refused before any request.
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    type_text(&mut model, "123456");
    let effect = update(&mut model, press(KeyCode::Enter));
    assert!(
        matches!(effect, Some(Effect::SignIn { totp: Some(ref t), .. }) if t == "123456"),
        "{effect:?}"
    );

    let effect = update(&mut model, Msg::SignedIn(fixtures::session()));
    assert_eq!(model.route, Route::Tab(Tab::Browse));
    assert!(model.sign_in.password.is_empty() && model.sign_in.totp.is_none());
    assert_eq!(
        effect,
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::Genres),
            Effect::Fetch(first_page())
        ]))
    );
    assert_eq!(model.browse.page, Load::Loading);
}

#[test]
fn a_wrong_password_is_cleared_and_explained() {
    let mut model = Model::new("http://m", Some("ada@example.com".into()), true);
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    assert_eq!(model.sign_in.focus, Field::Password);
    type_text(&mut model, "nope");
    assert!(update(&mut model, press(KeyCode::Enter)).is_some());
    update(
        &mut model,
        Msg::SignInFailed(server_error("invalid_credentials")),
    );
    assert_eq!(model.sign_in.password, "");
    assert_eq!(model.sign_in.focus, Field::Password);
    assert!(
        model
            .sign_in
            .error
            .as_deref()
            .unwrap()
            .contains("email or password is wrong")
    );
}

#[test]
fn an_unreachable_server_is_named_in_the_sign_in_error() {
    let mut model = Model::new("http://m", Some("a@b.c".into()), true);
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    type_text(&mut model, "pw");
    update(&mut model, press(KeyCode::Enter));
    update(
        &mut model,
        Msg::SignInFailed(Failure::Offline("connection refused".into())),
    );
    let error = model.sign_in.error.clone().unwrap();
    assert!(
        error.contains("Can't reach http://m") && error.contains("marqueed"),
        "{error}"
    );
}

#[test]
fn browse_goes_loading_then_loaded_and_loads_the_next_page_near_the_end() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Genres,
            response: Response::Genres(fixtures::genres()),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 70)),
        },
    );
    assert_eq!(model.browse.movies.len(), 30);
    assert_eq!(model.browse.next_page, Some(2));
    assert_eq!(model.browse.page, Load::Loaded(()));

    // Moving down does nothing until the selection nears the end of what is loaded.
    for _ in 0..21 {
        assert_eq!(update(&mut model, key('j')), None);
    }
    let effect = update(&mut model, key('j'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Movies {
            genre: None,
            sort: "-popularity".into(),
            page: 2
        }))
    );
    assert_eq!(model.browse.page, Load::Loading);
    // No second request while one is on its way.
    assert_eq!(update(&mut model, key('j')), None);

    let page2 = Request::Movies {
        genre: None,
        sort: "-popularity".into(),
        page: 2,
    };
    update(
        &mut model,
        Msg::Failed {
            request: page2.clone(),
            failure: server_error("boom"),
            generation: 1,
        },
    );
    assert!(matches!(model.browse.page, Load::Failed(_)));
    assert_eq!(model.browse.movies.len(), 30, "what was loaded stays");
    assert_eq!(update(&mut model, key('r')), Some(Effect::Fetch(page2)));
}

#[test]
fn changing_the_filters_starts_over_and_drops_stale_pages() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Genres,
            response: Response::Genres(fixtures::genres()),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 70)),
        },
    );

    let effect = update(&mut model, key('s'));
    let top_rated = Request::Movies {
        genre: None,
        sort: "-rating".into(),
        page: 1,
    };
    assert_eq!(effect, Some(Effect::Fetch(top_rated.clone())));
    assert!(model.browse.movies.is_empty());
    // The old sort's page arriving late is ignored.
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 70)),
        },
    );
    assert!(model.browse.movies.is_empty());

    // Genre pane: Tab, down to "Crime", Enter.
    update(&mut model, press(KeyCode::Tab));
    assert_eq!(model.browse.pane, BrowsePane::Filters);
    update(&mut model, key('j'));
    update(&mut model, key('j'));
    update(&mut model, key('j'));
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Movies {
            genre: Some("crime".into()),
            sort: "-rating".into(),
            page: 1
        }))
    );
    assert_eq!(model.browse.pane, BrowsePane::List);
}

#[test]
fn an_empty_result_is_loaded_with_no_next_page() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 0)),
        },
    );
    assert_eq!(model.browse.page, Load::Loaded(()));
    assert_eq!(model.browse.next_page, None);
    assert_eq!(update(&mut model, key('j')), None);
}

#[test]
fn enter_opens_the_movie_and_q_goes_back_then_quits() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 5)),
        },
    );
    update(&mut model, key('j'));
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(effect, Some(Effect::Fetch(Request::Movie(2))));
    assert_eq!(model.route, Route::Movie(2));
    assert_eq!(model.movie.detail, Load::Loading);

    // A detail for another movie (an earlier, slower request) is not shown.
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(1),
            response: Response::Movie(Box::new(fixtures::detail(1))),
        },
    );
    assert_eq!(model.movie.detail, Load::Loading);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(2),
            response: Response::Movie(Box::new(fixtures::detail(2))),
        },
    );
    assert!(matches!(model.movie.detail, Load::Loaded(_)));

    update(&mut model, press(KeyCode::Tab));
    assert_eq!(model.movie.pane, MoviePane::Crew);
    update(&mut model, key('q'));
    assert_eq!(model.route, Route::Tab(Tab::Browse));
    assert_eq!(model.browse.selected, 1, "the list keeps its place");
    update(&mut model, press(KeyCode::Esc));
    assert!(model.quit);
}

#[test]
fn a_401_asks_the_worker_to_refresh_and_retry_with_the_generation_it_used() {
    let mut model = fixtures::signed_in();
    let effect = update(
        &mut model,
        Msg::Failed {
            request: first_page(),
            failure: Failure::Unauthorized,
            generation: 7,
        },
    );
    assert_eq!(
        effect,
        Some(Effect::Refresh {
            generation: 7,
            retry: first_page()
        })
    );
    assert_eq!(
        model.browse.page,
        Load::Loading,
        "still waiting for the retry"
    );
}

#[test]
fn an_ended_session_returns_to_sign_in_with_the_reason() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 5)),
        },
    );
    update(
        &mut model,
        Msg::SessionEnded("Your session has ended.".into()),
    );
    assert_eq!(model.route, Route::SignIn);
    assert_eq!(model.session, None);
    assert_eq!(
        model.sign_in.error.as_deref(),
        Some("Your session has ended.")
    );
    assert_eq!(model.sign_in.email, "ada@example.com");
    assert_eq!(model.sign_in.focus, Field::Password);
    assert!(
        model.browse.movies.is_empty(),
        "nothing of the old session stays"
    );
}

#[test]
fn sign_out_is_an_effect_and_its_answer_returns_to_sign_in() {
    let mut model = fixtures::signed_in();
    assert_eq!(update(&mut model, key('L')), Some(Effect::SignOut));
    update(&mut model, Msg::SignedOut);
    assert_eq!(model.route, Route::SignIn);
    assert!(model.notice.as_deref().unwrap().contains("Signed out"));
}

#[test]
fn offline_shows_a_banner_retries_with_backoff_and_clears_on_success() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Failed {
            request: first_page(),
            failure: Failure::Offline("connection refused".into()),
            generation: 1,
        },
    );
    let offline = model.offline.clone().unwrap();
    assert_eq!(offline.retry, first_page());
    assert_eq!(
        offline.ticks_left, TICKS_PER_SECOND,
        "first retry after 1 s"
    );
    for _ in 0..TICKS_PER_SECOND {
        assert_eq!(update(&mut model, Msg::Tick), None);
    }
    assert_eq!(
        update(&mut model, Msg::Tick),
        Some(Effect::Fetch(first_page()))
    );
    assert_eq!(
        model.offline.as_ref().unwrap().ticks_left,
        2 * TICKS_PER_SECOND,
        "then 2 s"
    );
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, PER_PAGE, 5)),
        },
    );
    assert_eq!(model.offline, None);
    assert_eq!(model.browse.movies.len(), 5);
}

#[test]
fn help_opens_on_question_mark_and_any_key_closes_it_without_acting() {
    let mut model = fixtures::signed_in();
    update(&mut model, key('?'));
    assert!(model.help);
    assert_eq!(update(&mut model, key('q')), None);
    assert!(!model.help && !model.quit);

    // In the sign-in form `?` is a character; F1 opens help.
    let mut model = Model::new("http://m", None, true);
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    update(&mut model, key('?'));
    assert!(!model.help);
    assert_eq!(model.sign_in.email, "?");
    update(&mut model, press(KeyCode::F(1)));
    assert!(model.help);
}

#[test]
fn for_you_loads_for_the_profile_and_moves_by_row_and_item() {
    let mut model = fixtures::signed_in_with_profile();
    let effect = update(&mut model, press(KeyCode::Char('1')));
    assert_eq!(effect, Some(Effect::Fetch(Request::ForYou(7))));
    assert_eq!(model.for_you.rows, Load::Loading);
    // Opening the tab again while it loads asks nothing more.
    assert_eq!(update(&mut model, press(KeyCode::Char('1'))), None);
    let effect = update(
        &mut model,
        Msg::Loaded {
            request: Request::ForYou(7),
            response: Response::ForYou(Box::new(fixtures::for_you(false))),
        },
    );
    // The start of each row counts as shown: impressions with row, position and model.
    let Some(Effect::Track(shown)) = effect else {
        panic!("{effect:?}")
    };
    let first_row: Vec<(i64, Option<i32>)> = shown
        .iter()
        .filter(|t| t.row_kind.as_deref() == Some("top_picks"))
        .map(|t| (t.movie_id, t.position))
        .collect();
    assert_eq!(
        first_row,
        vec![(1, Some(0)), (2, Some(1)), (3, Some(2)), (4, Some(3))]
    );
    assert!(shown.iter().all(|t| t.kind == "impression"
        && t.profile == 7
        && t.algorithm.as_deref() == Some("m3-1795500000")));
    let selected = |m: &Model| {
        m.for_you
            .selected()
            .map(|(row, item)| (row.kind.clone(), item.movie.id))
    };
    assert_eq!(selected(&model), Some(("top_picks".into(), 1)));
    update(&mut model, press(KeyCode::Char('l')));
    update(&mut model, press(KeyCode::Char('l')));
    assert_eq!(selected(&model), Some(("top_picks".into(), 3)));
    // Items past the start of a row count as shown when the selection reaches them, once.
    update(&mut model, press(KeyCode::Char('l')));
    let effect = update(&mut model, press(KeyCode::Char('l')));
    let Some(Effect::Track(shown)) = effect else {
        panic!("{effect:?}")
    };
    assert_eq!((shown[0].movie_id, shown[0].position), (5, Some(4)));
    update(&mut model, press(KeyCode::Char('h')));
    assert_eq!(update(&mut model, press(KeyCode::Char('l'))), None);
    update(&mut model, press(KeyCode::Char('h')));
    update(&mut model, press(KeyCode::Char('h')));
    update(&mut model, press(KeyCode::Char('j')));
    assert_eq!(selected(&model), Some(("because_you_watched".into(), 20)));
    // Each row keeps its own position.
    update(&mut model, press(KeyCode::Char('k')));
    assert_eq!(selected(&model), Some(("top_picks".into(), 3)));
    // Past the ends nothing wraps.
    for _ in 0..20 {
        update(&mut model, press(KeyCode::Char('h')));
    }
    assert_eq!(selected(&model), Some(("top_picks".into(), 1)));
    update(&mut model, press(KeyCode::Char('G')));
    for _ in 0..20 {
        update(&mut model, press(KeyCode::Char('l')));
    }
    assert_eq!(selected(&model), Some(("new_for_you".into(), 43)));
    update(&mut model, press(KeyCode::Char('w')));
    assert!(model.for_you.why);
    // Enter opens the movie (and counts a click); q comes back to the same place.
    let effect = update(&mut model, press(KeyCode::Enter));
    let Some(Effect::Batch(effects)) = effect else {
        panic!("{effect:?}")
    };
    let Effect::Track(click) = &effects[0] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (click[0].kind, click[0].movie_id, click[0].position),
        ("click", 43, Some(3))
    );
    assert_eq!(click[0].row_kind.as_deref(), Some("new_for_you"));
    assert_eq!(effects[1], Effect::Fetch(Request::Movie(43)));
    assert_eq!(model.route, Route::Movie(43));
    update(&mut model, press(KeyCode::Char('q')));
    assert_eq!(model.route, Route::Tab(Tab::ForYou));
    assert_eq!(selected(&model), Some(("new_for_you".into(), 43)));
    // r reloads even when loaded: the rows follow the profile's activity.
    assert_eq!(
        update(&mut model, press(KeyCode::Char('r'))),
        Some(Effect::Fetch(Request::ForYou(7)))
    );
}

#[test]
fn for_you_without_a_route_or_a_profile() {
    let mut model = fixtures::signed_in_with_profile();
    update(&mut model, press(KeyCode::Char('1')));
    update(
        &mut model,
        Msg::Failed {
            request: Request::ForYou(7),
            failure: Failure::NotFound,
            generation: 0,
        },
    );
    assert_eq!(model.for_you.rows, Load::Unavailable);
    update(
        &mut model,
        Msg::Failed {
            request: Request::ForYou(7),
            failure: Failure::Offline("connection refused".into()),
            generation: 0,
        },
    );
    assert!(matches!(
        model.for_you.rows,
        Load::Failed(Failure::Offline(_))
    ));
    // No profile: nothing to ask.
    let mut model = fixtures::signed_in();
    assert_eq!(update(&mut model, press(KeyCode::Char('1'))), None);
    assert_eq!(model.route, Route::Tab(Tab::ForYou));
}
