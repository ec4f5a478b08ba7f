//! The one task that does I/O for the interactive client: it owns the HTTP client and the
//! credentials, runs each `Effect` from `app::update` and answers with a `Msg`.
