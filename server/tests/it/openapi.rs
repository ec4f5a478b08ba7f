//! `/api/openapi.json` covers every route the server has and names none it lacks; `/docs` renders
//! it. The route list comes from the filters' source (`warp::path!(…)` followed by
//! `.and(warp::<method>())`, the one way routes are written in `src/routes/`), so a new route
//! without a `#[utoipa::path]` fails here.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::TestServer;

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// `(METHOD, /path/{}/with/{}/params)` for every route filter in `src/routes/*.rs`.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    let mut routes = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let mut rest = source.as_str();
        while let Some(start) = rest.find("warp::path!(") {
            rest = &rest[start + "warp::path!(".len()..];
            let end = rest.find(')').unwrap();
            let segments: Vec<String> = rest[..end]
                .split('/')
                .map(str::trim)
                .map(|segment| match segment.strip_prefix('"') {
                    Some(literal) => literal.trim_end_matches('"').to_owned(),
                    None => "{}".to_owned(),
                })
                .collect();
            let after = rest[end + 1..].trim_start();
            let method = after
                .strip_prefix(".and(warp::")
                .and_then(|m| m.split_once("()"))
                .map(|(m, _)| m.to_owned())
                .unwrap_or_else(|| {
                    panic!(
                        "{}: `warp::path!({})` is not followed by `.and(warp::<method>())`",
                        path.display(),
                        &rest[..end]
                    )
                });
            assert!(METHODS.contains(&method.as_str()), "method {method}");
            routes.insert((method.to_uppercase(), format!("/{}", segments.join("/"))));
        }
    }
    routes
}

/// `{pid}` → `{}`: parameter names differ between the document and the filters' types.
fn normalise(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

async fn document(s: &TestServer) -> Value {
    let response = reqwest::get(s.url("/api/openapi.json")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "content type"
    );
    response.json().await.unwrap()
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                ops.push((method.to_uppercase(), path.clone(), op.clone()));
            }
        }
    }
    ops
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_and_routes_match_both_ways() {
    let s = TestServer::start().await;
    let doc = document(&s).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let in_doc: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(m, p, _)| (m, normalise(&p)))
        .collect();
    let in_source = routes_in_source();
    assert!(
        in_source.len() >= 55,
        "the route scan found only {} routes: has the way routes are written changed?",
        in_source.len()
    );
    let undocumented: Vec<_> = in_source.difference(&in_doc).collect();
    let phantom: Vec<_> = in_doc.difference(&in_source).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from /api/openapi.json (add #[utoipa::path] to the handler and list it \
         in src/openapi.rs): {undocumented:?}"
    );
    assert!(
        phantom.is_empty(),
        "the document names routes the server does not have: {phantom:?}"
    );
}

/// Every documented operation reaches a handler over real HTTP (never the "no such route" 404 or
/// a 405), whatever that handler then decides about the empty request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_is_served() {
    let s = TestServer::start().await;
    let doc = document(&s).await;
    let client = reqwest::Client::new();
    for (method, path, _) in operations(&doc) {
        let concrete = normalise(&path).replace("{}", "1");
        let response = client
            .request(method.parse().unwrap(), s.url(&concrete))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        // An event stream never ends: its status is the answer.
        let streaming = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t == "text/event-stream");
        let body = if streaming {
            String::new()
        } else {
            response.text().await.unwrap()
        };
        assert_ne!(status, 405, "{method} {concrete}: 405 {body}");
        assert!(
            !(status == 404 && body.contains("no such route")),
            "{method} {concrete} is documented but not routed: {body}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_document_parameters_errors_and_auth() {
    let s = TestServer::start().await;
    let doc = document(&s).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ErrorBody",
        "MovieDetail",
        "MovieSummary",
        "TokenPair",
        "ForYou",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for (method, path, op) in operations(&doc) {
        let what = format!("{method} {path}");
        assert!(op["summary"].is_string(), "{what}: no summary");
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|code| code.starts_with('2')),
            "{what}: no success response"
        );
        for code in ["429", "500", "503"] {
            assert!(responses.contains_key(code), "{what}: no {code}");
        }
        let secured = op["security"]
            .as_array()
            .is_some_and(|list| !list.is_empty());
        if secured {
            assert!(responses.contains_key("401"), "{what}: secured without 401");
        }
        // Every `{name}` in the path is a declared path parameter.
        let declared: BTreeSet<&str> = op["parameters"]
            .as_array()
            .map(|params| {
                params
                    .iter()
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        for segment in path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                assert!(
                    declared.contains(name),
                    "{what}: path parameter {name} undeclared"
                );
            }
        }
    }
    // Spot checks that the annotations say what the handlers do.
    let movies = &doc["paths"]["/api/v1/movies"]["get"];
    let names: Vec<&str> = movies["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["genre", "sort", "page", "per_page", "fields", "min_rating"] {
        assert!(names.contains(&name), "/movies lacks {name}: {names:?}");
    }
    let login = &doc["paths"]["/api/v1/auth/login"]["post"];
    assert!(login["requestBody"].is_object());
    assert!(login["responses"]["401"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docs_page_renders_the_document() {
    let s = TestServer::start().await;
    let response = reqwest::get(s.url("/docs")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src https://cdn.jsdelivr.net"), "{csp}");
    let html = response.text().await.unwrap();
    assert!(html.contains("api-reference"));
    assert!(html.contains("/api/v1/movies/{id}"), "document inlined");
}
