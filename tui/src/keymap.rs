//! Remappable keys. Every action the key dispatch knows has a stable name, default keys and the
//! screens (contexts) it works on; `keys.toml` in the config directory overrides the actions it
//! names. Pure: `Keymap::from_toml` parses text, `main` reads the file.
//!
//! The dispatch in `app` matches each action's *canonical* key (its first default): `translate`
//! turns the key pressed into the canonical key of the action it is bound to on this screen, and
//! drops a default key that was given to another action, so the dispatch stays one `match` on
//! keys. Keys the map knows nothing about pass through unchanged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use toml::de::{DeTable, DeValue};

/// Where a key is pressed: each screen (or overlay) with keys of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Starting,
    SignIn,
    Browse,
    ForYou,
    /// Typing in the search box.
    SearchInput,
    /// The list under the search box.
    SearchList,
    Watchlist,
    History,
    Sports,
    Admin,
    Movie,
    /// The trailer quality picker on the movie page.
    Trailer,
    Person,
    /// The profile switcher.
    Profiles,
}

impl Context {
    /// Letters typed here are text: a plain character is never an action.
    pub fn is_typing(self) -> bool {
        matches!(self, Context::SignIn | Context::SearchInput)
    }

    fn title(self) -> &'static str {
        match self {
            Context::Starting => "the start screen",
            Context::SignIn => "sign-in",
            Context::Browse => "Browse",
            Context::ForYou => "For You",
            Context::SearchInput => "the search box",
            Context::SearchList => "the search list",
            Context::Watchlist => "Watchlist",
            Context::History => "History",
            Context::Sports => "Sports",
            Context::Admin => "Admin",
            Context::Movie => "a movie page",
            Context::Trailer => "the trailer picker",
            Context::Person => "a person page",
            Context::Profiles => "the profile switcher",
        }
    }
}

use Context::*;

/// The signed-in screens: the keys every one of them shares.
const SIGNED_IN: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Sports, Admin, Movie, Person,
];
/// On a movie page the digits rate, so views 1–5 are switched from elsewhere.
const NOT_MOVIE: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Sports, Admin, Person,
];
const EVERYWHERE: &[Context] = &[
    Starting,
    SignIn,
    Browse,
    ForYou,
    SearchInput,
    SearchList,
    Watchlist,
    History,
    Sports,
    Admin,
    Movie,
    Trailer,
    Person,
    Profiles,
];
const BACK: &[Context] = &[
    Starting, Browse, ForYou, SearchList, Watchlist, History, Sports, Admin, Movie, Person,
    Trailer, Profiles,
];
const RETRY: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Sports, Admin, Movie, Person, Trailer, Profiles,
];
const PROFILES: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Sports, Admin, Movie, Person, Profiles,
];
const UP_DOWN: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Admin, Movie, Person, Trailer, Profiles,
];
const FIRST: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Movie, Person,
];
const LAST: &[Context] = &[Browse, ForYou, SearchList, Watchlist, History, Person];
const LEFT: &[Context] = &[Browse, ForYou, Movie, Person, Trailer];
const RIGHT: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Movie, Person, Trailer,
];
const OPEN: &[Context] = &[
    Browse, ForYou, SearchList, Watchlist, History, Movie, Person, Trailer, Profiles,
];
const PANES: &[Context] = &[Browse, SearchList, History, Movie];
const PAGES: &[Context] = &[Browse, Movie, Person];

