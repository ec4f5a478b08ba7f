//! The interactive client's state: `Model`, the `Msg`s that change it, and a pure
//! `update(&mut Model, Msg) -> Option<Effect>` that asks `worker` for any I/O. No I/O here: every
//! request is an `Effect`, and its answer (or failure) comes back as a `Msg`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use marquee_api::Page;
use marquee_api::account::Me;
use marquee_api::activity::{
    ContinueWatching, HistoryEntry, MovieState, RatingWritten, WatchlistEntry,
};
use marquee_api::analytics::Stats;
use marquee_api::catalogue::{
    FacetCount, FilmographyEntry, MovieDetail, MovieSummary, PersonDetail,
};
use marquee_api::ops::Jobs;
use marquee_api::profile::Profile;
use marquee_api::recommend::{ForYou, RecommendationRow, RecommendedMovie};
use marquee_api::search::{SearchHit, SearchPage};

/// Movies per page in Browse: about two screens at 80×24.
pub const PER_PAGE: u32 = 30;
/// Load the next page when the selection comes this close to the end of what is loaded.
const PREFETCH: usize = 8;
/// `Msg::Tick` rate, in ticks per second (main's timer matches it).
pub const TICKS_PER_SECOND: u32 = 10;
/// Search waits this many ticks (300 ms) after the last keystroke before asking for suggestions.
pub const DEBOUNCE_TICKS: u32 = 3;
/// Recent queries kept for the session.
pub const RECENT_QUERIES: usize = 10;
/// Full search results asked for at once.
pub const SEARCH_PER_PAGE: u32 = 30;
/// Films listed on a person's page (the server's largest page).
pub const FILMOGRAPHY_PER_PAGE: u32 = 100;
/// Watchlist entries loaded (the server's largest page).
pub const WATCHLIST_PER_PAGE: u32 = 100;
/// For You items counted as shown when the rows load: the start of each row (what an 80-column
/// row shows); items further along count once the selection reaches them.
pub const IMPRESSION_ITEMS: usize = 4;
/// The `row_kind` and `algorithm` of a search result picked.
pub const SEARCH_ROW: &str = "search";
/// The longest wait between automatic retries while offline.
const MAX_BACKOFF_SECONDS: u32 = 30;

/// Browse's sort choices: (server value, label).
pub const SORTS: &[(&str, &str)] = &[
    ("-popularity", "Most popular"),
    ("-rating", "Top rated"),
    ("-release_date", "Newest"),
    ("title", "Title A–Z"),
];

/// The top-level views, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    ForYou,
    Browse,
    Search,
    Watchlist,
    /// Continue watching and the watch history.
    History,
    /// Jobs and metrics: admins only (the server answers 403 to everyone else).
    Admin,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::ForYou,
        Tab::Browse,
        Tab::Search,
        Tab::Watchlist,
        Tab::History,
        Tab::Admin,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::ForYou => "For You",
            Tab::Browse => "Browse",
            Tab::Search => "Search",
            Tab::Watchlist => "Watchlist",
            Tab::History => "History",
            Tab::Admin => "Admin",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Waiting for the worker to say whether stored credentials still work.
    Starting,
    SignIn,
    Tab(Tab),
    Movie(i64),
    Person(i64),
}

/// Why a request failed, as the UI needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The access token was refused: refresh and retry.
    Unauthorized,
    /// The route or the thing does not exist on this server.
    NotFound,
    /// No answer from the server.
    Offline(String),
    Server {
        status: u16,
        code: String,
        message: String,
    },
}

impl Failure {
    /// What happened and what to do, for people.
    pub fn describe(&self) -> String {
        match self {
            Failure::Unauthorized => {
                "The server no longer accepts this session. Sign in again.".to_owned()
            }
            Failure::NotFound => "Not found on this server.".to_owned(),
            Failure::Offline(why) => {
                format!("Can't reach the server ({why}). Retrying; press r to retry now.")
            }
            Failure::Server {
                status, message, ..
            } => {
                format!("The server answered {status}: {message} Press r to retry.")
            }
        }
    }
}

/// Something loaded over the network.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load<T> {
    #[default]
    Idle,
    Loading,
    Loaded(T),
    Failed(Failure),
    /// The server has no such route yet (a 404 on the route itself).
    Unavailable,
}

/// One API call the worker can make for the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Genres,
    Movies {
        genre: Option<String>,
        sort: String,
        page: u32,
    },
    Movie(i64),
    Person(i64),
    /// A person's films, newest first (one page of `FILMOGRAPHY_PER_PAGE`).
    Filmography(i64),
    /// The profile's For You rows.
    ForYou(i64),
    /// Autocomplete for what has been typed so far.
    Suggest(String),
    /// A full search; with a profile, the server records it in the profile's history.
    Search {
        query: String,
        profile: Option<i64>,
    },
    Watchlist(i64),
    ContinueWatching(i64),
    History(i64),
    /// The account's profiles, for the switcher.
    Profiles,
    /// `GET /admin/jobs`.
    AdminJobs,
    /// `GET /admin/stats`: the analytics job's latest 30-day snapshot.
    AdminStats,
    /// The profile's own rating and watchlist flag for a movie.
    MovieState {
        profile: i64,
        movie: i64,
    },
    /// Rate (`Some` stars) or clear the rating (`None`).
    Rate {
        profile: i64,
        movie: i64,
        rating: Option<f64>,
    },
    /// Put on (`on`) or take off the watchlist.
    Watchlisted {
        profile: i64,
        movie: i64,
        on: bool,
    },
    NotInterested {
        profile: i64,
        movie: i64,
    },
}

impl Request {
    /// Writes are never retried automatically: a failure is reported and the truth reloaded.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Request::Rate { .. } | Request::Watchlisted { .. } | Request::NotInterested { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    Genres(Vec<FacetCount>),
    Movies(Page<MovieSummary>),
    Movie(Box<MovieDetail>),
    Person(Box<PersonDetail>),
    Filmography {
        person: i64,
        page: Page<FilmographyEntry>,
    },
    ForYou(Box<ForYou>),
    Suggestions(Vec<SearchHit>),
    Search(Box<SearchPage>),
    Watchlist(Page<WatchlistEntry>),
    ContinueWatching(Page<ContinueWatching>),
    History(Page<HistoryEntry>),
    Profiles(Vec<Profile>),
    AdminJobs(Jobs),
    AdminStats(Box<Stats>),
    MovieState(MovieState),
    Rated(Box<RatingWritten>),
    /// A write whose answer has no body (204).
    Done,
}

/// Who is signed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub me: Me,
    pub profile: Option<Profile>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Tick,
    /// The worker's answer to `Effect::Resume`: a session if stored credentials still work.
    Started {
        notice: Option<String>,
        session: Option<Session>,
    },
    SignedIn(Session),
    SignInFailed(Failure),
    Loaded {
        request: Request,
        response: Response,
    },
    /// `generation` identifies the access token the request used, so that concurrent 401s
    /// refresh once.
    Failed {
        request: Request,
        failure: Failure,
        generation: u64,
    },
    /// The session is over (revoked, expired, refresh refused): back to sign-in with this message.
    SessionEnded(String),
    SignedOut,
    /// Something to tell the user in the status bar.
    Notice(String),
}

/// An analytics event as `update` knows it; the worker stamps it with a UUID and the time, and
/// sends it in batches off the UI path (issue 11; the README's Analytics section).
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub profile: i64,
    /// `impression`, `click`, `rating` or `watchlist_add`.
    pub kind: &'static str,
    pub movie_id: i64,
    pub row_kind: Option<String>,
    pub position: Option<i32>,
    pub algorithm: Option<String>,
    pub query: Option<String>,
    pub value: Option<f64>,
}

impl Track {
    fn new(profile: i64, kind: &'static str, movie_id: i64) -> Track {
        Track {
            profile,
            kind,
            movie_id,
            row_kind: None,
            position: None,
            algorithm: None,
            query: None,
            value: None,
        }
    }

