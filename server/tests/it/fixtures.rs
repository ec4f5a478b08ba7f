//! Catalogue fixtures: small builders that insert just what a test looks at.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use marquee_db::DbConn;
use marquee_db::models::*;
use marquee_db::schema::*;

fn now() -> NaiveDateTime {
    marquee_db::now()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn genre(c: &mut DbConn, slug: &str) -> i64 {
    let mut name = slug.to_owned();
    name[..1].make_ascii_uppercase();
    diesel::insert_into(genres::table)
        .values(&NewGenre { name: &name, slug })
        .returning(genres::id)
        .get_result(c)
        .expect("insert genre")
}

pub fn language(c: &mut DbConn, code: &str, name: &str) -> i64 {
    diesel::insert_into(languages::table)
        .values(&NewLanguage { code, name })
        .returning(languages::id)
        .get_result(c)
        .expect("insert language")
}

pub fn country(c: &mut DbConn, code: &str, name: &str) -> i64 {
    diesel::insert_into(countries::table)
        .values(&NewCountry { code, name })
        .returning(countries::id)
        .get_result(c)
        .expect("insert country")
}

/// `movie("Heat").year(1995).genres(&[drama]).insert(c)`
pub fn movie(title: &str) -> MovieBuilder {
    MovieBuilder {
        title: title.to_owned(),
        ..MovieBuilder::default()
    }
}

#[derive(Default)]
pub struct MovieBuilder {
    title: String,
    year: Option<i16>,
    release_date: Option<NaiveDate>,
    popularity: f64,
    language: Option<i64>,
    genres: Vec<i64>,
    countries: Vec<i64>,
    /// (average in stars, count)
    rating: Option<(f64, i32)>,
    min_age: Option<i16>,
}

impl MovieBuilder {
    pub fn year(mut self, year: i16) -> Self {
        self.year = Some(year);
        self
    }
    pub fn released(mut self, date: NaiveDate) -> Self {
        self.release_date = Some(date);
        self
    }
    pub fn popularity(mut self, p: f64) -> Self {
        self.popularity = p;
        self
    }
    pub fn language(mut self, id: i64) -> Self {
        self.language = Some(id);
        self
    }
    pub fn genres(mut self, ids: &[i64]) -> Self {
        self.genres = ids.to_vec();
        self
    }
    pub fn countries(mut self, ids: &[i64]) -> Self {
        self.countries = ids.to_vec();
        self
    }
    pub fn min_age(mut self, age: i16) -> Self {
        self.min_age = Some(age);
        self
    }
    pub fn rating(mut self, avg: f64, count: i32) -> Self {
        self.rating = Some((avg, count));
        self
    }

    pub fn insert(self, c: &mut DbConn) -> i64 {
        let id: i64 = diesel::insert_into(movies::table)
            .values(&NewMovie {
                title: &self.title,
                original_title: None,
                tagline: None,
                overview: Some("An overview."),
                release_date: self.release_date,
                year: self.year,
                runtime_minutes: Some(100),
                original_language_id: self.language,
                certificate: None,
                min_age: self.min_age,
                poster_url: None,
                backdrop_url: None,
                popularity: self.popularity,
                created_at: now(),
                updated_at: now(),
            })
            .returning(movies::id)
            .get_result(c)
            .expect("insert movie");
        let (avg, count) = match self.rating {
            Some((avg, count)) => (Some(avg), count),
            None => (None, 0),
        };
        diesel::insert_into(movie_stats::table)
            .values(&NewMovieStats {
                movie_id: id,
                rating_count: count,
                rating_sum_half: avg.map_or(0, |a| (a * 2.0 * f64::from(count)).round() as i64),
                rating_avg: avg,
                imdb_rating: None,
                imdb_votes: None,
                metascore: None,
                budget_usd: None,
                gross_usd: None,
                updated_at: now(),
            })
            .execute(c)
            .expect("insert movie_stats");
        for genre_id in self.genres {
            diesel::insert_into(movie_genres::table)
                .values(&MovieGenre {
                    movie_id: id,
                    genre_id,
                })
                .execute(c)
                .expect("insert movie_genre");
        }
        for country_id in self.countries {
            diesel::insert_into(movie_countries::table)
                .values(&MovieCountry {
                    movie_id: id,
                    country_id,
                })
                .execute(c)
                .expect("insert movie_country");
        }
        id
    }
}

pub fn person(c: &mut DbConn, name: &str, popularity: f64) -> i64 {
    diesel::insert_into(people::table)
        .values(&NewPerson {
            name,
            biography: None,
            birth_date: None,
            death_date: None,
            place_of_birth: None,
            known_for_department: None,
            profile_url: None,
            popularity,
            imdb_id: None,
            tmdb_id: None,
            created_at: now(),
            updated_at: now(),
        })
        .returning(people::id)
        .get_result(c)
        .expect("insert person")
}

pub fn alias(c: &mut DbConn, person_id: i64, name: &str) {
    diesel::insert_into(person_aliases::table)
        .values(&NewPersonAlias { person_id, name })
        .execute(c)
        .expect("insert alias");
}

pub fn cast(c: &mut DbConn, movie_id: i64, person_id: i64, order: i32, character: &str) {
    diesel::insert_into(credits::table)
        .values(&NewCredit {
            movie_id,
            person_id,
            kind: "cast",
            character_name: Some(character),
            cast_order: Some(order),
            department: None,
            job: None,
        })
        .execute(c)
        .expect("insert cast credit");
}

pub fn crew(c: &mut DbConn, movie_id: i64, person_id: i64, job: &str) {
    diesel::insert_into(credits::table)
        .values(&NewCredit {
            movie_id,
            person_id,
            kind: "crew",
            character_name: None,
            cast_order: None,
            department: Some("Directing"),
            job: Some(job),
        })
        .execute(c)
        .expect("insert crew credit");
}

/// A trailer with one rendition per quality.
pub fn trailer(c: &mut DbConn, movie_id: i64, title: &str, qualities: &[&str]) -> i64 {
    let id: i64 = diesel::insert_into(trailers::table)
        .values(&NewTrailer {
            movie_id,
            title,
            kind: "trailer",
            language_id: None,
            published_at: None,
            created_at: now(),
        })
        .returning(trailers::id)
        .get_result(c)
        .expect("insert trailer");
    for quality in qualities {
        diesel::insert_into(trailer_renditions::table)
            .values(&NewTrailerRendition {
                trailer_id: id,
                quality,
                format: "hls",
                location: "trailers/x.m3u8",
                duration_seconds: Some(120),
                size_bytes: None,
                bitrate_kbps: None,
            })
            .execute(c)
            .expect("insert rendition");
    }
    id
}

/// A user with one profile, whose preferences name `country_id` as its region.
pub fn profile(c: &mut DbConn, email: &str, country_id: Option<i64>) -> i64 {
    let user_id: i64 = diesel::insert_into(users::table)
        .values(&NewUser {
            email,
            email_normalized: email,
            password_hash: "hash",
            name: "Viewer",
            role: "user",
            email_verified_at: None,
            created_at: now(),
            updated_at: now(),
        })
        .returning(users::id)
        .get_result(c)
        .expect("insert user");
    let profile_id: i64 = diesel::insert_into(profiles::table)
        .values(&NewProfile {
            user_id,
            name: "Main",
            avatar: None,
            is_kids: false,
            maturity_limit: None,
            created_at: now(),
            updated_at: now(),
        })
        .returning(profiles::id)
        .get_result(c)
        .expect("insert profile");
    diesel::insert_into(profile_preferences::table)
        .values(&NewProfilePreferences {
            profile_id,
            country_id,
            time_zone: None,
            ui_language_id: None,
            subtitle_language_id: None,
            diversity: 50,
            autoplay_trailers: true,
            updated_at: now(),
        })
        .execute(c)
        .expect("insert preferences");
    profile_id
}

pub fn watched(c: &mut DbConn, profile_id: i64, movie_id: i64, at: NaiveDateTime) {
    diesel::insert_into(watch_history::table)
        .values(&NewWatchHistoryEntry {
            profile_id,
            movie_id,
            watched_at: at,
            seconds_watched: 600,
            completed: true,
            source: "playback",
        })
        .execute(c)
        .expect("insert watch");
}

pub fn rated(c: &mut DbConn, profile_id: i64, movie_id: i64, at: NaiveDateTime) {
    diesel::insert_into(ratings::table)
        .values(&NewRating {
            profile_id,
            movie_id,
            rating_half: 8,
            created_at: at,
            updated_at: at,
        })
        .execute(c)
        .expect("insert rating");
}

pub fn listed(c: &mut DbConn, profile_id: i64, movie_id: i64, at: NaiveDateTime) {
    diesel::insert_into(watchlist_items::table)
        .values(&NewWatchlistItem {
            profile_id,
            movie_id,
            note: None,
            added_at: at,
        })
        .execute(c)
        .expect("insert watchlist item");
}
