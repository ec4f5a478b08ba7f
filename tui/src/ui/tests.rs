//! Render snapshots of every screen and state at 80×24 and 160×48 (TestBackend + insta). Accept
//! changes with `INSTA_UPDATE=always cargo test -p marquee-tui`, then review the `.snap` diff.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use super::view;
use crate::app::{Failure, Load, Model, Msg, Request, Response, Route, update};
use crate::fixtures;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn terminal(model: &Model, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(model, frame)).unwrap();
    terminal
}

#[track_caller]
fn snapshot(name: &str, model: &Model) {
    for (width, height) in SIZES {
        let terminal = terminal(model, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

fn press(model: &mut Model, code: KeyCode) {
    let _ = update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn sign_in_screen() -> Model {
    let mut model = Model::new(
        "http://127.0.0.1:8080",
        Some("ada@example.com".into()),
        true,
    );
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    model
}

fn first_page() -> Request {
    Request::Movies {
        genre: None,
        sort: "-popularity".into(),
        page: 1,
    }
}

fn browse_loaded(total: u64) -> Model {
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
            response: Response::Movies(fixtures::page(1, crate::app::PER_PAGE, total)),
        },
    );
    model
}

fn movie_screen() -> Model {
    let mut model = browse_loaded(70);
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Enter);
    model
}

#[test]
fn starting() {
    snapshot("starting", &Model::new("http://127.0.0.1:8080", None, true));
}

#[test]
fn sign_in() {
    let mut model = sign_in_screen();
    model.notice = Some("keyring not used (keyutils refused a test entry); tokens are kept in ~/.config/marquee/credentials (readable only by you)".into());
    snapshot("sign_in", &model);
}

#[test]
fn sign_in_two_factor() {
    let mut model = sign_in_screen();
    for c in "hunter2".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Enter);
    update(
        &mut model,
        Msg::SignInFailed(Failure::Server {
            status: 401,
            code: "totp_required".into(),
            message: "m".into(),
        }),
    );
    snapshot("sign_in_two_factor", &model);
}

#[test]
fn sign_in_busy() {
    let mut model = sign_in_screen();
    model.sign_in.password = "hunter2".into();
    press(&mut model, KeyCode::Enter);
    assert!(model.sign_in.busy);
    snapshot("sign_in_busy", &model);
}

#[test]
fn sign_in_after_session_ended() {
    let mut model = fixtures::signed_in();
    update(&mut model, Msg::SessionEnded(
        "Your session has ended (it expired, or was signed out elsewhere). Sign in again to continue.".into(),
    ));
    snapshot("sign_in_session_ended", &model);
}

#[test]
fn browse_loading() {
    snapshot("browse_loading", &fixtures::signed_in());
}

#[test]
fn browse_with_movies() {
    let mut model = browse_loaded(70);
    for _ in 0..3 {
        press(&mut model, KeyCode::Char('j'));
    }
    snapshot("browse_loaded", &model);
}

#[test]
fn browse_loading_more_with_genre_pane_focused() {
    let mut model = browse_loaded(70);
    press(&mut model, KeyCode::Char('G'));
    assert_eq!(model.browse.page, Load::Loading);
    press(&mut model, KeyCode::Tab);
    press(&mut model, KeyCode::Char('j'));
    snapshot("browse_loading_more", &model);
}

#[test]
fn browse_empty() {
    snapshot("browse_empty", &browse_loaded(0));
}

#[test]
fn browse_error() {
    let mut model = fixtures::signed_in();
    update(
        &mut model,
        Msg::Failed {
            request: Request::Genres,
            failure: Failure::Server {
                status: 503,
                code: "database_unavailable".into(),
                message: "The database is busy.".into(),
            },
            generation: 1,
        },
    );
    update(
        &mut model,
        Msg::Failed {
            request: first_page(),
            failure: Failure::Server {
                status: 503,
                code: "database_unavailable".into(),
                message: "The database is busy.".into(),
            },
            generation: 1,
        },
    );
    snapshot("browse_error", &model);
}

#[test]
fn browse_offline_keeps_what_was_loaded() {
    let mut model = browse_loaded(70);
    press(&mut model, KeyCode::Char('G'));
    update(
        &mut model,
        Msg::Failed {
            request: Request::Movies {
                genre: None,
                sort: "-popularity".into(),
                page: 2,
            },
            failure: Failure::Offline("connection refused or no route".into()),
            generation: 1,
        },
    );
    snapshot("browse_offline", &model);
}