    /// An impression or click of a For You item.
    fn for_you(
        profile: i64,
        kind: &'static str,
        page: &ForYou,
        row: usize,
        item: usize,
    ) -> Option<Track> {
        let r = page.rows.get(row)?;
        Some(Track {
            row_kind: Some(r.kind.clone()),
            position: i32::try_from(item).ok(),
            algorithm: Some(page.model_version.clone()),
            ..Track::new(profile, kind, r.items.get(item)?.movie.id)
        })
    }
}

/// I/O for the worker to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Queue analytics events (never waits for the network).
    Track(Vec<Track>),
    /// Load stored credentials and check them (`GET /me`).
    Resume,
    SignIn {
        server: String,
        email: String,
        password: String,
        totp: Option<String>,
    },
    Fetch(Request),
    /// Refresh the tokens (unless a newer generation already did) and run `retry` once more.
    Refresh {
        generation: u64,
        retry: Request,
    },
    SignOut,
    Batch(Vec<Effect>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Server,
    Email,
    Password,
    Totp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignIn {
    pub server: String,
    pub email: String,
    pub password: String,
    /// Shown once the server asked for a second factor.
    pub totp: Option<String>,
    pub focus: Field,
    pub busy: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowsePane {
    Filters,
    List,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Browse {
    pub genres: Load<Vec<FacetCount>>,
    /// Index into the loaded genres; `None`: all genres.
    pub genre: Option<usize>,
    /// Cursor in the filter pane: 0 is "All genres", then each genre.
    pub filter_cursor: usize,
    pub sort: usize,
    pub movies: Vec<MovieSummary>,
    pub total: Option<u64>,
    /// The next page to load; `None` once the last one is in.
    pub next_page: Option<u32>,
    /// The state of the latest page request (`Loaded(())` when idle after success).
    pub page: Load<()>,
    pub selected: usize,
    pub pane: BrowsePane,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoviePane {
    Cast,
    Crew,
    Trailers,
}

/// For You: rows of recommendations, one selected item, its reason in full on `w`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ForYouView {
    pub rows: Load<Box<ForYou>>,
    /// The selected row and the selected item in each row (rows remember their position).
    pub row: usize,
    pub items: Vec<usize>,
    pub why: bool,
    /// Per row, how many leading items have been counted as shown (impressions sent).
    pub shown: Vec<usize>,
}

impl ForYouView {
    /// The selected row's index and the selected item, when loaded and not empty.
    pub fn selected(&self) -> Option<(&RecommendationRow, &RecommendedMovie)> {
        let Load::Loaded(page) = &self.rows else {
            return None;
        };
        let row = page.rows.get(self.row)?;
        let item = row.items.get(self.item(self.row))?;
        Some((row, item))
    }

    pub fn item(&self, row: usize) -> usize {
        self.items.get(row).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MovieView {
    /// The movie this view is for (0 before any).
    pub id: i64,
    pub detail: Load<Box<MovieDetail>>,
    pub pane: MoviePane,
    pub scroll: usize,
    /// The profile's rating and watchlist flag, shown optimistically while a write is on its way.
    pub mine: Load<MovieState>,
    /// `.` was pressed: the next 1–5 is half a star less.
    pub half: bool,
}

impl MovieView {
    pub fn loading(id: i64) -> MovieView {
        MovieView {
            id,
            detail: Load::Loading,
            pane: MoviePane::Cast,
            scroll: 0,
            mine: Load::Idle,
            half: false,
        }
    }
}

/// A person: profile, then filmography (Enter opens a film).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonView {
    /// The person this view is for (0 before any).
    pub id: i64,
    pub detail: Load<Box<PersonDetail>>,
    pub films: Load<Vec<FilmographyEntry>>,
    pub total: u64,
    pub selected: usize,
}

/// Which list the Search view shows, derived from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchList {
    /// Nothing typed: this session's recent queries.
    Recent,
    /// Typed: the autocomplete suggestions.
    Suggestions,
    /// Enter pressed: the full results (with "did you mean").
    Results,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchView {
    pub input: String,
    /// Keys go into the input (else the list has the focus).
    pub editing: bool,
    /// Ticks left before the suggestions are asked for; `None`: nothing pending.
    pub debounce: Option<u32>,
    pub suggestions: Vec<SearchHit>,
    /// The query `suggestions` answer.
    pub suggested_for: String,
    pub suggest: Load<()>,
    /// The query of the full results.
    pub submitted: Option<String>,
    pub results: Load<Box<SearchPage>>,
    pub selected: usize,
    /// Newest first, without repeats.
    pub recent: Vec<String>,
}

impl SearchView {
    pub fn query(&self) -> &str {
        self.input.trim()
    }

    pub fn list(&self) -> SearchList {
        if self.query().is_empty() {
            SearchList::Recent
        } else if self.submitted.as_deref() == Some(self.query()) {
            SearchList::Results
        } else {
            SearchList::Suggestions
        }
    }

    /// The hits the list shows (none for recent queries).
    pub fn hits(&self) -> &[SearchHit] {
        match self.list() {
            SearchList::Recent => &[],
            SearchList::Suggestions => &self.suggestions,
            SearchList::Results => match &self.results {
                Load::Loaded(page) => &page.data,
                _ => &[],
            },
        }
    }

    fn len(&self) -> usize {
        match self.list() {
            SearchList::Recent => self.recent.len(),
            _ => self.hits().len(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HistoryPane {
    #[default]
    Continue,
    Watched,
}

/// Continue watching (resume points) above the watch history, newest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryView {
    pub continuing: Load<Vec<ContinueWatching>>,
    pub watched: Load<Vec<HistoryEntry>>,
    pub watched_total: u64,
    pub pane: HistoryPane,
    /// The selection in each pane.
    pub selected: [usize; 2],
}

impl HistoryView {
    fn pane_index(&self) -> usize {
        match self.pane {
            HistoryPane::Continue => 0,
            HistoryPane::Watched => 1,
        }
    }

    /// The selected movie of the focused pane.
    pub fn selected_movie(&self) -> Option<i64> {
        let i = self.selected[self.pane_index()];
        match (self.pane, &self.continuing, &self.watched) {
            (HistoryPane::Continue, Load::Loaded(items), _) => Some(items.get(i)?.movie.id),
            (HistoryPane::Watched, _, Load::Loaded(items)) => Some(items.get(i)?.movie.id),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match (self.pane, &self.continuing, &self.watched) {
            (HistoryPane::Continue, Load::Loaded(items), _) => items.len(),
            (HistoryPane::Watched, _, Load::Loaded(items)) => items.len(),
            _ => 0,
        }
    }
}

/// The profile switcher (an overlay over any signed-in screen).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfilePicker {
    pub profiles: Load<Vec<Profile>>,
    pub selected: usize,
}

/// The admin view: background jobs and the main analytics metrics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdminView {
    pub jobs: Load<Jobs>,
    pub stats: Load<Box<Stats>>,
    /// The selected job.
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WatchlistView {
    pub entries: Load<Vec<WatchlistEntry>>,
    pub total: u64,
    pub selected: usize,
}

/// Offline: a banner, the last data stays, and the failed request is retried with backoff.
#[derive(Debug, Clone, PartialEq)]
pub struct Offline {
    pub message: String,
    pub retry: Request,
    pub attempt: u32,
    pub ticks_left: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub server: String,
    pub route: Route,
    pub back: Vec<Route>,
    pub session: Option<Session>,
    pub sign_in: SignIn,
    pub browse: Browse,
    pub for_you: ForYouView,
    pub movie: MovieView,
    pub person: PersonView,
    pub search: SearchView,
    pub watchlist: WatchlistView,
    pub history: HistoryView,
    pub admin: AdminView,
    pub offline: Option<Offline>,
    /// A one-line message for the status bar (credential store fallback, signed out…).
    pub notice: Option<String>,
    pub help: bool,
    /// `P`: choose the viewing profile.
    pub picker: Option<ProfilePicker>,
    pub color: bool,
    pub spinner: usize,
    pub quit: bool,
}

impl Model {
    pub fn new(server: &str, email: Option<String>, color: bool) -> Model {
        Model {
            server: server.to_owned(),
            route: Route::Starting,
            back: Vec::new(),
            session: None,
            sign_in: SignIn {
                server: server.to_owned(),
                focus: if email.is_some() {
                    Field::Password
                } else {
                    Field::Email
                },
                email: email.unwrap_or_default(),
                password: String::new(),
                totp: None,
                busy: false,
                error: None,
            },
            browse: Browse {
                genres: Load::Idle,
                genre: None,
                filter_cursor: 0,
                sort: 0,
                movies: Vec::new(),
                total: None,
                next_page: Some(1),
                page: Load::Idle,
                selected: 0,
                pane: BrowsePane::List,
            },
            for_you: ForYouView::default(),
            movie: MovieView {
                detail: Load::Idle,
                ..MovieView::loading(0)
            },
            person: PersonView::default(),
            search: SearchView::default(),
            watchlist: WatchlistView::default(),
            history: HistoryView::default(),
            admin: AdminView::default(),
            offline: None,
            notice: None,
            help: false,
            picker: None,
            color,
            spinner: 0,
            quit: false,
        }
    }

    /// Whether keys are going into a text field (so `q`, `j`, `?` are letters, not commands).
    pub fn typing(&self) -> bool {
        self.route == Route::SignIn
            || (self.route == Route::Tab(Tab::Search) && self.search.editing)
    }

    /// The views this account can open, in number-key order (Admin only for admins).
    pub fn tabs(&self) -> &'static [Tab] {
        let admin = self.session.as_ref().is_some_and(|s| s.me.role == "admin");
        if admin { &Tab::ALL } else { &Tab::ALL[..5] }
    }

    /// The signed-in profile's id: ratings, the watchlist and For You need one.
    pub fn profile_id(&self) -> Option<i64> {
        Some(self.session.as_ref()?.profile.as_ref()?.id)
    }

    fn browse_request(&self, page: u32) -> Request {
        let genre = match (&self.browse.genres, self.browse.genre) {
            (Load::Loaded(genres), Some(i)) => genres.get(i).map(|g| g.code.clone()),
            _ => None,
        };
        Request::Movies {
            genre,
            sort: SORTS[self.browse.sort % SORTS.len()].0.to_owned(),
            page,
        }
    }
}

fn batch(effects: Vec<Effect>) -> Option<Effect> {
    // Flat, so that an effect reads the same however it was put together.
    let effects: Vec<Effect> = effects
        .into_iter()
        .flat_map(|e| match e {
            Effect::Batch(inner) => inner,
            e => vec![e],
        })
        .collect();
    match effects.len() {
        0 => None,
        1 => effects.into_iter().next(),
        _ => Some(Effect::Batch(effects)),
    }
}

pub fn update(model: &mut Model, msg: Msg) -> Option<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Tick => on_tick(model),
        Msg::Started { notice, session } => {
            model.notice = notice;
            match session {
                Some(session) => signed_in(model, session),
                None => {
                    model.route = Route::SignIn;
                    None
                }
            }
        }
        Msg::SignedIn(session) => {
            model.server = model.sign_in.server.clone();
            signed_in(model, session)
        }
        Msg::SignInFailed(failure) => {
            sign_in_failed(&mut model.sign_in, failure);
            None
        }
        Msg::Loaded { request, response } => {
            model.offline = None;
            loaded(model, request, response)
        }
        Msg::Failed {
            request,
            failure,
            generation,
        } => failed(model, request, failure, generation),
        Msg::SessionEnded(message) => {
            to_sign_in(model, Some(message));
            None
        }
        Msg::Notice(notice) => {
            model.notice = Some(notice);
            None
        }
        Msg::SignedOut => {
            to_sign_in(model, None);
            model.notice = Some(format!("Signed out of {}.", model.server));
            None
        }
    }
}

fn signed_in(model: &mut Model, session: Session) -> Option<Effect> {
    model.session = Some(session);
    model.sign_in.password.clear();
    model.sign_in.totp = None;
    model.sign_in.busy = false;
    model.sign_in.error = None;
    model.back.clear();
    open_tab(model, Tab::Browse)
}

fn to_sign_in(model: &mut Model, error: Option<String>) {
    model.session = None;
    model.route = Route::SignIn;
    model.back.clear();
    model.offline = None;
    model.help = false;
    model.picker = None;
    let keep = Model::new(
        &model.server,
        Some(model.sign_in.email.clone()),
        model.color,
    );
    model.browse = keep.browse;
    model.for_you = keep.for_you;
    model.movie = keep.movie;
    model.watchlist = keep.watchlist;
    model.admin = keep.admin;
    model.history = keep.history;
    model.person = keep.person;
    // Recent queries are kept for the session, and this one is over.
    model.search = keep.search;
    model.sign_in = SignIn {
        error,
        ..keep.sign_in
    };
    if model.sign_in.email.is_empty() {
        model.sign_in.focus = Field::Email;
    }
}

fn sign_in_failed(form: &mut SignIn, failure: Failure) {
    form.busy = false;
    form.error = Some(match &failure {
        Failure::Server { code, .. } if code == "totp_required" => {
            form.totp = Some(String::new());
            form.focus = Field::Totp;
            "This account uses two-factor authentication: enter the code from your authenticator app."
                .to_owned()
        }
        Failure::Server { code, .. } if code == "invalid_totp" => {
            form.totp = Some(String::new());
            form.focus = Field::Totp;
            "That code is wrong or already used. Wait for the next code and try again.".to_owned()
        }
        Failure::Server { code, .. } if code == "invalid_credentials" => {
            form.password.clear();
            form.focus = Field::Password;
            "The email or password is wrong. Check both and try again.".to_owned()
        }
        Failure::Offline(why) => format!(
            "Can't reach {} ({why}). Check the server URL and that marqueed is running.",
            form.server
        ),
        Failure::NotFound => format!(
            "{} answered 404: is this a Marquee server? Check the URL.",
            form.server
        ),
        Failure::Server { message, .. } => message.clone(),
        Failure::Unauthorized => failure.describe(),
    });
}

fn on_tick(model: &mut Model) -> Option<Effect> {
    model.spinner = model.spinner.wrapping_add(1);
    let mut effects = Vec::new();
    effects.extend(debounce_tick(model));
    if let Some(offline) = model.offline.as_mut() {
        if offline.ticks_left > 0 {
            offline.ticks_left -= 1;
        } else {
            // Retried once per backoff period until an answer clears the banner.
            offline.attempt += 1;
            offline.ticks_left = backoff_ticks(offline.attempt);
            effects.push(Effect::Fetch(offline.retry.clone()));
        }
    }
    batch(effects)
}

/// Counts down the search debounce; at zero, asks for suggestions for what is typed now.
fn debounce_tick(model: &mut Model) -> Option<Effect> {
    let search = &mut model.search;
    match search.debounce? {
        0 => {
            search.debounce = None;
            let query = search.query().to_owned();
            if query.is_empty() || query == search.suggested_for {
                return None;
            }
            search.suggest = Load::Loading;
            Some(Effect::Fetch(Request::Suggest(query)))
        }
        left => {
            search.debounce = Some(left - 1);
            None
        }
    }
}

fn backoff_ticks(attempt: u32) -> u32 {
    2u32.saturating_pow(attempt).min(MAX_BACKOFF_SECONDS) * TICKS_PER_SECOND
}

fn loaded(model: &mut Model, request: Request, response: Response) -> Option<Effect> {
    match response {
        Response::Genres(genres) => {
            model.browse.genres = Load::Loaded(genres);
            None
        }
        Response::Movies(page) => {
            // A page for filters that have since changed is stale.
            if request != model.browse_request(page.pagination.page) {
                return None;
            }
            let browse = &mut model.browse;
            browse.total = Some(page.pagination.total);
            browse.next_page = (u64::from(page.pagination.page) < page.pagination.total_pages)
                .then_some(page.pagination.page + 1);
            browse.movies.extend(page.data);
            browse.page = Load::Loaded(());
            None
        }
        Response::Movie(detail) => {
            if model.route == Route::Movie(detail.id) {
                model.movie.detail = Load::Loaded(detail);
            }
            None
        }
        Response::ForYou(page) => {
            let profile = model.profile_id();
            let view = &mut model.for_you;
            view.items = vec![0; page.rows.len()];
            view.row = view.row.min(page.rows.len().saturating_sub(1));
            view.shown = page
                .rows
                .iter()
                .map(|r| r.items.len().min(IMPRESSION_ITEMS))
                .collect();
            let tracks: Vec<Track> = profile
                .map(|profile| {
                    (0..page.rows.len())
                        .flat_map(|row| (0..view.shown[row]).map(move |item| (row, item)))
                        .filter_map(|(row, item)| {
                            Track::for_you(profile, "impression", &page, row, item)
                        })
                        .collect()
                })
                .unwrap_or_default();
            view.rows = Load::Loaded(page);
            (!tracks.is_empty()).then_some(Effect::Track(tracks))
        }
        Response::Suggestions(hits) => {
            let Request::Suggest(query) = request else {
                return None;
            };
            let search = &mut model.search;
            // Suggestions for an older prefix are stale once a newer one was asked for.
            if query == search.query() || search.suggest != Load::Loading {
                if search.list() == SearchList::Suggestions && query != search.suggested_for {
                    search.selected = 0;
                }
                search.suggestions = hits;
                search.suggested_for = query;
                search.suggest = Load::Loaded(());
            }
            None
        }
        Response::Search(page) => {
            let Request::Search { query, .. } = request else {
                return None;
            };
            let search = &mut model.search;
            if search.submitted.as_deref() == Some(query.as_str()) {
                search.results = Load::Loaded(page);
                search.selected = 0;
            }
            None
        }
        Response::Watchlist(page) => {
            let view = &mut model.watchlist;
            view.total = page.pagination.total;
            view.selected = view.selected.min(page.data.len().saturating_sub(1));
            view.entries = Load::Loaded(page.data);
            None
        }
        Response::Person(detail) => {
            if model.route == Route::Person(detail.id) {
                model.person.detail = Load::Loaded(detail);
            }
            None
        }
        Response::Filmography { person, page } => {
            if model.route == Route::Person(person) {
                model.person.total = page.pagination.total;
                model.person.films = Load::Loaded(page.data);
            }
            None
        }
        Response::ContinueWatching(page) => {
            model.history.continuing = Load::Loaded(page.data);
            None
        }
        Response::History(page) => {
            model.history.watched_total = page.pagination.total;
            model.history.watched = Load::Loaded(page.data);
            None
        }
        Response::Profiles(profiles) => {
            if let Some(picker) = &mut model.picker {
                let current = model.session.as_ref().and_then(|s| s.profile.as_ref());
                picker.selected = current
                    .and_then(|c| profiles.iter().position(|p| p.id == c.id))
                    .unwrap_or(0);
                picker.profiles = Load::Loaded(profiles);
            }
            None
        }
        Response::AdminJobs(jobs) => {
            let view = &mut model.admin;
            view.selected = view.selected.min(jobs.jobs.len().saturating_sub(1));
            view.jobs = Load::Loaded(jobs);
            None
        }
        Response::AdminStats(stats) => {
            model.admin.stats = Load::Loaded(stats);
            None
        }
        Response::MovieState(state) => {
            if model.route == Route::Movie(state.movie_id) {
                model.movie.mine = Load::Loaded(state);
            }
            None
        }
        Response::Rated(written) => {
            let title = movie_title(model, written.movie_id);
            let average = written
                .movie_rating
                .average
                .map(|a| format!("{a:.1}"))
                .unwrap_or_else(|| "–".to_owned());
            model.notice = Some(format!(
                "Rated {title} {} · average now {average} from {} ratings.",
                stars_text(written.rating),
                written.movie_rating.count
            ));
            if let Load::Loaded(detail) = &mut model.movie.detail
                && detail.id == written.movie_id
            {
                detail.rating.average = written.movie_rating.average;
                detail.rating.count = written.movie_rating.count;
            }
            // For You follows ratings: it is recomputed the next time it is opened.
            model.for_you.rows = Load::Idle;
            let Request::Rate { profile, movie, .. } = request else {
                return None;
            };
            Some(Effect::Track(vec![Track {
                value: Some(written.rating),
                ..Track::new(profile, "rating", movie)
            }]))
        }
        Response::Done => {
            model.notice = Some(match request {
                Request::Rate { movie, .. } => {
                    format!("Your rating of {} is removed.", movie_title(model, movie))
                }
                Request::Watchlisted { movie, on, .. } => {
                    let title = movie_title(model, movie);
                    if on {
                        format!("{title} is on your watchlist.")
                    } else {
                        format!("{title} is off your watchlist.")
                    }
                }
                Request::NotInterested { movie, .. } => {
                    model.for_you.rows = Load::Idle;
                    format!(
                        "Noted: For You will not suggest {} again.",
                        movie_title(model, movie)
                    )
                }
                _ => return None,
            });
            if let Request::Watchlisted { profile, movie, on } = request {
                // The Watchlist view reloads when it is opened next (or now, if it is open).
                model.watchlist.entries = Load::Idle;
                let mut effects = Vec::new();
                if on {
                    effects.push(Effect::Track(vec![Track::new(
                        profile,
                        "watchlist_add",
                        movie,
                    )]));
                }
                if model.route == Route::Tab(Tab::Watchlist) {
                    effects.extend(load_watchlist(model));
                }
                return batch(effects);
            }
            None
        }
    }
}

/// A movie's title if this screen knows it, else its id.
fn movie_title(model: &Model, id: i64) -> String {
    if let Load::Loaded(detail) = &model.movie.detail
        && detail.id == id
    {
        return detail.title.clone();
    }
    if let Load::Loaded(entries) = &model.watchlist.entries
        && let Some(entry) = entries.iter().find(|e| e.movie.id == id)
    {
        return entry.movie.title.clone();
    }
    format!("movie {id}")
}

/// "★★★½ (3.5)".
pub fn stars_text(rating: f64) -> String {
    let halves = (rating * 2.0).round().clamp(0.0, 10.0) as usize;
    format!(
        "{}{} ({rating:.1})",
        "★".repeat(halves / 2),
        if halves % 2 == 1 { "½" } else { "" }
    )
}

fn failed(
    model: &mut Model,
    request: Request,
    failure: Failure,
    generation: u64,
) -> Option<Effect> {
    if failure == Failure::Unauthorized {
        return Some(Effect::Refresh {
            generation,
            retry: request,
        });
    }
    if request.is_write() {
        return write_failed(model, request, failure);
    }
    if let Failure::Offline(why) = &failure {
        let attempt = model.offline.as_ref().map_or(0, |o| o.attempt);
        model.offline = Some(Offline {
            message: format!("Offline ({why})"),
            retry: request.clone(),
            attempt,
            ticks_left: backoff_ticks(attempt),
        });
    }
    match request {
        Request::Genres => model.browse.genres = Load::Failed(failure),
        Request::Movies { .. } => model.browse.page = Load::Failed(failure),
        Request::Movie(id) => {
            if model.route == Route::Movie(id) {
                model.movie.detail = Load::Failed(failure);
            }
        }
        Request::ForYou(_) => {
            model.for_you.rows = if failure == Failure::NotFound {
                Load::Unavailable
            } else {
                Load::Failed(failure)
            };
        }
        Request::Suggest(query) => {
            if query == model.search.query() {
                model.search.suggest = Load::Failed(failure);
            }
        }
        Request::Search { query, .. } => {
            if model.search.submitted.as_deref() == Some(query.as_str()) {
                model.search.results = Load::Failed(failure);
            }
        }
        Request::Watchlist(_) => model.watchlist.entries = Load::Failed(failure),
        Request::Person(id) => {
            if model.route == Route::Person(id) {
                model.person.detail = Load::Failed(failure);
            }
        }
        Request::Filmography(id) => {
            if model.route == Route::Person(id) {
                model.person.films = Load::Failed(failure);
            }
        }
        Request::ContinueWatching(_) => model.history.continuing = Load::Failed(failure),
        Request::History(_) => model.history.watched = Load::Failed(failure),
        Request::Profiles => {
            if let Some(picker) = &mut model.picker {
                picker.profiles = Load::Failed(failure);
            }
        }
        Request::AdminJobs => model.admin.jobs = Load::Failed(failure),
        Request::AdminStats => model.admin.stats = Load::Failed(failure),
        Request::MovieState { movie, .. } => {
            if model.route == Route::Movie(movie) {
                model.movie.mine = Load::Failed(failure);
            }
        }
        Request::Rate { .. } | Request::Watchlisted { .. } | Request::NotInterested { .. } => {}
    }
    None
}

/// A write failed: say so, and reload what the server really has (the display was optimistic).
fn write_failed(model: &mut Model, request: Request, failure: Failure) -> Option<Effect> {
    let (what, profile, movie) = match request {
        Request::Rate { profile, movie, .. } => ("Your rating was not saved", profile, movie),
        Request::Watchlisted { profile, movie, .. } => {
            ("Your watchlist was not changed", profile, movie)
        }
        Request::NotInterested { profile, movie } => {
            ("\"Not interested\" was not saved", profile, movie)
        }
        _ => return None,
    };
    let why = match &failure {
        Failure::Offline(why) => {
            format!("can't reach the server ({why}); try again once it is back")
        }
        Failure::Server { message, .. } => message.clone(),
        Failure::NotFound => "the movie or profile no longer exists".to_owned(),
        Failure::Unauthorized => "the session was refused; sign in again".to_owned(),
    };
    model.notice = Some(format!("{what}: {why}"));
    let mut effects = Vec::new();
    if model.route == Route::Movie(movie) {
        effects.push(Effect::Fetch(Request::MovieState { profile, movie }));
    }
    if matches!(request, Request::Watchlisted { .. }) {
        effects.extend(load_watchlist(model));
    }
    batch(effects)
}

fn open_tab(model: &mut Model, tab: Tab) -> Option<Effect> {
    model.route = Route::Tab(tab);
    match tab {
        Tab::Browse => {
            let mut effects = Vec::new();
            if matches!(model.browse.genres, Load::Idle | Load::Failed(_)) {
                model.browse.genres = Load::Loading;
                effects.push(Effect::Fetch(Request::Genres));
            }
            if model.browse.movies.is_empty() && !matches!(model.browse.page, Load::Loading) {
                effects.extend(load_page(model));
            }
            batch(effects)
        }
        Tab::ForYou => {
            if matches!(model.for_you.rows, Load::Idle | Load::Failed(_)) {
                load_for_you(model)
            } else {
                None
            }
        }
        Tab::Search => {
            model.search.editing = true;
            None
        }
        Tab::Watchlist => {
            if matches!(model.watchlist.entries, Load::Idle | Load::Failed(_)) {
                load_watchlist(model)
            } else {
                None
            }
        }
        Tab::History => {
            if matches!(model.history.continuing, Load::Idle | Load::Failed(_))
                || matches!(model.history.watched, Load::Idle | Load::Failed(_))
            {
                load_history(model)
            } else {
                None
            }
        }
        Tab::Admin => {
            if matches!(model.admin.jobs, Load::Idle | Load::Failed(_))
                || matches!(model.admin.stats, Load::Idle | Load::Failed(_))
            {
                load_admin(model)
            } else {
                None
            }
        }
    }
}

/// (Re)loads continue watching and the history of the signed-in profile.
fn load_history(model: &mut Model) -> Option<Effect> {
    let profile = model.profile_id()?;
    model.history.continuing = Load::Loading;
    model.history.watched = Load::Loading;
    batch(vec![
        Effect::Fetch(Request::ContinueWatching(profile)),
        Effect::Fetch(Request::History(profile)),
    ])
}

/// (Re)loads the jobs and the metrics.
fn load_admin(model: &mut Model) -> Option<Effect> {
    model.admin.jobs = Load::Loading;
    model.admin.stats = Load::Loading;
    batch(vec![
        Effect::Fetch(Request::AdminJobs),
        Effect::Fetch(Request::AdminStats),
    ])
}

/// (Re)loads the watchlist of the signed-in profile; with no profile there is nothing to load.
fn load_watchlist(model: &mut Model) -> Option<Effect> {
    let profile = model.profile_id()?;
    model.watchlist.entries = Load::Loading;
    Some(Effect::Fetch(Request::Watchlist(profile)))
}

/// (Re)loads For You for the signed-in profile; with no profile there is nothing to load.
fn load_for_you(model: &mut Model) -> Option<Effect> {
    let profile = model.session.as_ref()?.profile.as_ref()?.id;
    model.for_you.rows = Load::Loading;
    model.for_you.why = false;
    Some(Effect::Fetch(Request::ForYou(profile)))
}

/// The next page of Browse, if there is one and none is on its way.
fn load_page(model: &mut Model) -> Option<Effect> {
    let page = model.browse.next_page?;
    if model.browse.page == Load::Loading {
        return None;
    }
    model.browse.page = Load::Loading;
    Some(Effect::Fetch(model.browse_request(page)))
}

/// Filters changed: start over from page 1.
fn reload_browse(model: &mut Model) -> Option<Effect> {
    let browse = &mut model.browse;
    browse.movies.clear();
    browse.total = None;
    browse.selected = 0;
    browse.next_page = Some(1);
    browse.page = Load::Idle;
    load_page(model)
}

fn open_movie(model: &mut Model, id: i64) -> Option<Effect> {
    model.back.push(model.route.clone());
    load_movie(model, id)
}

/// Shows movie `id`, loading it (and the profile's state for it) afresh.
fn load_movie(model: &mut Model, id: i64) -> Option<Effect> {
    model.route = Route::Movie(id);
    model.movie = MovieView::loading(id);
    let mut effects = vec![Effect::Fetch(Request::Movie(id))];
    if let Some(profile) = model.profile_id() {
        model.movie.mine = Load::Loading;
        effects.push(Effect::Fetch(Request::MovieState { profile, movie: id }));
    }
    batch(effects)
}

fn open_person(model: &mut Model, id: i64) -> Option<Effect> {
    model.back.push(model.route.clone());
    load_person(model, id)
}

fn load_person(model: &mut Model, id: i64) -> Option<Effect> {
    model.route = Route::Person(id);
    model.person = PersonView {
        id,
        detail: Load::Loading,
        films: Load::Loading,
        ..PersonView::default()
    };
    batch(vec![
        Effect::Fetch(Request::Person(id)),
        Effect::Fetch(Request::Filmography(id)),
    ])
}

/// Back to the previous screen (`None` from `back.pop` means there is none). A movie or person
/// page has one view each: coming back to one that another visit replaced loads it again.
fn go_back(model: &mut Model) -> Option<Option<Effect>> {
    let route = model.back.pop()?;
    Some(match route {
        Route::Movie(id) if model.movie.id != id => load_movie(model, id),
        Route::Person(id) if model.person.id != id => load_person(model, id),
        route => {
            model.route = route;
            None
        }
    })
}

fn on_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        model.quit = true;
        return None;
    }
    if model.help {
        // Any key closes the overlay; it does nothing else.
        model.help = false;
        return None;
    }
    if key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && !model.typing()) {
        model.help = true;
        return None;
    }
    if model.picker.is_some() {
        return picker_key(model, key);
    }
    match model.route.clone() {
        Route::Starting => {
            if matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                model.quit = true;
            }
            None
        }
        Route::SignIn => sign_in_key(model, key),
        Route::Tab(tab) => tab_key(model, tab, key),
        Route::Movie(id) => movie_key(model, id, key),
        Route::Person(id) => person_key(model, id, key),
    }
}

