//! A typed client for `/api/v1`: one async method per route, each returning the route's wire type
//! or a [`ClientError`] that carries the server's error envelope. It keeps no session state beyond
//! the access token it was given: refreshing and storing tokens is the caller's business (the TUI's
//! worker does it), so one `Client` can be cloned cheaply per request.

use std::fmt;

use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::account::{
    AdminUser, AdminUserDetail, Me, PasswordReset, PasswordResetRequest, RoleRequest, SessionsEnded,
};
use crate::activity::{MovieState, RatingInput, RatingWritten, WatchlistAdd, WatchlistEntry};
use crate::analytics::{
    BatchAccepted, EventBatch, Experiment, ExperimentResults, NewExperiment, Rollout,
};
use crate::auth::{LoginRequest, RefreshRequest, TokenPair};
use crate::catalogue::{
    FacetList, MovieDeleted, MovieDetail, MovieInput, MovieSummary, PersonDeleted, PersonDetail,
    PersonInput,
};
use crate::ops::JobStarted;
use crate::profile::Profile;
use crate::search::{SearchPage, Suggestions};
use crate::trailers::{AdminTrailer, SubtitleInput, TrailerDeleted, TrailerEdit, TrailerInput};
use crate::{ErrorBody, ErrorDetail, Page};

/// Why a call failed.
#[derive(Debug)]
pub enum ClientError {
    /// The server answered with an error status and (normally) its JSON envelope.
    Api {
        status: StatusCode,
        error: ErrorDetail,
    },
    /// No answer: the server is unreachable, the connection broke or timed out.
    Transport(reqwest::Error),
    /// An answer we could not read (not the documented shape).
    Decode { status: StatusCode, message: String },
    /// The base URL or a path could not form a URL.
    Url(String),
}

impl ClientError {
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Api { status, .. } | ClientError::Decode { status, .. } => Some(*status),
            ClientError::Transport(_) | ClientError::Url(_) => None,
        }
    }

    /// The envelope's machine-readable code (`unauthorized`, `totp_required`, …).
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { error, .. } => Some(&error.code),
            _ => None,
        }
    }

    /// A 401 for an unusable access token: the cue to refresh and retry once.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED) && self.code() == Some("unauthorized")
    }

    /// For a transport failure, a short reason for people.
    pub fn offline_reason(&self) -> Option<&'static str> {
        match self {
            ClientError::Transport(err) if err.is_timeout() => Some("timed out"),
            ClientError::Transport(err) if err.is_connect() => {
                Some("connection refused or no route")
            }
            ClientError::Transport(_) => Some("connection failed"),
            _ => None,
        }
    }

    /// The server could not be reached at all (as opposed to answering with an error).
    pub fn is_offline(&self) -> bool {
        matches!(self, ClientError::Transport(_))
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Api { status, error } => {
                write!(f, "{} ({}, {})", error.message, error.code, status.as_u16())
            }
            ClientError::Transport(err) => write!(f, "could not reach the server: {err}"),
            ClientError::Decode { status, message } => {
                write!(
                    f,
                    "unexpected answer from the server ({}): {message}",
                    status.as_u16()
                )
            }
            ClientError::Url(message) => write!(f, "invalid server URL: {message}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Transport(err) => Some(err),
            _ => None,
        }
    }
}

/// `GET /movies` filters and paging; `None`s are left to the server's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MovieQuery {
    pub genre: Option<String>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// `popularity`, `rating`, `release_date`, `title`; `-` prefix for descending.
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl MovieQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut push = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        push("genre", self.genre.clone());
        push("language", self.language.clone());
        push("country", self.country.clone());
        push("year_from", self.year_from.map(|y| y.to_string()));
        push("year_to", self.year_to.map(|y| y.to_string()));
        push("sort", self.sort.clone());
        push("page", self.page.map(|p| p.to_string()));
        push("per_page", self.per_page.map(|p| p.to_string()));
        pairs
    }
}

/// The typed client. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    access_token: Option<String>,
}

