use clap::Parser;
use marquee_db::DatabaseUrl;
use marquee_server::config::{Cli, Config};

#[test]
fn flags_win_over_file_and_file_over_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marquee.toml");
    std::fs::write(
        &file,
        "bind = \"127.0.0.1:9000\"\nbody_limit = 10\ndb_pool_size = 3\n",
    )
    .unwrap();
    let cli = Cli::parse_from([
        "marqueed",
        "--config",
        file.to_str().unwrap(),
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--body-limit",
        "20",
    ]);
    let config = Config::from_cli(cli).unwrap();
    assert_eq!(config.bind.to_string(), "127.0.0.1:9000");
    assert_eq!(config.body_limit, 20);
    assert_eq!(config.pool.max_size, 3);
    assert_eq!(
        config.database,
        DatabaseUrl::Sqlite(dir.path().join("marquee.db"))
    );
}

#[test]
fn unknown_file_keys_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marquee.toml");
    std::fs::write(&file, "bnid = \"127.0.0.1:9000\"\n").unwrap();
    let cli = Cli::parse_from(["marqueed", "--config", file.to_str().unwrap()]);
    let err = format!("{:#}", Config::from_cli(cli).unwrap_err());
    assert!(err.contains("unknown field `bnid`"), "{err}");
}

#[test]
fn unknown_database_scheme_is_an_error_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::parse_from([
        "marqueed",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--database-url",
        "mysql://root@localhost/x",
    ]);
    let err = format!("{:#}", Config::from_cli(cli).unwrap_err());
    assert!(
        err.contains("unsupported database URL scheme `mysql`"),
        "{err}"
    );
}

#[test]
fn the_concurrency_limit_defaults_to_8_per_core_and_is_off_with_zero() {
    let dir = tempfile::tempdir().unwrap();
    let parse = |args: &[&str]| {
        let mut argv = vec!["marqueed", "--data-dir", dir.path().to_str().unwrap()];
        argv.extend_from_slice(args);
        Config::from_cli(Cli::parse_from(argv)).unwrap()
    };
    assert_eq!(
        parse(&["--max-concurrent-requests", "24"]).max_concurrent_requests,
        Some(24)
    );
    assert_eq!(
        parse(&["--max-concurrent-requests", "0"]).max_concurrent_requests,
        None
    );
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(parse(&[]).max_concurrent_requests, Some(8 * cores));
}