/// Keys every signed-in screen shares; `None` when the key is not one of them.
fn common_key(model: &mut Model, key: KeyEvent) -> Option<Option<Effect>> {
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => match go_back(model) {
            Some(effect) => Some(effect),
            None => {
                model.quit = true;
                Some(None)
            }
        },
        KeyCode::Char(c @ '1'..='9') => {
            // A number with no view behind it (6 for non-admins) does nothing.
            let Some(&tab) = model.tabs().get(usize::from(c as u8 - b'1')) else {
                return Some(None);
            };
            model.back.clear();
            Some(open_tab(model, tab))
        }
        KeyCode::Char('L') => Some(Some(Effect::SignOut)),
        KeyCode::Char('P') => {
            model.picker = Some(ProfilePicker {
                profiles: Load::Loading,
                selected: 0,
            });
            Some(Some(Effect::Fetch(Request::Profiles)))
        }
        KeyCode::Char('/') => {
            model.back.clear();
            Some(open_tab(model, Tab::Search))
        }
        KeyCode::Char('r') => Some(retry(model)),
        _ => None,
    }
}

/// `r`: do again what failed on this screen (or what the offline banner is waiting on).
fn retry(model: &mut Model) -> Option<Effect> {
    if let Some(offline) = &mut model.offline {
        offline.ticks_left = backoff_ticks(offline.attempt);
        return Some(Effect::Fetch(offline.retry.clone()));
    }
    match model.route.clone() {
        Route::Tab(Tab::Browse) => {
            let mut effects = Vec::new();
            if matches!(model.browse.genres, Load::Failed(_)) {
                model.browse.genres = Load::Loading;
                effects.push(Effect::Fetch(Request::Genres));
            }
            if matches!(model.browse.page, Load::Failed(_)) {
                model.browse.page = Load::Idle;
                effects.extend(load_page(model));
            }
            batch(effects)
        }
        // For You is recomputed as the profile's activity changes: `r` always reloads it.
        Route::Tab(Tab::ForYou) => load_for_you(model),
        Route::Tab(Tab::Watchlist) => load_watchlist(model),
        Route::Tab(Tab::Admin) => load_admin(model),
        Route::Tab(Tab::History) => load_history(model),
        Route::Tab(Tab::Search) => {
            let search = &mut model.search;
            match (&search.results, &search.submitted) {
                (Load::Failed(_), Some(query)) if search.list() == SearchList::Results => {
                    let query = query.clone();
                    search.results = Load::Loading;
                    Some(Effect::Fetch(Request::Search {
                        query,
                        profile: model.profile_id(),
                    }))
                }
                _ if matches!(search.suggest, Load::Failed(_)) => {
                    search.suggested_for.clear();
                    search.debounce = Some(0);
                    debounce_tick(model)
                }
                _ => None,
            }
        }
        Route::Movie(id) => {
            let mut effects = Vec::new();
            if matches!(model.movie.detail, Load::Failed(_)) {
                model.movie.detail = Load::Loading;
                effects.push(Effect::Fetch(Request::Movie(id)));
            }
            if let (Load::Failed(_), Some(profile)) = (&model.movie.mine, model.profile_id()) {
                model.movie.mine = Load::Loading;
                effects.push(Effect::Fetch(Request::MovieState { profile, movie: id }));
            }
            batch(effects)
        }
        Route::Person(id) => {
            let mut effects = Vec::new();
            if matches!(model.person.detail, Load::Failed(_)) {
                model.person.detail = Load::Loading;
                effects.push(Effect::Fetch(Request::Person(id)));
            }
            if matches!(model.person.films, Load::Failed(_)) {
                model.person.films = Load::Loading;
                effects.push(Effect::Fetch(Request::Filmography(id)));
            }
            batch(effects)
        }
        _ => None,
    }
}

