//! `marqueectl seed`: fill a database with generated content.
//!
//! - `--synthetic`: a deterministic catalogue for benchmarks and CI. Everything comes from one
//!   PCG generator seeded with `--seed` and fixed timestamps, written in a fixed order, so the
//!   same seed on a fresh database gives an identical database. Movies get a popularity (Zipf
//!   like) and a latent taste vector; users get a taste vector and an activity level; a rating
//!   is the dot product of the two plus noise, which gives collaborative filtering something to
//!   find. Accounts cannot log in (unusable password hash).
//! - `--demo`: a small fixed catalogue of well-known films and the demo account
//!   `demo@marquee.local` with a real bcrypt password (printed). Re-running adds nothing twice.

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use marquee_db::models::NewRating;
use marquee_db::schema::{credits, movies, people, users};
use marquee_db::{DbConn, per_backend};
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use super::import::store::{self, Lookups};
use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["synthetic", "demo"])))]
pub struct Opts {
    /// Generate a deterministic synthetic catalogue, accounts and ratings (needs an empty catalogue)
    #[arg(long)]
    synthetic: bool,

    /// Add the small demo catalogue and the demo account demo@marquee.local
    #[arg(long)]
    demo: bool,

    /// Synthetic movies
    #[arg(long, value_name = "N", default_value_t = 1000)]
    movies: u32,

    /// Synthetic accounts, one profile each
    #[arg(long, value_name = "N", default_value_t = 100)]
    users: u32,

    /// Synthetic ratings (at most movies × users)
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    ratings: u64,

    /// Seed of the generator: the same seed gives the same database
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,

    /// bcrypt cost of the demo password (tests use 4)
    #[arg(long, env = "MARQUEE_BCRYPT_COST", default_value_t = 12, hide = true)]
    bcrypt_cost: u32,
}

#[derive(Debug, Serialize)]
struct Seeded {
    movies: u64,
    people: u64,
    users: u64,
    ratings: u64,
    demo_account: Option<DemoAccount>,
    /// Where a synthetic seed spent its time (before the commit), for benchmarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds: Option<Phases>,
}

#[derive(Debug, Serialize)]
struct Phases {
    catalogue: f64,
    accounts: f64,
    /// Drawing the ratings and sorting them, in memory.
    rating_generation: f64,
    /// Writing them.
    ratings: f64,
    rating_stats: f64,
}

#[derive(Debug, Serialize)]
struct DemoAccount {
    email: &'static str,
    password: &'static str,
    created: bool,
}

impl Render for Seeded {
    fn table(&self, table: &mut Table) {
        table.field("movies", self.movies.to_string());
        table.field("people", self.people.to_string());
        table.field("users", self.users.to_string());
        table.field("ratings", self.ratings.to_string());
        if let Some(demo) = &self.demo_account {
            table.field("demo login", format!("{} / {}", demo.email, demo.password));
        }
    }
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let url = ctx.database_url()?;
    let mut conn = ctx.connect_migrated(&url)?;
    let seeded = if opts.demo {
        marquee_db::write_transaction(&mut conn, |c| demo(c, opts.bcrypt_cost))?
    } else {
        let existing: i64 = movies::table.count().get_result(&mut conn)?;
        if existing > 0 {
            return Err(report::hinted(
                anyhow::anyhow!("the catalogue already has {existing} movies"),
                "synthetic seeding is deterministic only on an empty database: seed a fresh one \
                 (e.g. a new --database-url after `marqueectl db migrate`)",
            ));
        }
        marquee_db::write_transaction(&mut conn, |c| synthetic(c, &opts))?
    };
    ctx.output.outcome(&seeded)
}

