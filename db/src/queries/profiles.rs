//! Viewing profiles and their preferences. Every function that takes a profile id also takes the
//! owner's user id and filters on both: ownership is part of the query, not an afterthought.

use diesel::prelude::*;

use crate::DbConn;
use crate::models::Profile;
use crate::schema::{
    countries, genres, languages, profile_preferences, profile_preferred_genres,
    profile_preferred_languages, profiles,
};

/// Most profiles one account may have.
pub const MAX_PER_USER: i64 = 10;

pub fn list(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<Profile>> {
    profiles::table
        .filter(profiles::user_id.eq(user_id))
        .order(profiles::id.asc())
        .select(Profile::as_select())
        .load(conn)
}

pub fn count(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    profiles::table
        .filter(profiles::user_id.eq(user_id))
        .count()
        .get_result(conn)
}

/// The profile if it exists **and** belongs to `user_id`; `None` otherwise (callers answer 404
/// either way, so ids of other accounts do not leak).
pub fn find_owned(
    conn: &mut DbConn,
    user_id: i64,
    profile_id: i64,
) -> QueryResult<Option<Profile>> {
    profiles::table
        .filter(profiles::id.eq(profile_id))
        .filter(profiles::user_id.eq(user_id))
        .select(Profile::as_select())
        .first(conn)
        .optional()
}

/// Creates a profile with default preferences.
pub fn create(
    conn: &mut DbConn,
    user_id: i64,
    name: &str,
    is_kids: bool,
    maturity_limit: Option<i16>,
) -> QueryResult<Profile> {
    let now = crate::now();
    let id: i64 = diesel::insert_into(profiles::table)
        .values((
            profiles::user_id.eq(user_id),
            profiles::name.eq(name),
            profiles::is_kids.eq(is_kids),
            profiles::maturity_limit.eq(maturity_limit),
            profiles::created_at.eq(now),
            profiles::updated_at.eq(now),
        ))
        .returning(profiles::id)
        .get_result(conn)?;
    diesel::insert_into(profile_preferences::table)
        .values((
            profile_preferences::profile_id.eq(id),
            profile_preferences::updated_at.eq(now),
        ))
        .execute(conn)?;
    profiles::table
        .find(id)
        .select(Profile::as_select())
        .first(conn)
}

#[derive(Debug, Clone, Default)]
pub struct ProfileChanges<'a> {
    pub name: Option<&'a str>,
    pub is_kids: Option<bool>,
    /// `Some(None)` removes the limit.
    pub maturity_limit: Option<Option<i16>>,
}

pub fn update_owned(
    conn: &mut DbConn,
    user_id: i64,
    profile_id: i64,
    changes: &ProfileChanges<'_>,
) -> QueryResult<usize> {
    let target = profiles::table
        .filter(profiles::id.eq(profile_id))
        .filter(profiles::user_id.eq(user_id));
    let mut changed = 0;
    if let Some(name) = changes.name {
        changed = diesel::update(target)
            .set(profiles::name.eq(name))
            .execute(conn)?;
    }
    if let Some(is_kids) = changes.is_kids {
        changed = diesel::update(target)
            .set(profiles::is_kids.eq(is_kids))
            .execute(conn)?;
    }
    if let Some(limit) = changes.maturity_limit {
        changed = diesel::update(target)
            .set(profiles::maturity_limit.eq(limit))
            .execute(conn)?;
    }
    diesel::update(target)
        .set(profiles::updated_at.eq(crate::now()))
        .execute(conn)?;
    Ok(changed)
}

pub fn delete_owned(conn: &mut DbConn, user_id: i64, profile_id: i64) -> QueryResult<usize> {
    diesel::delete(
        profiles::table
            .filter(profiles::id.eq(profile_id))
            .filter(profiles::user_id.eq(user_id)),
    )
    .execute(conn)
}

/// A profile's preferences with catalogue references resolved to their public codes.
#[derive(Debug, Clone)]
pub struct Preferences {
    pub genres: Vec<String>,
    pub languages: Vec<String>,
    pub country: Option<String>,
    pub time_zone: Option<String>,
    pub diversity: i16,
    pub autoplay_trailers: bool,
}