impl Client {
    /// A client for the server at `base` (`http://host:port`, no `/api/v1`).
    pub fn new(base: &str) -> Result<Client, ClientError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("marquee/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(ClientError::Transport)?;
        Self::with_http(http, base)
    }

    /// A client over an existing `reqwest::Client` (tests, shared pools).
    pub fn with_http(http: reqwest::Client, base: &str) -> Result<Client, ClientError> {
        let base =
            Url::parse(base.trim_end_matches('/')).map_err(|e| ClientError::Url(e.to_string()))?;
        Ok(Client {
            http,
            base,
            access_token: None,
        })
    }

    /// This client, sending `token` as `Authorization: Bearer …` (or nothing for `None`).
    pub fn authorized(&self, token: Option<&str>) -> Client {
        Client {
            access_token: token.map(str::to_owned),
            ..self.clone()
        }
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    pub async fn login(&self, body: &LoginRequest) -> Result<TokenPair, ClientError> {
        self.send(Method::POST, "/api/v1/auth/login", &[], Some(body))
            .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair, ClientError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        };
        self.send(Method::POST, "/api/v1/auth/refresh", &[], Some(&body))
            .await
    }

    /// Revokes the session of the access token this client carries.
    pub async fn logout(&self) -> Result<(), ClientError> {
        self.send_empty(Method::POST, "/api/v1/auth/logout").await
    }

    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("/api/v1/me", &[]).await
    }

    pub async fn profiles(&self) -> Result<Vec<Profile>, ClientError> {
        self.get("/api/v1/profiles", &[]).await
    }

    pub async fn movies(&self, query: &MovieQuery) -> Result<Page<MovieSummary>, ClientError> {
        let pairs = query.pairs();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.get("/api/v1/movies", &pairs).await
    }

    pub async fn movie(&self, id: i64) -> Result<MovieDetail, ClientError> {
        self.get(&format!("/api/v1/movies/{id}"), &[]).await
    }

    /// The profile's For You rows (`GET /profiles/{pid}/for-you`).
    pub async fn for_you(&self, profile_id: i64) -> Result<crate::recommend::ForYou, ClientError> {
        self.get(&format!("/api/v1/profiles/{profile_id}/for-you"), &[])
            .await
    }

    pub async fn genres(&self) -> Result<FacetList, ClientError> {
        self.get("/api/v1/genres", &[]).await
    }

    /// `GET /search`: movies and people for `q`, typo-tolerant, with a "did you mean" when it
    /// helps. With `profile_id` (the caller's own), the server records it in that profile's
    /// search history.
    pub async fn search(
        &self,
        q: &str,
        profile_id: Option<i64>,
        per_page: u32,
    ) -> Result<SearchPage, ClientError> {
        let per_page = per_page.to_string();
        let profile = profile_id.map(|p| p.to_string());
        let mut query = vec![("q", q), ("per_page", per_page.as_str())];
        if let Some(profile) = &profile {
            query.push(("profile_id", profile));
        }
        self.get("/api/v1/search", &query).await
    }

    /// `GET /search/suggest`: up to 10 movies and people for what has been typed so far.
    pub async fn suggest(&self, q: &str) -> Result<Suggestions, ClientError> {
        self.get("/api/v1/search/suggest", &[("q", q)]).await
    }

    /// The profile's watchlist, newest first.
    pub async fn watchlist(
        &self,
        profile_id: i64,
        page: u32,
        per_page: u32,
    ) -> Result<Page<WatchlistEntry>, ClientError> {
        let (page, per_page) = (page.to_string(), per_page.to_string());
        self.get(
            &format!("/api/v1/profiles/{profile_id}/watchlist"),
            &[("page", &page), ("per_page", &per_page)],
        )
        .await
    }

    /// The profile's resume points, most recent first.
    pub async fn continue_watching(
        &self,
        profile_id: i64,
    ) -> Result<Page<crate::activity::ContinueWatching>, ClientError> {
        self.get(
            &format!("/api/v1/profiles/{profile_id}/continue-watching"),
            &[("per_page", "100")],
        )
        .await
    }

    /// The profile's watch history, newest first.
    pub async fn history(
        &self,
        profile_id: i64,
        per_page: u32,
    ) -> Result<Page<crate::activity::HistoryEntry>, ClientError> {
        let per_page = per_page.to_string();
        self.get(
            &format!("/api/v1/profiles/{profile_id}/history"),
            &[("per_page", &per_page)],
        )
        .await
    }

    /// Adds a movie to the watchlist (already there is fine: the existing entry comes back).
    pub async fn watchlist_add(
        &self,
        profile_id: i64,
        movie_id: i64,
    ) -> Result<WatchlistEntry, ClientError> {
        let body = WatchlistAdd {
            movie_id,
            note: None,
        };
        self.send(
            Method::POST,
            &format!("/api/v1/profiles/{profile_id}/watchlist"),
            &[],
            Some(&body),
        )
        .await
    }

    pub async fn watchlist_remove(
        &self,
        profile_id: i64,
        movie_id: i64,
    ) -> Result<(), ClientError> {
        self.send_empty(
            Method::DELETE,
            &format!("/api/v1/profiles/{profile_id}/watchlist/{movie_id}"),
        )
        .await
    }

    /// Rates a movie: 0.5 to 5 stars in half steps.
    pub async fn rate(
        &self,
        profile_id: i64,
        movie_id: i64,
        rating: f64,
    ) -> Result<RatingWritten, ClientError> {
        self.send(
            Method::PUT,
            &format!("/api/v1/profiles/{profile_id}/ratings/{movie_id}"),
            &[],
            Some(&RatingInput { rating }),
        )
        .await
    }

    pub async fn unrate(&self, profile_id: i64, movie_id: i64) -> Result<(), ClientError> {
        self.send_empty(
            Method::DELETE,
            &format!("/api/v1/profiles/{profile_id}/ratings/{movie_id}"),
        )
        .await
    }

    /// `POST /auth/register`: the account waits for its email to be verified.
    pub async fn register(
        &self,
        body: &crate::auth::RegisterRequest,
    ) -> Result<crate::auth::Accepted, ClientError> {
        self.send(Method::POST, "/api/v1/auth/register", &[], Some(body))
            .await
    }

    /// `POST /auth/password-reset`: a reset mail, if an account uses the address.
    pub async fn password_reset(
        &self,
        body: &crate::auth::PasswordResetRequest,
    ) -> Result<crate::auth::Accepted, ClientError> {
        self.send(Method::POST, "/api/v1/auth/password-reset", &[], Some(body))
            .await
    }

    /// `POST /auth/verify-email`: spends the token mailed at registration.
    pub async fn verify_email(
        &self,
        body: &crate::auth::VerifyEmailRequest,
    ) -> Result<crate::auth::Accepted, ClientError> {
        self.send(Method::POST, "/api/v1/auth/verify-email", &[], Some(body))
            .await
    }

    /// `POST /auth/password-reset/confirm`: the mailed token and the new password; every
    /// session of the account ends.
    pub async fn password_reset_confirm(
        &self,
        body: &crate::auth::PasswordResetConfirm,
    ) -> Result<crate::auth::Accepted, ClientError> {
        self.send(
            Method::POST,
            "/api/v1/auth/password-reset/confirm",
            &[],
            Some(body),
        )
        .await
    }

    /// The bytes at `url` (absolute, or relative to this client's server) — for images such as
    /// posters, which are public and may live on another host: no token is sent. More than
    /// `limit` bytes is an error (`Decode`), as is an answer other than 2xx.
    pub async fn download(
        &self,
        url: &str,
        limit: usize,
        timeout: std::time::Duration,
    ) -> Result<Vec<u8>, ClientError> {
        let url = self
            .base
            .join(url)
            .map_err(|e| ClientError::Url(format!("{url}: {e}")))?;
        let mut response = self
            .http
            .get(url)
            .timeout(timeout)
            .send()
            .await
            .map_err(ClientError::Transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ClientError::Decode {
                status,
                message: format!("the download answered {status}"),
            });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(ClientError::Transport)? {
            if bytes.len() + chunk.len() > limit {
                return Err(ClientError::Decode {
                    status,
                    message: format!("larger than {limit} bytes"),
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// `url` made absolute against this client's server (stream URLs can be relative `/media/…`).
    pub fn resolve(&self, url: &str) -> String {
        self.base
            .join(url)
            .map(String::from)
            .unwrap_or_else(|_| url.to_owned())
    }

    /// A signed, expiring stream URL for one rendition of a trailer.
    pub async fn play_trailer(
        &self,
        trailer_id: i64,
        quality: &str,
        profile_id: Option<i64>,
    ) -> Result<crate::trailers::StreamUrl, ClientError> {
        let profile = profile_id.map(|p| p.to_string());
        let mut query = vec![("quality", quality)];
        if let Some(p) = &profile {
            query.push(("profile_id", p.as_str()));
        }
        self.send::<_, ()>(
            Method::POST,
            &format!("/api/v1/trailers/{trailer_id}/play"),
            &query,
            None,
        )
        .await
    }

    /// Records a playback event (start, progress, completion) of a trailer.
    pub async fn trailer_event(
        &self,
        trailer_id: i64,
        body: &crate::trailers::PlaybackEventInput,
    ) -> Result<crate::trailers::PlaybackEventRecorded, ClientError> {
        self.send(
            Method::POST,
            &format!("/api/v1/trailers/{trailer_id}/events"),
            &[],
            Some(body),
        )
        .await
    }

    /// "Not interested": For You drops the movie and down-weights what is like it.
    pub async fn not_interested(&self, profile_id: i64, movie_id: i64) -> Result<(), ClientError> {
        self.send_empty(
            Method::POST,
            &format!("/api/v1/profiles/{profile_id}/not-interested/{movie_id}"),
        )
        .await
    }

    /// The profile's own relation to one movie: rating, watchlist, progress.
    pub async fn movie_state(
        &self,
        profile_id: i64,
        movie_id: i64,
    ) -> Result<MovieState, ClientError> {
        self.get(
            &format!("/api/v1/profiles/{profile_id}/movies/{movie_id}/state"),
            &[],
        )
        .await
    }

    pub async fn person(&self, id: i64) -> Result<crate::catalogue::PersonDetail, ClientError> {
        self.get(&format!("/api/v1/people/{id}"), &[]).await
    }

    /// A person's films (cast and crew), newest first.
    pub async fn filmography(
        &self,
        id: i64,
        per_page: u32,
    ) -> Result<Page<crate::catalogue::FilmographyEntry>, ClientError> {
        let per_page = per_page.to_string();
        self.get(
            &format!("/api/v1/people/{id}/filmography"),
            &[("per_page", &per_page)],
        )
        .await
    }

    /// Matches being played now (`GET /sports/live`).
    pub async fn sports_live(&self) -> Result<crate::sports::MatchList, ClientError> {
        self.get("/api/v1/sports/live", &[]).await
    }

    /// The next 24 hours of matches, kickoffs in the IANA zone `tz` (`GET /sports/upcoming`).
    pub async fn sports_upcoming(&self, tz: &str) -> Result<crate::sports::MatchList, ClientError> {
        self.get("/api/v1/sports/upcoming", &[("tz", tz)]).await
    }

    pub async fn sports_highlights(&self) -> Result<Page<crate::sports::Highlight>, ClientError> {
        self.get("/api/v1/sports/highlights", &[]).await
    }

    /// Opens the live feed (`GET /sports/live/stream`, Server-Sent Events), resuming after
    /// `last_event_id` when given. The body is read as it arrives (`Response::chunk`); the
    /// stream lasts up to an hour before the caller reconnects (the client's 30 s limit is
    /// for ordinary requests).
    pub async fn sports_stream(
        &self,
        last_event_id: Option<&str>,
    ) -> Result<reqwest::Response, ClientError> {
        let mut request = self
            .request(Method::GET, self.url("/api/v1/sports/live/stream", &[])?)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .timeout(std::time::Duration::from_secs(3600));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.map_err(ClientError::Transport)?;
        check(response).await
    }

    /// Every background job's last run (`GET /admin/jobs`; admins only).
    pub async fn admin_jobs(&self) -> Result<crate::ops::Jobs, ClientError> {
        self.get("/api/v1/admin/jobs", &[]).await
    }

    /// The analytics metrics (`GET /admin/stats`; admins only): `since` (`7d`, a date, a time)
    /// computes them now, `None` takes the analytics job's latest 30-day snapshot.
    pub async fn admin_stats(
        &self,
        since: Option<&str>,
    ) -> Result<crate::analytics::Stats, ClientError> {
        let query: Vec<(&str, &str)> = since.map(|s| ("since", s)).into_iter().collect();
        self.get("/api/v1/admin/stats", &query).await
    }

    /// Posts a batch of analytics events; a batch sent again is stored once (event ids).
    pub async fn post_events(
        &self,
        profile_id: i64,
        batch: &EventBatch,
    ) -> Result<BatchAccepted, ClientError> {
        self.send(
            Method::POST,
            &format!("/api/v1/profiles/{profile_id}/events"),
            &[],
            Some(batch),
        )
        .await
    }

    /// Any `GET` route as `T`: for routes newer than this client's named methods.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, ClientError> {
        self.send::<T, ()>(Method::GET, path, query, None).await
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, ClientError> {
        let mut url = self
            .base
            .join(path)
            .map_err(|e| ClientError::Url(e.to_string()))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    fn request(&self, method: Method, url: Url) -> reqwest::RequestBuilder {
        let request = self.http.request(method, url);
        match &self.access_token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let mut request = self.request(method, self.url(path, query)?);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(ClientError::Transport)?;
        let response = check(response).await?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(ClientError::Transport)?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode {
            status,
            message: e.to_string(),
        })
    }

    async fn send_empty(&self, method: Method, path: &str) -> Result<(), ClientError> {
        let response = self
            .request(method, self.url(path, &[])?)
            .send()
            .await
            .map_err(ClientError::Transport)?;
        check(response).await.map(drop)
    }

    /// `GET /admin/users`: accounts, oldest first.
    pub async fn admin_users(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Page<AdminUser>, ClientError> {
        let (page, per_page) = (page.to_string(), per_page.to_string());
        self.get(
            "/api/v1/admin/users",
            &[("page", &page), ("per_page", &per_page)],
        )
        .await
    }

    /// `GET /admin/users/{user}`, `user` an id or an email address.
    pub async fn admin_user(&self, user: &str) -> Result<AdminUserDetail, ClientError> {
        self.get(&admin_user_path(user, ""), &[]).await
    }

    /// `POST /admin/users/{user}/disable` (`disabled`) or `/enable`.
    pub async fn admin_set_disabled(
        &self,
        user: &str,
        disabled: bool,
    ) -> Result<AdminUserDetail, ClientError> {
        let action = if disabled { "/disable" } else { "/enable" };
        self.send::<_, ()>(Method::POST, &admin_user_path(user, action), &[], None)
            .await
    }

    /// `PUT /admin/users/{user}/role`.
    pub async fn admin_set_role(
        &self,
        user: &str,
        role: &str,
    ) -> Result<AdminUserDetail, ClientError> {
        let body = RoleRequest {
            role: role.to_owned(),
        };
        self.send(
            Method::PUT,
            &admin_user_path(user, "/role"),
            &[],
            Some(&body),
        )
        .await
    }

    /// `POST /admin/users/{user}/end-sessions`.
    pub async fn admin_end_sessions(&self, user: &str) -> Result<SessionsEnded, ClientError> {
        self.send::<_, ()>(
            Method::POST,
            &admin_user_path(user, "/end-sessions"),
            &[],
            None,
        )
        .await
    }

    /// `POST /admin/users/{user}/reset-password`; `None` for a generated password.
    pub async fn admin_reset_password(
        &self,
        user: &str,
        password: Option<String>,
    ) -> Result<PasswordReset, ClientError> {
        let body = PasswordResetRequest { password };
        self.send(
            Method::POST,
            &admin_user_path(user, "/reset-password"),
            &[],
            Some(&body),
        )
        .await
    }

    /// `POST /admin/movies`.
    pub async fn admin_create_movie(&self, input: &MovieInput) -> Result<MovieDetail, ClientError> {
        self.send(Method::POST, "/api/v1/admin/movies", &[], Some(input))
            .await
    }

    /// `PATCH /admin/movies/{id}`.
    pub async fn admin_update_movie(
        &self,
        id: i64,
        input: &MovieInput,
    ) -> Result<MovieDetail, ClientError> {
        let path = format!("/api/v1/admin/movies/{id}");
        self.send(Method::PATCH, &path, &[], Some(input)).await
    }

    /// `DELETE /admin/movies/{id}`.
    pub async fn admin_delete_movie(&self, id: i64) -> Result<MovieDeleted, ClientError> {
        let path = format!("/api/v1/admin/movies/{id}");
        self.send::<_, ()>(Method::DELETE, &path, &[], None).await
    }

    /// `POST /admin/people`.
    pub async fn admin_create_person(
        &self,
        input: &PersonInput,
    ) -> Result<PersonDetail, ClientError> {
        self.send(Method::POST, "/api/v1/admin/people", &[], Some(input))
            .await
    }

    /// `PATCH /admin/people/{id}`.
    pub async fn admin_update_person(
        &self,
        id: i64,
        input: &PersonInput,
    ) -> Result<PersonDetail, ClientError> {
        let path = format!("/api/v1/admin/people/{id}");
        self.send(Method::PATCH, &path, &[], Some(input)).await
    }

    /// `DELETE /admin/people/{id}`.
    pub async fn admin_delete_person(&self, id: i64) -> Result<PersonDeleted, ClientError> {
        let path = format!("/api/v1/admin/people/{id}");
        self.send::<_, ()>(Method::DELETE, &path, &[], None).await
    }

    /// `POST /admin/trailers`: the movie with its trailers.
    pub async fn admin_create_trailer(
        &self,
        input: &TrailerInput,
    ) -> Result<MovieDetail, ClientError> {
        self.send(Method::POST, "/api/v1/admin/trailers", &[], Some(input))
            .await
    }

    /// `DELETE /admin/trailers/{id}`.
    pub async fn admin_delete_trailer(&self, id: i64) -> Result<TrailerDeleted, ClientError> {
        let path = format!("/api/v1/admin/trailers/{id}");
        self.send::<_, ()>(Method::DELETE, &path, &[], None).await
    }

    /// `GET /admin/trailers/{id}`: the trailer with where each file is.
    pub async fn admin_trailer(&self, id: i64) -> Result<AdminTrailer, ClientError> {
        let path = format!("/api/v1/admin/trailers/{id}");
        self.send::<_, ()>(Method::GET, &path, &[], None).await
    }

    /// `PATCH /admin/trailers/{id}`.
    pub async fn admin_update_trailer(
        &self,
        id: i64,
        edit: &TrailerEdit,
    ) -> Result<AdminTrailer, ClientError> {
        let path = format!("/api/v1/admin/trailers/{id}");
        self.send(Method::PATCH, &path, &[], Some(edit)).await
    }

    /// `POST /admin/trailers/{id}/subtitles`.
    pub async fn admin_add_subtitle(
        &self,
        id: i64,
        input: &SubtitleInput,
    ) -> Result<AdminTrailer, ClientError> {
        let path = format!("/api/v1/admin/trailers/{id}/subtitles");
        self.send(Method::POST, &path, &[], Some(input)).await
    }

    /// `DELETE /admin/trailers/{id}/subtitles/{subtitle_id}`.
    pub async fn admin_remove_subtitle(
        &self,
        id: i64,
        subtitle_id: i64,
    ) -> Result<AdminTrailer, ClientError> {
        let path = format!("/api/v1/admin/trailers/{id}/subtitles/{subtitle_id}");
        self.send::<_, ()>(Method::DELETE, &path, &[], None).await
    }

    /// `POST /admin/jobs/{name}/run`: starts the job in the background.
    pub async fn admin_run_job(&self, name: &str) -> Result<JobStarted, ClientError> {
        let path = format!("/api/v1/admin/jobs/{}/run", segment(name));
        self.send::<_, ()>(Method::POST, &path, &[], None).await
    }

    /// `GET /admin/experiments`.
    pub async fn admin_experiments(&self) -> Result<Vec<Experiment>, ClientError> {
        self.get("/api/v1/admin/experiments", &[]).await
    }

    /// `GET /admin/experiments/{id or key}`: the results.
    pub async fn admin_experiment(&self, id: &str) -> Result<ExperimentResults, ClientError> {
        self.get(&format!("/api/v1/admin/experiments/{}", segment(id)), &[])
            .await
    }

    /// `POST /admin/experiments`.
    pub async fn admin_create_experiment(
        &self,
        new: &NewExperiment,
    ) -> Result<Experiment, ClientError> {
        self.send(Method::POST, "/api/v1/admin/experiments", &[], Some(new))
            .await
    }

    /// `POST /admin/experiments/{id or key}/stop`.
    pub async fn admin_stop_experiment(&self, id: &str) -> Result<Experiment, ClientError> {
        let path = format!("/api/v1/admin/experiments/{}/stop", segment(id));
        self.send::<_, ()>(Method::POST, &path, &[], None).await
    }

    /// `POST /admin/experiments/{id or key}/rollout`.
    pub async fn admin_rollout_experiment(
        &self,
        id: &str,
        variant: &str,
    ) -> Result<Experiment, ClientError> {
        let path = format!("/api/v1/admin/experiments/{}/rollout", segment(id));
        let body = Rollout {
            variant: variant.to_owned(),
        };
        self.send(Method::POST, &path, &[], Some(&body)).await
    }
}

/// Passes successes through; turns an error status into [`ClientError::Api`] with the envelope
/// (or a stand-in when a proxy answered with something else).
async fn check(response: reqwest::Response) -> Result<reqwest::Response, ClientError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let bytes = response.bytes().await.map_err(ClientError::Transport)?;
    let error = match serde_json::from_slice::<ErrorBody>(&bytes) {
        Ok(body) => body.error,
        Err(_) => ErrorDetail {
            code: format!("http_{}", status.as_u16()),
            message: format!(
                "the server answered {} without Marquee's error body",
                status
            ),
            details: None,
            request_id: None,
        },
    };
    Err(ClientError::Api { status, error })
}

/// Everything but unreserved characters is escaped in a path segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, percent-encoded (an email address, a key chosen by a person).
fn segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// `/api/v1/admin/users/{user}{rest}`.
fn admin_user_path(user: &str, rest: &str) -> String {
    format!("/api/v1/admin/users/{}{rest}", segment(user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movie_query_sends_only_what_is_set() {
        let query = MovieQuery {
            genre: Some("drama".into()),
            sort: Some("-rating".into()),
            page: Some(2),
            ..MovieQuery::default()
        };
        let client = Client::new("http://127.0.0.1:8080/").unwrap();
        let pairs = query.pairs();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let url = client.url("/api/v1/movies", &pairs).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/api/v1/movies?genre=drama&sort=-rating&page=2"
        );
    }

    #[test]
    fn unauthorized_means_the_envelope_code_too() {
        let err = ClientError::Api {
            status: StatusCode::UNAUTHORIZED,
            error: ErrorDetail {
                code: "totp_required".into(),
                message: "send a code".into(),
                details: None,
                request_id: None,
            },
        };
        assert!(!err.is_unauthorized());
        assert_eq!(err.code(), Some("totp_required"));
    }
}
