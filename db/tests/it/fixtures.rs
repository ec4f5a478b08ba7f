//! Builders for the parent rows a test needs but does not examine: the fewest columns a row can
//! have, every other column left NULL or to its default.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::models::*;
use marquee_db::schema::*;

pub fn mins(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn now() -> NaiveDateTime {
    marquee_db::now()
}

pub fn user(c: &mut DbConn, email: &str) -> User {
    let lower = email.to_lowercase();
    let new = NewUser {
        email,
        email_normalized: &lower,
        password_hash: "hash",
        name: "Test User",
        role: "user",
        email_verified_at: None,
        created_at: now(),
        updated_at: now(),
    };
    diesel::insert_into(users::table)
        .values(&new)
        .returning(users::all_columns)
        .get_result(c)
        .expect("insert user")
}

pub fn profile(c: &mut DbConn, user_id: i64, name: &str) -> Profile {
    let new = NewProfile {
        user_id,
        name,
        avatar: None,
        is_kids: false,
        maturity_limit: None,
        created_at: now(),
        updated_at: now(),
    };
    diesel::insert_into(profiles::table)
        .values(&new)
        .returning(profiles::all_columns)
        .get_result(c)
        .expect("insert profile")
}

pub fn movie(c: &mut DbConn, title: &str) -> Movie {
    let new = NewMovie {
        title,
        original_title: None,
        tagline: None,
        overview: None,
        release_date: None,
        year: None,
        runtime_minutes: None,
        original_language_id: None,
        certificate: None,
        min_age: None,
        poster_url: None,
        backdrop_url: None,
        popularity: 0.0,
        created_at: now(),
        updated_at: now(),
    };
    diesel::insert_into(movies::table)
        .values(&new)
        .returning(movies::all_columns)
        .get_result(c)
        .expect("insert movie")
}

pub fn genre(c: &mut DbConn, name: &str) -> Genre {
    let slug = name.to_lowercase().replace(' ', "-");
    diesel::insert_into(genres::table)
        .values(&NewGenre { name, slug: &slug })
        .returning(genres::all_columns)
        .get_result(c)
        .expect("insert genre")
}

pub fn country(c: &mut DbConn, code: &str) -> Country {
    diesel::insert_into(countries::table)
        .values(&NewCountry { code, name: code })
        .returning(countries::all_columns)
        .get_result(c)
        .expect("insert country")
}

pub fn language(c: &mut DbConn, code: &str) -> Language {
    diesel::insert_into(languages::table)
        .values(&NewLanguage { code, name: code })
        .returning(languages::all_columns)
        .get_result(c)
        .expect("insert language")
}

pub fn person(c: &mut DbConn, name: &str) -> Person {
    let new = NewPerson {
        name,
        biography: None,
        birth_date: None,
        death_date: None,
        place_of_birth: None,
        known_for_department: None,
        profile_url: None,
        popularity: 0.0,
        imdb_id: None,
        tmdb_id: None,
        created_at: now(),
        updated_at: now(),
    };
    diesel::insert_into(people::table)
        .values(&new)
        .returning(people::all_columns)
        .get_result(c)
        .expect("insert person")
}

pub fn league(c: &mut DbConn, slug: &str) -> League {
    let new = NewLeague {
        name: slug,
        slug,
        sport: "football",
        country_id: None,
        logo_url: None,
    };
    diesel::insert_into(leagues::table)
        .values(&new)
        .returning(leagues::all_columns)
        .get_result(c)
        .expect("insert league")
}

pub fn team(c: &mut DbConn, league_id: i64, name: &str) -> Team {
    let new = NewTeam {
        league_id,
        name,
        short_name: None,
        country_id: None,
        logo_url: None,
    };
    diesel::insert_into(teams::table)
        .values(&new)
        .returning(teams::all_columns)
        .get_result(c)
        .expect("insert team")
}

pub fn player(c: &mut DbConn, team_id: Option<i64>, name: &str) -> Player {
    let new = NewPlayer {
        team_id,
        name,
        position: None,
        nationality_country_id: None,
        birth_date: None,
        shirt_number: None,
        photo_url: None,
    };
    diesel::insert_into(players::table)
        .values(&new)
        .returning(players::all_columns)
        .get_result(c)
        .expect("insert player")
}

pub fn experiment(c: &mut DbConn, key: &str) -> Experiment {
    let new = NewExperiment {
        key,
        description: "",
        status: "draft",
        started_at: None,
        created_at: now(),
        updated_at: now(),
    };
    diesel::insert_into(experiments::table)
        .values(&new)
        .returning(experiments::all_columns)
        .get_result(c)
        .expect("insert experiment")
}

pub fn variant(c: &mut DbConn, experiment_id: i64, key: &str) -> ExperimentVariant {
    let new = NewExperimentVariant {
        experiment_id,
        key,
        traffic_share_permille: 500,
        config: "{}",
    };
    diesel::insert_into(experiment_variants::table)
        .values(&new)
        .returning(experiment_variants::all_columns)
        .get_result(c)
        .expect("insert experiment variant")
}
