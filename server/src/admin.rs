//! Administration rules, shared by `/api/v1/admin/{users,movies,people,trailers}*` and by
//! `marqueectl user|movies|people|trailers …` in direct database mode: finding an account by
//! id or email, showing, listing, disabling and enabling it, role changes, ending its sessions
//! and replacing its password; adding, editing, deleting and showing movies and people; adding and deleting trailers (the field rules are
//! `crate::rules`'). Plain functions on
//! a connection returning [`ApiError`]s, so both callers refuse alike (`marqueectl` prints the
//! same field and rule the API answers with).
//!
//! `actor` is the administrator making the change (`None` for an operator at the database):
//! nobody can disable or demote their own account, and the last administrator who can sign in
//! cannot be disabled or demoted, whoever asks. After a change that takes access away, the
//! handlers call `auth::revoked` so every server applies it to the very next request; a change
//! made in direct mode applies within the servers' session-check window.

use chrono::NaiveDate;
use http::StatusCode;
use marquee_api::account::{AdminUser, AdminUserDetail, PasswordReset, SessionsEnded};
use marquee_api::catalogue::{
    MovieDeleted, MovieDetail, MovieInput, PersonDeleted, PersonDetail, PersonInput,
};
use marquee_api::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use marquee_api::trailers::{TrailerDeleted, TrailerInput};
use marquee_api::{Page, Pagination};
use marquee_db::DbConn;
use marquee_db::models::{NewMovie, NewPerson, NewTrailer, NewTrailerRendition, User};
use marquee_db::queries::audit::{self, Event};
use marquee_db::queries::{catalogue, content, profiles, sessions, totp, users};

use crate::auth::{ROLE_ADMIN, ROLE_USER, password};
use crate::error::{ApiError, ApiResult};
use crate::handlers::catalogue::Errors;
use crate::rules;

/// An account by numeric id or by email address (any case); 404 otherwise.
pub fn find_user(conn: &mut DbConn, key: &str) -> ApiResult<User> {
    let key = key.trim();
    let found = match key.parse::<i64>() {
        Ok(id) => users::find(conn, id).map(Some).or_else(|e| match e {
            diesel::result::Error::NotFound => Ok(None),
            other => Err(other),
        })?,
        Err(_) => users::find_by_email(conn, &users::normalize_email(key))?,
    };
    found.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no account with the id or email address {key:?}"),
        )
    })
}

/// The admins' view of an account row.
pub fn admin_user(u: &User) -> AdminUser {
    AdminUser {
        id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        role: u.role.clone(),
        email_verified: u.email_verified_at.is_some(),
        disabled: u.disabled_at.is_some(),
        locked_until: u.locked_until.map(|t| t.and_utc()),
        last_login_at: u.last_login_at.map(|t| t.and_utc()),
        created_at: u.created_at.and_utc(),
    }
}

/// Accounts, oldest first; `per_page` is capped like every list of the API.
pub fn list(
    conn: &mut DbConn,
    page: Option<u32>,
    per_page: Option<u32>,
) -> ApiResult<Page<AdminUser>> {
    let page = page.unwrap_or(1).max(1);
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE);
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (rows, total) = users::list(conn, offset, i64::from(per_page))?;
    Ok(Page {
        data: rows.iter().map(admin_user).collect(),
        pagination: Pagination::new(page, per_page, u64::try_from(total).unwrap_or(0)),
    })
}

/// One account with its 2FA state, live sessions and profiles.
pub fn show(conn: &mut DbConn, key: &str) -> ApiResult<AdminUserDetail> {
    let user = find_user(conn, key)?;
    detail(conn, &user)
}

fn detail(conn: &mut DbConn, user: &User) -> ApiResult<AdminUserDetail> {
    Ok(AdminUserDetail {
        user: admin_user(user),
        totp_enabled: totp::is_enabled(conn, user.id)?,
        live_sessions: sessions::list_live(conn, user.id)?.len() as u64,
        profiles: u64::try_from(profiles::count(conn, user.id)?).unwrap_or(0),
    })
}

/// 409 when `actor` would take their own access away.
fn not_self(actor: Option<i64>, user: &User, what: &str) -> ApiResult<()> {
    if actor == Some(user.id) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "own_account",
            format!("you cannot {what} your own account; ask another administrator"),
        ));
    }
    Ok(())
}

