//! Why a filter was refused, and where: meant to be shown to the API user as is (Ghost answers
//! a bad filter with a 400 whose message points at the problem).

use std::fmt;

use crate::{FieldProblem, MAX_CONDITIONS, MAX_DEPTH, MAX_INPUT_LEN, MAX_SET_VALUES, MAX_VALUE_LEN};

/// A filter that could not be parsed.
///
/// Displays as e.g. "expected a value but found ')' at character 14".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at character {character}")]
pub struct ParseError {
    /// Byte offset into the input where the problem is; always on a character boundary, so
    /// `&input[position..]` is safe.
    pub position: usize,
    /// The same place counted in characters from 1, for people: byte offsets mislead as soon as
    /// the filter holds non-ASCII text.
    pub character: usize,
    pub kind: ParseErrorKind,
}

impl ParseError {
    /// An error at byte `position` of `input`, which must be a character boundary.
    pub(crate) fn new(input: &str, position: usize, kind: ParseErrorKind) -> Self {
        let character = input.get(..position).map_or(0, |before| before.chars().count()) + 1;
        ParseError {
            position,
            character,
            kind,
        }
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    #[error("the filter is empty")]
    Empty,
    #[error("expected {expected} but found {found}")]
    Unexpected { expected: Expected, found: Found },
    #[error(
        "'{}' cannot appear in an unquoted value; put the value in single quotes",
        .0.escape_debug()
    )]
    NeedsQuotes(char),
    #[error("this '(' is never closed")]
    UnclosedParen,
    #[error("this ')' has no matching '('")]
    UnmatchedParen,
    #[error("this quoted value is never closed")]
    UnterminatedString,
    #[error(
        "unknown escape '\\{}' in a quoted value (only \\\\, \\' and \\\" are escapes)",
        .0.escape_debug()
    )]
    InvalidEscape(char),
    #[error("{0}")]
    InvalidField(FieldProblem),
    #[error("this number is too large (at most {})", u64::MAX)]
    NumberTooLarge,
    #[error("this relative date is too far from now")]
    RelativeDateTooLarge,
    #[error("the filter is longer than {MAX_INPUT_LEN} bytes")]
    InputTooLong,
    #[error("parentheses are nested more than {MAX_DEPTH} deep")]
    TooDeep,
    #[error("the filter has more than {MAX_CONDITIONS} conditions")]
    TooManyConditions,
    #[error("a set holds more than {MAX_SET_VALUES} values")]
    TooManySetValues,
    #[error("this value is longer than {MAX_VALUE_LEN} bytes")]
    ValueTooLong,
}

/// What the parser was looking for when it found something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// The start of a condition: a field name or `(`.
    Condition,
    /// The `:` after a field name.
    Colon,
    /// A value (after `:` and any operator, or in a set).
    Value,
    /// What may follow a condition at the top level.
    AndOrEnd,
    /// What may follow a condition inside parentheses.
    AndOrClose,
    /// What may follow a value in a set.
    SetCommaOrClose,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Condition => "a field name or '('",
            Expected::Colon => "':' after the field name",
            Expected::Value => "a value",
            Expected::AndOrEnd => "'+', ',' or the end of the filter",
            Expected::AndOrClose => "'+', ',' or ')'",
            Expected::SetCommaOrClose => "',' or ']' in the set",
        })
    }
}

/// What the parser found instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Char(char),
    End,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Escaped so control characters and bidi overrides cannot garble the message.
            Found::Char(c) => write!(f, "'{}'", c.escape_debug()),
            Found::End => f.write_str("the end of the filter"),
        }
    }
}
