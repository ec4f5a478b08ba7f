//! The mouse and the keymap through `update`: hit-testing against what the real view drew.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::*;
use crate::fixtures;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn mouse(kind: MouseEventKind, (column, row): (u16, u16)) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

fn click(at: (u16, u16)) -> Msg {
    mouse(MouseEventKind::Down(MouseButton::Left), at)
}

fn wheel_down(at: (u16, u16)) -> Msg {
    mouse(MouseEventKind::ScrollDown, at)
}

fn wheel_up(at: (u16, u16)) -> Msg {
    mouse(MouseEventKind::ScrollUp, at)
}

/// Draws the model at 80×24 as the event loop does, keeping the hit regions; the screen's text.
fn draw(model: &mut Model) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut hits = Hits::default();
    terminal
        .draw(|frame| hits = crate::ui::draw(model, frame))
        .unwrap();
    model.hits = hits;
    terminal.backend().buffer().clone()
}

/// Where `text` starts on screen (its first occurrence, top to bottom).
#[track_caller]
fn find(screen: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..screen.area.height {
        let cells: Vec<&str> = (0..screen.area.width)
            .map(|x| screen[(x, y)].symbol())
            .collect();
        for x in 0..cells.len() {
            if cells[x..].concat().starts_with(text) {
                return (x as u16, y);
            }
        }
    }
    panic!("{text:?} is not on screen:\n{screen:?}");
}

fn browse_loaded() -> Model {
    let mut model = fixtures::signed_in();
    for (request, response) in [
        (Request::Genres, Response::Genres(fixtures::genres())),
        (
            model.browse_request(1),
            Response::Movies(fixtures::page(1, PER_PAGE, 70)),
        ),
    ] {
        update(&mut model, Msg::Loaded { request, response });
    }
    model
}

#[test]
fn the_wheel_moves_the_list_under_the_pointer_and_browse_loads_pages_as_with_keys() {
    let mut model = browse_loaded();
    let screen = draw(&mut model);
    let list = find(&screen, &fixtures::movie(3).title);
    assert_eq!(update(&mut model, wheel_down(list)), None);
    assert_eq!(model.browse.selected, 1);
    assert_eq!(update(&mut model, wheel_up(list)), None);
    assert_eq!(model.browse.selected, 0);
    // As with j: the next page is asked for when the selection nears the end.
    for _ in 0..21 {
        assert_eq!(update(&mut model, wheel_down(list)), None);
    }
    assert_eq!(
        update(&mut model, wheel_down(list)),
        Some(Effect::Fetch(model.browse_request(2)))
    );

    // Over the genres, the wheel moves (and focuses) the genre list instead.
    let genres = find(&screen, "Action");
    update(&mut model, wheel_down(genres));
    assert_eq!(model.browse.pane, BrowsePane::Filters);
    assert_eq!(model.browse.filter_cursor, 1);
    assert_eq!(model.browse.selected, 22, "the movie list stays put");
}

#[test]
fn a_click_selects_a_row_and_a_second_click_on_it_opens_it_like_enter() {
    let mut model = browse_loaded();
    let screen = draw(&mut model);
    let fifth = find(&screen, &fixtures::movie(5).title);
    assert_eq!(update(&mut model, click(fifth)), None);
    assert_eq!(model.browse.selected, 4);
    assert_eq!(model.route, Route::Tab(Tab::Browse));
    let effect = update(&mut model, click(fifth));
    assert_eq!(model.route, Route::Movie(5));
    assert!(
        matches!(&effect, Some(Effect::Fetch(Request::Movie(5)))),
        "{effect:?}"
    );

    // A click on a genre selects it; a second click applies it, as Enter does.
    let mut model = browse_loaded();
    let screen = draw(&mut model);
    let drama = find(&screen, &fixtures::genres()[1].name);
    assert_eq!(update(&mut model, click(drama)), None);
    assert_eq!(
        (model.browse.pane, model.browse.filter_cursor),
        (BrowsePane::Filters, 2)
    );
    let effect = update(&mut model, click(drama));
    assert_eq!(model.browse.genre, Some(1));
    assert!(matches!(
        effect,
        Some(Effect::Fetch(Request::Movies { .. }))
    ));
}