/// 409 when `user` is the last administrator who can sign in.
fn not_last_admin(conn: &mut DbConn, user: &User, what: &str) -> ApiResult<()> {
    if user.role == ROLE_ADMIN
        && user.disabled_at.is_none()
        && users::count_active_admins(conn)? <= 1
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "last_admin",
            format!(
                "{} is the last administrator who can sign in; promote another account before you {what} this one",
                user.email
            ),
        ));
    }
    Ok(())
}

fn record(
    conn: &mut DbConn,
    actor: Option<i64>,
    action: &str,
    user_id: i64,
) -> diesel::QueryResult<usize> {
    audit::record(
        conn,
        &Event {
            actor_user_id: actor,
            action,
            target_kind: Some("user"),
            target_id: Some(user_id),
            ..Event::default()
        },
    )
}

/// Disables an account (ending all its sessions at once) or enables it again.
pub fn set_disabled(
    conn: &mut DbConn,
    actor: Option<i64>,
    key: &str,
    disabled: bool,
) -> ApiResult<AdminUserDetail> {
    marquee_db::write_transaction(conn, |conn| {
        let user = find_user(conn, key)?;
        if disabled && user.disabled_at.is_none() {
            not_self(actor, &user, "disable")?;
            not_last_admin(conn, &user, "disable")?;
            users::set_disabled(conn, user.id, Some(marquee_db::now()))?;
            sessions::revoke_all_for_user(conn, user.id, None, "admin")?;
            record(conn, actor, "admin.user_disabled", user.id)?;
        } else if !disabled && user.disabled_at.is_some() {
            users::set_disabled(conn, user.id, None)?;
            record(conn, actor, "admin.user_enabled", user.id)?;
        }
        let user = users::find(conn, user.id)?;
        detail(conn, &user)
    })
}

/// Gives an account the role `user` or `admin`.
pub fn set_role(
    conn: &mut DbConn,
    actor: Option<i64>,
    key: &str,
    role: &str,
) -> ApiResult<AdminUserDetail> {
    let role = role.trim();
    if role != ROLE_USER && role != ROLE_ADMIN {
        return Err(ApiError::validation([(
            "role".to_owned(),
            format!("must be `{ROLE_USER}` or `{ROLE_ADMIN}`"),
        )]));
    }
    marquee_db::write_transaction(conn, |conn| {
        let user = find_user(conn, key)?;
        if user.role != role {
            if role == ROLE_USER {
                not_self(actor, &user, "demote")?;
                not_last_admin(conn, &user, "demote")?;
            }
            users::set_role(conn, user.id, role)?;
            let action = if role == ROLE_ADMIN {
                "admin.user_promoted"
            } else {
                "admin.user_demoted"
            };
            record(conn, actor, action, user.id)?;
        }
        let user = users::find(conn, user.id)?;
        detail(conn, &user)
    })
}

/// Ends every session of an account (it must sign in again everywhere).
pub fn end_sessions(conn: &mut DbConn, actor: Option<i64>, key: &str) -> ApiResult<SessionsEnded> {
    marquee_db::write_transaction(conn, |conn| {
        let user = find_user(conn, key)?;
        let ended = sessions::revoke_all_for_user(conn, user.id, None, "admin")?;
        record(conn, actor, "admin.sessions_ended", user.id)?;
        Ok(SessionsEnded {
            user_id: user.id,
            email: user.email,
            ended: ended as u64,
        })
    })
}

/// The password policy for a password an administrator sets (the field is `password`).
pub fn check_new_password(user: &User, new_password: &str) -> ApiResult<()> {
    match password::check_policy(new_password, &user.email) {
        Some(rule) => Err(ApiError::validation([("password".to_owned(), rule)])),
        None => Ok(()),
    }
}