const EPOCH: NaiveDateTime = match NaiveDate::from_ymd_opt(2020, 1, 1) {
    Some(d) => d.and_time(chrono::NaiveTime::MIN),
    None => NaiveDateTime::MIN,
};
const FACTORS: usize = 4;
const GENRES: [&str; 12] = [
    "Action",
    "Adventure",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Horror",
    "Romance",
    "Sci-Fi",
    "Thriller",
];
const ADJECTIVES: [&str; 24] = [
    "Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Midnight", "Electric", "Lonely",
    "Savage", "Frozen", "Distant", "Burning", "Secret", "Endless", "Wild", "Quiet", "Iron",
    "Paper", "Velvet", "Hollow", "Bright", "Northern", "Lost",
];
const NOUNS: [&str; 24] = [
    "Harbor",
    "Protocol",
    "Garden",
    "Kingdom",
    "River",
    "Signal",
    "Empire",
    "Winter",
    "Horizon",
    "Machine",
    "Letters",
    "Shadow",
    "Island",
    "Station",
    "Promise",
    "Orchard",
    "Frontier",
    "Mirror",
    "Voyage",
    "Circus",
    "Archive",
    "Lighthouse",
    "Descent",
    "Summer",
];
const FIRST: [&str; 20] = [
    "Ada", "Bruno", "Clara", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira",
    "Luca", "Maya", "Nils", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Yusuf",
];
const LAST: [&str; 20] = [
    "Abara",
    "Berg",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Gomes",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Varga",
];

fn pick<'a>(rng: &mut rand_pcg::Pcg64, words: &[&'a str]) -> &'a str {
    words[rng.random_range(0..words.len())]
}

/// Rows per multi-row insert of people, genre links and credits (at most 7 bind parameters a
/// row: well under SQLite's 32,766 per statement).
const ROWS_PER_INSERT: usize = 1000;

/// A synthetic credit: the director (no billing order) or a cast member.
#[allow(clippy::type_complexity)]
fn credit(
    movie: i64,
    person: i64,
    order: Option<i32>,
) -> (
    diesel::dsl::Eq<credits::movie_id, i64>,
    diesel::dsl::Eq<credits::person_id, i64>,
    diesel::dsl::Eq<credits::kind, &'static str>,
    diesel::dsl::Eq<credits::cast_order, Option<i32>>,
    diesel::dsl::Eq<credits::department, Option<&'static str>>,
    diesel::dsl::Eq<credits::job, Option<&'static str>>,
) {
    let crew = order.is_none();
    (
        credits::movie_id.eq(movie),
        credits::person_id.eq(person),
        credits::kind.eq(if crew { "crew" } else { "cast" }),
        credits::cast_order.eq(order),
        credits::department.eq(crew.then_some("Directing")),
        credits::job.eq(crew.then_some("Director")),
    )
}