/// One key as bindings compare it: the code and Ctrl/Alt (a character's case carries Shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    const fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key { code, modifiers }
    }

    const fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// The pressed key, as bindings see it.
    pub fn of(event: KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if !matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers |= event.modifiers & KeyModifiers::SHIFT;
        }
        let code = match event.code {
            // Terminals send Ctrl-letters lowercase whatever Shift says.
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key::new(code, modifiers)
    }

    /// A key name in crossterm's style (`j`, `G`, `Down`, `PageDown`, `Ctrl-n`, `F5`, `Space`).
    /// crokey parses the names, but lowercases them first: a single character is kept as typed
    /// so that `G` stays distinct from `g`.
    pub fn parse(raw: &str) -> Result<Key, String> {
        let mut chars = raw.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Key::char(c));
        }
        let combination = crokey::parse(raw).map_err(|_| format!("`{raw}` is not a key name"))?;
        let crokey::OneToThree::One(code) = combination.codes else {
            return Err(format!(
                "`{raw}` names several keys at once, which terminals cannot send"
            ));
        };
        Ok(Key::of(KeyEvent::new(code, combination.modifiers)))
    }

    /// The key as the dispatch receives it.
    pub fn event(self) -> KeyEvent {
        let modifiers = match self.code {
            KeyCode::BackTab => self.modifiers | KeyModifiers::SHIFT,
            _ => self.modifiers,
        };
        KeyEvent::new(self.code, modifiers)
    }

    fn is_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// How the help overlay shows the key: short, arrows as arrows.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::BackTab => "⇧Tab".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            _ => self.name(),
        };
        self.prefixed(base)
    }

    /// The name `parse` reads back (what `marquee keys` prints).
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char('-') if !self.modifiers.is_empty() => "Hyphen".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => "Up".to_owned(),
            KeyCode::Down => "Down".to_owned(),
            KeyCode::Left => "Left".to_owned(),
            KeyCode::Right => "Right".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "BackTab".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Delete".to_owned(),
            KeyCode::Insert => "Insert".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PageUp".to_owned(),
            KeyCode::PageDown => "PageDown".to_owned(),
            other => format!("{other:?}"),
        };
        if matches!(self.code, KeyCode::Char(_)) && self.modifiers.is_empty() {
            return base;
        }
        self.prefixed(base)
    }

    fn prefixed(self, base: String) -> String {
        let mut name = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            name.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            name.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            name.push_str("Shift-");
        }
        name + &base
    }
}

/// An action of the key dispatch: its name in `keys.toml`, default keys, what it does (for the
/// printed file) and the screens it works on. `canonical` is the key the dispatch matches.
struct Action {
    name: &'static str,
    defaults: &'static [&'static str],
    canonical: Key,
    what: &'static str,
    contexts: &'static [Context],
}

const fn action(
    name: &'static str,
    defaults: &'static [&'static str],
    canonical: Key,
    what: &'static str,
    contexts: &'static [Context],
) -> Action {
    Action {
        name,
        defaults,
        canonical,
        what,
        contexts,
    }
}