#[test]
fn movie_loading() {
    snapshot("movie_loading", &movie_screen());
}

#[test]
fn movie_loaded() {
    let mut model = movie_screen();
    let Route::Movie(id) = model.route else {
        panic!("{:?}", model.route)
    };
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(id),
            response: Response::Movie(Box::new(fixtures::detail(id))),
        },
    );
    snapshot("movie_cast", &model);
    press(&mut model, KeyCode::Tab);
    snapshot("movie_crew", &model);
    press(&mut model, KeyCode::Tab);
    snapshot("movie_trailers", &model);
}

/// The movie page with `poster` (and posters drawn with `graphics`).
fn movie_with_poster(graphics: crate::app::Graphics, poster: Msg) -> Model {
    let mut model = movie_screen();
    model.graphics = graphics;
    let Route::Movie(id) = model.route else {
        panic!("{:?}", model.route)
    };
    let detail = marquee_api::catalogue::MovieDetail {
        poster_url: Some("/posters/chinatown.png".into()),
        ..fixtures::detail(id)
    };
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(id),
            response: Response::Movie(Box::new(detail)),
        },
    );
    let poster = match poster {
        Msg::Poster { poster, .. } => Msg::Poster { movie: id, poster },
        other => other,
    };
    update(&mut model, poster);
    model
}

#[test]
fn movie_posters() {
    let halfblocks = || crate::app::Graphics::with(ratatui_image::picker::Picker::halfblocks());
    let image = crate::poster::decode(&crate::poster::test_png(20, 30)).unwrap();
    let drawn = movie_with_poster(
        halfblocks(),
        Msg::Poster {
            movie: 0,
            poster: Ok(image),
        },
    );
    snapshot("movie_poster_halfblocks", &drawn);
    // The snapshot shows symbols only: the poster's two halves are in the cells' colours.
    for (width, height) in SIZES {
        let terminal = terminal(&drawn, width, height);
        let buffer = terminal.backend().buffer();
        // Inside the poster column (16 cells wide at 80 columns, 30 at 160).
        let inner = if width >= 160 { 30 } else { 15 };
        let colours: std::collections::HashSet<_> = (2..height / 2)
            .flat_map(|y| (1..inner).map(move |x| (x, y)))
            .flat_map(|(x, y)| [buffer[(x, y)].fg, buffer[(x, y)].bg])
            .collect();
        for (r, g, b) in [(200, 30, 30), (30, 30, 200)] {
            assert!(
                colours.iter().any(|c| matches!(
                    c,
                    ratatui::style::Color::Rgb(cr, cg, cb)
                        if cr.abs_diff(r) < 12 && cg.abs_diff(g) < 12 && cb.abs_diff(b) < 12
                )),
                "{width}x{height}: no ({r}, {g}, {b}) among {colours:?}"
            );
        }
    }
    snapshot(
        "movie_poster_failed",
        &movie_with_poster(
            halfblocks(),
            Msg::Poster {
                movie: 0,
                poster: Err("the poster could not be fetched (connection refused)".into()),
            },
        ),
    );
    // `--posters off` / NO_COLOR: the placeholder, nothing fetched.
    snapshot(
        "movie_poster_off",
        &movie_with_poster(crate::app::Graphics::off(), Msg::Tick),
    );
}

#[test]
fn movie_error() {
    let mut model = movie_screen();
    let Route::Movie(id) = model.route else {
        panic!("{:?}", model.route)
    };
    update(
        &mut model,
        Msg::Failed {
            request: Request::Movie(id),
            failure: Failure::NotFound,
            generation: 1,
        },
    );
    snapshot("movie_error", &model);
}

fn search_typed(text: &str) -> Model {
    let mut model = fixtures::signed_in_with_profile();
    press(&mut model, KeyCode::Char('3'));
    for c in text.chars() {
        press(&mut model, KeyCode::Char(c));
    }
    model
}

fn search_results(query: &str, page: marquee_api::search::SearchPage) -> Model {
    let mut model = search_typed(query);
    press(&mut model, KeyCode::Enter);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Search {
                query: query.into(),
                profile: Some(7),
            },
            response: Response::Search(Box::new(page)),
        },
    );
    model
}

