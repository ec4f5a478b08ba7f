//! `update` transitions of Search (debounce, suggestions, results, recent queries), the movie
//! page's actions (optimistic, then the server's answer or error) and the Watchlist.

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
        assert_eq!(update(model, key(c)), None, "typing never does I/O");
    }
}

fn search_screen() -> Model {
    let mut model = fixtures::signed_in_with_profile();
    assert_eq!(update(&mut model, key('3')), None);
    assert_eq!(model.route, Route::Tab(Tab::Search));
    assert!(model.search.editing && model.typing());
    model
}

/// Ticks until one returns an effect; the count of ticks it took.
fn ticks_until_effect(model: &mut Model) -> (u32, Effect) {
    for n in 1..=20 {
        if let Some(effect) = update(model, Msg::Tick) {
            return (n, effect);
        }
    }
    panic!("no effect after 20 ticks");
}

#[test]
fn suggestions_are_asked_for_300_ms_after_the_last_keystroke_only() {
    let mut model = search_screen();
    type_text(&mut model, "inter");
    // Two ticks (200 ms) pass, then another key restarts the wait.
    assert_eq!(update(&mut model, Msg::Tick), None);
    assert_eq!(update(&mut model, Msg::Tick), None);
    type_text(&mut model, "stel");
    let (ticks, effect) = ticks_until_effect(&mut model);
    assert!(
        ticks * 1000 / TICKS_PER_SECOND > 300,
        "fired after {ticks} ticks"
    );
    assert_eq!(effect, Effect::Fetch(Request::Suggest("interstel".into())));
    assert_eq!(model.search.suggest, Load::Loading);
    // Nothing more until the next keystroke.
    for _ in 0..10 {
        assert_eq!(update(&mut model, Msg::Tick), None);
    }
}

#[test]
fn only_the_latest_prefix_suggestions_are_shown() {
    let mut model = search_screen();
    type_text(&mut model, "ali");
    let (_, first) = ticks_until_effect(&mut model);
    assert_eq!(first, Effect::Fetch(Request::Suggest("ali".into())));
    type_text(&mut model, "en");
    let (_, second) = ticks_until_effect(&mut model);
    assert_eq!(second, Effect::Fetch(Request::Suggest("alien".into())));
    // The answer for "ali" arrives late: ignored, the one for "alien" is awaited.
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Suggest("ali".into()),
            response: Response::Suggestions(vec![fixtures::hit(1)]),
        },
    );
    assert!(model.search.suggestions.is_empty());
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Suggest("alien".into()),
            response: Response::Suggestions(fixtures::suggestions()),
        },
    );
    assert_eq!(model.search.list(), SearchList::Suggestions);
    assert_eq!(model.search.hits().len(), 3);
}

#[test]
fn enter_searches_in_full_remembers_the_query_and_opens_the_movie() {
    let mut model = search_screen();
    type_text(&mut model, "Interstelar ");
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Search {
            query: "Interstelar".into(),
            profile: Some(7),
        }))
    );
    assert!(!model.search.editing, "the results have the focus");
    assert_eq!(
        model.search.debounce, None,
        "a pending suggestion is dropped"
    );
    assert_eq!(model.search.recent, vec!["Interstelar".to_owned()]);
    assert_eq!(model.search.list(), SearchList::Results);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Search {
                query: "Interstelar".into(),
                profile: Some(7),
            },
            response: Response::Search(Box::new(fixtures::search_page(3, Some("interstellar")))),
        },
    );
    update(&mut model, key('j'));
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.route, Route::Movie(2));
    assert_eq!(
        effect,
        Some(Effect::Batch(vec![
            Effect::Track(vec![Track {
                profile: 7,
                kind: "click",
                movie_id: 2,
                row_kind: Some("search".into()),
                position: Some(1),
                algorithm: Some("search".into()),
                query: Some("Interstelar".into()),
                value: None,
            }]),
            Effect::Fetch(Request::Movie(2)),
            Effect::Fetch(Request::MovieState {
                profile: 7,
                movie: 2
            }),
        ]))
    );
    // Back to the results where they were.
    update(&mut model, key('q'));
    assert_eq!(model.route, Route::Tab(Tab::Search));
    assert_eq!(model.search.selected, 1);
}

