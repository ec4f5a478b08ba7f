//! The response cache: drops, refreshes, and the previous bodies served while a refreshed entry
//! is recomputed.

use std::sync::Arc;
use std::time::Duration;

use marquee_server::cache::{CacheStore, CachedBody, MemoryStore, ResponseCache};
use marquee_server::config::CatalogueConfig;
use marquee_server::metrics::Metrics;
use tokio::sync::oneshot;

fn body(text: &str) -> Arc<CachedBody> {
    Arc::new(CachedBody::new(text.as_bytes().to_vec()))
}

const TTL: Duration = Duration::from_secs(60);

#[tokio::test]
async fn a_refresh_keeps_the_previous_body_and_drops_do_not() {
    let store = MemoryStore::new(100);
    store.put("movies?a".into(), body("one"), TTL).await;
    store.refresh_prefix("movies?").await;
    assert!(
        store.get("movies?a").await.is_none(),
        "a refresh takes the entry"
    );
    assert_eq!(store.previous("movies?a").unwrap().body, "one");

    // A drop by prefix (a catalogue edit) retires every previous body, whatever its prefix.
    store.invalidate_prefix("facets/").await;
    assert!(store.previous("movies?a").is_none());

    store.put("movies?a".into(), body("two"), TTL).await;
    store.invalidate_key("movies?a").await;
    assert!(store.previous("movies?a").is_none(), "a drop by key");

    store.put("movies?a".into(), body("three"), TTL).await;
    store.clear().await;
    assert!(store.previous("movies?a").is_none(), "a clear");

    // Past its TTL, a body is still a previous one for a grace period.
    store
        .put("movies?b".into(), body("short"), Duration::from_millis(50))
        .await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(store.get("movies?b").await.is_none(), "expired");
    assert_eq!(store.previous("movies?b").unwrap().body, "short");
    assert!(marquee_server::cache::PREVIOUS_GRACE > Duration::from_millis(150));
}

/// Starts computing `key` with a compute that waits for the returned sender; returns once the
/// compute has begun (it holds the key's turn).
async fn computing(
    cache: &Arc<ResponseCache>,
    key: &str,
    text: &'static str,
) -> (
    oneshot::Sender<()>,
    tokio::task::JoinHandle<Arc<CachedBody>>,
) {
    let (release, released) = oneshot::channel::<()>();
    let (began, begun) = oneshot::channel::<()>();
    let task = tokio::spawn({
        let cache = cache.clone();
        let key = key.to_owned();
        async move {
            cache
                .get_or_compute(key, TTL, || async move {
                    let _ = began.send(());
                    let _ = released.await;
                    Ok(CachedBody::new(text.as_bytes().to_vec()))
                })
                .await
                .unwrap()
        }
    });
    begun.await.unwrap();
    (release, task)
}

fn must_not_compute() -> std::future::Ready<marquee_server::error::ApiResult<CachedBody>> {
    panic!("computed although the entry was there to serve")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_a_refreshed_entry_is_recomputed_other_requests_get_its_previous_body() {
    let metrics = Arc::new(Metrics::new(Vec::<String>::new()));
    let cache = Arc::new(ResponseCache::memory(&CatalogueConfig::default(), metrics));
    let key = "movies?sort=rating";
    cache
        .get_or_compute(key.into(), TTL, || async {
            Ok(CachedBody::new(b"old".to_vec()))
        })
        .await
        .unwrap();

    // A rating refresh: one request recomputes, another is served the old body at once.
    cache.store().refresh_prefix("movies?").await;
    let (release, recompute) = computing(&cache, key, "new").await;
    let served = cache
        .get_or_compute(key.into(), TTL, must_not_compute)
        .await
        .unwrap();
    assert_eq!(served.body, "old");
    release.send(()).unwrap();
    assert_eq!(recompute.await.unwrap().body, "new");
    let served = cache
        .get_or_compute(key.into(), TTL, must_not_compute)
        .await
        .unwrap();
    assert_eq!(served.body, "new", "the recomputed body once it is stored");

    // A drop (a catalogue edit): nothing older is served; the other request waits for the
    // recompute and gets its body.
    cache.store().clear().await;
    let (release, recompute) = computing(&cache, key, "edited").await;
    let waiting = tokio::spawn({
        let cache = cache.clone();
        async move {
            cache
                .get_or_compute(key.into(), TTL, must_not_compute)
                .await
                .unwrap()
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !waiting.is_finished(),
        "after a drop, a request waits for the recompute"
    );
    release.send(()).unwrap();
    assert_eq!(recompute.await.unwrap().body, "edited");
    assert_eq!(waiting.await.unwrap().body, "edited");
}

/// Lists, facets and people pages: after a refresh, the previous body is served at once, with
/// no request waiting, while one background task computes the new one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refreshed_list_is_served_at_once_and_recomputed_in_the_background() {
    let metrics = Arc::new(Metrics::new(Vec::<String>::new()));
    let cache = Arc::new(ResponseCache::memory(&CatalogueConfig::default(), metrics));
    let key = "movies?genre=drama";
    cache
        .get_or_refresh(key.into(), TTL, || async {
            Ok(CachedBody::new(b"old".to_vec()))
        })
        .await
        .unwrap();

    cache.store().refresh_prefix("movies?").await;
    let (release, released) = oneshot::channel::<()>();
    let served = cache
        .get_or_refresh(key.into(), TTL, || async move {
            let _ = released.await;
            Ok(CachedBody::new(b"new".to_vec()))
        })
        .await
        .unwrap();
    assert_eq!(
        served.body, "old",
        "served without waiting for the recompute"
    );
    // A second request meanwhile starts no second recompute.
    let served = cache
        .get_or_refresh(key.into(), TTL, must_not_compute)
        .await
        .unwrap();
    assert_eq!(served.body, "old");

    release.send(()).unwrap();
    let mut stored = None;
    for _ in 0..500 {
        stored = cache.store().get(key).await;
        if stored.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        stored
            .expect("the background recompute stored its body")
            .body,
        "new"
    );

    // After a drop there is no previous body: the request computes and waits.
    cache.store().invalidate_prefix("movies?").await;
    let served = cache
        .get_or_refresh(key.into(), TTL, || async {
            Ok(CachedBody::new(b"edited".to_vec()))
        })
        .await
        .unwrap();
    assert_eq!(served.body, "edited");
}
