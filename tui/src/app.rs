//! The interactive client's state: `Model`, the `Msg`s that change it, and a pure
//! `update(&mut Model, Msg) -> Option<Effect>` that asks `worker` for any I/O. No I/O here: every
//! request is an `Effect`, and its answer (or failure) comes back as a `Msg`.

use crossterm::event::{KeyEvent, MouseEvent};
use marquee_api::Page;
use marquee_api::account::Me;
use marquee_api::activity::{
    ContinueWatching, HistoryEntry, MovieState, RatingWritten, WatchlistEntry,
};
use marquee_api::analytics::Stats;
use marquee_api::catalogue::{
    FacetCount, FilmographyEntry, MovieDetail, MovieSummary, PersonDetail, Trailer,
};
use marquee_api::ops::Jobs;
use marquee_api::profile::Profile;
use marquee_api::recommend::{ForYou, RecommendationRow, RecommendedMovie};
use marquee_api::search::{SearchHit, SearchPage};
use marquee_api::sports::{Highlight, LiveUpdate, MatchList, MatchSummary};
use marquee_api::trailers::{QUALITIES, StreamUrl};

pub use crate::poster::{Graphics, PosterImage};

use crate::keymap::Keymap;

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
    /// Live scores (from the server's live stream), upcoming matches, highlights.
    Sports,
    /// Jobs and metrics: admins only (the server answers 403 to everyone else).
    Admin,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::ForYou,
        Tab::Browse,
        Tab::Search,
        Tab::Watchlist,
        Tab::History,
        Tab::Sports,
        Tab::Admin,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::ForYou => "For You",
            Tab::Browse => "Browse",
            Tab::Search => "Search",
            Tab::Watchlist => "Watchlist",
            Tab::History => "History",
            Tab::Sports => "Sports",
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
    SportsLive,
    /// The next 24 hours, kickoffs in the machine's time zone (the worker knows which).
    SportsUpcoming,
    SportsHighlights,
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
    /// A signed stream URL for one quality of a trailer (the server records the play).
    Play {
        trailer: i64,
        quality: String,
        profile: Option<i64>,
    },
    /// The player opened: a `start` playback event.
    PlaybackStarted {
        trailer: i64,
        profile: i64,
    },
}

impl Request {
    /// Writes are never retried automatically: a failure is reported and the truth reloaded.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Request::Rate { .. }
                | Request::Watchlisted { .. }
                | Request::NotInterested { .. }
                | Request::Play { .. }
                | Request::PlaybackStarted { .. }
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
    SportsLive(MatchList),
    SportsUpcoming(MatchList),
    SportsHighlights(Vec<Highlight>),
    AdminJobs(Jobs),
    AdminStats(Box<Stats>),
    MovieState(MovieState),
    Rated(Box<RatingWritten>),
    Stream(Box<StreamUrl>),
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
    /// A click or the wheel: hit-tested against `Model::hits`.
    Mouse(MouseEvent),
    Tick,
    /// The worker's answer to `Effect::Resume`: a session if stored credentials still work.
    Started {
        notice: Option<String>,
        session: Option<Session>,
    },
    SignedIn(Session),
    SignInFailed(Failure),
    /// Register, a reset mail, a verification or a new password went through: the server's
    /// message.
    AuthAccepted(String),
    /// The server refused some fields of the form: (server field name, its rule).
    SignInInvalid(Vec<(String, String)>),
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
    /// A change from the live sports stream.
    Live(LiveUpdate),
    /// The live stream's connection changed.
    LiveFeed(Feed),
    /// The worker fetched and decoded a movie's poster (or says why not).
    Poster {
        movie: i64,
        poster: Result<PosterImage, String>,
    },
    /// What became of `Effect::OpenPlayer` for this trailer.
    Player {
        trailer: i64,
        player: Player,
    },
}

/// The player of a trailer's stream URL (`$MARQUEE_PLAYER`, else mpv, else the browser opener).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Player {
    #[default]
    Idle,
    /// The worker is starting it.
    Opening,
    /// Started (detached), by this name.
    Opened(String),
    /// None is configured or installed: the URL is shown to copy.
    NoneFound,
    /// It could not be started (why).
    Failed(String),
}