#[test]
fn did_you_mean_searches_the_better_query() {
    let mut model = search_screen();
    type_text(&mut model, "godfathr");
    update(&mut model, press(KeyCode::Enter));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Search {
                query: "godfathr".into(),
                profile: Some(7),
            },
            response: Response::Search(Box::new(fixtures::search_page(0, Some("godfather")))),
        },
    );
    let effect = update(&mut model, key('d'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Search {
            query: "godfather".into(),
            profile: Some(7),
        }))
    );
    assert_eq!(model.search.input, "godfather");
    assert_eq!(model.search.recent, vec!["godfather", "godfathr"]);
}

#[test]
fn recent_queries_are_kept_newest_first_without_repeats_and_can_be_run_again() {
    let mut model = search_screen();
    for q in ["alien", "heat", "alien"] {
        type_text(&mut model, q);
        update(&mut model, press(KeyCode::Enter));
        // In the results: `c` clears the query and goes back to typing.
        update(&mut model, key('c'));
    }
    assert!(model.search.editing && model.search.input.is_empty());
    assert_eq!(model.search.recent, vec!["alien", "heat"]);
    update(&mut model, press(KeyCode::Esc));
    assert_eq!(model.search.list(), SearchList::Recent);
    update(&mut model, key('j'));
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Search {
            query: "heat".into(),
            profile: Some(7),
        }))
    );
    // The session's recent queries go when it ends.
    update(&mut model, Msg::SignedOut);
    assert!(model.search.recent.is_empty());
}

#[test]
fn a_person_is_not_opened_as_a_movie() {
    let mut model = search_screen();
    type_text(&mut model, "stel");
    ticks_until_effect(&mut model);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Suggest("stel".into()),
            response: Response::Suggestions(fixtures::suggestions()),
        },
    );
    update(&mut model, press(KeyCode::Down));
    update(&mut model, key('G'));
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    assert_eq!(model.route, Route::Tab(Tab::Search));
    assert!(model.notice.as_deref().unwrap().contains("is a person"));
}

#[test]
fn typing_keys_are_letters_in_the_search_box_and_commands_in_the_list() {
    let mut model = search_screen();
    type_text(&mut model, "q1?/");
    assert_eq!(model.search.input, "q1?/");
    assert!(!model.quit && !model.help);
    update(&mut model, press(KeyCode::Esc));
    assert!(!model.search.editing);
    update(&mut model, key('2'));
    assert_eq!(model.route, Route::Tab(Tab::Browse));
    // `/` from anywhere opens Search, typing.
    update(&mut model, key('/'));
    assert_eq!(model.route, Route::Tab(Tab::Search));
    assert!(model.typing());
}

#[test]
fn failed_searches_show_in_place_and_r_retries() {
    let mut model = search_screen();
    type_text(&mut model, "alien");
    update(&mut model, press(KeyCode::Enter));
    let request = Request::Search {
        query: "alien".into(),
        profile: Some(7),
    };
    update(
        &mut model,
        Msg::Failed {
            request: request.clone(),
            failure: Failure::Server {
                status: 503,
                code: "unavailable".into(),
                message: "busy".into(),
            },
            generation: 1,
        },
    );
    assert!(matches!(model.search.results, Load::Failed(_)));
    assert_eq!(update(&mut model, key('r')), Some(Effect::Fetch(request)));
    assert_eq!(model.search.results, Load::Loading);
}

fn movie_page(state: MovieState) -> Model {
    let mut model = fixtures::signed_in_with_profile();
    let id = state.movie_id;
    model.back.push(Route::Tab(Tab::Browse));
    model.route = Route::Movie(id);
    model.movie = MovieView::loading(id);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(id),
            response: Response::Movie(Box::new(fixtures::detail(id))),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::MovieState {
                profile: 7,
                movie: id,
            },
            response: Response::MovieState(state),
        },
    );
    model
}

fn mine(model: &Model) -> &MovieState {
    match &model.movie.mine {
        Load::Loaded(state) => state,
        other => panic!("{other:?}"),
    }
}

