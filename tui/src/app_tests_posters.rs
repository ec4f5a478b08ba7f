//! `update` transitions of the movie page's poster: asked for when the movie loads (if posters
//! are on and it has one), answers applied only to the movie still shown.

use super::*;
use crate::fixtures;

fn with_graphics(on: bool) -> Model {
    let mut model = fixtures::signed_in_with_profile();
    model.graphics = if on {
        Graphics::with(ratatui_image::picker::Picker::halfblocks())
    } else {
        Graphics::off()
    };
    model
}

fn poster() -> PosterImage {
    crate::poster::decode(&crate::poster::test_png(4, 6)).unwrap()
}

/// Opens movie `id` and answers its detail with `poster_url`; returns the effect of the answer.
fn loaded(model: &mut Model, id: i64, poster_url: Option<&str>) -> Option<Effect> {
    open_movie(model, id);
    let detail = MovieDetail {
        poster_url: poster_url.map(str::to_owned),
        ..fixtures::detail(id)
    };
    update(
        model,
        Msg::Loaded {
            request: Request::Movie(id),
            response: Response::Movie(Box::new(detail)),
        },
    )
}

#[test]
fn a_loaded_movie_asks_the_worker_for_its_poster_and_shows_the_answer() {
    let mut model = with_graphics(true);
    assert_eq!(
        loaded(&mut model, 5, Some("/posters/5.png")),
        Some(Effect::FetchPoster {
            movie: 5,
            url: "/posters/5.png".into(),
        })
    );
    assert_eq!(model.movie.poster, PosterState::Loading);
    // An answer for another movie (the user moved on) changes nothing.
    update(
        &mut model,
        Msg::Poster {
            movie: 4,
            poster: Ok(poster()),
        },
    );
    assert_eq!(model.movie.poster, PosterState::Loading);
    let image = poster();
    update(
        &mut model,
        Msg::Poster {
            movie: 5,
            poster: Ok(image.clone()),
        },
    );
    assert_eq!(model.movie.poster, PosterState::Loaded(image.clone()));
    // A reload of the same movie keeps the poster and asks for nothing more.
    update(
        &mut model,
        Msg::Loaded {
            request: Request::Movie(5),
            response: Response::Movie(Box::new(MovieDetail {
                poster_url: Some("/posters/5.png".into()),
                ..fixtures::detail(5)
            })),
        },
    );
    assert_eq!(model.movie.poster, PosterState::Loaded(image));
}

#[test]
fn no_poster_url_posters_off_or_a_failed_fetch_leave_the_placeholder_with_the_reason() {
    let mut model = with_graphics(true);
    assert_eq!(loaded(&mut model, 5, None), None);
    assert_eq!(model.movie.poster, PosterState::Missing);
    assert_eq!(loaded(&mut model, 6, Some("  ")), None);
    assert_eq!(model.movie.poster, PosterState::Missing);

    let mut off = with_graphics(false);
    assert_eq!(loaded(&mut off, 5, Some("https://img.example/5.jpg")), None);
    assert_eq!(off.movie.poster, PosterState::Off);

    assert!(loaded(&mut model, 7, Some("https://img.example/7.jpg")).is_some());
    update(
        &mut model,
        Msg::Poster {
            movie: 7,
            poster: Err("the poster could not be fetched: the download answered 404".into()),
        },
    );
    assert_eq!(
        model.movie.poster,
        PosterState::Failed("the poster could not be fetched: the download answered 404".into())
    );
    // Opening another movie starts over.
    open_movie(&mut model, 8);
    assert_eq!(model.movie.poster, PosterState::Off);
}