fn sign_in_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let form = &mut model.sign_in;
    if form.busy {
        if key.code == KeyCode::Esc {
            model.quit = true;
        }
        return None;
    }
    let fields: Vec<Field> = [Field::Server, Field::Email, Field::Password]
        .into_iter()
        .chain(form.totp.is_some().then_some(Field::Totp))
        .collect();
    let at = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
    match key.code {
        KeyCode::Esc => model.quit = true,
        KeyCode::Tab | KeyCode::Down => form.focus = fields[(at + 1) % fields.len()],
        KeyCode::BackTab | KeyCode::Up => {
            form.focus = fields[(at + fields.len() - 1) % fields.len()]
        }
        KeyCode::Enter if at + 1 < fields.len() => form.focus = fields[at + 1],
        KeyCode::Enter => return submit(form),
        KeyCode::Backspace => {
            field_mut(form).pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            field_mut(form).push(c);
        }
        _ => {}
    }
    None
}

fn field_mut(form: &mut SignIn) -> &mut String {
    match form.focus {
        Field::Server => &mut form.server,
        Field::Email => &mut form.email,
        Field::Password => &mut form.password,
        Field::Totp => form.totp.get_or_insert_with(String::new),
    }
}

fn submit(form: &mut SignIn) -> Option<Effect> {
    let server = form.server.trim().trim_end_matches('/').to_owned();
    let missing = [
        (server.is_empty(), "the server URL"),
        (form.email.trim().is_empty(), "your email"),
        (form.password.is_empty(), "your password"),
        (
            form.totp.as_ref().is_some_and(|t| t.trim().is_empty()),
            "the two-factor code",
        ),
    ]
    .into_iter()
    .find_map(|(missing, what)| missing.then_some(what));
    if let Some(what) = missing {
        form.error = Some(format!("Enter {what} first."));
        return None;
    }
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        form.error = Some("The server URL must start with http:// or https://.".to_owned());
        form.focus = Field::Server;
        return None;
    }
    form.server = server.clone();
    form.busy = true;
    form.error = None;
    Some(Effect::SignIn {
        server,
        email: form.email.trim().to_owned(),
        password: form.password.clone(),
        totp: form.totp.as_ref().map(|t| t.trim().to_owned()),
    })
}