fn synthetic(conn: &mut DbConn, opts: &Opts) -> anyhow::Result<Seeded> {
    let started = std::time::Instant::now();
    let mut rng = rand_pcg::Pcg64::seed_from_u64(opts.seed);
    let mut lookups = Lookups::default();
    let mut ignore = super::import::Counts::default();
    let genre_ids: Vec<i64> = GENRES
        .iter()
        .map(|g| lookups.genre(conn, g, &mut ignore))
        .collect::<QueryResult<_>>()?;

    let n_people = (opts.movies / 2).max(4);
    // Names are unique (numbered), so the ids multi-row inserts return are matched by name.
    let names: Vec<String> = (0..n_people)
        .map(|i| {
            format!(
                "{} {} {}",
                pick(&mut rng, &FIRST),
                pick(&mut rng, &LAST),
                i + 1
            )
        })
        .collect();
    let mut id_of_name: HashMap<String, i64> = HashMap::with_capacity(names.len());
    for chunk in names.chunks(ROWS_PER_INSERT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|name| {
                (
                    people::name.eq(name),
                    people::created_at.eq(EPOCH),
                    people::updated_at.eq(EPOCH),
                )
            })
            .collect();
        let created: Vec<(String, i64)> =
            per_backend!(conn, |c| diesel::insert_into(people::table)
                .values(&rows)
                .returning((people::name, people::id))
                .get_results(c))?;
        id_of_name.extend(created);
    }
    let person_ids: Vec<i64> = names.iter().map(|n| id_of_name[n]).collect();

    // Popularity: Zipf-like over a shuffled rank, so popular films are spread over ids.
    // Everything is drawn first (in the generator's fixed order), then written in multi-row
    // inserts; ids come back in insertion order on both backends (sorted to be sure).
    struct Spec {
        title: String,
        year: i16,
        runtime: i32,
        popularity: f64,
        genres: Vec<i64>,
        director: i64,
        cast: [i64; 3],
    }
    let mut specs = Vec::with_capacity(opts.movies as usize);
    let mut tastes = Vec::with_capacity(opts.movies as usize);
    let mut weights = Vec::with_capacity(opts.movies as usize);
    for i in 0..opts.movies {
        let title = format!(
            "The {} {}",
            pick(&mut rng, &ADJECTIVES),
            pick(&mut rng, &NOUNS)
        );
        let title = if i >= 500 {
            format!("{title} {}", i / 500 + 1)
        } else {
            title
        };
        let year: i16 = rng.random_range(1950..=2025);
        let rank = f64::from(rng.random_range(1..=opts.movies));
        let popularity = 1000.0 / rank.powf(0.9);
        let runtime = rng.random_range(80..=180);
        let mut genres: Vec<i64> = (0..rng.random_range(1..=3))
            .map(|_| genre_ids[rng.random_range(0..genre_ids.len())])
            .collect();
        genres.sort_unstable();
        genres.dedup();
        let director = person_ids[rng.random_range(0..person_ids.len())];
        let cast = std::array::from_fn(|_| person_ids[rng.random_range(0..person_ids.len())]);
        specs.push(Spec {
            title,
            year,
            runtime,
            popularity,
            genres,
            director,
            cast,
        });
        tastes.push(std::array::from_fn::<f64, FACTORS, _>(|_| {
            rng.random_range(-1.0..1.0)
        }));
        weights.push(popularity);
    }
    let new_movies: Vec<marquee_db::models::NewMovie> = specs
        .iter()
        .map(|m| marquee_db::models::NewMovie {
            runtime_minutes: Some(m.runtime),
            popularity: m.popularity,
            ..super::import::movielens_new_movie(&m.title, Some(m.year), EPOCH)
        })
        .collect();
    let movie_ids = store::insert_movies(conn, &new_movies)?;
    let mut genre_links = Vec::with_capacity(specs.len() * 2);
    let mut credit_rows = Vec::with_capacity(specs.len() * 4);
    for (spec, id) in specs.iter().zip(&movie_ids) {
        genre_links.extend(spec.genres.iter().map(|g| {
            (
                marquee_db::schema::movie_genres::movie_id.eq(*id),
                marquee_db::schema::movie_genres::genre_id.eq(*g),
            )
        }));
        credit_rows.push(credit(*id, spec.director, None));
        credit_rows.extend(
            (0..)
                .zip(spec.cast)
                .map(|(order, p)| credit(*id, p, Some(order))),
        );
    }
    for chunk in genre_links.chunks(ROWS_PER_INSERT) {
        per_backend!(conn, |c| diesel::insert_into(
            marquee_db::schema::movie_genres::table
        )
        .values(chunk)
        .execute(c))?;
    }
    for chunk in credit_rows.chunks(ROWS_PER_INSERT) {
        per_backend!(conn, |c| diesel::insert_into(credits::table)
            .values(chunk)
            .execute(c))?;
    }
    let catalogue_seconds = started.elapsed().as_secs_f64();

    let accounts: Vec<(String, String)> = (1..=opts.users)
        .map(|u| {
            (
                format!("synthetic-{u}@seed.invalid"),
                format!("Synthetic user {u}"),
            )
        })
        .collect();
    let mut ignore = super::import::Counts::default();
    let profiles = store::ensure_profiles(conn, &accounts, "Main", &mut ignore, EPOCH)?;
    let accounts_done = started.elapsed().as_secs_f64();
    let mut profile_ids: Vec<i64> = accounts
        .iter()
        .filter_map(|(e, _)| profiles.get(e).copied())
        .collect();
    profile_ids.sort_unstable();
    let user_tastes: Vec<[f64; FACTORS]> = profile_ids
        .iter()
        .map(|_| std::array::from_fn(|_| rng.random_range(-1.0..1.0)))
        .collect();

    // Sampling movies by popularity through the cumulative weights.
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut total = 0.0;
    for w in &weights {
        total += w;
        cumulative.push(total);
    }
    let wanted = opts
        .ratings
        .min(u64::from(opts.movies) * u64::from(opts.users));
    let mut seen = HashSet::new();
    let mut all = Vec::with_capacity(usize::try_from(wanted).unwrap_or(0));
    let mut attempts = 0u64;
    while (all.len() as u64) < wanted && attempts < wanted * 50 {
        attempts += 1;
        // Activity skew: low user indexes rate more (square of a uniform number).
        let u = ((rng.random::<f64>().powi(2)) * profile_ids.len() as f64) as usize;
        let target = rng.random::<f64>() * total;
        let m = cumulative
            .partition_point(|c| *c < target)
            .min(movie_ids.len() - 1);
        if !seen.insert((u, m)) {
            continue;
        }
        let affinity: f64 = user_tastes[u]
            .iter()
            .zip(&tastes[m])
            .map(|(a, b)| a * b)
            .sum();
        let stars = 3.0 + 1.2 * affinity + rng.random_range(-0.75..0.75);
        let half = (stars * 2.0).round().clamp(1.0, 10.0) as i16;
        let at = EPOCH + TimeDelta::seconds(rng.random_range(0..3 * 365 * 86_400));
        all.push(NewRating {
            profile_id: profile_ids[u],
            movie_id: movie_ids[m],
            rating_half: half,
            created_at: at,
            updated_at: at,
        });
    }
    drop(seen);
    // Written in key order: ids follow (profile, movie), as an import of the same rows gives
    // them, and the index builds after the load read their keys nearly sorted.
    all.sort_unstable_by_key(|r| (r.profile_id, r.movie_id));
    let generated = started.elapsed().as_secs_f64();
    store::load_new_ratings(conn, &all, &mut ignore)?;
    let written = all.len() as u64;
    let ratings_done = started.elapsed().as_secs_f64();
    store::refresh_rating_stats(conn)?;
    Ok(Seeded {
        movies: u64::from(opts.movies),
        people: u64::from(n_people),
        users: u64::from(opts.users),
        ratings: written,
        demo_account: None,
        seconds: Some(Phases {
            catalogue: catalogue_seconds,
            accounts: accounts_done - catalogue_seconds,
            rating_generation: generated - accounts_done,
            ratings: ratings_done - generated,
            rating_stats: started.elapsed().as_secs_f64() - ratings_done,
        }),
    })
}