#[test]
fn search_states() {
    let mut model = search_typed("");
    snapshot("search_start", &model);
    for c in "alie".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    // Typed, the debounce running: a spinner, nothing asked yet.
    snapshot("search_typing", &model);
    for _ in 0..4 {
        update(&mut model, Msg::Tick);
    }
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Suggest("alie".into()),
            response: Response::Suggestions(fixtures::suggestions()),
        },
    );
    model.spinner = 0;
    snapshot("search_suggestions", &model);

    let mut empty = search_typed("zzz");
    for _ in 0..4 {
        update(&mut empty, Msg::Tick);
    }
    update(
        &mut empty,
        Msg::Loaded {
            request: Request::Suggest("zzz".into()),
            response: Response::Suggestions(Vec::new()),
        },
    );
    snapshot("search_no_suggestions", &empty);
}

#[test]
fn search_results_with_did_you_mean_and_recent_queries() {
    let mut model = search_results(
        "Interstelar",
        fixtures::search_page(5, Some("interstellar")),
    );
    press(&mut model, KeyCode::Char('j'));
    snapshot("search_results", &model);
    press(&mut model, KeyCode::Char('c'));
    press(&mut model, KeyCode::Esc);
    snapshot("search_recent", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_search", &model);
}

#[test]
fn search_loading_empty_error_offline() {
    let mut model = search_typed("heat");
    press(&mut model, KeyCode::Enter);
    snapshot("search_loading", &model);
    let model = search_results("qqqq", fixtures::search_page(0, None));
    snapshot("search_empty", &model);
    let mut model = search_typed("heat");
    press(&mut model, KeyCode::Enter);
    update(
        &mut model,
        Msg::Failed {
            request: Request::Search {
                query: "heat".into(),
                profile: Some(7),
            },
            failure: Failure::Server {
                status: 400,
                code: "invalid_query".into(),
                message: "q: at most 20 words.".into(),
            },
            generation: 1,
        },
    );
    snapshot("search_error", &model);
    let mut model = search_results("heat", fixtures::search_page(4, None));
    update(
        &mut model,
        Msg::Failed {
            request: Request::Suggest("heat".into()),
            failure: Failure::Offline("connection refused or no route".into()),
            generation: 1,
        },
    );
    snapshot("search_offline", &model);
}

fn watchlist_screen() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    press(&mut model, KeyCode::Char('4'));
    model
}

#[test]
fn watchlist_states() {
    let mut model = watchlist_screen();
    snapshot("watchlist_loading", &model);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Watchlist(7),
            response: Response::Watchlist(fixtures::watchlist(4)),
        },
    );
    press(&mut model, KeyCode::Char('j'));
    snapshot("watchlist_loaded", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_watchlist", &model);

    let mut model = watchlist_screen();
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Watchlist(7),
            response: Response::Watchlist(fixtures::watchlist(0)),
        },
    );
    snapshot("watchlist_empty", &model);

    let mut model = watchlist_screen();
    update(
        &mut model,
        Msg::Failed {
            request: Request::Watchlist(7),
            failure: Failure::Server {
                status: 500,
                code: "internal".into(),
                message: "Something went wrong (request id abc).".into(),
            },
            generation: 1,
        },
    );
    snapshot("watchlist_error", &model);

    let mut model = watchlist_screen();
    update(
        &mut model,
        Msg::Failed {
            request: Request::Watchlist(7),
            failure: Failure::Offline("timed out".into()),
            generation: 1,
        },
    );
    snapshot("watchlist_offline", &model);

    let mut model = fixtures::signed_in();
    press(&mut model, KeyCode::Char('4'));
    snapshot("watchlist_no_profile", &model);
}

fn for_you_loaded() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    press(&mut model, KeyCode::Char('1'));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::ForYou(7),
            response: Response::ForYou(Box::new(fixtures::for_you(false))),
        },
    );
    model
}

#[test]
fn for_you_states() {
    let mut model = fixtures::signed_in();
    press(&mut model, KeyCode::Char('1'));
    snapshot("for_you_no_profile", &model);

    let mut model = fixtures::signed_in_with_profile();
    press(&mut model, KeyCode::Char('1'));
    snapshot("for_you_loading", &model);
    update(
        &mut model,
        Msg::Failed {
            request: Request::ForYou(7),
            failure: Failure::NotFound,
            generation: 1,
        },
    );
    snapshot("for_you_unavailable", &model);
    update(
        &mut model,
        Msg::Failed {
            request: Request::ForYou(7),
            failure: Failure::Server {
                status: 503,
                code: "unavailable".into(),
                message: "The database is not answering; retry in a few seconds.".into(),
            },
            generation: 1,
        },
    );
    snapshot("for_you_error", &model);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::ForYou(7),
            response: Response::ForYou(Box::new(fixtures::for_you(true))),
        },
    );
    snapshot("for_you_empty", &model);
}

