//! Diesel table definitions shared by both backends (portable SQL types only).
//!
//! Written to match `migrations/postgres` and `migrations/sqlite` (which differ only in how ids
//! are generated and in spelling `DOUBLE PRECISION` as `REAL`); the read-back tests in
//! `db/tests/it/tables.rs` fail when a column here disagrees with the database.

diesel::table! {
    analytics_events (id) {
        id -> BigInt,
        profile_id -> Nullable<BigInt>,
        kind -> Text,
        movie_id -> Nullable<BigInt>,
        row_kind -> Nullable<Text>,
        position -> Nullable<Integer>,
        query -> Nullable<Text>,
        props -> Nullable<Text>,
        client_event_id -> Nullable<Text>,
        occurred_at -> Timestamp,
        received_at -> Timestamp,
        algorithm -> Nullable<Text>,
        experiment_id -> Nullable<BigInt>,
        variant -> Nullable<Text>,
        value -> Nullable<Double>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        actor_user_id -> Nullable<BigInt>,
        action -> Text,
        target_kind -> Nullable<Text>,
        target_id -> Nullable<BigInt>,
        ip -> Nullable<Text>,
        details -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    countries (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    credits (id) {
        id -> BigInt,
        movie_id -> BigInt,
        person_id -> BigInt,
        kind -> Text,
        character_name -> Nullable<Text>,
        cast_order -> Nullable<Integer>,
        department -> Nullable<Text>,
        job -> Nullable<Text>,
    }
}

diesel::table! {
    experiment_assignments (id) {
        id -> BigInt,
        experiment_id -> BigInt,
        profile_id -> BigInt,
        variant_id -> BigInt,
        assigned_at -> Timestamp,
    }
}

diesel::table! {
    experiment_variants (id) {
        id -> BigInt,
        experiment_id -> BigInt,
        key -> Text,
        traffic_share_permille -> SmallInt,
        config -> Text,
    }
}

diesel::table! {
    experiments (id) {
        id -> BigInt,
        key -> Text,
        description -> Text,
        status -> Text,
        started_at -> Nullable<Timestamp>,
        stopped_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        rolled_out_variant_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    genres (id) {
        id -> BigInt,
        name -> Text,
        slug -> Text,
    }
}

diesel::table! {
    highlights (id) {
        id -> BigInt,
        match_id -> BigInt,
        title -> Text,
        url -> Text,
        thumbnail_url -> Nullable<Text>,
        duration_seconds -> Nullable<Integer>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        status -> Text,
        args -> Text,
        dedupe_key -> Nullable<Text>,
        priority -> SmallInt,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    keywords (id) {
        id -> BigInt,
        name -> Text,
    }
}

diesel::table! {
    languages (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    leagues (id) {
        id -> BigInt,
        name -> Text,
        slug -> Text,
        sport -> Text,
        country_id -> Nullable<BigInt>,
        logo_url -> Nullable<Text>,
    }
}

diesel::table! {
    match_events (id) {
        id -> BigInt,
        match_id -> BigInt,
        minute -> Nullable<SmallInt>,
        extra_minute -> Nullable<SmallInt>,
        kind -> Text,
        team_id -> Nullable<BigInt>,
        player_id -> Nullable<BigInt>,
        secondary_player_id -> Nullable<BigInt>,
        detail -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    matches (id) {
        id -> BigInt,
        league_id -> BigInt,
        home_team_id -> BigInt,
        away_team_id -> BigInt,
        kickoff_at -> Timestamp,
        venue -> Nullable<Text>,
        status -> Text,
        home_score -> Nullable<SmallInt>,
        away_score -> Nullable<SmallInt>,
        minute -> Nullable<SmallInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    movie_countries (movie_id, country_id) {
        movie_id -> BigInt,
        country_id -> BigInt,
    }
}

diesel::table! {
    movie_external_ids (movie_id) {
        movie_id -> BigInt,
        movielens_id -> Nullable<BigInt>,
        imdb_id -> Nullable<Text>,
        tmdb_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    movie_genres (movie_id, genre_id) {
        movie_id -> BigInt,
        genre_id -> BigInt,
    }
}

diesel::table! {
    movie_keywords (movie_id, keyword_id, source) {
        movie_id -> BigInt,
        keyword_id -> BigInt,
        source -> Text,
        weight -> Double,
    }
}

diesel::table! {
    movie_languages (movie_id, language_id) {
        movie_id -> BigInt,
        language_id -> BigInt,
    }
}

diesel::table! {
    movie_stats (movie_id) {
        movie_id -> BigInt,
        rating_count -> Integer,
        rating_sum_half -> BigInt,
        rating_avg -> Nullable<Double>,
        imdb_rating -> Nullable<Double>,
        imdb_votes -> Nullable<Integer>,
        metascore -> Nullable<SmallInt>,
        budget_usd -> Nullable<BigInt>,
        gross_usd -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    movies (id) {
        id -> BigInt,
        title -> Text,
        original_title -> Nullable<Text>,
        tagline -> Nullable<Text>,
        overview -> Nullable<Text>,
        release_date -> Nullable<Date>,
        year -> Nullable<SmallInt>,
        runtime_minutes -> Nullable<Integer>,
        original_language_id -> Nullable<BigInt>,
        certificate -> Nullable<Text>,
        min_age -> Nullable<SmallInt>,
        poster_url -> Nullable<Text>,
        backdrop_url -> Nullable<Text>,
        popularity -> Double,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    not_interested (id) {
        id -> BigInt,
        profile_id -> BigInt,
        movie_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    one_time_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox_mail (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        to_address -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        created_at -> Timestamp,
        send_after -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    people (id) {
        id -> BigInt,
        name -> Text,
        biography -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        death_date -> Nullable<Date>,
        place_of_birth -> Nullable<Text>,
        known_for_department -> Nullable<Text>,
        profile_url -> Nullable<Text>,
        popularity -> Double,
        imdb_id -> Nullable<Text>,
        tmdb_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    person_aliases (id) {
        id -> BigInt,
        person_id -> BigInt,
        name -> Text,
    }
}

diesel::table! {
    playback_progress (id) {
        id -> BigInt,
        profile_id -> BigInt,
        movie_id -> BigInt,
        position_seconds -> Integer,
        duration_seconds -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    players (id) {
        id -> BigInt,
        team_id -> Nullable<BigInt>,
        name -> Text,
        position -> Nullable<Text>,
        nationality_country_id -> Nullable<BigInt>,
        birth_date -> Nullable<Date>,
        shirt_number -> Nullable<SmallInt>,
        photo_url -> Nullable<Text>,
    }
}

diesel::table! {
    profile_favourite_leagues (profile_id, league_id) {
        profile_id -> BigInt,
        league_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    profile_favourite_teams (profile_id, team_id) {
        profile_id -> BigInt,
        team_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    profile_preferences (profile_id) {
        profile_id -> BigInt,
        country_id -> Nullable<BigInt>,
        time_zone -> Nullable<Text>,
        ui_language_id -> Nullable<BigInt>,
        subtitle_language_id -> Nullable<BigInt>,
        diversity -> SmallInt,
        autoplay_trailers -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    profile_preferred_genres (profile_id, genre_id) {
        profile_id -> BigInt,
        genre_id -> BigInt,
    }
}

diesel::table! {
    profile_preferred_languages (profile_id, language_id) {
        profile_id -> BigInt,
        language_id -> BigInt,
    }
}

diesel::table! {
    profiles (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        avatar -> Nullable<Text>,
        is_kids -> Bool,
        maturity_limit -> Nullable<SmallInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ratings (id) {
        id -> BigInt,
        profile_id -> BigInt,
        movie_id -> BigInt,
        rating_half -> SmallInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recommendation_items (id) {
        id -> BigInt,
        row_id -> BigInt,
        movie_id -> BigInt,
        position -> Integer,
        score -> Double,
        reason_kind -> Text,
        reason_movie_id -> Nullable<BigInt>,
        reason_person_id -> Nullable<BigInt>,
        reason_text -> Nullable<Text>,
    }
}

diesel::table! {
    recommendation_rows (id) {
        id -> BigInt,
        profile_id -> BigInt,
        row_kind -> Text,
        title -> Text,
        position -> Integer,
        generated_at -> Timestamp,
        model_version -> Text,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reviews (id) {
        id -> BigInt,
        profile_id -> BigInt,
        movie_id -> BigInt,
        title -> Nullable<Text>,
        body -> Text,
        contains_spoilers -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    revoked_access_tokens (id) {
        id -> BigInt,
        jti -> Text,
        expires_at -> Timestamp,
        revoked_at -> Timestamp,
    }
}

diesel::table! {
    search_history (id) {
        id -> BigInt,
        profile_id -> BigInt,
        query -> Text,
        result_count -> Integer,
        searched_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        family_id -> Text,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    sports_updates (id) {
        id -> BigInt,
        match_id -> BigInt,
        kind -> Text,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    teams (id) {
        id -> BigInt,
        league_id -> BigInt,
        name -> Text,
        short_name -> Nullable<Text>,
        country_id -> Nullable<BigInt>,
        logo_url -> Nullable<Text>,
    }
}

diesel::table! {
    totp_secrets (id) {
        id -> BigInt,
        user_id -> BigInt,
        secret -> Text,
        created_at -> Timestamp,
        enabled_at -> Nullable<Timestamp>,
        last_used_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    trailer_renditions (id) {
        id -> BigInt,
        trailer_id -> BigInt,
        quality -> Text,
        format -> Text,
        location -> Text,
        duration_seconds -> Nullable<Integer>,
        size_bytes -> Nullable<BigInt>,
        bitrate_kbps -> Nullable<Integer>,
    }
}

diesel::table! {
    trailer_subtitles (id) {
        id -> BigInt,
        trailer_id -> BigInt,
        language_id -> BigInt,
        format -> Text,
        location -> Text,
    }
}

diesel::table! {
    trailers (id) {
        id -> BigInt,
        movie_id -> BigInt,
        title -> Text,
        kind -> Text,
        language_id -> Nullable<BigInt>,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        email_normalized -> Text,
        password_hash -> Text,
        name -> Text,
        role -> Text,
        email_verified_at -> Nullable<Timestamp>,
        disabled_at -> Nullable<Timestamp>,
        failed_login_count -> Integer,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        analytics_opt_out -> Bool,
    }
}

diesel::table! {
    watch_history (id) {
        id -> BigInt,
        profile_id -> BigInt,
        movie_id -> BigInt,
        watched_at -> Timestamp,
        seconds_watched -> Integer,
        completed -> Bool,
        source -> Text,
    }
}

diesel::table! {
    watchlist_items (id) {
        id -> BigInt,
        profile_id -> BigInt,
        movie_id -> BigInt,
        note -> Nullable<Text>,
        added_at -> Timestamp,
    }
}

diesel::joinable!(analytics_events -> movies (movie_id));
diesel::joinable!(analytics_events -> profiles (profile_id));
diesel::joinable!(audit_log -> users (actor_user_id));
diesel::joinable!(credits -> movies (movie_id));
diesel::joinable!(credits -> people (person_id));
diesel::joinable!(experiment_assignments -> experiment_variants (variant_id));
diesel::joinable!(experiment_assignments -> experiments (experiment_id));
diesel::joinable!(experiment_assignments -> profiles (profile_id));
diesel::joinable!(experiment_variants -> experiments (experiment_id));
diesel::joinable!(highlights -> matches (match_id));
diesel::joinable!(leagues -> countries (country_id));
diesel::joinable!(match_events -> matches (match_id));
diesel::joinable!(match_events -> players (player_id));
diesel::joinable!(match_events -> teams (team_id));
diesel::joinable!(matches -> leagues (league_id));
diesel::joinable!(movie_countries -> countries (country_id));
diesel::joinable!(movie_countries -> movies (movie_id));
diesel::joinable!(movie_external_ids -> movies (movie_id));
diesel::joinable!(movie_genres -> genres (genre_id));
diesel::joinable!(movie_genres -> movies (movie_id));
diesel::joinable!(movie_keywords -> keywords (keyword_id));
diesel::joinable!(movie_keywords -> movies (movie_id));
diesel::joinable!(movie_languages -> languages (language_id));
diesel::joinable!(movie_languages -> movies (movie_id));
diesel::joinable!(movie_stats -> movies (movie_id));
diesel::joinable!(movies -> languages (original_language_id));
diesel::joinable!(not_interested -> movies (movie_id));
diesel::joinable!(not_interested -> profiles (profile_id));
diesel::joinable!(one_time_tokens -> users (user_id));
diesel::joinable!(outbox_mail -> users (user_id));
diesel::joinable!(person_aliases -> people (person_id));
diesel::joinable!(playback_progress -> movies (movie_id));
diesel::joinable!(playback_progress -> profiles (profile_id));
diesel::joinable!(players -> countries (nationality_country_id));
diesel::joinable!(players -> teams (team_id));
diesel::joinable!(profile_favourite_leagues -> leagues (league_id));
diesel::joinable!(profile_favourite_leagues -> profiles (profile_id));
diesel::joinable!(profile_favourite_teams -> profiles (profile_id));
diesel::joinable!(profile_favourite_teams -> teams (team_id));
diesel::joinable!(profile_preferences -> countries (country_id));
diesel::joinable!(profile_preferences -> profiles (profile_id));
diesel::joinable!(profile_preferred_genres -> genres (genre_id));
diesel::joinable!(profile_preferred_genres -> profiles (profile_id));
diesel::joinable!(profile_preferred_languages -> languages (language_id));
diesel::joinable!(profile_preferred_languages -> profiles (profile_id));
diesel::joinable!(profiles -> users (user_id));
diesel::joinable!(ratings -> movies (movie_id));
diesel::joinable!(ratings -> profiles (profile_id));
diesel::joinable!(recommendation_items -> movies (movie_id));
diesel::joinable!(recommendation_items -> people (reason_person_id));
diesel::joinable!(recommendation_items -> recommendation_rows (row_id));
diesel::joinable!(recommendation_rows -> profiles (profile_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(reviews -> movies (movie_id));
diesel::joinable!(reviews -> profiles (profile_id));
diesel::joinable!(search_history -> profiles (profile_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(sports_updates -> matches (match_id));
diesel::joinable!(teams -> countries (country_id));
diesel::joinable!(teams -> leagues (league_id));
diesel::joinable!(totp_secrets -> users (user_id));
diesel::joinable!(trailer_renditions -> trailers (trailer_id));
diesel::joinable!(trailer_subtitles -> languages (language_id));
diesel::joinable!(trailer_subtitles -> trailers (trailer_id));
diesel::joinable!(trailers -> languages (language_id));
diesel::joinable!(trailers -> movies (movie_id));
diesel::joinable!(watch_history -> movies (movie_id));
diesel::joinable!(watch_history -> profiles (profile_id));
diesel::joinable!(watchlist_items -> movies (movie_id));
diesel::joinable!(watchlist_items -> profiles (profile_id));

diesel::allow_tables_to_appear_in_same_query!(
    analytics_events,
    audit_log,
    countries,
    credits,
    experiment_assignments,
    experiment_variants,
    experiments,
    genres,
    highlights,
    jobs,
    keywords,
    languages,
    leagues,
    match_events,
    matches,
    movie_countries,
    movie_external_ids,
    movie_genres,
    movie_keywords,
    movie_languages,
    movie_stats,
    movies,
    not_interested,
    one_time_tokens,
    outbox_mail,
    people,
    person_aliases,
    playback_progress,
    players,
    profile_favourite_leagues,
    profile_favourite_teams,
    profile_preferences,
    profile_preferred_genres,
    profile_preferred_languages,
    profiles,
    ratings,
    recommendation_items,
    recommendation_rows,
    recovery_codes,
    refresh_tokens,
    reviews,
    revoked_access_tokens,
    search_history,
    sessions,
    sports_updates,
    teams,
    totp_secrets,
    trailer_renditions,
    trailer_subtitles,
    trailers,
    users,
    watch_history,
    watchlist_items,
);