const DEMO_EMAIL: &str = "demo@marquee.local";
const DEMO_PASSWORD: &str = "marquee-demo";

/// (title, year, runtime, genres, director, stars)
const DEMO: [(&str, i16, i32, &str, &str, &str); 50] = [
    (
        "The Shawshank Redemption",
        1994,
        142,
        "Drama",
        "Frank Darabont",
        "Tim Robbins|Morgan Freeman",
    ),
    (
        "The Godfather",
        1972,
        175,
        "Crime|Drama",
        "Francis Ford Coppola",
        "Marlon Brando|Al Pacino",
    ),
    (
        "The Dark Knight",
        2008,
        152,
        "Action|Crime|Drama",
        "Christopher Nolan",
        "Christian Bale|Heath Ledger",
    ),
    (
        "Pulp Fiction",
        1994,
        154,
        "Crime|Drama",
        "Quentin Tarantino",
        "John Travolta|Uma Thurman",
    ),
    (
        "Schindler's List",
        1993,
        195,
        "Drama|History",
        "Steven Spielberg",
        "Liam Neeson|Ralph Fiennes",
    ),
    (
        "The Lord of the Rings: The Fellowship of the Ring",
        2001,
        178,
        "Adventure|Fantasy",
        "Peter Jackson",
        "Elijah Wood|Ian McKellen",
    ),
    (
        "Forrest Gump",
        1994,
        142,
        "Drama|Romance",
        "Robert Zemeckis",
        "Tom Hanks|Robin Wright",
    ),
    (
        "Inception",
        2010,
        148,
        "Action|Sci-Fi|Thriller",
        "Christopher Nolan",
        "Leonardo DiCaprio|Elliot Page",
    ),
    (
        "Fight Club",
        1999,
        139,
        "Drama",
        "David Fincher",
        "Brad Pitt|Edward Norton",
    ),
    (
        "The Matrix",
        1999,
        136,
        "Action|Sci-Fi",
        "Lana Wachowski",
        "Keanu Reeves|Carrie-Anne Moss",
    ),
    (
        "Goodfellas",
        1990,
        145,
        "Crime|Drama",
        "Martin Scorsese",
        "Robert De Niro|Ray Liotta",
    ),
    (
        "Seven Samurai",
        1954,
        207,
        "Action|Drama",
        "Akira Kurosawa",
        "Toshiro Mifune|Takashi Shimura",
    ),
    (
        "Spirited Away",
        2001,
        125,
        "Animation|Adventure|Fantasy",
        "Hayao Miyazaki",
        "Rumi Hiiragi|Miyu Irino",
    ),
    (
        "Interstellar",
        2014,
        169,
        "Adventure|Drama|Sci-Fi",
        "Christopher Nolan",
        "Matthew McConaughey|Anne Hathaway",
    ),
    (
        "Parasite",
        2019,
        132,
        "Comedy|Drama|Thriller",
        "Bong Joon Ho",
        "Song Kang-ho|Choi Woo-shik",
    ),
    (
        "The Silence of the Lambs",
        1991,
        118,
        "Crime|Drama|Thriller",
        "Jonathan Demme",
        "Jodie Foster|Anthony Hopkins",
    ),
    (
        "Saving Private Ryan",
        1998,
        169,
        "Drama|War",
        "Steven Spielberg",
        "Tom Hanks|Matt Damon",
    ),
    (
        "City of God",
        2002,
        130,
        "Crime|Drama",
        "Fernando Meirelles",
        "Alexandre Rodrigues|Leandro Firmino",
    ),
    (
        "Life Is Beautiful",
        1997,
        116,
        "Comedy|Drama|Romance",
        "Roberto Benigni",
        "Roberto Benigni|Nicoletta Braschi",
    ),
    (
        "The Green Mile",
        1999,
        189,
        "Crime|Drama|Fantasy",
        "Frank Darabont",
        "Tom Hanks|Michael Clarke Duncan",
    ),
    (
        "Star Wars",
        1977,
        121,
        "Action|Adventure|Sci-Fi",
        "George Lucas",
        "Mark Hamill|Carrie Fisher",
    ),
    (
        "Terminator 2: Judgment Day",
        1991,
        137,
        "Action|Sci-Fi",
        "James Cameron",
        "Arnold Schwarzenegger|Linda Hamilton",
    ),
    (
        "Back to the Future",
        1985,
        116,
        "Adventure|Comedy|Sci-Fi",
        "Robert Zemeckis",
        "Michael J. Fox|Christopher Lloyd",
    ),
    (
        "Psycho",
        1960,
        109,
        "Horror|Thriller",
        "Alfred Hitchcock",
        "Anthony Perkins|Janet Leigh",
    ),
    (
        "The Lion King",
        1994,
        88,
        "Animation|Adventure|Drama",
        "Roger Allers",
        "Matthew Broderick|Jeremy Irons",
    ),
    (
        "Gladiator",
        2000,
        155,
        "Action|Adventure|Drama",
        "Ridley Scott",
        "Russell Crowe|Joaquin Phoenix",
    ),
    (
        "The Departed",
        2006,
        151,
        "Crime|Drama|Thriller",
        "Martin Scorsese",
        "Leonardo DiCaprio|Matt Damon",
    ),
    (
        "Whiplash",
        2014,
        106,
        "Drama|Music",
        "Damien Chazelle",
        "Miles Teller|J.K. Simmons",
    ),
    (
        "The Prestige",
        2006,
        130,
        "Drama|Mystery|Sci-Fi",
        "Christopher Nolan",
        "Christian Bale|Hugh Jackman",
    ),
    (
        "Casablanca",
        1942,
        102,
        "Drama|Romance|War",
        "Michael Curtiz",
        "Humphrey Bogart|Ingrid Bergman",
    ),
    (
        "Alien",
        1979,
        117,
        "Horror|Sci-Fi",
        "Ridley Scott",
        "Sigourney Weaver|Tom Skerritt",
    ),
    (
        "Rear Window",
        1954,
        112,
        "Mystery|Thriller",
        "Alfred Hitchcock",
        "James Stewart|Grace Kelly",
    ),
    (
        "Apocalypse Now",
        1979,
        147,
        "Drama|Mystery|War",
        "Francis Ford Coppola",
        "Martin Sheen|Marlon Brando",
    ),
    (
        "Memento",
        2000,
        113,
        "Mystery|Thriller",
        "Christopher Nolan",
        "Guy Pearce|Carrie-Anne Moss",
    ),
    (
        "Raiders of the Lost Ark",
        1981,
        115,
        "Action|Adventure",
        "Steven Spielberg",
        "Harrison Ford|Karen Allen",
    ),
    (
        "WALL·E",
        2008,
        98,
        "Animation|Adventure|Family",
        "Andrew Stanton",
        "Ben Burtt|Elissa Knight",
    ),
    (
        "Amélie",
        2001,
        122,
        "Comedy|Romance",
        "Jean-Pierre Jeunet",
        "Audrey Tautou|Mathieu Kassovitz",
    ),
    (
        "Princess Mononoke",
        1997,
        134,
        "Animation|Adventure|Fantasy",
        "Hayao Miyazaki",
        "Yōji Matsuda|Yuriko Ishida",
    ),
    (
        "Oldboy",
        2003,
        120,
        "Action|Drama|Mystery",
        "Park Chan-wook",
        "Choi Min-sik|Yoo Ji-tae",
    ),
    (
        "Once Upon a Time in the West",
        1968,
        165,
        "Western",
        "Sergio Leone",
        "Henry Fonda|Charles Bronson",
    ),
    (
        "Taxi Driver",
        1976,
        114,
        "Crime|Drama",
        "Martin Scorsese",
        "Robert De Niro|Jodie Foster",
    ),
    (
        "Toy Story",
        1995,
        81,
        "Animation|Adventure|Comedy",
        "John Lasseter",
        "Tom Hanks|Tim Allen",
    ),
    (
        "Up",
        2009,
        96,
        "Animation|Adventure|Comedy",
        "Pete Docter",
        "Ed Asner|Jordan Nagai",
    ),
    (
        "Heat",
        1995,
        170,
        "Action|Crime|Drama",
        "Michael Mann",
        "Al Pacino|Robert De Niro",
    ),
    (
        "Mad Max: Fury Road",
        2015,
        120,
        "Action|Adventure|Sci-Fi",
        "George Miller",
        "Tom Hardy|Charlize Theron",
    ),
    (
        "Eternal Sunshine of the Spotless Mind",
        2004,
        108,
        "Drama|Romance|Sci-Fi",
        "Michel Gondry",
        "Jim Carrey|Kate Winslet",
    ),
    (
        "No Country for Old Men",
        2007,
        122,
        "Crime|Drama|Thriller",
        "Ethan Coen",
        "Tommy Lee Jones|Javier Bardem",
    ),
    (
        "Arrival",
        2016,
        116,
        "Drama|Mystery|Sci-Fi",
        "Denis Villeneuve",
        "Amy Adams|Jeremy Renner",
    ),
    (
        "Get Out",
        2017,
        104,
        "Horror|Mystery|Thriller",
        "Jordan Peele",
        "Daniel Kaluuya|Allison Williams",
    ),
    (
        "Spider-Man: Into the Spider-Verse",
        2018,
        117,
        "Animation|Action|Adventure",
        "Bob Persichetti",
        "Shameik Moore|Hailee Steinfeld",
    ),
];

