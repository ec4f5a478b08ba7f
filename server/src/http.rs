//! Serving the warp routes over hyper with the tower-http middleware stack.
//!
//! `warp::serve` accepts only a `Filter`, so it cannot host tower middleware. This module is the
//! same accept loop warp runs internally (hyper-util's auto builder and graceful shutdown), with
//! `warp::service(filter)` wrapped in tower-http layers for what warp lacks: panic → JSON 500,
//! `x-request-id`, request spans, and gzip that honours `Accept-Encoding` and skips small bodies.

use std::any::Any;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::Full;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Level;
use warp::filters::BoxedFilter;

use crate::error::ApiError;
use crate::metrics::{Metrics, RouteSlot};

/// Responses smaller than this are sent uncompressed: gzip gains nothing on them and costs CPU.
pub const GZIP_MIN_BYTES: u16 = 1024;

/// The peer address of a request, inserted as a request extension for rate limiting and logs.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// Longest a client may take to finish the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Loads a PEM certificate chain and private key into a TLS acceptor (HTTP/2 and HTTP/1.1 by
/// ALPN), for deployments without a TLS-terminating proxy in front.
pub fn tls_acceptor(cert: &std::path::Path, key: &std::path::Path) -> anyhow::Result<TlsAcceptor> {
    use anyhow::Context as _;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("cannot read the TLS certificate chain {}", cert.display()))?;
    anyhow::ensure!(
        !chain.is_empty(),
        "no PEM certificate in {}",
        cert.display()
    );
    let key = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("cannot read the TLS private key {}", key.display()))?;
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the TLS certificate and private key do not form a usable pair")?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(std::sync::Arc::new(config)))
}

/// Who sent a request: the TCP peer, unless the peer is a trusted proxy, then the right-most
/// address of `X-Forwarded-For` that is not itself a trusted proxy (addresses further left
/// were written by the client and prove nothing). Port 0 when it comes from the header.
pub fn client_addr(
    peer: SocketAddr,
    headers: &http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> SocketAddr {
    if !trusted.contains(&peer.ip()) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    forwarded
        .iter()
        .rev()
        .map_while(|hop| hop.parse::<std::net::IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .map_or(peer, |ip| SocketAddr::new(ip, 0))
}

/// Who may name the client, and how many requests a listener handles at once.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Peers whose `X-Forwarded-For` is believed ([`client_addr`]).
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// `--max-concurrent-requests` (the admission layer); `None`: no limit.
    pub max_concurrent: Option<usize>,
}

/// Serves `routes` on `listener` (over TLS when `tls` is given) until `shutdown` completes, then
/// lets in-flight requests finish for up to `grace`. Requests are counted in `metrics` when given
/// (the API listener; not the metrics listener itself).
pub async fn serve(
    listener: TcpListener,
    routes: BoxedFilter<(warp::reply::Response,)>,
    tls: Option<TlsAcceptor>,
    metrics: Option<Arc<Metrics>>,
    shutdown: impl Future<Output = ()> + Send,
    grace: Duration,
    options: ServeOptions,
) {
    let ServeOptions {
        trusted_proxies,
        max_concurrent,
    } = options;
    let admit = max_concurrent.map(|n| AdmitLayer {
        slots: Arc::new(tokio::sync::Semaphore::new(n)),
        metrics: metrics.clone(),
    });
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(err) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let trusted = trusted_proxies.clone();
        let service = ServiceBuilder::new()
            .map_request(move |mut req: Request<hyper::body::Incoming>| {
                let client = client_addr(peer, req.headers(), &trusted);
                req.extensions_mut().insert(ClientAddr(client));
                req
            })
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|req: &Request<hyper::body::Incoming>| {
                        let id = req
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            id = %id,
                            method = %req.method(),
                            path = %req.uri().path(),
                        )
                    })
                    .on_request(())
                    .on_response(
                        tower_http::trace::DefaultOnResponse::new()
                            .level(Level::INFO)
                            .latency_unit(tower_http::LatencyUnit::Micros),
                    ),
            )
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(ObserveLayer(metrics.clone()))
            .option_layer(admit.clone())
            .layer(
                CompressionLayer::new()
                    .gzip(true)
                    .compress_when(DefaultPredicate::new().and(SizeAbove::new(GZIP_MIN_BYTES))),
            )
            .layer(CatchPanicLayer::custom(panic_response))
            .service(warp::service(routes.clone()));
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            let result = match tls {
                None => serve_connection(TokioIo::new(stream), service, watcher).await,
                Some(acceptor) => {
                    match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
                    {
                        Ok(Ok(stream)) => {
                            serve_connection(TokioIo::new(stream), service, watcher).await
                        }
                        Ok(Err(err)) => {
                            tracing::debug!(error = %err, %peer, "TLS handshake failed");
                            return;
                        }
                        Err(_) => {
                            tracing::debug!(%peer, "TLS handshake timed out");
                            return;
                        }
                    }
                }
            };
            if let Err(err) = result {
                tracing::debug!(error = %err, "connection closed with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: draining in-flight requests");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(grace) => {
            tracing::warn!(grace_secs = grace.as_secs(), "grace period over; closing remaining connections");
        }
    }
}

/// What replies need to know of the request this task is serving.
struct RequestContext {
    /// Its `x-request-id`.
    id: Option<HeaderValue>,
    /// Whether its `Accept-Encoding` takes gzip.
    gzip: bool,
}

