//! keys.toml: parsing, defaults, line-numbered problems, and what `translate` hands the dispatch.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn event(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn problems(text: &str) -> Vec<Problem> {
    match Keymap::from_toml(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(problems) => problems,
    }
}

#[test]
fn key_names_are_read_in_crossterm_style() {
    let key = |raw: &str| Key::parse(raw).unwrap();
    assert_eq!(key("j"), Key::char('j'));
    assert_eq!(key("G"), Key::char('G'), "case is kept: G is not g");
    assert_ne!(key("G"), key("g"));
    assert_eq!(key("?"), Key::char('?'));
    assert_eq!(key("Ctrl-n"), Key::ctrl('n'));
    assert_eq!(key("ctrl-N"), Key::ctrl('n'));
    assert_eq!(key("PageDown"), Key::plain(KeyCode::PageDown));
    assert_eq!(key("F5"), Key::plain(KeyCode::F(5)));
    assert_eq!(key("Esc"), Key::plain(KeyCode::Esc));
    assert_eq!(key("Space"), Key::char(' '));
    assert_eq!(key("BackTab"), Key::plain(KeyCode::BackTab));
    assert_eq!(
        key("Alt-Enter"),
        Key::new(KeyCode::Enter, KeyModifiers::ALT)
    );
    assert!(Key::parse("PageDwn").is_err());
    assert!(Key::parse("a-b").is_err(), "two keys at once");
    // What a terminal sends matches the parsed names.
    assert_eq!(
        Key::of(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        key("G")
    );
    assert_eq!(
        Key::of(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        key("BackTab")
    );
    // Every name prints as it parses back.
    for raw in [
        "j",
        "G",
        "Ctrl-n",
        "PageDown",
        "F5",
        "Esc",
        "Space",
        "BackTab",
        "Alt-Enter",
    ] {
        assert_eq!(Key::parse(&key(raw).name()).unwrap(), key(raw), "{raw}");
    }
}

#[test]
fn the_defaults_have_no_conflicts_and_the_printed_file_reads_back_as_them() {
    let defaults = Keymap::default();
    assert_eq!(
        defaults.keys.len(),
        ACTIONS.len(),
        "every default key parses"
    );
    for (action, keys) in ACTIONS.iter().zip(&defaults.keys) {
        assert_eq!(keys.len(), action.defaults.len(), "{}", action.name);
        // The canonical key is what the dispatch matches: it must be one of the defaults.
        assert!(keys.contains(&action.canonical), "{}", action.name);
    }
    assert!(Keymap::build(defaults.keys.clone(), true).is_ok());
    assert_eq!(Keymap::from_toml("").unwrap(), defaults);

    // `marquee keys`, every line uncommented, is the default keymap.
    let file = default_file();
    let uncommented: String = file
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(entry)
                if entry.split_once(" = ").is_some_and(|(name, _)| {
                    name.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                }) =>
            {
                format!("{entry}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(
        uncommented.contains("\ndown = [\"j\", \"Down\"]\n"),
        "{uncommented}"
    );
    assert!(uncommented.contains("\nenabled = true\n"), "{uncommented}");
    assert_eq!(Keymap::from_toml(&uncommented).unwrap(), defaults);
}

#[test]
fn a_remap_moves_the_action_and_frees_its_old_default() {
    let keys = Keymap::from_toml("[keys]\ndown = [\"J\", \"Down\"]\nsort = \"o\"\n").unwrap();
    let down = Some(event(KeyCode::Down));
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::Char('J'))),
        down
    );
    assert_eq!(
        keys.translate(Context::Watchlist, event(KeyCode::Char('J'))),
        down
    );
    assert_eq!(keys.translate(Context::Browse, event(KeyCode::Down)), down);
    // j was down's: now it does nothing.
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::Char('j'))),
        None
    );
    assert_eq!(
        keys.translate(Context::Movie, event(KeyCode::Char('j'))),
        None
    );
    // Other actions keep their keys.
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::Char('d'))),
        Some(event(KeyCode::PageDown))
    );
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::Char('o'))),
        Some(event(KeyCode::Char('s')))
    );
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::Char('s'))),
        None
    );
    // While typing, letters are letters whatever they are bound to.
    assert_eq!(
        keys.translate(Context::SearchInput, event(KeyCode::Char('J'))),
        Some(event(KeyCode::Char('J')))
    );
    // A key the map does not know passes unchanged.
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::F(9))),
        Some(event(KeyCode::F(9)))
    );
    assert_eq!(keys.label(&["down", "up"]), "J k ↓ ↑");
}

#[test]
fn bad_entries_are_all_reported_with_their_line_and_nothing_is_kept() {
    let text = "\
# my keys
[keys]
down = [\"j\", \"Down\"]
serch = \"/\"
up = \"PageUpp\"
rate_5 = 5
submit = \"x\"
";
    let found = problems(text);
    let lines: Vec<usize> = found.iter().map(|p| p.line).collect();
    assert_eq!(lines, [4, 5, 6, 7], "{found:#?}");
    assert_eq!(found[0].entry, "serch = \"/\"");
    assert!(found[0].why.contains("no action `serch`"), "{found:#?}");
    assert!(
        found[0].hint.contains("did you mean `search`"),
        "{found:#?}"
    );
    assert!(
        found[1].why.contains("`PageUpp` is not a key name"),
        "{found:#?}"
    );
    assert!(
        found[2].why.contains("not a key name or a list"),
        "{found:#?}"
    );
    assert!(found[3].why.contains("types a character"), "{found:#?}");
}

#[test]
fn one_key_for_two_actions_on_a_screen_is_refused_naming_both() {
    let found = problems("[keys]\n\nsort = \"j\"\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].line, 3);
    assert_eq!(found[0].entry, "sort = \"j\"");
    assert_eq!(found[0].why, "`j` is also bound to `down` on Browse");
    assert!(found[0].hint.contains("name `down` too"), "{found:#?}");

    // Taking the key from its old action too makes it fine.
    let keys = Keymap::from_toml("[keys]\nsort = \"j\"\ndown = \"Down\"\n").unwrap();
    assert_eq!(
        keys.translate(Context::Browse, event(KeyCode::Char('j'))),
        Some(event(KeyCode::Char('s')))
    );
    // The same key on actions of different screens is no clash: w is `why` and `watchlist`.
    assert!(Keymap::from_toml("[keys]\nwhy = \"w\"\nwatchlist = \"w\"\n").is_ok());
    // Two actions of the file itself on one screen.
    let found = problems("[keys]\nretry = \"F5\"\nsearch = \"F5\"\n");
    assert_eq!(found[0].line, 3, "{found:#?}");
    assert!(found[0].why.contains("also bound to `retry`"), "{found:#?}");
}

#[test]
fn syntax_errors_and_unknown_sections_are_located_and_mouse_can_be_turned_off() {
    let found = problems("[keys]\ndown = [\"j\"\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].line >= 2, "{found:#?}");
    assert!(found[0].hint.contains("TOML syntax"), "{found:#?}");

    let found = problems("[key]\ndown = \"j\"\n");
    assert_eq!((found[0].line, found[0].entry.as_str()), (1, "[key]"));

    let found = problems("[mouse]\nenabled = \"no\"\n");
    assert_eq!(found[0].line, 2, "{found:#?}");

    assert!(
        !Keymap::from_toml("[mouse]\nenabled = false\n")
            .unwrap()
            .mouse
    );
    assert!(Keymap::default().mouse);
}
