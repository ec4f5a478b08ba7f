//! The one task that does I/O for the interactive client: it owns the HTTP client and the
//! credentials, runs each `Effect` from `app::update` and answers with a `Msg`.
//!
//! Each request runs in its own task so a slow one never holds up the others. Token refresh is
//! the exception: refresh tokens are single use (presenting a spent one revokes the session), so
//! refreshes go through one lock (and the store's lock file, shared with `marqueectl` and other
//! `marquee` processes), and a refresh asked for by a request that used an older token than the
//! current one is skipped: someone else already refreshed.

use std::path::PathBuf;
use std::sync::Arc;

use marquee_api::auth::{
    Accepted, LoginRequest, PasswordResetConfirm, PasswordResetRequest, RegisterRequest,
    VerifyEmailRequest,
};
use marquee_api::client::{Client, ClientError, MovieQuery};
use marquee_api::trailers::{PlaybackEventInput, PlaybackEventKind};
use tokio::sync::Mutex;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use eventsource_stream::Eventsource;
use futures_util::StreamExt;

use crate::app::{Effect, Failure, Feed, Msg, PosterImage, Request, Response, Session};
use crate::credentials::{Store, Tokens};
use crate::outbox::{self, Outbox};
use crate::remember::Remembered;

const SESSION_ENDED: &str =
    "Your session has ended (it expired, or was signed out elsewhere). Sign in again to continue.";

/// Decoded posters by URL, newest last (at most `poster::CACHED`).
type PosterCache = std::collections::VecDeque<(String, PosterImage)>;

struct Auth {
    tokens: Option<Tokens>,
    /// Bumped on each new access token.
    generation: u64,
}

#[derive(Clone)]
struct Worker {
    server: Arc<std::sync::Mutex<String>>,
    client: Arc<std::sync::Mutex<Client>>,
    store: Arc<Store>,
    auth: Arc<Mutex<Auth>>,
    config_dir: PathBuf,
    tx: UnboundedSender<Msg>,
    outbox: Arc<Outbox>,
    /// One flush at a time: sign-out waits for a batch already on its way before revoking.
    flushing: Arc<Mutex<()>>,
    /// The last decoded posters by URL, newest last.
    posters: Arc<std::sync::Mutex<PosterCache>>,
}

/// The running worker: send it `Effect`s; `flush_events` before exiting.
pub struct Handle {
    pub effects: UnboundedSender<Effect>,
    worker: Worker,
}

impl Handle {
    /// Sends what is queued, giving up after `limit` (the user is leaving).
    pub async fn flush_events(&self, limit: std::time::Duration) {
        let _ = tokio::time::timeout(limit, self.worker.flush_events()).await;
    }
}

/// Starts the worker; send it `Effect`s, it answers on `tx`.
pub fn spawn(
    server: String,
    client: Client,
    store: Store,
    config_dir: PathBuf,
    tx: UnboundedSender<Msg>,
) -> Handle {
    let (effects, mut rx) = unbounded_channel::<Effect>();
    let worker = Worker {
        server: Arc::new(std::sync::Mutex::new(server)),
        client: Arc::new(std::sync::Mutex::new(client)),
        store: Arc::new(store),
        auth: Arc::new(Mutex::new(Auth {
            tokens: None,
            generation: 0,
        })),
        config_dir,
        tx,
        outbox: Arc::new(Outbox::default()),
        flushing: Arc::new(Mutex::new(())),
        posters: Arc::default(),
    };
    let runner = worker.clone();
    tokio::spawn(async move {
        while let Some(effect) = rx.recv().await {
            runner.run(effect);
        }
    });
    // Analytics leave on their own schedule, with backoff while the server cannot take them.
    let flusher = worker.clone();
    tokio::spawn(async move {
        let mut delay = outbox::FLUSH_EVERY;
        loop {
            tokio::time::sleep(delay).await;
            delay = outbox::next_delay(delay, flusher.flush_events().await);
        }
    });
    Handle { effects, worker }
}