#[test]
fn for_you_rows_are_two_lines_each_and_open_the_selected_item() {
    let mut model = fixtures::signed_in_with_profile();
    update(&mut model, key('1'));
    update(
        &mut model,
        Msg::Loaded {
            request: Request::ForYou(7),
            response: Response::ForYou(Box::new(fixtures::for_you(false))),
        },
    );
    let screen = draw(&mut model);
    let rows = fixtures::for_you(false).rows;
    // The second line of the second row (its titles) selects that row.
    let (x, y) = find(&screen, &rows[1].title);
    assert_eq!(update(&mut model, click((x, y + 1))), None);
    assert_eq!(model.for_you.row, 1);
    let effect = update(&mut model, click((x, y)));
    let id = rows[1].items[0].movie.id;
    assert_eq!(model.route, Route::Movie(id));
    assert!(matches!(effect, Some(Effect::Batch(_))), "{effect:?}");
}

#[test]
fn a_click_on_a_view_title_switches_to_it_and_in_a_text_field_focuses_it() {
    let mut model = fixtures::signed_in_with_profile();
    let screen = draw(&mut model);
    let watchlist = find(&screen, "4 Watchlist");
    assert_eq!(watchlist.1, 0, "in the header");
    let effect = update(&mut model, click(watchlist));
    assert_eq!(model.route, Route::Tab(Tab::Watchlist));
    assert_eq!(effect, Some(Effect::Fetch(Request::Watchlist(7))));

    // The search box: leave it for the list, then click back into it.
    let screen = draw(&mut model);
    update(&mut model, click(find(&screen, "3 Search")));
    assert!(model.search.editing);
    update(&mut model, Msg::Key(KeyEvent::from(KeyCode::Esc)));
    assert!(!model.search.editing);
    let screen = draw(&mut model);
    update(&mut model, click(find(&screen, "/ or i to type")));
    assert!(model.search.editing);

    // Sign-in fields.
    let mut model = Model::new("http://m", Some("ada@example.com".into()), true);
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    assert_eq!(model.sign_in.focus, Field::Password);
    let screen = draw(&mut model);
    update(&mut model, click(find(&screen, "Server")));
    assert_eq!(model.sign_in.focus, Field::Server);
    update(&mut model, click(find(&screen, "ada@example.com")));
    assert_eq!(model.sign_in.focus, Field::Email);
}

#[test]
fn clicks_and_wheels_outside_anything_do_nothing() {
    let mut model = browse_loaded();
    let screen = draw(&mut model);
    let before = model.clone();
    let status = find(&screen, "j/k move");
    let brand = find(&screen, "Marquee");
    let border = (0, 1);
    for at in [status, brand, border, (79, 0)] {
        assert_eq!(update(&mut model, click(at)), None, "{at:?}");
        assert_eq!(update(&mut model, wheel_down(at)), None, "{at:?}");
    }
    // Below the last movie of a short list.
    let mut short = fixtures::signed_in();
    let request = short.browse_request(1);
    update(
        &mut short,
        Msg::Loaded {
            request,
            response: Response::Movies(fixtures::page(1, PER_PAGE, 3)),
        },
    );
    let screen = draw(&mut short);
    let (x, y) = find(&screen, &fixtures::movie(3).title);
    let short_before = short.clone();
    assert_eq!(update(&mut short, click((x, y + 2))), None);
    assert_eq!(short, short_before);
    assert_eq!(model, before);
}

#[test]
fn a_remapped_key_acts_and_the_default_it_replaced_does_not() {
    let mut model = browse_loaded();
    model.keys = crate::keymap::Keymap::from_toml(
        "[keys]\ndown = [\"J\", \"Down\"]\nview_4 = \"W\"\nsearch = \"F5\"\n",
    )
    .unwrap();
    update(&mut model, key('J'));
    assert_eq!(model.browse.selected, 1);
    update(&mut model, key('j'));
    assert_eq!(model.browse.selected, 1, "j is no longer down");
    update(&mut model, key('/'));
    assert_eq!(
        model.route,
        Route::Tab(Tab::Browse),
        "/ is no longer search"
    );
    update(&mut model, key('4'));
    assert_eq!(
        model.route,
        Route::Tab(Tab::Browse),
        "4 is no longer the watchlist"
    );
    update(&mut model, key('W'));
    assert_eq!(model.route, Route::Tab(Tab::Watchlist));
    update(&mut model, Msg::Key(KeyEvent::from(KeyCode::F(5))));
    assert_eq!(model.route, Route::Tab(Tab::Search));
    // Typing: J is a letter in the search box.
    update(&mut model, key('J'));
    assert_eq!(model.search.input, "J");
}
