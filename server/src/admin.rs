//! Administration rules, shared by `/api/v1/admin/{users,movies,people,trailers}*` and by
//! `marqueectl user|movies|people|trailers …` in direct database mode: finding an account by
//! id or email, showing, listing, disabling and enabling it, role changes, ending its sessions
//! and replacing its password; adding, editing, deleting and showing movies and people;
//! adding, showing, editing (title, kind, language, renditions) and deleting trailers and
//! adding and removing their subtitle tracks (the field rules are `crate::rules`'). Plain
//! functions on
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
use marquee_api::trailers::{
    AdminRendition, AdminSubtitle, AdminTrailer, RenditionInput, SubtitleInput, TrailerDeleted,
    TrailerEdit, TrailerInput,
};
use marquee_api::{Page, Pagination};
use marquee_db::DbConn;
use marquee_db::models::{
    NewMovie, NewPerson, NewTrailer, NewTrailerRendition, NewTrailerSubtitle, User,
};
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
// Trailers: `POST /admin/trailers`, `GET|PATCH|DELETE /admin/trailers/{id}`,
// `POST /admin/trailers/{id}/subtitles`, `DELETE /admin/trailers/{id}/subtitles/{subtitle}` and
// `marqueectl trailers add|show|edit|delete|subtitles`. The field rules are the ones
// `marqueectl import trailers` applies.

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
    check_renditions(
        &mut errors,
        "renditions",
        &input.renditions,
        &mut Vec::new(),
    );
    let language_id = match &input.language {
        Some(code) => known_language(conn, &mut errors, "language", code)?,
        None => None,
    };
    if catalogue::movie_detail(conn, input.movie_id)?.is_none() {
        errors.add(
            "movie_id",
            format!("no movie has the id {}", input.movie_id),
        );
    }
    errors.into_result()?;
    let title = title.unwrap_or_default();
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        let renditions = new_renditions(&input.renditions);
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
        record_trailer(conn, actor, "admin.trailer_added", id)?;
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
        record_trailer(conn, actor, "admin.trailer_deleted", id)?;
        Ok(TrailerDeleted {
            id,
            movie_id,
            title,
        })
    })
}

/// A trailer with where each of its files is; 404 when there is no such trailer.
pub fn trailer(conn: &mut DbConn, id: i64) -> ApiResult<AdminTrailer> {
    let (t, language, renditions, subtitles) =
        content::trailer_for_admin(conn, id)?.ok_or_else(|| ApiError::not_found("trailer"))?;
    Ok(AdminTrailer {
        id: t.id,
        movie_id: t.movie_id,
        title: t.title,
        kind: t.kind,
        language,
        renditions: renditions
            .into_iter()
            .map(|r| AdminRendition {
                id: r.id,
                quality: r.quality,
                format: r.format,
                location: r.location,
                duration_seconds: r.duration_seconds,
            })
            .collect(),
        subtitles: subtitles
            .into_iter()
            .map(|(id, language, format, location)| AdminSubtitle {
                id,
                language,
                format,
                location,
            })
            .collect(),
    })
}

/// Checks renditions (`field[i].quality` …); also refuses a quality and format given twice or
/// already in `taken`, which collects the accepted ones.
fn check_renditions(
    errors: &mut Errors,
    field: &str,
    renditions: &[RenditionInput],
    taken: &mut Vec<(String, String)>,
) {
    for (i, r) in renditions.iter().enumerate() {
        let path = |f: &str| format!("{field}[{i}].{f}");
        let quality = errors.check(&path("quality"), rules::quality(&r.quality));
        let format = errors.check(&path("format"), rules::rendition_format(&r.format));
        errors.check(&path("location"), rules::media_location(&r.location));
        if let Some(d) = r.duration_seconds {
            errors.check(&path("duration_seconds"), rules::duration_seconds(d));
        }
        if quality.is_some() && format.is_some() {
            let key = (r.quality.clone(), r.format.clone());
            if taken.contains(&key) {
                errors.add(
                    &path("quality"),
                    format!(
                        "the trailer would have two {} {} renditions: one per quality and format",
                        r.quality, r.format
                    ),
                );
            } else {
                taken.push(key);
            }
        }
    }
}

/// The id of a known language code (`field` names it in the error); `None` when it broke a
/// rule (recorded in `errors`).
fn known_language(
    conn: &mut DbConn,
    errors: &mut Errors,
    field: &str,
    code: &str,
) -> ApiResult<Option<i64>> {
    let code = code.trim().to_ascii_lowercase();
    if errors.check(field, rules::language_code(&code)).is_none() {
        return Ok(None);
    }
    match profiles::language_ids(conn, std::slice::from_ref(&code))?.first() {
        Some((id, _)) => Ok(Some(*id)),
        None => {
            errors.add(field, format!("unknown language `{code}`"));
            Ok(None)
        }
    }
}

fn record_trailer(
    conn: &mut DbConn,
    actor: Option<i64>,
    action: &str,
    trailer_id: i64,
) -> diesel::QueryResult<usize> {
    audit::record(
        conn,
        &Event {
            actor_user_id: actor,
            action,
            target_kind: Some("trailer"),
            target_id: Some(trailer_id),
            ..Event::default()
        },
    )
}

fn new_renditions(renditions: &[RenditionInput]) -> Vec<NewTrailerRendition<'_>> {
    renditions
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
        .collect()
}