/// `ClientError` as the UI sees it.
pub fn failure(err: &ClientError) -> Failure {
    match err {
        _ if err.is_unauthorized() => Failure::Unauthorized,
        ClientError::Transport(_) => Failure::Offline(
            err.offline_reason()
                .unwrap_or("connection failed")
                .to_owned(),
        ),
        ClientError::Api { status, error } if status.as_u16() == 404 || status.as_u16() == 405 => {
            if error.code == "not_found"
                || error.code == "method_not_allowed"
                || error.code.starts_with("http_")
            {
                Failure::NotFound
            } else {
                Failure::Server {
                    status: status.as_u16(),
                    code: error.code.clone(),
                    message: error.message.clone(),
                }
            }
        }
        ClientError::Api { status, error } => Failure::Server {
            status: status.as_u16(),
            code: error.code.clone(),
            message: error.message.clone(),
        },
        ClientError::Decode { status, message } => Failure::Server {
            status: status.as_u16(),
            code: "bad_response".to_owned(),
            message: format!("unexpected answer: {message}"),
        },
        ClientError::Url(message) => Failure::Server {
            status: 0,
            code: "bad_url".to_owned(),
            message: message.clone(),
        },
    }
}

/// A `validation_failed` answer's `details.fields`: (field, rule) pairs, if it has any.
fn invalid_fields(err: &ClientError) -> Option<Vec<(String, String)>> {
    let ClientError::Api { error, .. } = err else {
        return None;
    };
    if error.code != "validation_failed" {
        return None;
    }
    let fields = error.details.as_ref()?.get("fields")?.as_object()?;
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(name, rule)| {
            let rule = rule
                .as_str()
                .map_or_else(|| rule.to_string(), str::to_owned);
            (name.clone(), rule)
        })
        .collect();
    (!fields.is_empty()).then_some(fields)
}

impl Worker {
    fn send(&self, msg: Msg) {
        // The UI has gone away: nothing is left to tell.
        let _ = self.tx.send(msg);
    }