fn tab_key(model: &mut Model, tab: Tab, key: KeyEvent) -> Option<Effect> {
    if tab == Tab::Search && model.search.editing {
        return search_input_key(model, key);
    }
    if let Some(effect) = common_key(model, key) {
        return effect;
    }
    match tab {
        Tab::Browse => browse_key(model, key),
        Tab::ForYou => for_you_key(model, key),
        Tab::Search => search_list_key(model, key),
        Tab::Watchlist => watchlist_key(model, key),
        Tab::History => history_key(model, key),
        Tab::Admin => {
            let view = &mut model.admin;
            let len = match &view.jobs {
                Load::Loaded(jobs) => jobs.jobs.len(),
                _ => 0,
            };
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => {
                    view.selected = (view.selected + 1).min(len.saturating_sub(1));
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    view.selected = view.selected.saturating_sub(1);
                }
                _ => {}
            }
            None
        }
    }
}

/// Typing in the search box: every change restarts the debounce; Enter searches in full.
fn search_input_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let search = &mut model.search;
    let before = search.query().to_owned();
    match key.code {
        KeyCode::Enter => return submit_search(model),
        KeyCode::Esc | KeyCode::Down | KeyCode::Tab => {
            search.editing = false;
            return None;
        }
        KeyCode::Backspace => {
            search.input.pop();
        }
        KeyCode::Char('u') if ctrl => search.input.clear(),
        KeyCode::Char(c) if !ctrl => search.input.push(c),
        _ => return None,
    }
    if search.query() != before {
        search.selected = 0;
        search.debounce = (!search.query().is_empty()).then_some(DEBOUNCE_TICKS);
    }
    None
}