/// Replaces the password with `hash` (of a password that passed [`check_new_password`]) and
/// ends every session; a lockout is lifted, as after a reset by mail.
pub fn set_password(
    conn: &mut DbConn,
    actor: Option<i64>,
    user_id: i64,
    hash: &str,
    generated_password: Option<String>,
) -> ApiResult<PasswordReset> {
    marquee_db::write_transaction(conn, |conn| {
        let user = users::find(conn, user_id)?;
        users::set_password(conn, user.id, hash)?;
        let ended = sessions::revoke_all_for_user(conn, user.id, None, "password_change")?;
        record(conn, actor, "admin.password_reset", user.id)?;
        Ok(PasswordReset {
            user_id: user.id,
            email: user.email,
            generated_password,
            sessions_ended: ended as u64,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Movies: `POST/PATCH/DELETE /admin/movies…` and `marqueectl movies add|edit|delete|show`.

/// A movie's detail, as `GET /movies/{id}` shows it; 404 when there is none.
pub fn movie(conn: &mut DbConn, id: i64) -> ApiResult<MovieDetail> {
    let rows = catalogue::movie_detail(conn, id)?.ok_or_else(|| ApiError::not_found("movie"))?;
    Ok(crate::handlers::catalogue::movie_detail(rows))
}

/// A checked [`MovieInput`]: every value passed its rule, names resolved to ids.
#[derive(Debug, Default)]
struct CheckedMovie {
    title: Option<String>,
    original_title: Option<Option<String>>,
    tagline: Option<Option<String>>,
    overview: Option<Option<String>>,
    release_date: Option<NaiveDate>,
    year: Option<i16>,
    runtime_minutes: Option<i32>,
    original_language_id: Option<i64>,
    genre_ids: Option<Vec<i64>>,
    poster_url: Option<String>,
}

/// Checks every field of `input`, collecting each broken rule under its field name (one 400
/// names them all). `creating` makes `title` required.
fn check_movie(conn: &mut DbConn, input: &MovieInput, creating: bool) -> ApiResult<CheckedMovie> {
    let mut errors = Errors::default();
    let mut out = CheckedMovie::default();
    match &input.title {
        Some(title) => out.title = errors.check("title", rules::title(title)),
        None if creating => errors.add("title", "is required"),
        None => {}
    }
    let short = |text: &Option<String>, errors: &mut Errors, field: &str| {
        text.as_deref()
            .and_then(|t| errors.check(field, rules::text(t, rules::MAX_TITLE_CHARS)))
    };
    out.original_title = short(&input.original_title, &mut errors, "original_title");
    out.tagline = short(&input.tagline, &mut errors, "tagline");
    out.overview = input
        .overview
        .as_deref()
        .and_then(|t| errors.check("overview", rules::text(t, rules::MAX_OVERVIEW_CHARS)));
    if let Some(date) = &input.release_date {
        match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
            Ok(date) => out.release_date = Some(date),
            Err(_) => errors.add("release_date", "must be a date like 2026-11-24"),
        }
    }
    let year = input.year.or_else(|| {
        out.release_date
            .and_then(|d| i16::try_from(chrono::Datelike::year(&d)).ok())
    });
    if let Some(year) = year {
        let field = if input.year.is_some() {
            "year"
        } else {
            "release_date"
        };
        out.year = errors.check(field, rules::movie_year(year)).map(|()| year);
    }
    if let Some(minutes) = input.runtime_minutes {
        out.runtime_minutes = errors
            .check(
                "runtime_minutes",
                rules::positive(i64::from(minutes), "runtime_minutes"),
            )
            .map(|()| minutes);
    }
    if let Some(url) = &input.poster_url {
        out.poster_url = errors
            .check("poster_url", rules::http_url(url.trim()))
            .map(|()| url.trim().to_owned());
    }
    if let Some(code) = &input.original_language {
        let code = code.trim().to_ascii_lowercase();
        if errors
            .check("original_language", rules::language_code(&code))
            .is_some()
        {
            match profiles::language_ids(conn, std::slice::from_ref(&code))?.first() {
                Some((id, _)) => out.original_language_id = Some(*id),
                None => errors.add(
                    "original_language",
                    format!(
                        "unknown language `{code}`; the catalogue's are in GET /api/v1/languages"
                    ),
                ),
            }
        }
    }
    if let Some(slugs) = &input.genres {
        let slugs: Vec<String> = slugs
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        let found = profiles::genre_ids(conn, &slugs)?;
        let unknown: Vec<&str> = slugs
            .iter()
            .filter(|s| !found.iter().any(|(_, f)| f == *s))
            .map(String::as_str)
            .collect();
        if unknown.is_empty() {
            out.genre_ids = Some(found.into_iter().map(|(id, _)| id).collect());
        } else {
            let known = content::genre_slugs(conn)?;
            errors.accepting(
                "genres",
                format!("unknown genre `{}`", unknown.join("`, `")),
                &known,
            );
        }
    }
    errors.into_result()?;
    Ok(out)
}

fn record_movie(
    conn: &mut DbConn,
    actor: Option<i64>,
    action: &str,
    movie_id: i64,
) -> diesel::QueryResult<usize> {
    audit::record(
        conn,
        &Event {
            actor_user_id: actor,
            action,
            target_kind: Some("movie"),
            target_id: Some(movie_id),
            ..Event::default()
        },
    )
}

/// Adds a movie (with its empty stats row and its genres); returns its detail.
pub fn create_movie(
    conn: &mut DbConn,
    actor: Option<i64>,
    input: &MovieInput,
) -> ApiResult<MovieDetail> {
    let id = marquee_db::write_transaction(conn, |conn| -> ApiResult<i64> {
        let m = check_movie(conn, input, true)?;
        let now = marquee_db::now();
        let title = m.title.unwrap_or_default();
        let id = content::insert_movie(
            conn,
            &NewMovie {
                title: &title,
                original_title: m.original_title.flatten().as_deref(),
                tagline: m.tagline.flatten().as_deref(),
                overview: m.overview.flatten().as_deref(),
                release_date: m.release_date,
                year: m.year,
                runtime_minutes: m.runtime_minutes,
                original_language_id: m.original_language_id,
                certificate: None,
                min_age: None,
                poster_url: m.poster_url.as_deref(),
                backdrop_url: None,
                popularity: 0.0,
                created_at: now,
                updated_at: now,
            },
            None,
        )?;
        content::link_genres(conn, id, &m.genre_ids.unwrap_or_default())?;
        record_movie(conn, actor, "admin.movie_added", id)?;
        Ok(id)
    })?;
    movie(conn, id)
}

/// Changes the fields `input` gives (genres are replaced); returns the detail.
pub fn update_movie(
    conn: &mut DbConn,
    actor: Option<i64>,
    id: i64,
    input: &MovieInput,
) -> ApiResult<MovieDetail> {
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        let m = check_movie(conn, input, false)?;
        let (original_title, tagline, overview) = (
            m.original_title.map(Option::unwrap_or_default),
            m.tagline.map(Option::unwrap_or_default),
            m.overview.map(Option::unwrap_or_default),
        );
        let changes = content::MovieChanges {
            title: m.title.as_deref(),
            original_title: original_title.as_deref(),
            tagline: tagline.as_deref(),
            overview: overview.as_deref(),
            release_date: m.release_date,
            year: m.year,
            runtime_minutes: m.runtime_minutes,
            original_language_id: m.original_language_id,
            poster_url: m.poster_url.as_deref(),
            updated_at: None,
        };
        if content::update_movie(conn, id, &changes)? == 0 {
            return Err(ApiError::not_found("movie"));
        }
        if let Some(genre_ids) = &m.genre_ids {
            content::replace_genres(conn, id, genre_ids)?;
        }
        record_movie(conn, actor, "admin.movie_edited", id)?;
        Ok(())
    })?;
    movie(conn, id)
}

/// Deletes a movie and everything that names it (credits, trailers, ratings, lists…).
pub fn delete_movie(conn: &mut DbConn, actor: Option<i64>, id: i64) -> ApiResult<MovieDeleted> {
    marquee_db::write_transaction(conn, |conn| {
        let detail =
            catalogue::movie_detail(conn, id)?.ok_or_else(|| ApiError::not_found("movie"))?;
        content::delete_movie(conn, id)?;
        record_movie(conn, actor, "admin.movie_deleted", id)?;
        Ok(MovieDeleted {
            id,
            title: detail.movie.title,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// People: `POST/PATCH/DELETE /admin/people…` and `marqueectl people add|edit|delete|show`.

/// A person's detail, as `GET /people/{id}` shows it; 404 when there is none.
pub fn person(conn: &mut DbConn, id: i64) -> ApiResult<PersonDetail> {
    let rows = catalogue::person(conn, id)?.ok_or_else(|| ApiError::not_found("person"))?;
    Ok(crate::handlers::people::person_detail(rows))
}

#[derive(Debug, Default)]
struct CheckedPerson {
    name: Option<String>,
    biography: Option<String>,
    birth_date: Option<NaiveDate>,
    death_date: Option<NaiveDate>,
    place_of_birth: Option<String>,
    known_for_department: Option<String>,
    profile_url: Option<String>,
}

fn date_field(errors: &mut Errors, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let value = value?;
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(field, "must be a date like 1956-07-09");
            None
        }
    }
}

/// Checks every field of `input` (`creating` makes `name` required); `existing` is the stored
/// birth and death dates, so an edit of one is checked against the other.
fn check_person(
    input: &PersonInput,
    creating: bool,
    existing: (Option<NaiveDate>, Option<NaiveDate>),
) -> ApiResult<CheckedPerson> {
    let mut errors = Errors::default();
    let mut out = CheckedPerson::default();
    match &input.name {
        Some(name) => out.name = errors.check("name", rules::title(name)),
        None if creating => errors.add("name", "is required"),
        None => {}
    }
    let text = |value: &Option<String>, errors: &mut Errors, field: &str, max: usize| {
        value
            .as_deref()
            .and_then(|t| errors.check(field, rules::text(t, max)))
            .map(Option::unwrap_or_default)
    };
    out.biography = text(
        &input.biography,
        &mut errors,
        "biography",
        rules::MAX_OVERVIEW_CHARS,
    );
    out.place_of_birth = text(
        &input.place_of_birth,
        &mut errors,
        "place_of_birth",
        rules::MAX_TITLE_CHARS,
    );
    out.known_for_department = text(
        &input.known_for_department,
        &mut errors,
        "known_for_department",
        rules::MAX_TITLE_CHARS,
    );
    if let Some(url) = &input.profile_url {
        out.profile_url = errors
            .check("profile_url", rules::http_url(url.trim()))
            .map(|()| url.trim().to_owned());
    }
    out.birth_date = date_field(&mut errors, "birth_date", input.birth_date.as_deref());
    out.death_date = date_field(&mut errors, "death_date", input.death_date.as_deref());
    let today = marquee_db::now().date();
    if out.birth_date.is_some_and(|d| d > today) {
        errors.add("birth_date", "must not be in the future");
    }
    if out.death_date.is_some_and(|d| d > today) {
        errors.add("death_date", "must not be in the future");
    }
    if let (Some(birth), Some(death)) =
        (out.birth_date.or(existing.0), out.death_date.or(existing.1))
        && death < birth
    {
        errors.add(
            "death_date",
            format!("must not be before the birth date ({birth})"),
        );
    }
    errors.into_result()?;
    Ok(out)
}

fn record_person(
    conn: &mut DbConn,
    actor: Option<i64>,
    action: &str,
    person_id: i64,
) -> diesel::QueryResult<usize> {
    audit::record(
        conn,
        &Event {
            actor_user_id: actor,
            action,
            target_kind: Some("person"),
            target_id: Some(person_id),
            ..Event::default()
        },
    )
}

/// Adds a person; returns their detail.
pub fn create_person(
    conn: &mut DbConn,
    actor: Option<i64>,
    input: &PersonInput,
) -> ApiResult<PersonDetail> {
    let p = check_person(input, true, (None, None))?;
    let id = marquee_db::write_transaction(conn, |conn| -> ApiResult<i64> {
        let now = marquee_db::now();
        let empty = |s: &Option<String>| s.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
        let (biography, place, department) = (
            empty(&p.biography),
            empty(&p.place_of_birth),
            empty(&p.known_for_department),
        );
        let id = content::insert_person(
            conn,
            &NewPerson {
                name: p.name.as_deref().unwrap_or_default(),
                biography: biography.as_deref(),
                birth_date: p.birth_date,
                death_date: p.death_date,
                place_of_birth: place.as_deref(),
                known_for_department: department.as_deref(),
                profile_url: p.profile_url.as_deref(),
                popularity: 0.0,
                imdb_id: None,
                tmdb_id: None,
                created_at: now,
                updated_at: now,
            },
        )?;
        record_person(conn, actor, "admin.person_added", id)?;
        Ok(id)
    })?;
    person(conn, id)
}

/// Changes the fields `input` gives; returns the detail.
pub fn update_person(
    conn: &mut DbConn,
    actor: Option<i64>,
    id: i64,
    input: &PersonInput,
) -> ApiResult<PersonDetail> {
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        let stored = catalogue::person(conn, id)?.ok_or_else(|| ApiError::not_found("person"))?;
        let p = check_person(
            input,
            false,
            (stored.person.birth_date, stored.person.death_date),
        )?;
        let changes = content::PersonChanges {
            name: p.name.as_deref(),
            biography: p.biography.as_deref(),
            birth_date: p.birth_date,
            death_date: p.death_date,
            place_of_birth: p.place_of_birth.as_deref(),
            known_for_department: p.known_for_department.as_deref(),
            profile_url: p.profile_url.as_deref(),
            updated_at: None,
        };
        content::update_person(conn, id, &changes)?;
        record_person(conn, actor, "admin.person_edited", id)?;
        Ok(())
    })?;
    person(conn, id)
}

/// Deletes a person with their credits and aliases.
pub fn delete_person(conn: &mut DbConn, actor: Option<i64>, id: i64) -> ApiResult<PersonDeleted> {
    marquee_db::write_transaction(conn, |conn| {
        let stored = catalogue::person(conn, id)?.ok_or_else(|| ApiError::not_found("person"))?;
        content::delete_person(conn, id)?;
        record_person(conn, actor, "admin.person_deleted", id)?;
        Ok(PersonDeleted {
            id,
            name: stored.person.name,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Trailers: `POST /admin/trailers`, `DELETE /admin/trailers/{id}` and `marqueectl trailers
// add|delete`. The field rules are the ones `marqueectl import trailers` applies.

/// Adds a trailer with its renditions to a movie; returns the movie's detail (with its
/// trailers). Every broken rule is named by its path (`renditions[0].quality`).
pub fn create_trailer(
    conn: &mut DbConn,
    actor: Option<i64>,
    input: &TrailerInput,
) -> ApiResult<MovieDetail> {
    let mut errors = Errors::default();
    let title = errors.check("title", rules::title(&input.title));
    let kind = input.kind.clone().unwrap_or_else(|| "trailer".to_owned());
    errors.check("kind", rules::trailer_kind(&kind));
    if input.renditions.is_empty() {
        errors.add("renditions", "give at least one rendition");
    }
    for (i, r) in input.renditions.iter().enumerate() {
        let path = |f: &str| format!("renditions[{i}].{f}");
        errors.check(&path("quality"), rules::quality(&r.quality));
        errors.check(&path("format"), rules::rendition_format(&r.format));
        errors.check(&path("location"), rules::media_location(&r.location));
        if let Some(d) = r.duration_seconds {
            errors.check(&path("duration_seconds"), rules::duration_seconds(d));
        }
    }
    let mut language_id = None;
    if let Some(code) = &input.language {
        let code = code.trim().to_ascii_lowercase();
        if errors
            .check("language", rules::language_code(&code))
            .is_some()
        {
            match profiles::language_ids(conn, std::slice::from_ref(&code))?.first() {
                Some((id, _)) => language_id = Some(*id),
                None => errors.add("language", format!("unknown language `{code}`")),
            }
        }
    }
    if catalogue::movie_detail(conn, input.movie_id)?.is_none() {
        errors.add(
            "movie_id",
            format!("no movie has the id {}", input.movie_id),
        );
    }
    errors.into_result()?;
    let title = title.unwrap_or_default();
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        let renditions: Vec<NewTrailerRendition<'_>> = input
            .renditions
            .iter()
            .map(|r| NewTrailerRendition {
                trailer_id: 0,
                quality: &r.quality,
                format: &r.format,
                location: &r.location,
                duration_seconds: r.duration_seconds,
                size_bytes: None,
                bitrate_kbps: None,
            })
            .collect();
        let id = content::insert_trailer(
            conn,
            &NewTrailer {
                movie_id: input.movie_id,
                title: &title,
                kind: &kind,
                language_id,
                published_at: None,
                created_at: marquee_db::now(),
            },
            &renditions,
        )?;
        audit::record(
            conn,
            &Event {
                actor_user_id: actor,
                action: "admin.trailer_added",
                target_kind: Some("trailer"),
                target_id: Some(id),
                ..Event::default()
            },
        )?;
        Ok(())
    })?;
    movie(conn, input.movie_id)
}

/// Deletes a trailer with its renditions and subtitles.
pub fn delete_trailer(conn: &mut DbConn, actor: Option<i64>, id: i64) -> ApiResult<TrailerDeleted> {
    marquee_db::write_transaction(conn, |conn| {
        let (movie_id, title) =
            content::trailer(conn, id)?.ok_or_else(|| ApiError::not_found("trailer"))?;
        content::delete_trailer(conn, id)?;
        audit::record(
            conn,
            &Event {
                actor_user_id: actor,
                action: "admin.trailer_deleted",
                target_kind: Some("trailer"),
                target_id: Some(id),
                ..Event::default()
            },
        )?;
        Ok(TrailerDeleted {
            id,
            movie_id,
            title,
        })
    })
}
