//! Public catalogue filters: `/api/v1/movies*`, `/people*`, facets, `/trending`, `/new-releases`.
//! No authentication; every route takes the raw query string (handlers validate it whole) and
//! `If-None-Match`.

use std::convert::Infallible;

use warp::Filter;
use warp::filters::BoxedFilter;
use warp::reply::Response;

use super::principal;
use crate::error::respond;
use crate::handlers::{catalogue as h, people as p};
use crate::state::{AppState, with_state};

/// The query string, empty when there is none (warp's `raw()` rejects that case).
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

fn if_none_match() -> impl Filter<Extract = (Option<String>,), Error = Infallible> + Clone {
    warp::header::optional::<String>("if-none-match")
        .or(warp::any().map(|| None))
        .unify()
}

pub fn routes(state: AppState) -> BoxedFilter<(Response,)> {
    let movies = warp::path!("api" / "v1" / "movies")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(h::list_movies)
        .map(respond);
    let movie = warp::path!("api" / "v1" / "movies" / i64)
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(principal(state.clone()))
        .and(if_none_match())
        .then(|id, state, raw, principal, inm| h::movie(state, id, raw, principal, inm))
        .map(respond);
    let genres = warp::path!("api" / "v1" / "genres")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(h::genres)
        .map(respond);
    let languages = warp::path!("api" / "v1" / "languages")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(h::languages)
        .map(respond);
    let countries = warp::path!("api" / "v1" / "countries")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(h::countries)
        .map(respond);
    let trending = warp::path!("api" / "v1" / "trending")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(principal(state.clone()))
        .and(if_none_match())
        .then(h::trending)
        .map(respond);
    let new_releases = warp::path!("api" / "v1" / "new-releases")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(h::new_releases)
        .map(respond);
    let person = warp::path!("api" / "v1" / "people" / i64)
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(if_none_match())
        .then(|id, state, inm| p::person(state, id, inm))
        .map(respond);
    let filmography = warp::path!("api" / "v1" / "people" / i64 / "filmography")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(|id, state, raw, inm| p::filmography(state, id, raw, inm))
        .map(respond);
    let similar = warp::path!("api" / "v1" / "people" / i64 / "similar")
        .and(warp::get())
        .and(with_state(state.clone()))
        .and(raw_query())
        .and(if_none_match())
        .then(|id, state, raw, inm| p::similar(state, id, raw, inm))
        .map(respond);
    // Most requested first: warp tries the routes in this order.
    movies
        .or(movie)
        .unify()
        .or(trending)
        .unify()
        .or(new_releases)
        .unify()
        .or(genres)
        .unify()
        .or(languages)
        .unify()
        .or(countries)
        .unify()
        .or(person)
        .unify()
        .or(filmography)
        .unify()
        .or(similar)
        .unify()
        .boxed()
}
