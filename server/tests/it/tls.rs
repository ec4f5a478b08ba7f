//! Optional HTTPS for deployments without a TLS-terminating proxy.

use crate::support::TestServer;

/// A self-signed certificate for `localhost`, written as PEM files.
fn certificate(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, signing_key.serialize_pem()).unwrap();
    (cert_path, key_path, cert.pem())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_with_the_configured_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, pem) = certificate(dir.path());
    let s = TestServer::start_with(
        |_| None,
        |mut c| {
            c.tls = Some((cert, key));
            c
        },
    )
    .await;
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .resolve("localhost", s.addr)
        .build()
        .unwrap();
    let url = format!("https://localhost:{}/healthz", s.addr.port());
    let r = client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers().get("x-request-id").is_some(),
        "same stack as plain HTTP"
    );

    // Plain HTTP to the TLS port gets no HTTP answer.
    let plain = reqwest::get(format!("http://{}/healthz", s.addr)).await;
    assert!(plain.is_err() || plain.unwrap().status() != 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_certificate_stops_the_start_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = marquee_db::testing::TestDb::empty();
    let mut config = marquee_server::config::Config::for_database(db.url().clone(), dir.path());
    config.tls = Some((dir.path().join("missing.pem"), dir.path().join("key.pem")));
    let state = marquee_server::prepare(config).await.unwrap();
    let err = match marquee_server::Server::bind(state).await {
        Ok(_) => panic!("bind must fail"),
        Err(err) => format!("{err:#}"),
    };
    assert!(err.contains("missing.pem"), "{err}");
}
