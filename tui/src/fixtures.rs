//! Test data shared by the `update` and render tests: fixed values, so snapshots are stable.

use chrono::{TimeZone, Utc};
use marquee_api::account::Me;
use marquee_api::activity::{ContinueWatching, HistoryEntry, MovieState, WatchlistEntry};
use marquee_api::analytics::{DailyActive, Funnel, RetentionStat, SearchStats, Stats, TopMovie};
use marquee_api::catalogue::{
    Credit, Facet, FacetCount, FilmographyEntry, MovieDetail, MovieSummary, PersonDetail,
    PersonRef, RatingSummary, Rendition, Trailer,
};
use marquee_api::ops::{Job, Jobs};
use marquee_api::profile::Profile;
use marquee_api::recommend::{ForYou, Reason, RecommendationRow, RecommendedMovie};
use marquee_api::search::{DidYouMean, SearchHit, SearchPage};
use marquee_api::sports::{Highlight, LeagueRef, MatchList, MatchSummary, TeamRef};
use marquee_api::{Page, Pagination};

use crate::app::{Model, Session};

pub fn session() -> Session {
    Session {
        me: Me {
            id: 1,
            email: "ada@example.com".into(),
            name: "Ada".into(),
            role: "user".into(),
            email_verified: true,
            totp_enabled: false,
            created_at: Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap(),
        },
        profile: None,
    }
}

const TITLES: [&str; 12] = [
    "The Long Goodbye",
    "Paper Moon",
    "Chinatown",
    "Stalker",
    "Alien",
    "Heat",
    "Fargo",
    "Ran",
    "Amélie",
    "Oldboy",
    "Parasite",
    "Arrival",
];

pub fn movie(id: i64) -> MovieSummary {
    let i = usize::try_from(id).unwrap() % TITLES.len();
    MovieSummary {
        id,
        title: format!("{} {}", TITLES[i], id / TITLES.len() as i64 + 1),
        year: Some(1970 + i16::try_from(id % 50).unwrap()),
        release_date: None,
        runtime_minutes: Some(90 + i32::try_from(id % 40).unwrap()),
        poster_url: None,
        popularity: 100.0 - id as f64,
        rating_avg: if id % 7 == 0 {
            None
        } else {
            Some(2.5 + (id % 5) as f64 * 0.5)
        },
        rating_count: i32::try_from(id * 13 % 500).unwrap(),
        original_language: Some("en".into()),
        genres: vec!["crime".into(), "drama".into()],
    }
}

pub fn page(number: u32, per_page: u32, total: u64) -> Page<MovieSummary> {
    let first = i64::from((number - 1) * per_page);
    let count = (total.saturating_sub(first as u64)).min(u64::from(per_page)) as i64;
    Page {
        data: (first + 1..=first + count).map(movie).collect(),
        pagination: Pagination::new(number, per_page, total),
    }
}

pub fn genres() -> Vec<FacetCount> {
    [
        ("action", "Action", 120),
        ("comedy", "Comedy", 98),
        ("crime", "Crime", 77),
        ("drama", "Drama", 240),
    ]
    .into_iter()
    .map(|(code, name, count)| FacetCount {
        code: code.into(),
        name: name.into(),
        count,
    })
    .collect()
}

fn person(id: i64, name: &str) -> PersonRef {
    PersonRef {
        id,
        name: name.into(),
        profile_url: None,
    }
}

pub fn detail(id: i64) -> MovieDetail {
    let cast = |id, name: &str, character: &str, order| Credit {
        person: person(id, name),
        character: Some(character.into()),
        order: Some(order),
        department: Some("Acting".into()),
        job: None,
    };
    let crew = |id, name: &str, job: &str| Credit {
        person: person(id, name),
        character: None,
        order: None,
        department: Some("Crew".into()),
        job: Some(job.into()),
    };
    MovieDetail {
        id,
        title: "Chinatown".into(),
        original_title: None,
        tagline: Some("You may think you know what you're dealing with.".into()),
        overview: Some(
            "A private detective hired to expose an adulterer finds himself caught up in a web of \
             deceit, corruption and murder over the water supply of Los Angeles."
                .into(),
        ),
        year: Some(1974),
        release_date: None,
        runtime_minutes: Some(130),
        certificate: Some("R".into()),
        min_age: Some(17),
        poster_url: None,
        backdrop_url: None,
        popularity: 50.0,
        original_language: Some(Facet {
            code: "en".into(),
            name: "English".into(),
        }),
        genres: vec![
            Facet {
                code: "crime".into(),
                name: "Crime".into(),
            },
            Facet {
                code: "drama".into(),
                name: "Drama".into(),
            },
        ],
        countries: vec![Facet {
            code: "US".into(),
            name: "United States".into(),
        }],
        languages: vec![],
        cast: vec![
            cast(1, "Jack Nicholson", "J.J. Gittes", 0),
            cast(2, "Faye Dunaway", "Evelyn Mulwray", 1),
            cast(3, "John Huston", "Noah Cross", 2),
        ],
        crew: vec![
            crew(4, "Roman Polanski", "Director"),
            crew(5, "Robert Towne", "Screenplay"),
        ],
        trailers: vec![Trailer {
            id: 9,
            title: "Official Trailer".into(),
            kind: "trailer".into(),
            published_at: None,
            renditions: vec![
                Rendition {
                    id: 1,
                    quality: "480p".into(),
                    format: "mp4".into(),
                    duration_seconds: Some(150),
                    size_bytes: None,
                    bitrate_kbps: None,
                },
                Rendition {
                    id: 2,
                    quality: "1080p".into(),
                    format: "mp4".into(),
                    duration_seconds: Some(150),
                    size_bytes: None,
                    bitrate_kbps: None,
                },
            ],
        }],
        rating: RatingSummary {
            average: Some(4.3),
            count: 812,
            imdb_rating: Some(8.1),
            imdb_votes: Some(350_000),
            metascore: Some(92),
        },
        viewer: None,
    }
}

