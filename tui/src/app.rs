//! The interactive client's state: `Model`, the `Msg`s that change it, and a pure
//! `update(&mut Model, Msg) -> Option<Effect>` that asks `worker` for any I/O. No I/O here.