#[test]
fn digits_rate_at_once_and_the_servers_answer_is_the_notice() {
    let mut model = movie_page(fixtures::movie_state(4, None, false));
    let effect = update(&mut model, key('4'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Rate {
            profile: 7,
            movie: 4,
            rating: Some(4.0),
        }))
    );
    assert_eq!(mine(&model).rating, Some(4.0), "shown before the answer");
    assert_eq!(
        model.route,
        Route::Movie(4),
        "digits rate here, not switch views"
    );
    let confirmed = update(
        &mut model,
        Msg::Loaded {
            request: Request::Rate {
                profile: 7,
                movie: 4,
                rating: Some(4.0),
            },
            response: Response::Rated(Box::new(RatingWritten {
                movie_id: 4,
                rating: 4.0,
                rated_at: chrono::Utc::now(),
                movie_rating: marquee_api::activity::RatingAggregate {
                    average: Some(3.75),
                    count: 12,
                },
            })),
        },
    );
    // Counted once the server has it.
    let Some(Effect::Track(rated)) = confirmed else {
        panic!("{confirmed:?}")
    };
    assert_eq!(
        (rated[0].kind, rated[0].movie_id, rated[0].value),
        ("rating", 4, Some(4.0))
    );
    let notice = model.notice.clone().unwrap();
    assert!(notice.starts_with("Rated "), "{notice}");
    assert!(
        notice.contains("★★★★ (4.0)") && notice.contains("3.8 from 12"),
        "{notice}"
    );
    let Load::Loaded(detail) = &model.movie.detail else {
        panic!()
    };
    assert_eq!(
        (detail.rating.average, detail.rating.count),
        (Some(3.75), 12)
    );
    assert_eq!(
        model.for_you.rows,
        Load::Idle,
        "For You is recomputed next time"
    );
}

#[test]
fn dot_then_a_digit_rates_half_a_star_less_once() {
    let mut model = movie_page(fixtures::movie_state(4, Some(2.0), false));
    assert_eq!(update(&mut model, key('.')), None);
    assert!(model.movie.half);
    let effect = update(&mut model, key('1'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Rate {
            profile: 7,
            movie: 4,
            rating: Some(0.5),
        }))
    );
    assert!(!model.movie.half);
    update(&mut model, key('5'));
    assert_eq!(mine(&model).rating, Some(5.0));
    // Another key in between disarms it.
    update(&mut model, key('.'));
    update(&mut model, key('j'));
    update(&mut model, key('3'));
    assert_eq!(mine(&model).rating, Some(3.0));
    let effect = update(&mut model, key('x'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Rate {
            profile: 7,
            movie: 4,
            rating: None,
        }))
    );
    assert_eq!(mine(&model).rating, None);
}

#[test]
fn a_failed_write_is_reported_and_the_truth_reloaded_not_retried() {
    let mut model = movie_page(fixtures::movie_state(4, Some(2.0), false));
    update(&mut model, key('5'));
    let request = Request::Rate {
        profile: 7,
        movie: 4,
        rating: Some(5.0),
    };
    let effect = update(
        &mut model,
        Msg::Failed {
            request,
            failure: Failure::Offline("connection refused or no route".into()),
            generation: 1,
        },
    );
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::MovieState {
            profile: 7,
            movie: 4
        }))
    );
    assert!(
        model.offline.is_none(),
        "writes are not retried by the banner"
    );
    let notice = model.notice.clone().unwrap();
    assert!(
        notice.starts_with("Your rating was not saved: can't reach"),
        "{notice}"
    );
}

#[test]
fn w_toggles_the_watchlist_and_the_watchlist_view_reloads() {
    let mut model = movie_page(fixtures::movie_state(4, None, false));
    let effect = update(&mut model, key('w'));
    let add = Request::Watchlisted {
        profile: 7,
        movie: 4,
        on: true,
    };
    assert_eq!(effect, Some(Effect::Fetch(add.clone())));
    assert!(mine(&model).on_watchlist);
    model.watchlist.entries = Load::Loaded(Vec::new());
    let confirmed = update(
        &mut model,
        Msg::Loaded {
            request: add,
            response: Response::Done,
        },
    );
    assert_eq!(
        confirmed,
        Some(Effect::Track(vec![Track::new(7, "watchlist_add", 4)]))
    );
    assert!(
        model
            .notice
            .as_deref()
            .unwrap()
            .ends_with("is on your watchlist.")
    );
    assert_eq!(model.watchlist.entries, Load::Idle);
    let effect = update(&mut model, key('w'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Watchlisted {
            profile: 7,
            movie: 4,
            on: false,
        }))
    );
    assert_eq!(
        update(&mut model, key('n')),
        Some(Effect::Fetch(Request::NotInterested {
            profile: 7,
            movie: 4
        }))
    );
}