#[test]
fn for_you_rows() {
    let mut model = for_you_loaded();
    snapshot("for_you_rows", &model);
    // Along the first row far enough to scroll it, then down a row, then the reason in full.
    for _ in 0..5 {
        press(&mut model, KeyCode::Char('l'));
    }
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('l'));
    press(&mut model, KeyCode::Char('w'));
    snapshot("for_you_why", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_for_you", &model);
}

#[test]
fn help_overlays() {
    let mut model = browse_loaded(70);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_browse", &model);
    let mut model = sign_in_screen();
    press(&mut model, KeyCode::F(1));
    snapshot("help_sign_in", &model);
}

/// NO_COLOR: no colors anywhere, and the selection is still visible (reversed).
#[test]
fn without_color_selection_is_reversed_and_nothing_is_colored() {
    let mut model = browse_loaded(70);
    model.color = false;
    let terminal = terminal(&model, 80, 24);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
    // Row 2 is the first movie (header, border, then the list).
    let selected = (0..80)
        .map(|x| &buffer[(x, 2)])
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(
        selected > 40,
        "selected row should be reversed, {selected} cells are"
    );
}

fn movie_with_profile() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    update(
        &mut model,
        Msg::Loaded {
            request: first_page(),
            response: Response::Movies(fixtures::page(1, crate::app::PER_PAGE, 70)),
        },
    );
    press(&mut model, KeyCode::Enter);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(1),
            response: Response::Movie(Box::new(fixtures::detail(1))),
        },
    );
    model
}

#[test]
fn movie_actions() {
    let mut model = movie_with_profile();
    snapshot("movie_mine_loading", &model);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::MovieState {
                profile: 7,
                movie: 1,
            },
            response: Response::MovieState(fixtures::movie_state(1, None, false)),
        },
    );
    snapshot("movie_mine_none", &model);
    // `.4` then `w`: 3.5 stars and on the watchlist, shown before the server answers.
    press(&mut model, KeyCode::Char('.'));
    press(&mut model, KeyCode::Char('4'));
    press(&mut model, KeyCode::Char('w'));
    snapshot("movie_mine_optimistic", &model);
    update(
        &mut model,
        Msg::Failed {
            request: Request::Watchlisted {
                profile: 7,
                movie: 1,
                on: true,
            },
            failure: Failure::Server {
                status: 503,
                code: "unavailable".into(),
                message: "The database is not answering; retry in a few seconds.".into(),
            },
            generation: 1,
        },
    );
    snapshot("movie_write_error", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_movie", &model);
}

#[test]
fn movie_mine_failed_and_offline() {
    let mut model = movie_with_profile();
    update(
        &mut model,
        Msg::Failed {
            request: Request::MovieState {
                profile: 7,
                movie: 1,
            },
            failure: Failure::Offline("timed out".into()),
            generation: 1,
        },
    );
    snapshot("movie_mine_offline", &model);
}

fn admin_screen() -> Model {
    let mut model = fixtures::signed_in_admin();
    press(&mut model, KeyCode::Char('7'));
    model
}

fn admin_loaded(empty: bool) -> Model {
    let mut model = admin_screen();
    update(
        &mut model,
        Msg::Loaded {
            request: Request::AdminJobs,
            response: Response::AdminJobs(if empty {
                marquee_api::ops::Jobs { jobs: Vec::new() }
            } else {
                fixtures::jobs()
            }),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::AdminStats,
            response: Response::AdminStats(Box::new(fixtures::stats(empty))),
        },
    );
    model
}