/// Enter in the search box: the full search, remembered among the recent queries.
fn submit_search(model: &mut Model) -> Option<Effect> {
    let profile = model.profile_id();
    let search = &mut model.search;
    let query = search.query().to_owned();
    if query.is_empty() {
        search.editing = false;
        return None;
    }
    search.recent.retain(|q| *q != query);
    search.recent.insert(0, query.clone());
    search.recent.truncate(RECENT_QUERIES);
    search.debounce = None;
    search.editing = false;
    search.selected = 0;
    search.submitted = Some(query.clone());
    search.results = Load::Loading;
    Some(Effect::Fetch(Request::Search { query, profile }))
}

/// The list under the search box: move, open, accept "did you mean", back to typing.
fn search_list_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let search = &mut model.search;
    let len = search.len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            search.selected = (search.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up if search.selected == 0 => search.editing = true,
        KeyCode::Char('k') | KeyCode::Up => search.selected -= 1,
        KeyCode::Char('g') | KeyCode::Home => search.selected = 0,
        KeyCode::Char('G') | KeyCode::End => search.selected = len.saturating_sub(1),
        KeyCode::Char('i') | KeyCode::Tab | KeyCode::BackTab => search.editing = true,
        KeyCode::Char('c') => {
            search.input.clear();
            search.selected = 0;
            search.editing = true;
        }
        KeyCode::Char('d') => {
            let Load::Loaded(page) = &search.results else {
                return None;
            };
            if search.list() != SearchList::Results {
                return None;
            }
            search.input = page.did_you_mean.as_ref()?.query.clone();
            return submit_search(model);
        }
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            if search.list() == SearchList::Recent {
                search.input = search.recent.get(search.selected)?.clone();
                return submit_search(model);
            }
            let hit = search.hits().get(search.selected)?;
            if hit.kind != "movie" {
                model.notice = Some(format!(
                    "{} is a person: person pages are not in marquee yet.",
                    hit.title
                ));
                return None;
            }
            let (id, position) = (hit.id, search.selected);
            let click = model.profile_id().map(|profile| Track {
                row_kind: Some(SEARCH_ROW.to_owned()),
                position: i32::try_from(position).ok(),
                algorithm: Some(SEARCH_ROW.to_owned()),
                query: Some(model.search.query().to_owned()),
                ..Track::new(profile, "click", id)
            });
            let open = open_movie(model, id);
            return batch(
                click
                    .map(|c| Effect::Track(vec![c]))
                    .into_iter()
                    .chain(open)
                    .collect(),
            );
        }
        _ => {}
    }
    None
}

