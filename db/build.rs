//! `embed_migrations!` reads `migrations/` at compile time, but Cargo only rebuilds a crate when
//! its own sources change: without this, a new migration folder is not in the binaries until
//! something else in `db` changes (diesel_migrations' documented fix).
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
