//! Diesel table definitions shared by both backends (portable SQL types only).
