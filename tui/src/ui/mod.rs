//! The pure view: `view(&Model, &mut Frame)` draws the model and does no I/O, so it is tested
//! with ratatui's `TestBackend` at several terminal sizes.