#[test]
fn admin_states() {
    snapshot("admin_loading", &admin_screen());
    let mut model = admin_loaded(false);
    snapshot("admin_loaded", &model);
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('j'));
    snapshot("admin_job_failed_selected", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_admin", &model);
    snapshot("admin_empty", &admin_loaded(true));

    let mut model = admin_screen();
    for request in [Request::AdminJobs, Request::AdminStats] {
        update(
            &mut model,
            Msg::Failed {
                request,
                failure: Failure::Server {
                    status: 403,
                    code: "forbidden".into(),
                    message: "Admins only.".into(),
                },
                generation: 1,
            },
        );
    }
    snapshot("admin_forbidden", &model);

    let mut model = admin_loaded(false);
    press(&mut model, KeyCode::Char('r'));
    update(
        &mut model,
        Msg::Failed {
            request: Request::AdminStats,
            failure: Failure::Offline("connection refused or no route".into()),
            generation: 1,
        },
    );
    snapshot("admin_offline", &model);
}

fn person_screen() -> Model {
    let mut model = movie_with_profile();
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.route, Route::Person(2));
    model
}

#[test]
fn person_states() {
    let mut model = person_screen();
    snapshot("person_loading", &model);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Person(2),
            response: Response::Person(Box::new(fixtures::person_detail(2))),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Filmography(2),
            response: Response::Filmography {
                person: 2,
                page: fixtures::filmography(4),
            },
        },
    );
    press(&mut model, KeyCode::Char('j'));
    snapshot("person_loaded", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_person", &model);

    let mut model = person_screen();
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Person(2),
            response: Response::Person(Box::new(fixtures::person_detail(2))),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Filmography(2),
            response: Response::Filmography {
                person: 2,
                page: fixtures::filmography(0),
            },
        },
    );
    snapshot("person_empty", &model);

    let mut model = person_screen();
    update(
        &mut model,
        Msg::Failed {
            request: Request::Person(2),
            failure: Failure::NotFound,
            generation: 1,
        },
    );
    update(
        &mut model,
        Msg::Failed {
            request: Request::Filmography(2),
            failure: Failure::Offline("timed out".into()),
            generation: 1,
        },
    );
    snapshot("person_error_offline", &model);
}

fn history_screen() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    press(&mut model, KeyCode::Char('5'));
    model
}

#[test]
fn history_states() {
    let mut model = history_screen();
    snapshot("history_loading", &model);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::ContinueWatching(7),
            response: Response::ContinueWatching(fixtures::continuing(3)),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::History(7),
            response: Response::History(fixtures::history(4)),
        },
    );
    press(&mut model, KeyCode::Tab);
    press(&mut model, KeyCode::Char('j'));
    snapshot("history_loaded", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_history", &model);

    let mut model = history_screen();
    update(
        &mut model,
        Msg::Loaded {
            request: Request::ContinueWatching(7),
            response: Response::ContinueWatching(fixtures::continuing(0)),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::History(7),
            response: Response::History(marquee_api::Page {
                data: Vec::new(),
                pagination: marquee_api::Pagination::new(1, 100, 0),
            }),
        },
    );
    snapshot("history_empty", &model);

    let mut model = history_screen();
    update(
        &mut model,
        Msg::Failed {
            request: Request::ContinueWatching(7),
            failure: Failure::Server {
                status: 503,
                code: "unavailable".into(),
                message: "The database is not answering; retry in a few seconds.".into(),
            },
            generation: 1,
        },
    );
    update(
        &mut model,
        Msg::Failed {
            request: Request::History(7),
            failure: Failure::Offline("timed out".into()),
            generation: 1,
        },
    );
    snapshot("history_error_offline", &model);

    let mut model = fixtures::signed_in();
    press(&mut model, KeyCode::Char('5'));
    snapshot("history_no_profile", &model);
}

#[test]
fn profile_picker_states() {
    let mut model = browse_loaded(70);
    if let Some(session) = &mut model.session {
        session.profile = Some(fixtures::profile());
    }
    press(&mut model, KeyCode::Char('P'));
    snapshot("profiles_loading", &model);
    let kids = marquee_api::profile::Profile {
        id: 8,
        name: "Kids".into(),
        is_kids: true,
        ..fixtures::profile()
    };
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Profiles,
            response: Response::Profiles(vec![fixtures::profile(), kids]),
        },
    );
    press(&mut model, KeyCode::Char('j'));
    snapshot("profiles_loaded", &model);
    model.picker = None;
    press(&mut model, KeyCode::Char('P'));
    update(
        &mut model,
        Msg::Failed {
            request: Request::Profiles,
            failure: Failure::Offline("timed out".into()),
            generation: 1,
        },
    );
    snapshot("profiles_offline", &model);
    model.picker = None;
    press(&mut model, KeyCode::Char('P'));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Profiles,
            response: Response::Profiles(Vec::new()),
        },
    );
    snapshot("profiles_empty", &model);
}

