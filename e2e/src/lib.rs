//! Browser tests live under tests/browser; this crate has no library code of its own.