#[test]
fn without_a_profile_actions_say_why_and_send_nothing() {
    let mut model = fixtures::signed_in();
    model.route = Route::Movie(4);
    assert_eq!(update(&mut model, key('4')), None);
    assert!(
        model
            .notice
            .as_deref()
            .unwrap()
            .contains("no viewing profile")
    );
    assert_eq!(update(&mut model, key('w')), None);
}

#[test]
fn watchlist_loads_once_opens_and_removes_optimistically() {
    let mut model = fixtures::signed_in_with_profile();
    assert_eq!(
        update(&mut model, key('4')),
        Some(Effect::Fetch(Request::Watchlist(7)))
    );
    assert_eq!(model.watchlist.entries, Load::Loading);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Watchlist(7),
            response: Response::Watchlist(fixtures::watchlist(3)),
        },
    );
    update(&mut model, key('j'));
    let effect = update(&mut model, key('x'));
    assert_eq!(
        effect,
        Some(Effect::Fetch(Request::Watchlisted {
            profile: 7,
            movie: 6,
            on: false,
        }))
    );
    let Load::Loaded(entries) = &model.watchlist.entries else {
        panic!()
    };
    assert_eq!(
        entries.iter().map(|e| e.movie.id).collect::<Vec<_>>(),
        vec![3, 9]
    );
    assert_eq!(model.watchlist.total, 2);
    // The server refuses: the list is reloaded from the server.
    let effect = update(
        &mut model,
        Msg::Failed {
            request: Request::Watchlisted {
                profile: 7,
                movie: 6,
                on: false,
            },
            failure: Failure::NotFound,
            generation: 1,
        },
    );
    assert_eq!(effect, Some(Effect::Fetch(Request::Watchlist(7))));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Watchlist(7),
            response: Response::Watchlist(fixtures::watchlist(3)),
        },
    );
    let effect = update(&mut model, press(KeyCode::Enter));
    assert!(matches!(model.route, Route::Movie(_)), "{effect:?}");
    // Coming back does not reload.
    update(&mut model, key('q'));
    update(&mut model, key('2'));
    assert_eq!(update(&mut model, key('4')), None);
    assert_eq!(
        update(&mut model, key('r')),
        Some(Effect::Fetch(Request::Watchlist(7)))
    );
}

#[test]
fn without_a_profile_the_watchlist_asks_nothing() {
    let mut model = fixtures::signed_in();
    assert_eq!(update(&mut model, key('4')), None);
    assert_eq!(model.watchlist.entries, Load::Idle);
}

#[test]
fn the_admin_view_is_only_for_admins_and_loads_jobs_and_metrics() {
    let mut model = fixtures::signed_in_with_profile();
    assert_eq!(model.tabs().len(), 6);
    assert_eq!(update(&mut model, key('7')), None);
    assert_eq!(model.route, Route::Tab(Tab::Browse));

    let mut model = fixtures::signed_in_admin();
    assert_eq!(model.tabs().last(), Some(&Tab::Admin));
    let both = Some(Effect::Batch(vec![
        Effect::Fetch(Request::AdminJobs),
        Effect::Fetch(Request::AdminStats),
    ]));
    assert_eq!(update(&mut model, key('7')), both);
    assert_eq!(model.route, Route::Tab(Tab::Admin));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::AdminJobs,
            response: Response::AdminJobs(fixtures::jobs()),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::AdminStats,
            response: Response::AdminStats(Box::new(fixtures::stats(false))),
        },
    );
    for _ in 0..10 {
        update(&mut model, key('j'));
    }
    assert_eq!(model.admin.selected, 3, "stops at the last job");
    // Back again: nothing reloads until r.
    update(&mut model, key('2'));
    assert_eq!(update(&mut model, key('7')), None);
    assert_eq!(update(&mut model, key('r')), both);
    assert!(
        matches!(model.admin.stats, Load::Loaded(_)),
        "a reload keeps the figures on screen"
    );
    // Offline, they stay; any other failure shows.
    update(
        &mut model,
        Msg::Failed {
            request: Request::AdminStats,
            failure: Failure::Offline("timed out".into()),
            generation: 1,
        },
    );
    assert!(matches!(model.admin.stats, Load::Loaded(_)));
    assert!(model.offline.is_some());
    update(
        &mut model,
        Msg::Failed {
            request: Request::AdminJobs,
            failure: Failure::Server {
                status: 403,
                code: "forbidden".into(),
                message: "Admins only.".into(),
            },
            generation: 1,
        },
    );
    assert!(matches!(model.admin.jobs, Load::Failed(_)));
    // Signing out forgets it all.
    update(&mut model, Msg::SignedOut);
    assert_eq!(model.admin, AdminView::default());
}