fn sports_screen() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    press(&mut model, KeyCode::Char('6'));
    model
}

fn sports_loaded(empty: bool) -> Model {
    let mut model = sports_screen();
    let (live, upcoming, highlights) = if empty {
        (Vec::new(), Vec::new(), Vec::new())
    } else {
        (
            vec![
                fixtures::fixture_match(1, "live", Some((2, 1)), Some(67)),
                fixtures::fixture_match(2, "half_time", Some((0, 0)), Some(45)),
            ],
            vec![
                fixtures::fixture_match(3, "scheduled", None, None),
                fixtures::fixture_match(4, "scheduled", None, None),
            ],
            fixtures::highlights(),
        )
    };
    for (request, response) in [
        (
            Request::SportsLive,
            Response::SportsLive(fixtures::match_list(live)),
        ),
        (
            Request::SportsUpcoming,
            Response::SportsUpcoming(fixtures::match_list(upcoming)),
        ),
        (
            Request::SportsHighlights,
            Response::SportsHighlights(highlights),
        ),
    ] {
        update(&mut model, Msg::Loaded { request, response });
    }
    model
}

#[test]
fn sports_states() {
    snapshot("sports_loading", &sports_screen());
    let mut model = sports_loaded(false);
    update(&mut model, Msg::LiveFeed(crate::app::Feed::Connected));
    update(
        &mut model,
        Msg::Live(marquee_api::sports::LiveUpdate {
            match_id: 1,
            kind: "score".into(),
            status: "live".into(),
            home_score: Some(3),
            away_score: Some(1),
            minute: Some(71),
            event: None,
            at: chrono::Utc::now(),
        }),
    );
    snapshot("sports_live", &model);
    press(&mut model, KeyCode::Char('?'));
    snapshot("help_sports", &model);
    snapshot("sports_empty", &sports_loaded(true));

    let mut model = sports_loaded(false);
    update(
        &mut model,
        Msg::LiveFeed(crate::app::Feed::Retrying(
            "connection refused or no route".into(),
        )),
    );
    press(&mut model, KeyCode::Char('r'));
    update(
        &mut model,
        Msg::Failed {
            request: Request::SportsHighlights,
            failure: Failure::Offline("connection refused or no route".into()),
            generation: 1,
        },
    );
    snapshot("sports_offline", &model);

    let mut model = sports_screen();
    update(
        &mut model,
        Msg::Failed {
            request: Request::SportsUpcoming,
            failure: Failure::Server {
                status: 400,
                code: "validation_failed".into(),
                message: "tz: unknown time zone `Mars/Olympus`.".into(),
            },
            generation: 1,
        },
    );
    snapshot("sports_error", &model);
}

/// The movie page on its Trailers pane with the trailer picker open.
fn trailer_picker_screen() -> Model {
    let mut model = movie_screen();
    let Route::Movie(id) = model.route else {
        panic!("{:?}", model.route)
    };
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(id),
            response: Response::Movie(Box::new(fixtures::detail(id))),
        },
    );
    press(&mut model, KeyCode::BackTab);
    press(&mut model, KeyCode::Enter);
    assert!(model.movie.trailer.is_some());
    model
}

fn play_request(model: &Model) -> Request {
    Request::Play {
        trailer: 9,
        quality: "1080p".into(),
        profile: model.profile_id(),
    }
}

#[test]
fn trailer_picker_states() {
    let mut model = trailer_picker_screen();
    snapshot("trailer_picker", &model);
    press(&mut model, KeyCode::Enter);
    snapshot("trailer_picker_loading", &model);

    let request = play_request(&model);
    let mut failed = model.clone();
    update(
        &mut failed,
        Msg::Failed {
            request: request.clone(),
            failure: Failure::Server {
                status: 400,
                code: "validation_failed".into(),
                message: "quality: this trailer has no such rendition; available qualities: 480p."
                    .into(),
            },
            generation: 1,
        },
    );
    snapshot("trailer_picker_error", &failed);
    let mut offline = model.clone();
    update(
        &mut offline,
        Msg::Failed {
            request: request.clone(),
            failure: Failure::Offline("connection refused".into()),
            generation: 1,
        },
    );
    snapshot("trailer_picker_offline", &offline);

    update(
        &mut model,
        Msg::Loaded {
            request,
            response: Response::Stream(Box::new(fixtures::stream(9, "1080p"))),
        },
    );
    let mut opened = model.clone();
    update(
        &mut opened,
        Msg::Player {
            trailer: 9,
            player: crate::app::Player::Opened("mpv".into()),
        },
    );
    snapshot("trailer_picker_playing", &opened);
    update(
        &mut model,
        Msg::Player {
            trailer: 9,
            player: crate::app::Player::NoneFound,
        },
    );
    snapshot("trailer_picker_no_player", &model);
}