/// The switcher: j/k choose, Enter switches, Esc/q closes.
fn picker_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let picker = model.picker.as_mut()?;
    let len = match &picker.profiles {
        Load::Loaded(profiles) => profiles.len(),
        _ => 0,
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('P') => model.picker = None,
        KeyCode::Char('j') | KeyCode::Down => {
            picker.selected = (picker.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
        KeyCode::Char('r') if matches!(picker.profiles, Load::Failed(_)) => {
            picker.profiles = Load::Loading;
            return Some(Effect::Fetch(Request::Profiles));
        }
        KeyCode::Enter => {
            let Load::Loaded(profiles) = &picker.profiles else {
                return None;
            };
            let chosen = profiles.get(picker.selected)?.clone();
            model.picker = None;
            return switch_profile(model, chosen);
        }
        _ => {}
    }
    None
}

/// Everything profile-scoped is the old profile's: drop it and show the tab again.
fn switch_profile(model: &mut Model, profile: Profile) -> Option<Effect> {
    let session = model.session.as_mut()?;
    if session.profile.as_ref().map(|p| p.id) == Some(profile.id) {
        return None;
    }
    model.notice = Some(format!("Now watching as {}.", profile.name));
    session.profile = Some(profile);
    model.for_you = ForYouView::default();
    model.watchlist = WatchlistView::default();
    model.history = HistoryView::default();
    model.search.submitted = None;
    model.search.results = Load::Idle;
    model.search.recent.clear();
    // A movie page shows the old profile's rating: back to the tab it was opened from.
    let tab = match &model.route {
        Route::Tab(tab) => *tab,
        _ => model
            .back
            .iter()
            .find_map(|r| match r {
                Route::Tab(tab) => Some(*tab),
                _ => None,
            })
            .unwrap_or(Tab::Browse),
    };
    model.back.clear();
    open_tab(model, tab)
}

/// Tab between continue watching and the history; j/k move; Enter opens the movie.
fn history_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let view = &mut model.history;
    let len = view.len();
    let i = view.pane_index();
    match key.code {
        KeyCode::Tab | KeyCode::BackTab => {
            view.pane = match view.pane {
                HistoryPane::Continue => HistoryPane::Watched,
                HistoryPane::Watched => HistoryPane::Continue,
            };
        }
        KeyCode::Char('j') | KeyCode::Down => {
            view.selected[i] = (view.selected[i] + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.selected[i] = view.selected[i].saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.selected[i] = 0,
        KeyCode::Char('G') | KeyCode::End => view.selected[i] = len.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let id = view.selected_movie()?;
            return open_movie(model, id);
        }
        _ => {}
    }
    None
}

/// j/k move, Enter opens, x removes (at once on screen; the server's answer follows).
fn watchlist_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let profile = model.profile_id();
    let view = &mut model.watchlist;
    let Load::Loaded(entries) = &mut view.entries else {
        return None;
    };
    let len = entries.len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            view.selected = (view.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.selected = view.selected.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.selected = 0,
        KeyCode::Char('G') | KeyCode::End => view.selected = len.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let id = entries.get(view.selected)?.movie.id;
            return open_movie(model, id);
        }
        KeyCode::Char('x') | KeyCode::Delete => {
            let profile = profile?;
            if view.selected >= len {
                return None;
            }
            let entry = entries.remove(view.selected);
            view.total = view.total.saturating_sub(1);
            view.selected = view.selected.min(entries.len().saturating_sub(1));
            model.notice = Some(format!(
                "Removing {} from your watchlist…",
                entry.movie.title
            ));
            return Some(Effect::Fetch(Request::Watchlisted {
                profile,
                movie: entry.movie.id,
                on: false,
            }));
        }
        _ => {}
    }
    None
}

/// j/k (↓/↑) move between rows, h/l (←/→) along a row, Enter opens the movie, w shows why.
fn for_you_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let profile = model.profile_id();
    let view = &mut model.for_you;
    let Load::Loaded(page) = &view.rows else {
        return None;
    };
    let rows = page.rows.len();
    if rows == 0 {
        return None;
    }
    let len = page.rows[view.row.min(rows - 1)].items.len();
    let row = view.row;
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => view.row = (row + 1).min(rows - 1),
        KeyCode::Char('k') | KeyCode::Up => view.row = row.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.row = 0,
        KeyCode::Char('G') | KeyCode::End => view.row = rows - 1,
        KeyCode::Char('l') | KeyCode::Right => {
            let item = view.items.get_mut(row)?;
            *item = (*item + 1).min(len.saturating_sub(1));
            let item = *item;
            // An item further along the row is shown once the selection reaches it.
            let shown = view.shown.get(row).copied().unwrap_or(0);
            if item >= shown {
                if let Some(s) = view.shown.get_mut(row) {
                    *s = item + 1;
                }
                let track =
                    profile.and_then(|p| Track::for_you(p, "impression", page, row, item))?;
                return Some(Effect::Track(vec![track]));
            }
        }
        KeyCode::Char('h') | KeyCode::Left => {
            if let Some(item) = view.items.get_mut(row) {
                *item = item.saturating_sub(1);
            }
        }
        KeyCode::Char('w') => {
            view.why = !view.why;
            return None;
        }
        KeyCode::Enter => {
            let id = view.selected().map(|(_, item)| item.movie.id)?;
            let click = profile.and_then(|p| Track::for_you(p, "click", page, row, view.item(row)));
            let open = open_movie(model, id);
            return batch(
                click
                    .map(|c| Effect::Track(vec![c]))
                    .into_iter()
                    .chain(open)
                    .collect(),
            );
        }
        _ => return None,
    }
    if model.for_you.row != row {
        model.for_you.why = false;
    }
    None
}