#[test]
fn cast_opens_a_person_whose_films_open_movies_and_q_walks_back() {
    let mut model = movie_page(fixtures::movie_state(4, None, false));
    update(&mut model, key('j'));
    update(&mut model, key('j'));
    update(&mut model, key('j'));
    assert_eq!(
        model.movie.scroll, 2,
        "the selection stops at the last of 3 cast members"
    );
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.route, Route::Person(3));
    assert_eq!(
        effect,
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::Person(3)),
            Effect::Fetch(Request::Filmography(3)),
        ]))
    );
    // A late answer for another person is not shown here.
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Filmography(9),
            response: Response::Filmography {
                person: 9,
                page: fixtures::filmography(2),
            },
        },
    );
    assert_eq!(model.person.films, Load::Loading);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Filmography(3),
            response: Response::Filmography {
                person: 3,
                page: fixtures::filmography(4),
            },
        },
    );
    update(&mut model, key('G'));
    let effect = update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.route, Route::Movie(20));
    assert!(matches!(effect, Some(Effect::Batch(_))), "{effect:?}");
    update(&mut model, key('q'));
    assert_eq!(model.route, Route::Person(3));
    assert_eq!(
        model.person.films,
        Load::Loaded(fixtures::filmography(4).data)
    );
    // Movie 20 replaced movie 4's page: going back loads movie 4 again.
    let effect = update(&mut model, key('q'));
    assert_eq!(model.route, Route::Movie(4));
    assert_eq!(
        effect,
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::Movie(4)),
            Effect::Fetch(Request::MovieState {
                profile: 7,
                movie: 4
            }),
        ]))
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(4),
            response: Response::Movie(Box::new(fixtures::detail(4))),
        },
    );
    // Crew opens people too; trailers do not.
    update(&mut model, press(KeyCode::Tab));
    update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.route, Route::Person(4));
    update(&mut model, key('q'));
    update(&mut model, press(KeyCode::Tab));
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    // A failed person page retries both parts with r.
    model.route = Route::Person(3);
    model.person.detail = Load::Failed(Failure::NotFound);
    model.person.films = Load::Failed(Failure::NotFound);
    assert_eq!(
        update(&mut model, key('r')),
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::Person(3)),
            Effect::Fetch(Request::Filmography(3)),
        ]))
    );
}

#[test]
fn history_loads_both_lists_and_tab_switches_the_list_enter_opens() {
    let mut model = fixtures::signed_in_with_profile();
    let both = Some(Effect::Batch(vec![
        Effect::Fetch(Request::ContinueWatching(7)),
        Effect::Fetch(Request::History(7)),
    ]));
    assert_eq!(update(&mut model, key('5')), both);
    assert_eq!(model.route, Route::Tab(Tab::History));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::ContinueWatching(7),
            response: Response::ContinueWatching(fixtures::continuing(2)),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::History(7),
            response: Response::History(fixtures::history(4)),
        },
    );
    update(&mut model, key('j'));
    update(&mut model, key('j'));
    assert_eq!(model.history.selected, [1, 0]);
    update(&mut model, press(KeyCode::Tab));
    update(&mut model, key('G'));
    assert_eq!(model.history.selected, [1, 3]);
    assert_eq!(model.history.watched_total, 14);
    update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.route, Route::Movie(54));
    update(&mut model, key('q'));
    assert_eq!(update(&mut model, key('5')), None, "loaded: no reload");
    assert_eq!(update(&mut model, key('r')), both);
    // Without a profile there is nothing to ask.
    let mut model = fixtures::signed_in();
    assert_eq!(update(&mut model, key('5')), None);
}

fn profile(id: i64, name: &str) -> Profile {
    Profile {
        id,
        name: name.into(),
        ..fixtures::profile()
    }
}