/// Every action, in the order `marquee keys` prints them.
const ACTIONS: &[Action] = &[
    action(
        "quit",
        &["Ctrl-c"],
        Key::ctrl('c'),
        "quit at once",
        EVERYWHERE,
    ),
    action(
        "help",
        &["?", "F1"],
        Key::plain(KeyCode::F(1)),
        "the help overlay (? is a letter while typing)",
        EVERYWHERE,
    ),
    action(
        "back",
        &["q", "Esc"],
        Key::plain(KeyCode::Esc),
        "back; quit at the top; close a picker",
        BACK,
    ),
    action(
        "view_1",
        &["1"],
        Key::char('1'),
        "view 1: For You",
        NOT_MOVIE,
    ),
    action(
        "view_2",
        &["2"],
        Key::char('2'),
        "view 2: Browse",
        NOT_MOVIE,
    ),
    action(
        "view_3",
        &["3"],
        Key::char('3'),
        "view 3: Search",
        NOT_MOVIE,
    ),
    action(
        "view_4",
        &["4"],
        Key::char('4'),
        "view 4: Watchlist",
        NOT_MOVIE,
    ),
    action(
        "view_5",
        &["5"],
        Key::char('5'),
        "view 5: History",
        NOT_MOVIE,
    ),
    action(
        "view_6",
        &["6"],
        Key::char('6'),
        "view 6: Sports",
        SIGNED_IN,
    ),
    action(
        "view_7",
        &["7"],
        Key::char('7'),
        "view 7: Admin (admins only)",
        SIGNED_IN,
    ),
    action(
        "search",
        &["/"],
        Key::char('/'),
        "to the search box",
        SIGNED_IN,
    ),
    action(
        "retry",
        &["r"],
        Key::char('r'),
        "retry what failed; reload the view",
        RETRY,
    ),
    action(
        "profiles",
        &["P"],
        Key::char('P'),
        "the profile switcher (opens and closes it)",
        PROFILES,
    ),
    action("sign_out", &["L"], Key::char('L'), "sign out", SIGNED_IN),
    action(
        "down",
        &["j", "Down"],
        Key::plain(KeyCode::Down),
        "move down",
        UP_DOWN,
    ),
    action(
        "up",
        &["k", "Up"],
        Key::plain(KeyCode::Up),
        "move up",
        UP_DOWN,
    ),
    action(
        "first",
        &["g", "Home"],
        Key::plain(KeyCode::Home),
        "to the first",
        FIRST,
    ),
    action(
        "last",
        &["G", "End"],
        Key::plain(KeyCode::End),
        "to the last",
        LAST,
    ),
    action(
        "left",
        &["h", "Left"],
        Key::plain(KeyCode::Left),
        "left: along a row, to the genres; back on a page",
        LEFT,
    ),
    action(
        "right",
        &["l", "Right"],
        Key::plain(KeyCode::Right),
        "right: along a row; opens what is selected",
        RIGHT,
    ),
    action(
        "open",
        &["Enter"],
        Key::plain(KeyCode::Enter),
        "open what is selected",
        OPEN,
    ),
    action(
        "page_down",
        &["d", "PageDown"],
        Key::plain(KeyCode::PageDown),
        "down by 10 (Browse)",
        &[Browse],
    ),
    action(
        "page_up",
        &["u", "PageUp"],
        Key::plain(KeyCode::PageUp),
        "up by 10 (Browse)",
        &[Browse],
    ),
    action(
        "next_pane",
        &["Tab"],
        Key::plain(KeyCode::Tab),
        "next pane",
        PANES,
    ),
    action(
        "previous_pane",
        &["BackTab"],
        Key::plain(KeyCode::BackTab),
        "previous pane",
        PANES,
    ),
    action(
        "previous_page",
        &["Backspace"],
        Key::plain(KeyCode::Backspace),
        "back to the page before (movie and person pages)",
        PAGES,
    ),
    action(
        "sort",
        &["s"],
        Key::char('s'),
        "next sort order (Browse)",
        &[Browse],
    ),
    action(
        "why",
        &["w"],
        Key::char('w'),
        "why it is recommended, in full (For You)",
        &[ForYou],
    ),
    action(
        "did_you_mean",
        &["d"],
        Key::char('d'),
        "search the \"did you mean\" query",
        &[SearchList],
    ),
    action(
        "type",
        &["i"],
        Key::char('i'),
        "back to typing in the search box",
        &[SearchList],
    ),
    action(
        "clear",
        &["c"],
        Key::char('c'),
        "clear the query and type a new one",
        &[SearchList],
    ),
    action(
        "remove",
        &["x", "Delete"],
        Key::plain(KeyCode::Delete),
        "take it off the watchlist (Watchlist)",
        &[Watchlist],
    ),
    action(
        "rate_1",
        &["1"],
        Key::char('1'),
        "rate 1 star (movie page)",
        &[Movie],
    ),
    action("rate_2", &["2"], Key::char('2'), "rate 2 stars", &[Movie]),
    action("rate_3", &["3"], Key::char('3'), "rate 3 stars", &[Movie]),
    action("rate_4", &["4"], Key::char('4'), "rate 4 stars", &[Movie]),
    action("rate_5", &["5"], Key::char('5'), "rate 5 stars", &[Movie]),
    action(
        "half",
        &["."],
        Key::char('.'),
        "the next rating is half a star less",
        &[Movie],
    ),
    action(
        "unrate",
        &["0", "x"],
        Key::char('0'),
        "remove your rating",
        &[Movie],
    ),
    action(
        "watchlist",
        &["w"],
        Key::char('w'),
        "watchlist: add / remove (movie page)",
        &[Movie],
    ),
    action(
        "not_interested",
        &["n"],
        Key::char('n'),
        "not interested (For You drops it)",
        &[Movie],
    ),
    action(
        "submit",
        &["Enter"],
        Key::plain(KeyCode::Enter),
        "while typing: sign in / search in full",
        &[SignIn, SearchInput],
    ),
    action(
        "next_field",
        &["Tab", "Down"],
        Key::plain(KeyCode::Tab),
        "sign-in: next field",
        &[SignIn],
    ),
    action(
        "previous_field",
        &["BackTab", "Up"],
        Key::plain(KeyCode::BackTab),
        "sign-in: previous field",
        &[SignIn],
    ),
    action(
        "cancel",
        &["Esc"],
        Key::plain(KeyCode::Esc),
        "sign-in: back to sign-in, or quit",
        &[SignIn],
    ),
    action(
        "register",
        &["Ctrl-n"],
        Key::ctrl('n'),
        "sign-in: create an account",
        &[SignIn],
    ),
    action(
        "forgot_password",
        &["Ctrl-f"],
        Key::ctrl('f'),
        "sign-in: mail a password reset link",
        &[SignIn],
    ),
    action(
        "verify_email",
        &["Ctrl-e"],
        Key::ctrl('e'),
        "sign-in: verify the email address with the mailed token",
        &[SignIn],
    ),
    action(
        "reset_password",
        &["Ctrl-r"],
        Key::ctrl('r'),
        "sign-in: set a new password with the mailed token",
        &[SignIn],
    ),
    action(
        "to_list",
        &["Down", "Esc", "Tab"],
        Key::plain(KeyCode::Esc),
        "search box: to the list",
        &[SearchInput],
    ),
    action(
        "clear_query",
        &["Ctrl-u"],
        Key::ctrl('u'),
        "search box: clear the query",
        &[SearchInput],
    ),
];