/// The live sports stream, as the Sports view shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Feed {
    #[default]
    Off,
    Connected,
    /// Down; the worker reconnects with backoff (and resumes where it stopped).
    Retrying(String),
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
    /// `POST /auth/register`; answered by `Msg::AuthAccepted` or `Msg::SignInFailed`.
    Register {
        server: String,
        name: String,
        email: String,
        password: String,
    },
    /// `POST /auth/password-reset`; answered like `Register`.
    RequestPasswordReset {
        server: String,
        email: String,
    },
    /// `POST /auth/verify-email` with the mailed token; answered like `Register`.
    VerifyEmail {
        server: String,
        token: String,
    },
    /// `POST /auth/password-reset/confirm`; answered like `Register`.
    ConfirmPasswordReset {
        server: String,
        token: String,
        new_password: String,
        totp: Option<String>,
    },
    Fetch(Request),
    /// Refresh the tokens (unless a newer generation already did) and run `retry` once more.
    Refresh {
        generation: u64,
        retry: Request,
    },
    SignOut,
    /// Start following the live sports stream (once per run; it reconnects by itself).
    WatchLive,
    /// Download and decode a movie's poster (`url` absolute, or relative to the server);
    /// answered by `Msg::Poster`.
    FetchPoster {
        movie: i64,
        url: String,
    },
    /// Open the stream URL in a player, detached; answered by `Msg::Player`. With a profile,
    /// the worker reports mpv's progress (`progress`) as playback events of that profile.
    OpenPlayer {
        stream: Box<StreamUrl>,
        profile: Option<i64>,
    },
    Batch(Vec<Effect>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Server,
    /// Register only: the account's (and first profile's) name.
    Name,
    Email,
    Password,
    /// Reset only: the new password again.
    Confirm,
    /// Verify and reset: the token from the mail.
    Token,
    Totp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignIn {
    pub mode: AuthMode,
    pub server: String,
    pub name: String,
    pub email: String,
    pub password: String,
    /// Shown once the server asked for a second factor.
    pub totp: Option<String>,
    /// The token pasted from a verification or reset mail.
    pub token: String,
    /// The new password again (reset).
    pub confirm: String,
    pub focus: Field,
    pub busy: bool,
    pub error: Option<String>,
    /// What is wrong with a field, shown next to it (the server's rule, a mismatch).
    pub invalid: Vec<(Field, String)>,
}

/// Which form the sign-in screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMode {
    #[default]
    SignIn,
    /// Ctrl-N: create an account (the server mails a verification link).
    Register,
    /// Ctrl-F: forgot password (the server mails a reset link).
    Forgot,
    /// Ctrl-E, and after registering: the token from the verification mail.
    Verify,
    /// Ctrl-R, and after a reset mail: its token and a new password, twice.
    Reset,
}

impl SignIn {
    /// The fields of the current form, in Tab order.
    pub fn fields(&self) -> Vec<Field> {
        match self.mode {
            AuthMode::SignIn => [Field::Server, Field::Email, Field::Password]
                .into_iter()
                .chain(self.totp.is_some().then_some(Field::Totp))
                .collect(),
            AuthMode::Register => vec![Field::Server, Field::Name, Field::Email, Field::Password],
            AuthMode::Forgot => vec![Field::Server, Field::Email],
            AuthMode::Verify => vec![Field::Server, Field::Token],
            AuthMode::Reset => [Field::Server, Field::Token, Field::Password, Field::Confirm]
                .into_iter()
                .chain(self.totp.is_some().then_some(Field::Totp))
                .collect(),
        }
    }

    /// What is wrong with `field`, if anything.
    pub fn invalid(&self, field: Field) -> Option<&str> {
        self.invalid
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, why)| why.as_str())
    }
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
    /// Enter on a trailer: its quality picker, then its stream URL and player.
    pub trailer: Option<TrailerPicker>,
    pub poster: PosterState,
}

/// The movie page's poster.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PosterState {
    /// Posters are off (`--posters off`, `NO_COLOR`).
    #[default]
    Off,
    /// The movie has no poster.
    Missing,
    Loading,
    Loaded(PosterImage),
    /// It could not be fetched or decoded: why.
    Failed(String),
}