tokio::task_local! {
    static REQUEST: RequestContext;
}

/// The id of the request being served, for the error envelope; `None` outside a request.
pub fn current_request_id() -> Option<String> {
    REQUEST
        .try_with(|r| {
            r.id.as_ref()
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .ok()
        .flatten()
}

/// Whether the request being served takes gzip, so a cached body can be sent in the form it was
/// compressed to once ([`crate::cache::CachedBody::respond`]) instead of going through the
/// compression layer on every request; `false` outside a request.
pub fn request_takes_gzip() -> bool {
    REQUEST.try_with(|r| r.gzip).unwrap_or(false)
}

/// Admission control (`--max-concurrent-requests`): at most that many requests are handled at
/// once; the others wait their turn, parked, in arrival order. Under a load of hundreds of
/// connections, the requests being handled are then not each queued behind hundreds of runnable
/// tasks at every wake-up. (tower's `GlobalConcurrencyLimitLayer` waits in `poll_ready`, before
/// any layer's `call`, so the latency histogram would not see the wait; this one waits inside
/// `call`, under [`ObserveLayer`].)
///
/// The probes (`/healthz`, `/readyz`) never wait: a load balancer must not take a busy server for
/// a dead one. Requests that do wait are counted in `marquee_http_requests_waiting`.
#[derive(Clone)]
struct AdmitLayer {
    slots: Arc<tokio::sync::Semaphore>,
    metrics: Option<Arc<Metrics>>,
}

impl<S> tower::Layer<S> for AdmitLayer {
    type Service = Admit<S>;

    fn layer(&self, inner: S) -> Admit<S> {
        Admit {
            inner,
            slots: self.slots.clone(),
            metrics: self.metrics.clone(),
        }
    }
}

#[derive(Clone)]
struct Admit<S> {
    inner: S,
    slots: Arc<tokio::sync::Semaphore>,
    metrics: Option<Arc<Metrics>>,
}

impl<S, B> tower::Service<Request<B>> for Admit<S>
where
    S: tower::Service<Request<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        // The service made ready handles this request; a clone takes its place.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        if matches!(req.uri().path(), "/healthz" | "/readyz") {
            return Box::pin(inner.call(req));
        }
        let slots = self.slots.clone();
        let metrics = self.metrics.clone();
        Box::pin(async move {
            let _slot = match slots.clone().try_acquire_owned() {
                Ok(slot) => Some(slot),
                Err(_) => {
                    let _waiting = metrics.as_ref().map(|m| m.admission_wait());
                    // The semaphore is never closed: `acquire_owned` cannot fail.
                    slots.acquire_owned().await.ok()
                }
            };
            inner.call(req).await
        })
    }
}

/// Makes the request id readable by error replies ([`current_request_id`]) and, with metrics,
/// counts and times each request by route template, method and status class. Per request: a
/// router lookup on the borrowed path, a `HeaderValue` clone (reference count) and a few atomic
/// increments.
#[derive(Clone)]
struct ObserveLayer(Option<Arc<Metrics>>);

impl<S> tower::Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Observe<S> {
        Observe {
            inner,
            metrics: self.0.clone(),
        }
    }
}

#[derive(Clone)]
struct Observe<S> {
    inner: S,
    metrics: Option<Arc<Metrics>>,
}

impl<S, B, R> tower::Service<Request<B>> for Observe<S>
where
    S: tower::Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = ObserveFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let measure = self.metrics.as_ref().map(|metrics| {
            let slot = metrics.slot(req.method(), req.uri().path());
            (metrics.clone(), slot, Instant::now())
        });
        let context = RequestContext {
            id: req.headers().get("x-request-id").cloned(),
            gzip: req
                .headers()
                .get(http::header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(crate::cache::accepts_gzip),
        };
        ObserveFuture {
            inner: REQUEST.scope(context, self.inner.call(req)),
            measure,
        }
    }
}

pin_project_lite::pin_project! {
    struct ObserveFuture<F: Future> {
        #[pin]
        inner: tokio::task::futures::TaskLocalFuture<RequestContext, F>,
        measure: Option<(Arc<Metrics>, RouteSlot, Instant)>,
    }
}

impl<F, R, E> Future for ObserveFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let output = std::task::ready!(this.inner.poll(cx));
        if let (Some((metrics, slot, start)), Ok(response)) = (this.measure.take(), &output) {
            metrics.record(slot, response.status(), start.elapsed());
        }
        Poll::Ready(output)
    }
}

/// Serves one connection (plain or TLS) with HTTP/1.1 or h2, watched for graceful shutdown.
async fn serve_connection<I, S, B>(
    io: I,
    service: S,
    watcher: hyper_util::server::graceful::Watcher,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    S: tower::Service<Request<hyper::body::Incoming>, Response = Response<B>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let builder = auto::Builder::new(TokioExecutor::new());
    let connection = builder.serve_connection_with_upgrades(io, TowerToHyperService::new(service));
    watcher.watch(connection.into_owned()).await
}

/// A panic anywhere below becomes the standard JSON 500; its message goes to the log only.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Full<Bytes>> {
    let message = crate::error::panic_message(&*panic);
    let err = ApiError::internal(format!("handler panicked: {message}"));
    let body = serde_json::to_vec(&err.body()).unwrap_or_default();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("received Ctrl-C"),
        () = term => tracing::info!("received SIGTERM"),
    }
}