#[test]
fn the_profile_switcher_changes_whose_data_is_shown() {
    let mut model = fixtures::signed_in_with_profile();
    update(&mut model, key('4'));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Watchlist(7),
            response: Response::Watchlist(fixtures::watchlist(2)),
        },
    );
    assert_eq!(
        update(&mut model, key('P')),
        Some(Effect::Fetch(Request::Profiles))
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Profiles,
            response: Response::Profiles(vec![profile(7, "Ada"), profile(8, "Kids")]),
        },
    );
    let picker = model.picker.as_ref().unwrap();
    assert_eq!(picker.selected, 0, "the current profile is preselected");
    // Keys go to the switcher while it is open.
    update(&mut model, key('j'));
    assert_eq!(model.route, Route::Tab(Tab::Watchlist));
    let effect = update(&mut model, press(KeyCode::Enter));
    assert!(model.picker.is_none());
    assert_eq!(model.profile_id(), Some(8));
    assert_eq!(effect, Some(Effect::Fetch(Request::Watchlist(8))));
    assert_eq!(model.notice.as_deref(), Some("Now watching as Kids."));
    assert_eq!(
        model.for_you.rows,
        Load::Idle,
        "the old profile's rows are gone"
    );
    // Choosing the current profile again changes nothing; Esc closes.
    update(&mut model, key('P'));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Profiles,
            response: Response::Profiles(vec![profile(7, "Ada"), profile(8, "Kids")]),
        },
    );
    assert_eq!(model.picker.as_ref().unwrap().selected, 1);
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    update(&mut model, key('P'));
    update(&mut model, press(KeyCode::Esc));
    assert!(model.picker.is_none());
    assert_eq!(model.route, Route::Tab(Tab::Watchlist));
}

fn live(match_id: i64, status: &str, score: (i16, i16), minute: i16) -> Msg {
    Msg::Live(marquee_api::sports::LiveUpdate {
        match_id,
        kind: "score".into(),
        status: status.into(),
        home_score: Some(score.0),
        away_score: Some(score.1),
        minute: Some(minute),
        event: None,
        at: chrono::Utc::now(),
    })
}

#[test]
fn sports_loads_its_lists_follows_the_stream_once_and_applies_live_changes() {
    let mut model = fixtures::signed_in_with_profile();
    let effect = update(&mut model, key('6'));
    assert_eq!(model.route, Route::Tab(Tab::Sports));
    assert_eq!(
        effect,
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::SportsLive),
            Effect::Fetch(Request::SportsUpcoming),
            Effect::Fetch(Request::SportsHighlights),
            Effect::WatchLive,
        ]))
    );
    // A live change before the list is in: nothing to apply it to yet.
    assert_eq!(update(&mut model, live(1, "live", (1, 0), 12)), None);
    update(
        &mut model,
        Msg::Loaded {
            request: Request::SportsLive,
            response: Response::SportsLive(fixtures::match_list(vec![
                fixtures::fixture_match(1, "live", Some((0, 0)), Some(10)),
                fixtures::fixture_match(2, "half_time", Some((1, 1)), Some(45)),
            ])),
        },
    );
    assert_eq!(update(&mut model, live(1, "live", (1, 0), 23)), None);
    let Load::Loaded(matches) = &model.sports.live else {
        panic!()
    };
    assert_eq!(
        (
            matches[0].home_score,
            matches[0].away_score,
            matches[0].minute
        ),
        (Some(1), Some(0), Some(23))
    );
    assert_eq!(model.sports.changed, Some(1));
    assert_eq!(model.sports.feed, Feed::Connected);
    // A match that just kicked off is not listed: the lists are asked for again.
    assert_eq!(
        update(&mut model, live(9, "live", (0, 0), 1)),
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::SportsLive),
            Effect::Fetch(Request::SportsUpcoming),
        ]))
    );
    update(
        &mut model,
        Msg::LiveFeed(Feed::Retrying("connection refused or no route".into())),
    );
    assert!(matches!(model.sports.feed, Feed::Retrying(_)));
    // Coming back: loaded lists stay, the stream is not asked for twice; r reloads the lists.
    update(&mut model, key('2'));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::SportsUpcoming,
            response: Response::SportsUpcoming(fixtures::match_list(Vec::new())),
        },
    );
    update(
        &mut model,
        Msg::Loaded {
            request: Request::SportsHighlights,
            response: Response::SportsHighlights(Vec::new()),
        },
    );
    assert_eq!(update(&mut model, key('6')), None);
    assert_eq!(
        update(&mut model, key('r')),
        Some(Effect::Batch(vec![
            Effect::Fetch(Request::SportsLive),
            Effect::Fetch(Request::SportsUpcoming),
            Effect::Fetch(Request::SportsHighlights),
        ]))
    );
}