/// A trailer's qualities to pick from, then the signed URL and what the player did with it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailerPicker {
    pub trailer: Trailer,
    pub selected: usize,
    pub stream: Load<Box<StreamUrl>>,
    pub player: Player,
}

impl TrailerPicker {
    pub fn new(trailer: Trailer) -> TrailerPicker {
        TrailerPicker {
            trailer,
            selected: 0,
            stream: Load::Idle,
            player: Player::Idle,
        }
    }

    /// The trailer's qualities, lowest first, each once (a quality can come as mp4 and HLS).
    pub fn qualities(&self) -> Vec<&str> {
        let rank = |q: &str| QUALITIES.iter().position(|x| *x == q).unwrap_or(usize::MAX);
        let mut qualities: Vec<&str> = self
            .trailer
            .renditions
            .iter()
            .map(|r| r.quality.as_str())
            .collect();
        qualities.sort_by_key(|q| (rank(q), *q));
        qualities.dedup();
        qualities
    }
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
            trailer: None,
            poster: PosterState::Off,
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

/// Sports: live now (kept current by the stream), the next 24 hours, highlights.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SportsView {
    pub live: Load<Vec<MatchSummary>>,
    pub upcoming: Load<MatchList>,
    pub highlights: Load<Vec<Highlight>>,
    pub feed: Feed,
    /// The match the stream changed last (shown highlighted).
    pub changed: Option<i64>,
    /// Whether the stream was asked for (it stays on for the run).
    pub watching: bool,
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
    pub sports: SportsView,
    pub admin: AdminView,
    pub offline: Option<Offline>,
    /// A one-line message for the status bar (credential store fallback, signed out…).
    pub notice: Option<String>,
    pub help: bool,
    /// `P`: choose the viewing profile.
    pub picker: Option<ProfilePicker>,
    pub color: bool,
    /// How posters are drawn (off: a placeholder); chosen once at start.
    pub graphics: Graphics,
    pub spinner: usize,
    pub quit: bool,
    /// The key bindings (defaults unless `keys.toml` says otherwise).
    pub keys: Keymap,
    /// Where the last frame drew what the mouse can hit.
    pub hits: Hits,
}