/// The file's name in the config directory.
pub const FILE: &str = "keys.toml";

/// The bindings in force: the defaults, with what `keys.toml` named instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    /// Per action (as `ACTIONS`), its keys.
    keys: Vec<Vec<Key>>,
    /// (screen, key) → action index.
    bound: HashMap<(Context, Key), usize>,
    /// Default keys given away on a screen: pressing one does nothing there.
    freed: HashSet<(Context, Key)>,
    /// Whether the mouse is captured (`[mouse] enabled`).
    pub mouse: bool,
    /// `[display] posters`: how posters are drawn, unless `--posters` / `MARQUEE_POSTERS` say.
    pub posters: crate::poster::Setting,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let keys = ACTIONS
            .iter()
            .map(|a| {
                a.defaults
                    .iter()
                    .filter_map(|k| Key::parse(k).ok())
                    .collect()
            })
            .collect();
        // The defaults have no conflicts (a unit test holds it), so only `bound` needs building.
        Keymap::build(keys, true).unwrap_or_else(|_| Keymap {
            keys: Vec::new(),
            bound: HashMap::new(),
            freed: HashSet::new(),
            mouse: true,
            posters: crate::poster::Setting::Auto,
        })
    }
}

/// One bad entry of `keys.toml`: where, which, why and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub entry: String,
    pub why: String,
    pub hint: String,
}

/// Two actions that share a key on some screen.
struct Clash {
    key: Key,
    actions: [usize; 2],
    context: Context,
}

