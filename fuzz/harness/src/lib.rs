//! The bodies of Dateline's fuzz targets, one function per parser that hostile bytes reach.
//!
//! Each takes the fuzzer's bytes and panics only when the parser broke a promise: by panicking
//! itself, or by answering something a reader or an editor must never see (script in a story,
//! a search escaping its edition, a filter that does not read back as itself). The cargo-fuzz
//! targets in `fuzz/fuzz_targets` call these on nightly; `tests/replay.rs` replays what fuzzing
//! found (`fuzz/regressions/<target>/`) through them on stable.

mod admin_token;
mod comment;
pub mod html;
mod importers;
mod markdown;
mod media;
mod nql;
mod search;

pub use admin_token::admin_token;
pub use comment::comment;
pub use importers::{ghost, wxr};
pub use markdown::markdown;
pub use media::media;
pub use nql::nql;
pub use search::search;

/// A target's body: panics when the code under test broke a promise.
pub type Target = fn(&[u8]);

/// Every target by name: the name of its cargo-fuzz binary and of its folders under `fuzz/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("markdown", markdown),
    ("comment", comment),
    ("media", media),
    ("search", search),
    ("wxr", wxr),
    ("ghost", ghost),
    ("nql", nql),
    ("admin_token", admin_token),
];

/// The fuzzer's bytes as text: parsers of typed or pasted text only ever see valid UTF-8, so
/// invalid bytes become U+FFFD rather than wasting the run.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `data` cut at its first NUL into two inputs (all of it twice when there is none).
fn two_parts(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    }
}