/// A model signed in as `session()`, on a fresh Browse (nothing loaded yet).
pub fn signed_in() -> Model {
    let mut model = Model::new(
        "http://127.0.0.1:8080",
        Some("ada@example.com".into()),
        true,
    );
    let _ = crate::app::update(&mut model, crate::app::Msg::SignedIn(session()));
    model
}

pub fn profile() -> Profile {
    Profile {
        id: 7,
        name: "Ada".into(),
        is_kids: false,
        maturity_limit: None,
        created_at: Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap(),
    }
}

/// Signed in with a profile (For You needs one).
pub fn signed_in_with_profile() -> Model {
    let mut model = signed_in();
    if let Some(session) = &mut model.session {
        session.profile = Some(profile());
    }
    model
}

fn recommended(id: i64, kind: &str, text: &str, score: f64) -> RecommendedMovie {
    RecommendedMovie {
        movie: movie(id),
        score,
        reason: Reason {
            kind: kind.into(),
            text: text.into(),
            movie_id: None,
            person_id: None,
        },
    }
}

/// Four rows as the server sends them; `empty`: rows without items.
pub fn for_you(empty: bool) -> ForYou {
    let row = |kind: &str, title: &str, ids: std::ops::Range<i64>, reason: (&str, &str)| {
        RecommendationRow {
            kind: kind.into(),
            title: title.into(),
            items: if empty {
                Vec::new()
            } else {
                ids.map(|id| recommended(id, reason.0, reason.1, 1.0 / id as f64))
                    .collect()
            },
        }
    };
    ForYou {
        profile_id: 7,
        rows: vec![
            row(
                "top_picks",
                "Top picks for you",
                1..13,
                ("collaborative", "Because you like crime films"),
            ),
            row(
                "because_you_watched",
                "Because you watched Heat",
                20..28,
                ("similar_to_movie", "Because you watched Heat"),
            ),
            row(
                "trending_region",
                "Trending in France",
                30..36,
                ("trending", "Trending in France this week"),
            ),
            row(
                "new_for_you",
                "New for you",
                40..44,
                ("new_release", "New, and you like drama"),
            ),
        ],
        generated_at: Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).unwrap(),
        model_version: "m3-1795500000".into(),
        experiment: None,
    }
}

pub fn hit(id: i64) -> SearchHit {
    let m = movie(id);
    SearchHit {
        kind: "movie".into(),
        id,
        title: m.title,
        year: m.year.map(i32::from),
        score: 10.0 - id as f32,
    }
}

pub fn person_hit(id: i64, name: &str) -> SearchHit {
    SearchHit {
        kind: "person".into(),
        id,
        title: name.into(),
        year: None,
        score: 1.0,
    }
}

pub fn suggestions() -> Vec<SearchHit> {
    vec![hit(3), hit(15), person_hit(90, "Stellan Skarsgård")]
}

/// Full results; with `did_you_mean`, the server's better query.
pub fn search_page(count: i64, did_you_mean: Option<&str>) -> SearchPage {
    SearchPage {
        data: (1..=count).map(hit).collect(),
        pagination: Pagination::new(1, crate::app::SEARCH_PER_PAGE, count as u64),
        did_you_mean: did_you_mean.map(|q| DidYouMean {
            query: q.into(),
            total: 4,
        }),
    }
}