impl Keymap {
    /// Reads a `keys.toml`; every bad entry is reported (none is skipped: no half keymap).
    pub fn from_toml(text: &str) -> Result<Keymap, Vec<Problem>> {
        let source_line = |line: usize| text.lines().nth(line - 1).unwrap_or_default().trim();
        let problem = |span: std::ops::Range<usize>, why: String, hint: String| {
            let line = line_of(text, span.start);
            Problem {
                line,
                entry: source_line(line).to_owned(),
                why,
                hint,
            }
        };
        let table = DeTable::parse(text).map_err(|err| {
            vec![problem(
                err.span().unwrap_or(0..0),
                err.message().to_owned(),
                "fix the TOML syntax; `marquee keys` prints a valid file to start from".to_owned(),
            )]
        })?;
        let mut problems = Vec::new();
        let mut keys: Vec<Vec<Key>> = Keymap::default().keys;
        // Action index → (line, entry) of the file's entries, to blame for a clash.
        let mut named: BTreeMap<usize, (usize, String)> = BTreeMap::new();
        let mut mouse = true;
        let mut posters = crate::poster::Setting::Auto;
        for (section, value) in table.into_inner() {
            let span = section.span();
            match (&**section.get_ref(), value.into_inner()) {
                ("keys", DeValue::Table(entries)) => {
                    for (name, value) in entries {
                        let span = name.span();
                        let name: &str = name.get_ref();
                        let Some(index) = ACTIONS.iter().position(|a| a.name == name) else {
                            let close = closest(name)
                                .map(|c| format!(" (did you mean `{c}`?)"))
                                .unwrap_or_default();
                            problems.push(problem(
                                span,
                                format!("there is no action `{name}`"),
                                format!("use one of the names `marquee keys` prints{close}"),
                            ));
                            continue;
                        };
                        match parse_keys(value.get_ref(), ACTIONS[index].contexts) {
                            Ok(parsed) => {
                                keys[index] = parsed;
                                let line = line_of(text, span.start);
                                named.insert(index, (line, source_line(line).to_owned()));
                            }
                            Err((why, hint)) => problems.push(problem(span, why, hint)),
                        }
                    }
                }
                ("mouse", DeValue::Table(entries)) => {
                    for (name, value) in entries {
                        match (&**name.get_ref(), value.get_ref()) {
                            ("enabled", DeValue::Boolean(on)) => mouse = *on,
                            _ => problems.push(problem(
                                name.span(),
                                "[mouse] has one setting, `enabled`, true or false".to_owned(),
                                "write `enabled = false` to leave the mouse to the terminal"
                                    .to_owned(),
                            )),
                        }
                    }
                }
                ("display", DeValue::Table(entries)) => {
                    for (name, value) in entries {
                        let setting = match (&**name.get_ref(), value.get_ref()) {
                            ("posters", DeValue::String(text)) => crate::poster::Setting::parse(text),
                            _ => None,
                        };
                        match setting {
                            Some(setting) => posters = setting,
                            None => problems.push(problem(
                                name.span(),
                                "[display] has one setting, `posters`: \"auto\", \"kitty\", \"sixel\", \"iterm2\", \"halfblocks\" or \"off\"".to_owned(),
                                "write e.g. `posters = \"halfblocks\"`".to_owned(),
                            )),
                        }
                    }
                }
                (other, _) => problems.push(problem(
                    span,
                    format!("`{other}` is not a section of {FILE}"),
                    "the file has a [keys] table (action = key or [keys]), a [mouse] and a [display] table"
                        .to_owned(),
                )),
            }
        }
        // Clashes among what did parse are reported with the rest.
        let clashes = match Keymap::build(keys, mouse) {
            Ok(keymap) if problems.is_empty() => return Ok(Keymap { posters, ..keymap }),
            Ok(_) => Vec::new(),
            Err(clashes) => clashes,
        };
        let mut seen = HashSet::new();
        problems.extend(
            clashes
                .into_iter()
                .filter(|c| seen.insert((c.key, c.actions)))
                .map(|clash| {
                    // Blame the entry the file wrote (the defaults do not clash by themselves).
                    // Of two entries of the file, the later line.
                    let line_of_entry = |i: usize| named.get(&i).map(|(line, _)| *line);
                    let [a, b] = clash.actions;
                    let (blamed, other) = if line_of_entry(b) > line_of_entry(a) {
                        (b, a)
                    } else {
                        (a, b)
                    };
                    let (line, entry) = named.get(&blamed).cloned().unwrap_or_default();
                    let other = ACTIONS[other].name;
                    Problem {
                        line,
                        entry,
                        why: format!(
                            "`{}` is also bound to `{other}` on {}",
                            clash.key.name(),
                            clash.context.title()
                        ),
                        hint: format!(
                            "bind one of them to another key; to take the key from `{other}`, \
                             name `{other}` too with the keys it keeps"
                        ),
                    }
                }),
        );
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }

    fn build(keys: Vec<Vec<Key>>, mouse: bool) -> Result<Keymap, Vec<Clash>> {
        let mut bound = HashMap::new();
        let mut clashes = Vec::new();
        for (index, action) in ACTIONS.iter().enumerate() {
            for &context in action.contexts {
                for &key in &keys[index] {
                    if context.is_typing() && key.is_text() {
                        continue;
                    }
                    match bound.insert((context, key), index) {
                        Some(other) if other != index => clashes.push(Clash {
                            key,
                            actions: [other, index],
                            context,
                        }),
                        _ => {}
                    }
                }
            }
        }
        if !clashes.is_empty() {
            return Err(clashes);
        }
        let freed = ACTIONS
            .iter()
            .flat_map(|action| {
                action.contexts.iter().flat_map(|&context| {
                    action
                        .defaults
                        .iter()
                        .filter_map(|k| Key::parse(k).ok())
                        .map(move |key| (context, key))
                })
            })
            .filter(|entry| !bound.contains_key(entry))
            .collect();
        Ok(Keymap {
            keys,
            bound,
            freed,
            mouse,
            posters: crate::poster::Setting::Auto,
        })
    }

    /// The key the dispatch should see for `event` on `context`: its action's canonical key,
    /// `None` for a default key given to another action, else the key itself.
    pub fn translate(&self, context: Context, event: KeyEvent) -> Option<KeyEvent> {
        let key = Key::of(event);
        if context.is_typing() && key.is_text() {
            return Some(event);
        }
        if let Some(&index) = self.bound.get(&(context, key)) {
            return Some(ACTIONS[index].canonical.event());
        }
        if self.freed.contains(&(context, key)) {
            return None;
        }
        Some(event)
    }

