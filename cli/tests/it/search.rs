//! `marqueectl search reindex` on a real SQLite file in a fresh data directory (the embedded
//! default), checked by opening the index it wrote with the search crate.

use std::path::Path;

use marquee_search::{SearchIndex, SearchRequest};

use crate::{Run, marqueectl};

fn in_dir(dir: &Path, args: &[&str]) -> Run {
    Run::of(
        marqueectl()
            .arg("--data-dir")
            .arg(dir)
            .env("MARQUEE_BCRYPT_COST", "4")
            .args(args),
    )
}

#[test]
fn reindex_builds_the_index_beside_the_database_and_refuses_one_in_use() {
    let dir = tempfile::tempdir().unwrap();
    in_dir(dir.path(), &["seed", "--demo"]).expect_code(0);
    assert!(dir.path().join("marquee.db").is_file());

    let run = in_dir(dir.path(), &["search", "reindex", "--output", "json"]).expect_code(0);
    let summary = run.json();
    let index_dir = dir.path().join("search-index");
    assert_eq!(summary["index_dir"], index_dir.display().to_string());
    assert_eq!(summary["movies"], 50, "{summary}");
    let people = summary["people"].as_u64().unwrap();
    assert!(people >= 50, "directors and stars: {summary}");
    assert_eq!(summary["documents"], 50 + people);
    assert_eq!(summary["recreated"], false);
    assert!(run.stderr.contains("indexing"), "progress: {}", run.stderr);

    // The server's index, as the server would open it: a misspelled title finds the movie.
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    assert_eq!(index.num_docs(), 50 + people);
    let hits = index.search(&SearchRequest::new("shawshenk")).unwrap().hits;
    assert_eq!(hits[0].title, "The Shawshank Redemption");

    // While a process (here the test, standing in for marqueed) holds the index, reindex
    // refuses with a hint and leaves the index alone.
    let run = in_dir(dir.path(), &["search", "reindex"]).expect_code(1);
    assert!(
        run.stderr.contains("in use by another process"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint:") && run.stderr.contains("stop it"),
        "{}",
        run.stderr
    );
    assert_eq!(index.num_docs(), 50 + people);
    drop(index);

    // Again once released: the same documents, and a table summary for people.
    let run = in_dir(dir.path(), &["search", "reindex"]).expect_code(0);
    assert!(
        run.stdout
            .contains(&format!("indexed 50 movies and {people} people")),
        "{}",
        run.stdout
    );
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    assert_eq!(index.num_docs(), 50 + people);
}

#[test]
fn reindex_replaces_an_index_written_with_another_schema() {
    let dir = tempfile::tempdir().unwrap();
    in_dir(dir.path(), &["seed", "--demo"]).expect_code(0);
    // Not a search index of this version: tantivy's meta.json with an empty foreign schema.
    let index_dir = dir.path().join("search-index");
    std::fs::create_dir_all(&index_dir).unwrap();
    std::fs::write(
        index_dir.join("meta.json"),
        r#"{"index_settings":{"docstore_compression":"none"},"segments":[],"schema":[],"opstamp":0}"#,
    )
    .unwrap();
    let summary = in_dir(dir.path(), &["search", "reindex", "--output", "json"])
        .expect_code(0)
        .json();
    assert_eq!(summary["recreated"], true, "{summary}");
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    assert_eq!(
        index.num_docs(),
        summary["documents"].as_u64().unwrap(),
        "{summary}"
    );
}