#[test]
fn trailer_picker_empty() {
    let mut model = trailer_picker_screen();
    if let Some(picker) = model.movie.trailer.as_mut() {
        picker.trailer.renditions.clear();
        picker.selected = 0;
    }
    snapshot("trailer_picker_empty", &model);
}

fn ctrl(model: &mut Model, c: char) {
    let _ = update(
        model,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

#[test]
fn register_and_forgot_password_forms() {
    let mut model = sign_in_screen();
    ctrl(&mut model, 'n');
    snapshot("register_empty", &model);
    for c in "Ada".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Tab);
    press(&mut model, KeyCode::Tab);
    for c in "short".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Enter);
    snapshot("register_busy", &model);
    update(
        &mut model,
        Msg::SignInFailed(Failure::Server {
            status: 400,
            code: "validation_failed".into(),
            message: "password: must be at least 10 characters".into(),
        }),
    );
    snapshot("register_error", &model);
    let mut offline = model.clone();
    update(
        &mut offline,
        Msg::SignInFailed(Failure::Offline("connection refused".into())),
    );
    snapshot("register_offline", &offline);
    press(&mut model, KeyCode::Enter);
    update(
        &mut model,
        Msg::AuthAccepted(
            "registration received: check your mailbox to verify the address, then log in".into(),
        ),
    );
    snapshot("register_accepted", &model);

    let mut forgot = sign_in_screen();
    ctrl(&mut forgot, 'f');
    snapshot("forgot_password", &forgot);
    press(&mut forgot, KeyCode::Enter);
    snapshot("forgot_password_error", &forgot);
}

#[test]
fn help_lists_the_keys_actually_bound() {
    let mut model = browse_loaded(70);
    model.keys = crate::keymap::Keymap::from_toml(
        "[keys]\ndown = [\"J\", \"Down\"]\nsort = \"o\"\nhelp = \"F2\"\nquit = \"Ctrl-q\"\n",
    )
    .unwrap();
    press(&mut model, KeyCode::Char('?'));
    assert!(!model.help, "? is no longer help");
    press(&mut model, KeyCode::F(2));
    assert!(model.help);
    snapshot("help_remapped", &model);
}

#[test]
fn verify_email_and_reset_password_forms() {
    let mut verify = sign_in_screen();
    ctrl(&mut verify, 'e');
    snapshot("verify_email", &verify);
    for c in "Zm9vYmFy".chars() {
        press(&mut verify, KeyCode::Char(c));
    }
    press(&mut verify, KeyCode::Enter);
    update(
        &mut verify,
        Msg::SignInFailed(Failure::Server {
            status: 400,
            code: "invalid_or_expired_token".into(),
            message: "this token is unknown, already used or expired; ask for a new mail".into(),
        }),
    );
    snapshot("verify_email_refused", &verify);

    let mut reset = sign_in_screen();
    ctrl(&mut reset, 'r');
    snapshot("reset_password", &reset);
    for c in "Zm9vYmFy".chars() {
        press(&mut reset, KeyCode::Char(c));
    }
    press(&mut reset, KeyCode::Enter);
    for c in "short".chars() {
        press(&mut reset, KeyCode::Char(c));
    }
    press(&mut reset, KeyCode::Enter);
    for c in "short".chars() {
        press(&mut reset, KeyCode::Char(c));
    }
    press(&mut reset, KeyCode::Enter);
    update(
        &mut reset,
        Msg::SignInInvalid(vec![(
            "new_password".into(),
            "must be at least 10 characters long (14 or more recommended; a few words make a good one)".into(),
        )]),
    );
    snapshot("reset_password_weak", &reset);
}