pub fn watchlist(count: i64) -> Page<WatchlistEntry> {
    Page {
        data: (1..=count)
            .map(|id| WatchlistEntry {
                movie: movie(id * 3),
                note: (id == 2).then(|| "with Grace, on Friday".to_owned()),
                added_at: Utc
                    .with_ymd_and_hms(2026, 11, 20 - id as u32 % 20, 20, 0, 0)
                    .unwrap(),
            })
            .collect(),
        pagination: Pagination::new(1, crate::app::WATCHLIST_PER_PAGE, count as u64),
    }
}

pub fn movie_state(movie_id: i64, rating: Option<f64>, on_watchlist: bool) -> MovieState {
    MovieState {
        movie_id,
        rating,
        on_watchlist,
        progress: None,
        watched: false,
    }
}

/// Signed in as an admin, with a profile.
pub fn signed_in_admin() -> Model {
    let mut model = signed_in_with_profile();
    if let Some(session) = &mut model.session {
        session.me.role = "admin".into();
    }
    model
}

pub fn jobs() -> Jobs {
    let at = |h: u32, m: u32| Some(Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap());
    let job = |name: &str, description: &str| Job {
        name: name.into(),
        description: description.into(),
        running: false,
        last_started_at: at(9, 0),
        last_finished_at: at(9, 1),
        last_duration_ms: Some(4250),
        last_error: None,
        counts: Default::default(),
        notes: Vec::new(),
        next_run_at: at(10, 0),
        interval_secs: 3600,
    };
    let mut recommender = job(
        "recommender",
        "Trains the recommenders, then precomputes For You",
    );
    recommender.counts = [
        ("interactions".to_owned(), 10_000),
        ("profiles_precomputed".to_owned(), 100),
    ]
    .into_iter()
    .collect();
    recommender.notes = vec!["blend: ease 0.4 · item_knn 0.3 · als 0.3".into()];
    let mut trending = job("trending", "Trending rankings and new releases");
    trending.running = true;
    let mut cleanup = job("cleanup", "Expired tokens and old job history");
    cleanup.last_error = Some("database is locked".into());
    let mut analytics = job(
        "analytics",
        "Retention cleanup and the 30-day stats snapshot",
    );
    analytics.last_finished_at = None;
    analytics.last_duration_ms = None;
    Jobs {
        jobs: vec![recommender, trending, cleanup, analytics],
    }
}

/// The metrics of 30 days; `empty`: a server with no events yet.
pub fn stats(empty: bool) -> Stats {
    let day = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 10, 26).unwrap() + chrono::Days::new(u64::from(d))
    };
    let funnel = |impressions: u64, clicks: u64| Funnel {
        impressions,
        clicks,
        ctr: (impressions > 0).then(|| clicks as f64 / impressions as f64),
    };
    let mut stats = Stats {
        since: Utc.with_ymd_and_hms(2026, 10, 25, 0, 0, 0).unwrap(),
        computed_at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        events: 0,
        ctr_by_row: Default::default(),
        ctr_by_algorithm: Vec::new(),
        search: SearchStats {
            searches: 0,
            zero_result: 0,
            zero_result_rate: None,
            clicks: 0,
            mean_click_position: None,
        },
        dau: 0,
        mau: 0,
        daily_active: Vec::new(),
        retention: Vec::new(),
        plays: 0,
        completions: 0,
        completion_rate: None,
        top_movies: Vec::new(),
        top_queries: Vec::new(),
    };
    if empty {
        return stats;
    }
    stats.events = 48_210;
    stats.ctr_by_row = [
        ("top_picks", funnel(12_000, 840)),
        ("because_you_watched", funnel(8_000, 720)),
        ("trending_region", funnel(6_000, 240)),
        ("search", funnel(1_500, 600)),
    ]
    .into_iter()
    .map(|(k, f)| (k.to_owned(), f))
    .collect();
    stats.search = SearchStats {
        searches: 2_100,
        zero_result: 84,
        zero_result_rate: Some(0.04),
        clicks: 600,
        mean_click_position: Some(1.7),
    };
    stats.dau = 61;
    stats.mau = 240;
    stats.daily_active = (0..30)
        .map(|d| DailyActive {
            day: day(d),
            profiles: 40 + u64::from(d * 7 % 23),
        })
        .collect();
    stats.retention = [(1, 0.42), (7, 0.21), (30, 0.08)]
        .into_iter()
        .map(|(day, rate)| RetentionStat {
            day,
            cohort: 200,
            retained: (200.0 * rate) as u64,
            rate: Some(rate),
        })
        .collect();
    stats.plays = 900;
    stats.completions = 540;
    stats.completion_rate = Some(0.6);
    stats.top_movies = vec![
        TopMovie {
            movie_id: 3,
            title: "Chinatown".into(),
            count: 320,
        },
        TopMovie {
            movie_id: 6,
            title: "Heat".into(),
            count: 280,
        },
    ];
    stats
}