/// Changes what `edit` gives (see [`TrailerEdit`]); every broken rule is named by its path
/// (`add_renditions[0].quality`, `remove_renditions[1]`). Returns the trailer.
pub fn update_trailer(
    conn: &mut DbConn,
    actor: Option<i64>,
    id: i64,
    edit: &TrailerEdit,
) -> ApiResult<AdminTrailer> {
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        let stored = trailer(conn, id)?;
        let mut errors = Errors::default();
        let title = match &edit.title {
            Some(t) => errors.check("title", rules::title(t)),
            None => None,
        };
        if let Some(kind) = &edit.kind {
            errors.check("kind", rules::trailer_kind(kind));
        }
        let language_id = match edit.language.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(code) => known_language(conn, &mut errors, "language", code)?.map(Some),
        };
        let mut taken: Vec<(String, String)> = Vec::new();
        match &edit.renditions {
            Some(replace) => {
                if replace.is_empty() {
                    errors.add("renditions", "give at least one rendition");
                }
                if !edit.remove_renditions.is_empty() {
                    errors.add(
                        "remove_renditions",
                        "cannot be combined with renditions, which replaces them all",
                    );
                }
                check_renditions(&mut errors, "renditions", replace, &mut taken);
            }
            None => {
                for (i, rid) in edit.remove_renditions.iter().enumerate() {
                    if !stored.renditions.iter().any(|r| r.id == *rid) {
                        errors.add(
                            &format!("remove_renditions[{i}]"),
                            format!("trailer {id} has no rendition with the id {rid}"),
                        );
                    }
                }
                taken.extend(
                    stored
                        .renditions
                        .iter()
                        .filter(|r| !edit.remove_renditions.contains(&r.id))
                        .map(|r| (r.quality.clone(), r.format.clone())),
                );
            }
        }
        check_renditions(
            &mut errors,
            "add_renditions",
            &edit.add_renditions,
            &mut taken,
        );
        if taken.is_empty() && !edit.remove_renditions.is_empty() {
            errors.add(
                "remove_renditions",
                "would leave the trailer without a rendition: add one, or delete the trailer",
            );
        }
        errors.into_result()?;
        content::update_trailer(
            conn,
            id,
            &content::TrailerChanges {
                title: title.as_deref(),
                kind: edit.kind.as_deref(),
                language_id,
            },
        )?;
        if let Some(replace) = &edit.renditions {
            content::delete_renditions(conn, id, None)?;
            content::insert_renditions(conn, id, &new_renditions(replace))?;
        } else if !edit.remove_renditions.is_empty() {
            content::delete_renditions(conn, id, Some(&edit.remove_renditions))?;
        }
        content::insert_renditions(conn, id, &new_renditions(&edit.add_renditions))?;
        record_trailer(conn, actor, "admin.trailer_edited", id)?;
        Ok(())
    })?;
    trailer(conn, id)
}

/// Adds a subtitle track to a trailer (language, format, location checked by `rules`; one
/// track per language and format). Returns the trailer.
pub fn add_subtitle(
    conn: &mut DbConn,
    actor: Option<i64>,
    id: i64,
    input: &SubtitleInput,
) -> ApiResult<AdminTrailer> {
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        let stored = trailer(conn, id)?;
        let mut errors = Errors::default();
        let format = input
            .format
            .as_deref()
            .unwrap_or("vtt")
            .trim()
            .to_ascii_lowercase();
        let format_ok = errors
            .check("format", rules::subtitle_format(&format))
            .is_some();
        errors.check("location", rules::media_location(&input.location));
        let language_id = known_language(conn, &mut errors, "language", &input.language)?;
        let code = input.language.trim().to_ascii_lowercase();
        if let Some(existing) = stored
            .subtitles
            .iter()
            .find(|s| format_ok && s.language == code && s.format == format)
        {
            errors.add(
                "language",
                format!(
                    "trailer {id} already has a {format} subtitle track in `{code}` (id {}): \
                     remove it first",
                    existing.id
                ),
            );
        }
        errors.into_result()?;
        let Some(language_id) = language_id else {
            return Err(ApiError::not_found("language"));
        };
        let subtitle_id = content::insert_subtitle(
            conn,
            &NewTrailerSubtitle {
                trailer_id: id,
                language_id,
                format: &format,
                location: input.location.trim(),
            },
        )?;
        let details = format!(r#"{{"subtitle_id":{subtitle_id}}}"#);
        audit::record(
            conn,
            &Event {
                actor_user_id: actor,
                action: "admin.trailer_subtitle_added",
                target_kind: Some("trailer"),
                target_id: Some(id),
                details: Some(&details),
                ..Event::default()
            },
        )?;
        Ok(())
    })?;
    trailer(conn, id)
}

/// Removes subtitle track `subtitle_id` of trailer `id`; 404 when the trailer has no such
/// track. Returns the trailer.
pub fn remove_subtitle(
    conn: &mut DbConn,
    actor: Option<i64>,
    id: i64,
    subtitle_id: i64,
) -> ApiResult<AdminTrailer> {
    marquee_db::write_transaction(conn, |conn| -> ApiResult<()> {
        trailer(conn, id)?;
        if content::delete_subtitle(conn, id, subtitle_id)? == 0 {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("trailer {id} has no subtitle track with the id {subtitle_id}"),
            ));
        }
        let details = format!(r#"{{"subtitle_id":{subtitle_id}}}"#);
        audit::record(
            conn,
            &Event {
                actor_user_id: actor,
                action: "admin.trailer_subtitle_removed",
                target_kind: Some("trailer"),
                target_id: Some(id),
                details: Some(&details),
                ..Event::default()
            },
        )?;
        Ok(())
    })?;
    trailer(conn, id)
}