fn demo(conn: &mut DbConn, bcrypt_cost: u32) -> anyhow::Result<Seeded> {
    let now = marquee_db::now();
    let mut lookups = Lookups::default();
    let mut ignore = super::import::Counts::default();
    let mut people_ids = std::collections::HashMap::new();
    let (mut new_movies, mut new_people) = (0, 0);
    for (title, year, runtime, genres, director, stars) in DEMO {
        let exists: Option<i64> = movies::table
            .filter(movies::title.eq(title))
            .filter(movies::year.eq(year))
            .select(movies::id)
            .first(conn)
            .optional()?;
        if exists.is_some() {
            continue;
        }
        let movie = marquee_db::models::NewMovie {
            runtime_minutes: Some(runtime),
            ..super::import::movielens_new_movie(title, Some(year), now)
        };
        let id = store::insert_movie(conn, &movie, None)?;
        new_movies += 1;
        let genre_ids = genres
            .split('|')
            .map(|g| lookups.genre(conn, g, &mut ignore))
            .collect::<QueryResult<Vec<_>>>()?;
        store::link_genres(conn, id, &genre_ids)?;
        let credits_wanted = std::iter::once((director, None))
            .chain(stars.split('|').zip(0..).map(|(s, i)| (s, Some(i))));
        for (name, order) in credits_wanted {
            let person = match people_ids.get(name) {
                Some(p) => *p,
                None => {
                    let found: Option<i64> = people::table
                        .filter(people::name.eq(name))
                        .select(people::id)
                        .first(conn)
                        .optional()?;
                    let p = match found {
                        Some(p) => p,
                        None => {
                            new_people += 1;
                            diesel::insert_into(people::table)
                                .values((
                                    people::name.eq(name),
                                    people::created_at.eq(now),
                                    people::updated_at.eq(now),
                                ))
                                .returning(people::id)
                                .get_result(conn)?
                        }
                    };
                    people_ids.insert(name, p);
                    p
                }
            };
            let crew = order.is_none();
            diesel::insert_into(credits::table)
                .values((
                    credits::movie_id.eq(id),
                    credits::person_id.eq(person),
                    credits::kind.eq(if crew { "crew" } else { "cast" }),
                    credits::cast_order.eq(order),
                    credits::department.eq(crew.then_some("Directing")),
                    credits::job.eq(crew.then_some("Director")),
                ))
                .execute(conn)?;
        }
    }
    let exists: Option<i64> = users::table
        .filter(users::email_normalized.eq(DEMO_EMAIL))
        .select(users::id)
        .first(conn)
        .optional()?;
    let created = exists.is_none();
    if created {
        let hash = marquee_server::auth::password::hash(DEMO_PASSWORD, bcrypt_cost)
            .context("cannot hash the demo password")?;
        diesel::insert_into(users::table)
            .values((
                users::email.eq(DEMO_EMAIL),
                users::email_normalized.eq(DEMO_EMAIL),
                users::password_hash.eq(&hash),
                users::name.eq("Demo"),
                users::role.eq("user"),
                users::email_verified_at.eq(now),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .execute(conn)?;
        store::ensure_profiles(
            conn,
            &[(DEMO_EMAIL.to_owned(), "Demo".to_owned())],
            "Demo",
            &mut ignore,
            now,
        )?;
    }
    Ok(Seeded {
        movies: new_movies,
        people: new_people,
        users: u64::from(created),
        ratings: 0,
        demo_account: Some(DemoAccount {
            email: DEMO_EMAIL,
            password: DEMO_PASSWORD,
            created,
        }),
        seconds: None,
    })
}