fn browse_key(model: &mut Model, key: KeyEvent) -> Option<Effect> {
    let browse = &mut model.browse;
    match (browse.pane, key.code) {
        (_, KeyCode::Tab | KeyCode::BackTab) => {
            browse.pane = match browse.pane {
                BrowsePane::Filters => BrowsePane::List,
                BrowsePane::List => BrowsePane::Filters,
            };
            None
        }
        (_, KeyCode::Char('s')) => {
            browse.sort = (browse.sort + 1) % SORTS.len();
            reload_browse(model)
        }
        (BrowsePane::Filters, code) => {
            let count = match &browse.genres {
                Load::Loaded(genres) => genres.len() + 1,
                _ => 1,
            };
            match code {
                KeyCode::Char('j') | KeyCode::Down => {
                    browse.filter_cursor = (browse.filter_cursor + 1).min(count - 1);
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    browse.filter_cursor = browse.filter_cursor.saturating_sub(1);
                }
                KeyCode::Char('g') | KeyCode::Home => browse.filter_cursor = 0,
                KeyCode::Char('G') | KeyCode::End => browse.filter_cursor = count - 1,
                KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
                    browse.genre = browse.filter_cursor.checked_sub(1);
                    browse.pane = BrowsePane::List;
                    return reload_browse(model);
                }
                _ => {}
            }
            None
        }
        (BrowsePane::List, code) => {
            let len = browse.movies.len();
            match code {
                KeyCode::Char('j') | KeyCode::Down => {
                    browse.selected = (browse.selected + 1).min(len.saturating_sub(1));
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    browse.selected = browse.selected.saturating_sub(1)
                }
                KeyCode::PageDown | KeyCode::Char('d') => {
                    browse.selected = (browse.selected + 10).min(len.saturating_sub(1));
                }
                KeyCode::PageUp | KeyCode::Char('u') => {
                    browse.selected = browse.selected.saturating_sub(10)
                }
                KeyCode::Char('g') | KeyCode::Home => browse.selected = 0,
                KeyCode::Char('G') | KeyCode::End => browse.selected = len.saturating_sub(1),
                KeyCode::Char('h') | KeyCode::Left => browse.pane = BrowsePane::Filters,
                KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
                    let id = browse.movies.get(browse.selected).map(|m| m.id)?;
                    return open_movie(model, id);
                }
                _ => return None,
            }
            // Pages load as the selection nears the end of what is loaded.
            if model.browse.selected + PREFETCH >= model.browse.movies.len()
                && !matches!(model.browse.page, Load::Failed(_))
            {
                return load_page(model);
            }
            None
        }
    }
}

/// Stars for a rating key: `1`–`5`, or half a star less after `.`.
fn rating_for(key: char, half: bool) -> Option<f64> {
    let stars = f64::from(key.to_digit(10).filter(|d| (1..=5).contains(d))?);
    Some(if half { stars - 0.5 } else { stars })
}

fn movie_key(model: &mut Model, id: i64, key: KeyEvent) -> Option<Effect> {
    let half = std::mem::take(&mut model.movie.half);
    match key.code {
        KeyCode::Char('.') => {
            model.movie.half = true;
            model.notice = Some("Half a star less: now press 1–5 (.4 rates 3.5).".to_owned());
            return None;
        }
        KeyCode::Char(c @ '1'..='5') => {
            return act(model, id, Action::Rate(rating_for(c, half)));
        }
        KeyCode::Char('0') | KeyCode::Char('x') => return act(model, id, Action::Rate(None)),
        KeyCode::Char('w') => return act(model, id, Action::ToggleWatchlist),
        KeyCode::Char('n') => return act(model, id, Action::NotInterested),
        _ => {}
    }
    if let Some(effect) = common_key(model, key) {
        return effect;
    }
    let view = &mut model.movie;
    match key.code {
        KeyCode::Tab => {
            view.pane = match view.pane {
                MoviePane::Cast => MoviePane::Crew,
                MoviePane::Crew => MoviePane::Trailers,
                MoviePane::Trailers => MoviePane::Cast,
            };
            view.scroll = 0;
        }
        KeyCode::BackTab => {
            view.pane = match view.pane {
                MoviePane::Cast => MoviePane::Trailers,
                MoviePane::Crew => MoviePane::Cast,
                MoviePane::Trailers => MoviePane::Crew,
            };
            view.scroll = 0;
        }
        KeyCode::Char('j') | KeyCode::Down => {
            let len = match (&view.detail, view.pane) {
                (Load::Loaded(m), MoviePane::Cast) => m.cast.len(),
                (Load::Loaded(m), MoviePane::Crew) => m.crew.len(),
                (Load::Loaded(m), MoviePane::Trailers) => m.trailers.len(),
                _ => 0,
            };
            view.scroll = (view.scroll + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.scroll = view.scroll.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.scroll = 0,
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let Load::Loaded(m) = &view.detail else {
                return None;
            };
            let person = match view.pane {
                MoviePane::Cast => m.cast.get(view.scroll)?.person.id,
                MoviePane::Crew => m.crew.get(view.scroll)?.person.id,
                MoviePane::Trailers => return None,
            };
            return open_person(model, person);
        }
        KeyCode::Char('h') | KeyCode::Left | KeyCode::Backspace => {
            return go_back(model).flatten();
        }
        _ => {}
    }
    None
}

/// j/k through the filmography, Enter opens the film, h/q back.
fn person_key(model: &mut Model, _id: i64, key: KeyEvent) -> Option<Effect> {
    if let Some(effect) = common_key(model, key) {
        return effect;
    }
    let view = &mut model.person;
    let len = match &view.films {
        Load::Loaded(films) => films.len(),
        _ => 0,
    };
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            view.selected = (view.selected + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('k') | KeyCode::Up => view.selected = view.selected.saturating_sub(1),
        KeyCode::Char('g') | KeyCode::Home => view.selected = 0,
        KeyCode::Char('G') | KeyCode::End => view.selected = len.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            let Load::Loaded(films) = &view.films else {
                return None;
            };
            let id = films.get(view.selected)?.movie.id;
            return open_movie(model, id);
        }
        KeyCode::Char('h') | KeyCode::Left | KeyCode::Backspace => {
            return go_back(model).flatten();
        }
        _ => {}
    }
    None
}

enum Action {
    Rate(Option<f64>),
    ToggleWatchlist,
    NotInterested,
}

/// A movie page action: shown at once (optimistic), sent to the server, its answer a notice.
fn act(model: &mut Model, movie: i64, action: Action) -> Option<Effect> {
    let Some(profile) = model.profile_id() else {
        model.notice = Some(
            "This account has no viewing profile yet: ratings and the watchlist need one."
                .to_owned(),
        );
        return None;
    };
    let mine = match &mut model.movie.mine {
        Load::Loaded(state) => Some(state),
        _ => None,
    };
    let request = match action {
        Action::Rate(rating) => {
            if let Some(mine) = mine {
                mine.rating = rating;
            }
            model.notice = Some(match rating {
                Some(r) => format!("Rating {}…", stars_text(r)),
                None => "Removing your rating…".to_owned(),
            });
            Request::Rate {
                profile,
                movie,
                rating,
            }
        }
        Action::ToggleWatchlist => {
            let on = !mine.as_ref().is_some_and(|m| m.on_watchlist);
            if let Some(mine) = mine {
                mine.on_watchlist = on;
            }
            model.notice = Some(
                if on {
                    "Adding to your watchlist…"
                } else {
                    "Taking it off your watchlist…"
                }
                .to_owned(),
            );
            Request::Watchlisted { profile, movie, on }
        }
        Action::NotInterested => {
            model.notice = Some("Telling For You you are not interested…".to_owned());
            Request::NotInterested { profile, movie }
        }
    };
    Some(Effect::Fetch(request))
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "app_tests_views.rs"]
mod view_tests;