impl Model {
    pub fn new(server: &str, email: Option<String>, color: bool) -> Model {
        Model {
            server: server.to_owned(),
            route: Route::Starting,
            back: Vec::new(),
            session: None,
            sign_in: SignIn {
                mode: AuthMode::SignIn,
                server: server.to_owned(),
                name: String::new(),
                focus: if email.is_some() {
                    Field::Password
                } else {
                    Field::Email
                },
                email: email.unwrap_or_default(),
                password: String::new(),
                totp: None,
                token: String::new(),
                confirm: String::new(),
                busy: false,
                error: None,
                invalid: Vec::new(),
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
            sports: SportsView::default(),
            admin: AdminView::default(),
            offline: None,
            notice: None,
            help: false,
            picker: None,
            color,
            graphics: Graphics::off(),
            spinner: 0,
            quit: false,
            keys: Keymap::default(),
            hits: Hits::default(),
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
        if admin { &Tab::ALL } else { &Tab::ALL[..6] }
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

mod auth;
mod input;
mod keys;
mod responses;
mod trailers;
mod views;

use auth::*;
use input::*;
pub use input::{Hits, ListId, Target};
use keys::*;
pub use responses::stars_text;
use responses::*;
use trailers::*;
use views::*;

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
        Msg::Mouse(event) => on_mouse(model, event),
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
        Msg::AuthAccepted(message) => {
            auth_accepted(model, message);
            None
        }
        Msg::SignInFailed(failure) => {
            sign_in_failed(&mut model.sign_in, failure);
            None
        }
        Msg::SignInInvalid(fields) => {
            sign_in_invalid(&mut model.sign_in, fields);
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
        Msg::Live(update) => live_update(model, update),
        Msg::LiveFeed(feed) => {
            model.sports.feed = feed;
            None
        }
        Msg::Player { trailer, player } => player_answer(model, trailer, player),
        Msg::Poster { movie, poster } => {
            if model.movie.id == movie && model.movie.poster == PosterState::Loading {
                model.movie.poster = match poster {
                    Ok(image) => PosterState::Loaded(image),
                    Err(why) => PosterState::Failed(why),
                };
            }
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
    form.invalid.clear();
    form.error = Some(match &failure {
        Failure::Server { code, message, .. } if code == "invalid_or_expired_token" => {
            form.focus = Field::Token;
            form.invalid = vec![(Field::Token, message.clone())];
            "The server refused this token: ask for a new mail (Ctrl-F for a reset) and paste its token."
                .to_owned()
        }
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
        Tab::Sports => {
            let mut effects = Vec::new();
            if matches!(model.sports.live, Load::Idle | Load::Failed(_))
                || matches!(model.sports.upcoming, Load::Idle | Load::Failed(_))
                || matches!(model.sports.highlights, Load::Idle | Load::Failed(_))
            {
                effects.extend(load_sports(model));
            }
            if !model.sports.watching {
                model.sports.watching = true;
                effects.push(Effect::WatchLive);
            }
            batch(effects)
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
    refreshing(&mut model.history.continuing);
    refreshing(&mut model.history.watched);
    batch(vec![
        Effect::Fetch(Request::ContinueWatching(profile)),
        Effect::Fetch(Request::History(profile)),
    ])
}

/// (Re)loads live matches, the next 24 hours and the highlights.
fn load_sports(model: &mut Model) -> Option<Effect> {
    refreshing(&mut model.sports.live);
    refreshing(&mut model.sports.upcoming);
    refreshing(&mut model.sports.highlights);
    batch(vec![
        Effect::Fetch(Request::SportsLive),
        Effect::Fetch(Request::SportsUpcoming),
        Effect::Fetch(Request::SportsHighlights),
    ])
}

/// A live change: applied to the match on screen; a match not listed yet (it just kicked off)
/// reloads the lists.
fn live_update(model: &mut Model, update: LiveUpdate) -> Option<Effect> {
    let sports = &mut model.sports;
    sports.feed = Feed::Connected;
    let Load::Loaded(live) = &mut sports.live else {
        return None;
    };
    match live.iter_mut().find(|m| m.id == update.match_id) {
        Some(m) => {
            m.status = update.status;
            m.home_score = update.home_score;
            m.away_score = update.away_score;
            m.minute = update.minute;
            sports.changed = Some(update.match_id);
            None
        }
        None => batch(vec![
            Effect::Fetch(Request::SportsLive),
            Effect::Fetch(Request::SportsUpcoming),
        ]),
    }
}

/// (Re)loads the jobs and the metrics.
fn load_admin(model: &mut Model) -> Option<Effect> {
    refreshing(&mut model.admin.jobs);
    refreshing(&mut model.admin.stats);
    batch(vec![
        Effect::Fetch(Request::AdminJobs),
        Effect::Fetch(Request::AdminStats),
    ])
}

/// (Re)loads the watchlist of the signed-in profile; with no profile there is nothing to load.
fn load_watchlist(model: &mut Model) -> Option<Effect> {
    let profile = model.profile_id()?;
    refreshing(&mut model.watchlist.entries);
    Some(Effect::Fetch(Request::Watchlist(profile)))
}

/// A reload: what is loaded stays on screen until the answer replaces it.
fn refreshing<T>(load: &mut Load<T>) {
    if !matches!(load, Load::Loaded(_)) {
        *load = Load::Loading;
    }
}

/// A failed reload: offline, the last data stays (the banner says so); otherwise the error shows.
fn failed_keeping<T>(load: &mut Load<T>, failure: Failure) {
    if !(matches!(load, Load::Loaded(_)) && matches!(failure, Failure::Offline(_))) {
        *load = Load::Failed(failure);
    }
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

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "app_tests_views.rs"]
mod view_tests;

#[cfg(test)]
#[path = "app_tests_trailers.rs"]
mod trailer_tests;

#[cfg(test)]
#[path = "app_tests_auth.rs"]
mod auth_tests;

#[cfg(test)]
#[path = "app_tests_input.rs"]
mod input_tests;

#[cfg(test)]
#[path = "app_tests_posters.rs"]
mod poster_tests;