pub fn person_detail(id: i64) -> PersonDetail {
    PersonDetail {
        id,
        name: "Faye Dunaway".into(),
        biography: Some(
            "American actress whose career began in the 1960s New York theatre; \
             an Academy Award for Network (1976)."
                .into(),
        ),
        birth_date: chrono::NaiveDate::from_ymd_opt(1941, 1, 14),
        death_date: None,
        place_of_birth: Some("Bascom, Florida, USA".into()),
        known_for_department: Some("Acting".into()),
        profile_url: None,
        popularity: 12.5,
        also_known_as: vec!["Dorothy Faye Dunaway".into()],
        cast_credits: 3,
        crew_credits: 1,
    }
}

pub fn filmography(count: i64) -> Page<FilmographyEntry> {
    Page {
        data: (1..=count)
            .map(|i| FilmographyEntry {
                movie: movie(i * 5),
                role: if i == count { "crew" } else { "cast" }.into(),
                character: (i != count).then(|| format!("Role {i}")),
                job: (i == count).then(|| "Producer".into()),
            })
            .collect(),
        pagination: Pagination::new(1, crate::app::FILMOGRAPHY_PER_PAGE, count as u64),
    }
}

pub fn continuing(count: i64) -> Page<ContinueWatching> {
    Page {
        data: (1..=count)
            .map(|i| ContinueWatching {
                movie: movie(i + 40),
                position_seconds: i32::try_from(i * 1500).unwrap(),
                duration_seconds: 6000,
                percent: i as f64 * 25.0,
                updated_at: Utc.with_ymd_and_hms(2026, 11, 23, 21, 0, 0).unwrap(),
            })
            .collect(),
        pagination: Pagination::new(1, 100, count as u64),
    }
}

pub fn history(count: i64) -> Page<HistoryEntry> {
    Page {
        data: (1..=count)
            .map(|i| HistoryEntry {
                id: i,
                movie: movie(i + 50),
                watched_at: Utc
                    .with_ymd_and_hms(2026, 11, 22 - i as u32 % 20, 22, 0, 0)
                    .unwrap(),
                seconds_watched: 5400,
                completed: i != 2,
                source: if i == 3 { "import" } else { "playback" }.into(),
            })
            .collect(),
        pagination: Pagination::new(1, 100, count as u64 + 10),
    }
}

pub fn fixture_match(
    id: i64,
    status: &str,
    score: Option<(i16, i16)>,
    minute: Option<i16>,
) -> MatchSummary {
    let team = |id: i64, name: &str| TeamRef {
        id,
        name: name.into(),
        short_name: None,
        logo_url: None,
    };
    let names = [
        ("Arsenal", "Chelsea"),
        ("Lyon", "Nantes"),
        ("Napoli", "Roma"),
    ];
    let (home, away) = names[usize::try_from(id).unwrap() % names.len()];
    let kickoff = Utc
        .with_ymd_and_hms(2026, 11, 24, 15 + u32::try_from(id % 5).unwrap(), 0, 0)
        .unwrap();
    MatchSummary {
        id,
        league: LeagueRef {
            id: 1,
            name: "Premier League".into(),
            slug: "premier-league".into(),
            sport: "football".into(),
            logo_url: None,
        },
        home: team(id * 2, home),
        away: team(id * 2 + 1, away),
        kickoff_at: kickoff,
        kickoff_local: kickoff.with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap()),
        venue: None,
        status: status.into(),
        home_score: score.map(|s| s.0),
        away_score: score.map(|s| s.1),
        minute,
        favourite: id == 4,
    }
}

pub fn match_list(data: Vec<MatchSummary>) -> MatchList {
    MatchList {
        time_zone: "Europe/Paris".into(),
        data,
    }
}

pub fn highlights() -> Vec<Highlight> {
    vec![Highlight {
        id: 1,
        match_id: 1,
        title: "Arsenal 2–1 Chelsea: all the goals".into(),
        url: "https://video.example/ars-che".into(),
        thumbnail_url: None,
        duration_seconds: Some(245),
        published_at: Utc.with_ymd_and_hms(2026, 11, 23, 18, 0, 0).unwrap(),
    }]
}

/// The signed URL the server hands out for trailer 9 of [`detail`].
pub fn stream(trailer_id: i64, quality: &str) -> marquee_api::trailers::StreamUrl {
    marquee_api::trailers::StreamUrl {
        trailer_id,
        rendition_id: 2,
        quality: quality.into(),
        format: "mp4".into(),
        url: format!("http://127.0.0.1:8080/media/v1.{quality}.sig/chinatown/trailer.mp4"),
        expires_at: chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default(),
        duration_seconds: Some(150),
        subtitles: Vec::new(),
    }
}