pub fn preferences(conn: &mut DbConn, profile_id: i64) -> QueryResult<Preferences> {
    let (country_id, time_zone, diversity, autoplay_trailers): (
        Option<i64>,
        Option<String>,
        i16,
        bool,
    ) = profile_preferences::table
        .find(profile_id)
        .select((
            profile_preferences::country_id,
            profile_preferences::time_zone,
            profile_preferences::diversity,
            profile_preferences::autoplay_trailers,
        ))
        .first(conn)
        .optional()?
        .unwrap_or((None, None, 50, true));
    let country = match country_id {
        Some(id) => countries::table
            .find(id)
            .select(countries::code)
            .first(conn)
            .optional()?,
        None => None,
    };
    let genres = profile_preferred_genres::table
        .inner_join(genres::table)
        .filter(profile_preferred_genres::profile_id.eq(profile_id))
        .order(genres::slug.asc())
        .select(genres::slug)
        .load(conn)?;
    let languages = profile_preferred_languages::table
        .inner_join(languages::table)
        .filter(profile_preferred_languages::profile_id.eq(profile_id))
        .order(languages::code.asc())
        .select(languages::code)
        .load(conn)?;
    Ok(Preferences {
        genres,
        languages,
        country,
        time_zone,
        diversity,
        autoplay_trailers,
    })
}

/// Catalogue ids for the given genre slugs (unknown slugs are simply absent).
pub fn genre_ids(conn: &mut DbConn, slugs: &[String]) -> QueryResult<Vec<(i64, String)>> {
    genres::table
        .filter(genres::slug.eq_any(slugs))
        .select((genres::id, genres::slug))
        .load(conn)
}

pub fn language_ids(conn: &mut DbConn, codes: &[String]) -> QueryResult<Vec<(i64, String)>> {
    languages::table
        .filter(languages::code.eq_any(codes))
        .select((languages::id, languages::code))
        .load(conn)
}

pub fn country_id(conn: &mut DbConn, code: &str) -> QueryResult<Option<i64>> {
    countries::table
        .filter(countries::code.eq(code))
        .select(countries::id)
        .first(conn)
        .optional()
}

/// Replaces a profile's preferences (ids already resolved and validated by the caller).
#[derive(Debug, Clone)]
pub struct NewPreferences<'a> {
    pub genre_ids: &'a [i64],
    pub language_ids: &'a [i64],
    pub country_id: Option<i64>,
    pub time_zone: Option<&'a str>,
    pub diversity: i16,
    pub autoplay_trailers: bool,
}

pub fn set_preferences(
    conn: &mut DbConn,
    profile_id: i64,
    prefs: &NewPreferences<'_>,
) -> QueryResult<()> {
    let now = crate::now();
    diesel::delete(profile_preferences::table.find(profile_id)).execute(conn)?;
    diesel::insert_into(profile_preferences::table)
        .values((
            profile_preferences::profile_id.eq(profile_id),
            profile_preferences::country_id.eq(prefs.country_id),
            profile_preferences::time_zone.eq(prefs.time_zone),
            profile_preferences::diversity.eq(prefs.diversity),
            profile_preferences::autoplay_trailers.eq(prefs.autoplay_trailers),
            profile_preferences::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(
        profile_preferred_genres::table.filter(profile_preferred_genres::profile_id.eq(profile_id)),
    )
    .execute(conn)?;
    for genre_id in prefs.genre_ids {
        diesel::insert_into(profile_preferred_genres::table)
            .values((
                profile_preferred_genres::profile_id.eq(profile_id),
                profile_preferred_genres::genre_id.eq(genre_id),
            ))
            .execute(conn)?;
    }
    diesel::delete(
        profile_preferred_languages::table
            .filter(profile_preferred_languages::profile_id.eq(profile_id)),
    )
    .execute(conn)?;
    for language_id in prefs.language_ids {
        diesel::insert_into(profile_preferred_languages::table)
            .values((
                profile_preferred_languages::profile_id.eq(profile_id),
                profile_preferred_languages::language_id.eq(language_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