    fn client(&self) -> Client {
        self.client
            .lock()
            .map(|c| c.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    fn server(&self) -> String {
        self.server
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    fn run(&self, effect: Effect) {
        match effect {
            Effect::Batch(effects) => effects.into_iter().for_each(|e| self.run(e)),
            Effect::Track(tracks) => self.outbox.push(tracks),
            effect => {
                let worker = self.clone();
                tokio::spawn(async move { worker.execute(effect).await });
            }
        }
    }

    async fn execute(&self, effect: Effect) {
        match effect {
            Effect::Batch(_) | Effect::Track(_) => {}
            Effect::WatchLive => self.watch_live().await,
            Effect::FetchPoster { movie, url } => {
                let poster = self.poster(&url).await;
                self.send(Msg::Poster { movie, poster });
            }
            Effect::OpenPlayer { stream, profile } => {
                let opened = crate::player::open(&stream);
                self.send(Msg::Player {
                    trailer: stream.trailer_id,
                    player: opened.player,
                });
                if let (Some(socket), Some(profile)) = (opened.ipc, profile) {
                    self.follow_player(&socket, stream.trailer_id, profile)
                        .await;
                }
            }
            Effect::Resume => self.resume().await,
            Effect::SignIn {
                server,
                email,
                password,
                totp,
            } => self.sign_in(server, email, password, totp).await,
            Effect::Register {
                server,
                name,
                email,
                password,
            } => {
                let body = RegisterRequest {
                    email,
                    password,
                    name,
                };
                self.accepted(
                    &server,
                    |client| async move { client.register(&body).await },
                )
                .await;
            }
            Effect::RequestPasswordReset { server, email } => {
                let body = PasswordResetRequest { email };
                self.accepted(&server, |client| async move {
                    client.password_reset(&body).await
                })
                .await;
            }
            Effect::VerifyEmail { server, token } => {
                let body = VerifyEmailRequest { token };
                self.accepted(
                    &server,
                    |client| async move { client.verify_email(&body).await },
                )
                .await;
            }
            Effect::ConfirmPasswordReset {
                server,
                token,
                new_password,
                totp,
            } => {
                let body = PasswordResetConfirm {
                    token,
                    new_password,
                    totp_code: totp,
                    recovery_code: None,
                };
                self.accepted(&server, |client| async move {
                    client.password_reset_confirm(&body).await
                })
                .await;
            }
            Effect::Fetch(request) => {
                let (token, generation) = self.token().await;
                match self.fetch(&request, token.as_deref()).await {
                    Ok(response) => self.send(Msg::Loaded { request, response }),
                    Err(err) => self.send(Msg::Failed {
                        request,
                        failure: failure(&err),
                        generation,
                    }),
                }
            }
            Effect::Refresh { generation, retry } => {
                let Some(token) = self.refresh(generation).await else {
                    return;
                };
                match self.fetch(&retry, Some(&token)).await {
                    Ok(response) => self.send(Msg::Loaded {
                        request: retry,
                        response,
                    }),
                    // Refused even with a fresh token: the session is gone.
                    Err(err) if err.is_unauthorized() => self.end_session().await,
                    Err(err) => {
                        let generation = self.auth.lock().await.generation;
                        self.send(Msg::Failed {
                            request: retry,
                            failure: failure(&err),
                            generation,
                        });
                    }
                }
            }
            Effect::SignOut => {
                // The session's events leave while its token still works.
                let _ =
                    tokio::time::timeout(std::time::Duration::from_secs(3), self.flush_events())
                        .await;
                let (token, _) = self.token().await;
                // Best effort: the tokens are forgotten here whatever the server says.
                let _ = self.client().authorized(token.as_deref()).logout().await;
                let _ = self.store.remove(&self.server());
                self.auth.lock().await.tokens = None;
                self.send(Msg::SignedOut);
            }
        }
    }

    /// The poster at `url`: from the cache, else downloaded (size cap, timeout) and decoded off
    /// the async threads. The error says why, for the dim line under the placeholder.
    async fn poster(&self, url: &str) -> Result<PosterImage, String> {
        let posters = || self.posters.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, poster)) = posters().iter().find(|(u, _)| u == url) {
            return Ok(poster.clone());
        }
        let bytes = self
            .client()
            .download(url, crate::poster::MAX_BYTES, crate::poster::TIMEOUT)
            .await
            .map_err(|err| match (&err, failure(&err)) {
                (ClientError::Decode { message, .. }, _) => {
                    format!("the poster could not be fetched: {message}")
                }
                (_, Failure::Offline(why)) => format!("the poster could not be fetched ({why})"),
                (_, Failure::Server { message, .. }) => {
                    format!("the poster could not be fetched: {message}")
                }
                (_, other) => format!("the poster could not be fetched: {}", other.describe()),
            })?;
        let poster = tokio::task::spawn_blocking(move || crate::poster::decode(&bytes))
            .await
            .map_err(|e| format!("the poster could not be decoded: {e}"))??;
        let mut cache = posters();
        cache.push_back((url.to_owned(), poster.clone()));
        while cache.len() > crate::poster::CACHED {
            cache.pop_front();
        }
        Ok(poster)
    }

    /// Reports mpv's progress on `trailer` as playback events of `profile` until it ends.
    async fn follow_player(&self, socket: &std::path::Path, trailer: i64, profile: i64) {
        let followed = crate::progress::follow(socket, crate::progress::EVERY, |kind, at| {
            let worker = self.clone();
            async move { worker.playback_event(trailer, profile, kind, at).await }
        })
        .await;
        if let Err(err) = followed {
            self.send(Msg::Notice(format!(
                "The trailer's progress is not recorded: {err}."
            )));
        }
    }

    /// One playback event, retried with the same `client_event_id` (so recorded once) while the
    /// server cannot be reached, after a refresh when the token expired.
    async fn playback_event(&self, trailer: i64, profile: i64, kind: PlaybackEventKind, at: i32) {
        let event = PlaybackEventInput {
            profile_id: profile,
            event: kind,
            position_seconds: Some(at),
            client_event_id: Some(uuid::Uuid::new_v4().to_string()),
        };
        let mut wait = std::time::Duration::from_secs(1);
        for _ in 0..4 {
            let (token, generation) = self.token().await;
            let sent = self
                .client()
                .authorized(token.as_deref())
                .trailer_event(trailer, &event)
                .await;
            match sent {
                Ok(_) => return,
                Err(err) if err.is_unauthorized() => {
                    if self.refresh(generation).await.is_none() {
                        return;
                    }
                }
                Err(err)
                    if err.is_offline() || err.status().is_some_and(|s| s.is_server_error()) =>
                {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
                // Refused as it is: sending it again would not change the answer.
                Err(_) => return,
            }
        }
    }

    /// Follows the live sports stream until the UI goes away: each change becomes `Msg::Live`;
    /// a dropped stream reconnects with backoff, resuming after the last id it saw
    /// (`Last-Event-ID`), so no change is missed or repeated.
    async fn watch_live(&self) {
        let mut last_id: Option<String> = None;
        let mut backoff = std::time::Duration::from_secs(1);
        loop {
            let why = match self.client().sports_stream(last_id.as_deref()).await {
                Ok(response) => {
                    if self.tx.send(Msg::LiveFeed(Feed::Connected)).is_err() {
                        return;
                    }
                    backoff = std::time::Duration::from_secs(1);
                    let chunks = futures_util::stream::unfold(Some(response), |state| async move {
                        let mut response = state?;
                        match response.chunk().await {
                            Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                            Ok(None) => None,
                            Err(err) => Some((Err(err), None)),
                        }
                    });
                    let mut events = std::pin::pin!(chunks.eventsource());
                    while let Some(Ok(event)) = events.next().await {
                        if !event.id.is_empty() {
                            last_id = Some(event.id);
                        }
                        // Keep-alives and kinds this client does not know carry no update.
                        let Ok(update) = serde_json::from_str(&event.data) else {
                            continue;
                        };
                        if self.tx.send(Msg::Live(update)).is_err() {
                            return;
                        }
                    }
                    "the stream was interrupted".to_owned()
                }
                Err(err) => match failure(&err) {
                    Failure::Offline(why) => why,
                    other => other.describe(),
                },
            };
            if self.tx.send(Msg::LiveFeed(Feed::Retrying(why))).is_err() {
                return;
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(std::time::Duration::from_secs(30));
        }
    }

    /// Sends the queued events, a batch per profile; false when some must wait for a retry.
    /// Batches the server refuses as invalid (4xx other than 401/429) are dropped: sending them
    /// again would not change the answer.
    async fn flush_events(&self) -> bool {
        let _one_at_a_time = self.flushing.lock().await;
        while let Some((profile, events)) = self.outbox.take_batch() {
            let (token, generation) = self.token().await;
            let Some(token) = token else {
                // Signed out: nobody to send them as, until someone signs in.
                self.outbox.put_back(profile, events);
                return true;
            };
            let batch = marquee_api::analytics::EventBatch { events };
            match self
                .client()
                .authorized(Some(&token))
                .post_events(profile, &batch)
                .await
            {
                Ok(_) => {}
                Err(err) if err.is_unauthorized() => {
                    self.outbox.put_back(profile, batch.events);
                    let _ = self.refresh(generation).await;
                    return false;
                }
                Err(err)
                    if err.status().is_some_and(|s| {
                        s.is_client_error() && s.as_u16() != 401 && s.as_u16() != 429
                    }) => {}
                Err(_) => {
                    self.outbox.put_back(profile, batch.events);
                    return false;
                }
            }
        }
        true
    }

    async fn token(&self) -> (Option<String>, u64) {
        let auth = self.auth.lock().await;
        (
            auth.tokens.as_ref().map(|t| t.access_token.clone()),
            auth.generation,
        )
    }

    async fn fetch(&self, request: &Request, token: Option<&str>) -> Result<Response, ClientError> {
        let client = self.client().authorized(token);
        Ok(match request {
            Request::Genres => Response::Genres(client.genres().await?.data),
            Request::Movies { genre, sort, page } => {
                let query = MovieQuery {
                    genre: genre.clone(),
                    sort: Some(sort.clone()),
                    page: Some(*page),
                    per_page: Some(crate::app::PER_PAGE),
                    ..MovieQuery::default()
                };
                Response::Movies(client.movies(&query).await?)
            }
            Request::Movie(id) => Response::Movie(Box::new(client.movie(*id).await?)),
            Request::ForYou(profile) => Response::ForYou(Box::new(client.for_you(*profile).await?)),
            Request::Suggest(query) => Response::Suggestions(client.suggest(query).await?.data),
            Request::Search { query, profile } => Response::Search(Box::new(
                client
                    .search(query, *profile, crate::app::SEARCH_PER_PAGE)
                    .await?,
            )),
            Request::Watchlist(profile) => Response::Watchlist(
                client
                    .watchlist(*profile, 1, crate::app::WATCHLIST_PER_PAGE)
                    .await?,
            ),
            Request::Person(id) => Response::Person(Box::new(client.person(*id).await?)),
            Request::Filmography(id) => Response::Filmography {
                person: *id,
                page: client
                    .filmography(*id, crate::app::FILMOGRAPHY_PER_PAGE)
                    .await?,
            },
            Request::ContinueWatching(profile) => {
                Response::ContinueWatching(client.continue_watching(*profile).await?)
            }
            Request::History(profile) => Response::History(
                client
                    .history(*profile, crate::app::WATCHLIST_PER_PAGE)
                    .await?,
            ),
            Request::Profiles => Response::Profiles(client.profiles().await?),
            Request::SportsLive => Response::SportsLive(client.sports_live().await?),
            Request::SportsUpcoming => {
                Response::SportsUpcoming(client.sports_upcoming(&local_time_zone()).await?)
            }
            Request::SportsHighlights => {
                Response::SportsHighlights(client.sports_highlights().await?.data)
            }
            Request::AdminJobs => Response::AdminJobs(client.admin_jobs().await?),
            Request::AdminStats => Response::AdminStats(Box::new(client.admin_stats(None).await?)),
            Request::MovieState { profile, movie } => {
                Response::MovieState(client.movie_state(*profile, *movie).await?)
            }
            Request::Rate {
                profile,
                movie,
                rating: Some(rating),
            } => Response::Rated(Box::new(client.rate(*profile, *movie, *rating).await?)),
            Request::Rate {
                profile,
                movie,
                rating: None,
            } => {
                client.unrate(*profile, *movie).await?;
                Response::Done
            }
            Request::Watchlisted { profile, movie, on } => {
                if *on {
                    client.watchlist_add(*profile, *movie).await?;
                } else {
                    client.watchlist_remove(*profile, *movie).await?;
                }
                Response::Done
            }
            Request::NotInterested { profile, movie } => {
                client.not_interested(*profile, *movie).await?;
                Response::Done
            }
            Request::Play {
                trailer,
                quality,
                profile,
            } => {
                let mut stream = client.play_trailer(*trailer, quality, *profile).await?;
                // Without a media host the server answers `/media/…`: the player needs it whole.
                stream.url = client.resolve(&stream.url);
                for track in &mut stream.subtitles {
                    track.url = client.resolve(&track.url);
                }
                Response::Stream(Box::new(stream))
            }
            Request::PlaybackStarted { trailer, profile } => {
                let event = PlaybackEventInput {
                    profile_id: *profile,
                    event: PlaybackEventKind::Start,
                    position_seconds: Some(0),
                    client_event_id: Some(uuid::Uuid::new_v4().to_string()),
                };
                client.trailer_event(*trailer, &event).await?;
                Response::Done
            }
        })
    }

    /// A fresh access token, refreshing unless a request with a newer token than `generation`
    /// already did. `None` when the session has ended (the UI is told).
    async fn refresh(&self, generation: u64) -> Option<String> {
        let mut auth = self.auth.lock().await;
        if auth.generation != generation {
            return auth.tokens.as_ref().map(|t| t.access_token.clone());
        }
        let Some(refresh_token) = auth.tokens.as_ref().and_then(|t| t.refresh_token.clone()) else {
            drop(auth);
            let message = if self.store.kind() == "MARQUEE_TOKEN" {
                "The server refused MARQUEE_TOKEN. Set a fresh token, or unset it to sign in here."
            } else {
                SESSION_ENDED
            };
            self.send(Msg::SessionEnded(message.to_owned()));
            return None;
        };
        // Serialised with other processes sharing the store (`marqueectl --server`, another
        // `marquee`): under the lock, a pair someone else stored since ours is used as it is,
        // since presenting our spent refresh token would end the session.
        let store = Arc::clone(&self.store);
        let server = self.server();
        let ours = refresh_token.clone();
        let locked = tokio::task::spawn_blocking(move || {
            let lock = store.lock_refresh()?;
            let stored = store.refreshed_elsewhere(&server, &ours)?;
            anyhow::Ok((lock, stored))
        })
        .await;
        let _lock = match locked {
            Ok(Ok((lock, stored))) => {
                if let Some(stored) = stored {
                    let access = stored.access_token.clone();
                    auth.tokens = Some(stored);
                    auth.generation += 1;
                    return Some(access);
                }
                lock
            }
            // No lock to be had (a read-only config directory): refresh unserialised, as before.
            _ => None,
        };
        match self.client().refresh(&refresh_token).await {
            Ok(pair) => {
                let tokens = Tokens::from(pair);
                let access = tokens.access_token.clone();
                let _ = self.store.save(&self.server(), &tokens);
                auth.tokens = Some(tokens);
                auth.generation += 1;
                Some(access)
            }
            Err(err) if err.is_offline() => {
                let failure = failure(&err);
                drop(auth);
                self.send(Msg::SessionEnded(format!(
                    "{} Your session could not be renewed.",
                    Failure::describe(&failure)
                )));
                None
            }
            Err(_) => {
                auth.tokens = None;
                drop(auth);
                self.end_session().await;
                None
            }
        }
    }

    async fn end_session(&self) {
        let _ = self.store.remove(&self.server());
        self.auth.lock().await.tokens = None;
        self.send(Msg::SessionEnded(SESSION_ENDED.to_owned()));
    }

    async fn resume(&self) {
        let notice = self.store.notice().map(str::to_owned);
        let stored = match self.store.load(&self.server()) {
            Ok(stored) => stored,
            Err(err) => {
                self.send(Msg::Started {
                    notice: Some(format!("Could not read stored credentials: {err:#}")),
                    session: None,
                });
                return;
            }
        };
        let Some(tokens) = stored else {
            self.send(Msg::Started {
                notice,
                session: None,
            });
            return;
        };
        let generation = {
            let mut auth = self.auth.lock().await;
            auth.tokens = Some(tokens);
            auth.generation += 1;
            auth.generation
        };
        match self.load_session(generation).await {
            Ok(session) => self.send(Msg::Started {
                notice,
                session: Some(session),
            }),
            Err(message) => self.send(Msg::Started {
                notice: Some(message),
                session: None,
            }),
        }
    }

    /// `GET /me` and the first profile, refreshing once on a 401.
    async fn load_session(&self, generation: u64) -> Result<Session, String> {
        let (token, _) = self.token().await;
        let client = self.client().authorized(token.as_deref());
        let me = match client.me().await {
            Ok(me) => me,
            Err(err) if err.is_unauthorized() => {
                let Some(token) = self.refresh(generation).await else {
                    return Err(SESSION_ENDED.to_owned());
                };
                self.client()
                    .authorized(Some(&token))
                    .me()
                    .await
                    .map_err(|e| failure(&e).describe())?
            }
            Err(err) => return Err(failure(&err).describe()),
        };
        let (token, _) = self.token().await;
        let profile = self
            .client()
            .authorized(token.as_deref())
            .profiles()
            .await
            .ok()
            .and_then(|profiles| profiles.into_iter().next());
        Ok(Session { me, profile })
    }

    /// Points the client at `server` (the sign-in form can change it).
    fn use_server(&self, server: &str) -> Result<(), ClientError> {
        if server != self.server() {
            let client = Client::new(server)?;
            *self.client.lock().unwrap_or_else(|p| p.into_inner()) = client;
            *self.server.lock().unwrap_or_else(|p| p.into_inner()) = server.to_owned();
        }
        Ok(())
    }

    /// Register or password reset: the server's message, or the failure for the form.
    async fn accepted<F, Fut>(&self, server: &str, call: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = Result<Accepted, ClientError>>,
    {
        let result = match self.use_server(server) {
            Ok(()) => call(self.client()).await,
            Err(err) => Err(err),
        };
        self.send(match result {
            Ok(accepted) => Msg::AuthAccepted(accepted.message),
            Err(err) => match invalid_fields(&err) {
                Some(fields) => Msg::SignInInvalid(fields),
                None => Msg::SignInFailed(failure(&err)),
            },
        });
    }

    async fn sign_in(&self, server: String, email: String, password: String, totp: Option<String>) {
        if let Err(err) = self.use_server(&server) {
            self.send(Msg::SignInFailed(failure(&err)));
            return;
        }
        let request = LoginRequest {
            email: email.clone(),
            password,
            totp_code: totp,
            recovery_code: None,
        };
        let pair = match self.client().login(&request).await {
            Ok(pair) => pair,
            Err(err) => {
                self.send(Msg::SignInFailed(failure(&err)));
                return;
            }
        };
        let tokens = Tokens::from(pair);
        let saved = self.store.save(&server, &tokens);
        let generation = {
            let mut auth = self.auth.lock().await;
            auth.tokens = Some(tokens);
            auth.generation += 1;
            auth.generation
        };
        let _ = Remembered {
            server: Some(server),
            email: Some(email),
        }
        .save(&self.config_dir);
        match self.load_session(generation).await {
            Ok(session) => {
                self.send(Msg::SignedIn(session));
                if let Err(err) = saved {
                    self.send(Msg::Notice(format!(
                        "Signed in, but the tokens could not be stored ({err:#}): you will sign in again next time."
                    )));
                }
            }
            Err(message) => self.send(Msg::SignInFailed(Failure::Server {
                status: 0,
                code: "session".to_owned(),
                message,
            })),
        }
    }
}

/// The machine's IANA time zone for "upcoming" kickoffs (`TZ` wins, as for every program);
/// UTC when neither says.
fn local_time_zone() -> String {
    std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_owned())
        // A zone name (`Europe/Paris`), not a file (`:/etc/localtime`) or a POSIX rule.
        .filter(|tz| (tz.contains('/') && !tz.starts_with('/')) || tz == "UTC")
        .or_else(|| iana_time_zone::get_timezone().ok())
        .unwrap_or_else(|| "UTC".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A tiny HTTP server on 127.0.0.1: `/poster.png` (a PNG), `/big.png` (more than the cap),
    /// anything else 404. Each connection answers one request and closes.
    async fn image_server() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        let Ok(n) = socket.read(&mut buf).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        request.extend_from_slice(&buf[..n]);
                    }
                    let request = String::from_utf8_lossy(&request);
                    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let (status, body) = match path.as_str() {
                        "/poster.png" => ("200 OK", crate::poster::test_png(6, 9)),
                        "/big.png" => ("200 OK", vec![0u8; crate::poster::MAX_BYTES + 1]),
                        _ => ("404 Not Found", b"no such poster".to_vec()),
                    };
                    let head = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: image/png\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(&body).await;
                });
            }
        });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn posters_are_fetched_decoded_cached_and_failures_say_why() {
        let url = image_server().await;
        let dir = tempfile::tempdir().unwrap();
        let (tx, mut rx) = unbounded_channel();
        let store = Store::file(dir.path().join("credentials"), "test".into());
        let handle = spawn(
            url.clone(),
            Client::new(&url).unwrap(),
            store,
            dir.path().to_owned(),
            tx,
        );
        let mut fetch = async |poster_url: &str| {
            handle
                .effects
                .send(Effect::FetchPoster {
                    movie: 7,
                    url: poster_url.to_owned(),
                })
                .unwrap();
            match rx.recv().await.unwrap() {
                Msg::Poster { movie: 7, poster } => poster,
                other => panic!("{other:?}"),
            }
        };
        // Relative to the server, and absolute: the same picture.
        let poster = fetch("/poster.png").await.unwrap();
        assert_eq!((poster.0.width(), poster.0.height()), (6, 9));
        let absolute = fetch(&format!("{url}/poster.png")).await.unwrap();
        assert_eq!((absolute.0.width(), absolute.0.height()), (6, 9));
        // The second fetch of a URL is the cached image itself.
        assert_eq!(fetch("/poster.png").await.unwrap(), poster);
        let missing = fetch("/missing.png").await.unwrap_err();
        assert!(missing.contains("404"), "{missing}");
        let big = fetch("/big.png").await.unwrap_err();
        assert!(big.contains("larger than"), "{big}");
        let unreachable = fetch("http://127.0.0.1:9/poster.png").await.unwrap_err();
        assert!(
            unreachable.starts_with("the poster could not be fetched"),
            "{unreachable}"
        );
    }

    /// Another process (`marqueectl --server`, a second `marquee`) refreshed and stored a new
    /// pair since this worker loaded its own: the worker takes the stored pair under the store's
    /// lock instead of presenting its spent refresh token (the server is unreachable here, so a
    /// refresh attempt would end the session instead).
    #[tokio::test]
    async fn a_pair_another_process_stored_is_used_instead_of_refreshing() {
        let dir = tempfile::tempdir().unwrap();
        let server = "http://127.0.0.1:9".to_owned();
        let (tx, mut rx) = unbounded_channel();
        let store = Store::file(dir.path().join("credentials"), "test".into());
        let handle = spawn(
            server.clone(),
            Client::new(&server).unwrap(),
            store,
            dir.path().to_owned(),
            tx,
        );
        let pair = |access: &str, refresh: &str| Tokens {
            access_token: access.to_owned(),
            refresh_token: Some(refresh.to_owned()),
            expires_at: None,
        };
        let worker = &handle.worker;
        {
            let mut auth = worker.auth.lock().await;
            auth.tokens = Some(pair("a1", "r1"));
            auth.generation = 1;
        }
        worker.store.save(&server, &pair("a2", "r2")).unwrap();
        assert_eq!(worker.refresh(1).await.as_deref(), Some("a2"));
        let auth = worker.auth.lock().await;
        assert_eq!(auth.generation, 2);
        assert_eq!(
            auth.tokens
                .as_ref()
                .and_then(|t| t.refresh_token.as_deref()),
            Some("r2")
        );
        drop(auth);
        // Nothing was said to the UI: the session goes on.
        assert!(rx.try_recv().is_err());
        // With the stored pair the worker's own, a refresh does go to the server (unreachable
        // here: the UI hears the session could not be renewed).
        assert_eq!(worker.refresh(2).await, None);
        assert!(matches!(rx.recv().await, Some(Msg::SessionEnded(_))));
    }
}