    /// The keys bound to the named action.
    pub fn keys(&self, action: &str) -> &[Key] {
        ACTIONS
            .iter()
            .position(|a| a.name == action)
            .and_then(|i| self.keys.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// The help overlay's label for some actions: the keys bound to them.
    pub fn label(&self, actions: &[&str]) -> String {
        self.label_keys(actions, false)
    }

    /// `label` without the keys that type a character (they are text while typing).
    pub fn typing_label(&self, actions: &[&str]) -> String {
        self.label_keys(actions, true)
    }

    /// The actions' first keys, then their second keys, and so on: `j k ↓ ↑` for down and up.
    fn label_keys(&self, actions: &[&str], typing: bool) -> String {
        let keys: Vec<Vec<String>> = actions
            .iter()
            .map(|a| {
                self.keys(a)
                    .iter()
                    .filter(|k| !(typing && k.is_text()))
                    .map(|k| k.label())
                    .collect()
            })
            .collect();
        let mut labels: Vec<String> = Vec::new();
        for rank in 0..keys.iter().map(Vec::len).max().unwrap_or(0) {
            for label in keys.iter().filter_map(|k| k.get(rank)) {
                if !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
        }
        labels.join(" ")
    }
}

/// `marquee keys`: every action with its defaults, commented, ready to edit.
pub fn default_file() -> String {
    let mut out = String::from(
        "# marquee's keys: copy to $XDG_CONFIG_HOME/marquee/keys.toml (~/.config/marquee/keys.toml)\n\
         # and keep only the lines you change. A key is a character (j, G, ?, /), a name (Enter,\n\
         # Esc, Tab, BackTab, Backspace, Delete, Up, Down, Left, Right, Home, End, PageUp, PageDown,\n\
         # F1…F12, Space) or Ctrl-/Alt- and a key (Ctrl-n). One key or a list: down = [\"j\", \"Down\"].\n\
         # A key bound to two actions on the same screen is refused at start, with its line.\n\
         \n\
         [keys]\n",
    );
    for action in ACTIONS {
        let keys: Vec<String> = action.defaults.iter().map(|k| format!("{k:?}")).collect();
        let value = match keys.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        let _ = writeln!(out, "# {}\n# {} = {value}", action.what, action.name);
    }
    out.push_str(
        "\n[mouse]\n# false leaves the mouse to the terminal (its own text selection), like --no-mouse\n# enabled = true\n\
         \n[display]\n# posters: auto (ask the terminal), kitty, sixel, iterm2, halfblocks or off, like --posters\n# posters = \"auto\"\n",
    );
    out
}

fn parse_keys(value: &DeValue, contexts: &[Context]) -> Result<Vec<Key>, (String, String)> {
    let names: Vec<&str> = match value {
        DeValue::String(one) => vec![&**one],
        DeValue::Array(many) => many
            .iter()
            .map(|v| match v.get_ref() {
                DeValue::String(s) => Some(&**s),
                _ => None,
            })
            .collect::<Option<_>>()
            .ok_or_else(not_keys)?,
        _ => return Err(not_keys()),
    };
    let mut keys = Vec::new();
    for name in names {
        let key = Key::parse(name).map_err(|why| {
            (
                why,
                "write a character (j, ?) or a name like Down, PageDown, Esc, F5, Ctrl-n"
                    .to_owned(),
            )
        })?;
        if key.is_text() && contexts.iter().all(|c| c.is_typing()) {
            return Err((
                format!("`{name}` types a character, and this action works while typing"),
                "bind it to a key that does not type: Enter, Esc, Tab, F5, Ctrl-…".to_owned(),
            ));
        }
        keys.push(key);
    }
    Ok(keys)
}

fn not_keys() -> (String, String) {
    (
        "the value is not a key name or a list of key names".to_owned(),
        "write `action = \"j\"` or `action = [\"j\", \"Down\"]`".to_owned(),
    )
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The action name nearest a misspelt one (at most two edits away).
fn closest(name: &str) -> Option<&'static str> {
    ACTIONS
        .iter()
        .map(|a| (edits(a.name, name), a.name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| n)
}

fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            previous = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
