//! Ghost's filter language, NQL: the `?filter=` of Ghost's Content and Admin APIs.
//!
//! [`parse`] turns a filter such as `tag:news+published_at:>now-30d,featured:true` into a
//! [`Filter`] tree; `Display` on a [`Filter`] prints it back as canonical NQL, so a filter can be
//! stored, compared or forwarded without keeping the caller's spelling.
//!
//! The parser only knows the syntax: which fields exist and what a value means for a column is
//! the caller's business, and so is URL-decoding (a `+` that arrived as a space is not put back).
//! Relative dates stay relative ([`RelativeDate`]) so the caller resolves them with its own clock.
//!
//! Filters come straight from the query string of public endpoints, so the parser is built for
//! hostile input: it never panics, recurses at most [`MAX_DEPTH`] levels, runs in time linear in
//! the input, and refuses anything beyond the limits below with a [`ParseError`] that says where.

mod ast;
mod display;
mod error;
mod parser;

pub use ast::{
    CompareOp, Condition, DateUnit, Field, FieldProblem, Filter, InvalidField, RelativeDate, Test,
    TextPosition, Value,
};
pub use error::{Expected, Found, ParseError, ParseErrorKind};
pub use parser::parse;

/// Longest filter accepted, in bytes. Real filters are a few hundred bytes; the cap bounds the
/// work and memory one request can ask for before any parsing happens.
pub const MAX_INPUT_LEN: usize = 4096;

/// Deepest nesting of parentheses. The parser recurses once per level, so this also bounds its
/// stack use; no sensible filter needs more than two or three levels.
pub const MAX_DEPTH: usize = 10;

/// Most conditions (`field:value` terms) in one filter: each becomes a clause in a database
/// query, and the cost of that query is what this protects.
pub const MAX_CONDITIONS: usize = 64;

/// Most values in one set (`field:[a,b,c]`), for the same reason: each is a bound parameter.
pub const MAX_SET_VALUES: usize = 100;

/// Longest single text value, in bytes after unescaping. Slugs, dates and search words are short;
/// a longer value is a mistake or an attack.
pub const MAX_VALUE_LEN: usize = 1024;
