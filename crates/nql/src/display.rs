//! Printing a filter back as canonical NQL: no whitespace, parentheses only where AND would
//! otherwise bind an OR's parts, values unquoted only when they would read back the same.
//! `parse(&filter.to_string())` gives back `filter` for every filter `parse` produces, unless
//! the printed form is longer than [`MAX_INPUT_LEN`](crate::MAX_INPUT_LEN): a `"` in a quoted
//! value prints as `\"`, so a filter near the limit can print past it and is then refused as
//! [`InputTooLong`](crate::ParseErrorKind::InputTooLong).
//!
//! An `And` or `Or` with no parts (which `parse` never produces) prints as nothing.

use std::fmt::{self, Display, Formatter, Write};

use crate::ast::{CompareOp, Condition, Filter, RelativeDate, Test, TextPosition, Value};
use crate::parser::{classify, is_literal_char};

impl Display for Filter {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Condition(condition) => condition.fmt(f),
            Filter::Or(parts) => join(f, parts, ',', |_| false),
            Filter::And(parts) => join(f, parts, '+', |part| matches!(part, Filter::Or(_))),
        }
    }
}

fn join(
    f: &mut Formatter<'_>,
    parts: &[Filter],
    separator: char,
    bracket: fn(&Filter) -> bool,
) -> fmt::Result {
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            f.write_char(separator)?;
        }
        if bracket(part) {
            write!(f, "({part})")?
        } else {
            write!(f, "{part}")?
        }
    }
    Ok(())
}

impl Display for Condition {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.field, self.test)
    }
}

impl Display for Test {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Test::Compare(op, value) => {
                let op = match op {
                    CompareOp::Eq => "",
                    CompareOp::Ne => "-",
                    CompareOp::Gt => ">",
                    CompareOp::Gte => ">=",
                    CompareOp::Lt => "<",
                    CompareOp::Lte => "<=",
                };
                write!(f, "{op}{value}")
            }
            Test::Contains {
                negated,
                position,
                text,
            } => {
                let not = if *negated { "-" } else { "" };
                let at = match position {
                    TextPosition::Anywhere => "",
                    TextPosition::Start => "^",
                    TextPosition::End => "$",
                };
                write!(f, "{not}~{at}")?;
                // Contains takes any bare word as text, so only the lexical rule applies here.
                if is_bare_word(text) {
                    f.write_str(text)
                } else {
                    quote(f, text)
                }
            }
            Test::In { negated, values } => {
                if *negated {
                    f.write_char('-')?;
                }
                f.write_char('[')?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    value.fmt(f)?;
                }
                f.write_char(']')
            }
        }
    }
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            // Unquoted only if it would read back as this same text, not as `true`, `5`, `now`.
            Value::Text(text) if is_bare_word(text) && classify(text).ok().as_ref() == Some(self) => {
                f.write_str(text)
            }
            Value::Text(text) => quote(f, text),
            Value::Number(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Null => f.write_str("null"),
            Value::RelativeDate(date) => date.fmt(f),
        }
    }
}

impl Display for RelativeDate {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let amount = self.amount();
        match amount {
            0 => f.write_str("now"),
            _ => {
                let sign = if amount < 0 { '-' } else { '+' };
                write!(f, "now{sign}{}{}", amount.unsigned_abs(), self.unit().symbol())
            }
        }
    }
}

/// Whether `text` reads back whole as one unquoted value.
fn is_bare_word(text: &str) -> bool {
    !text.is_empty() && !text.starts_with('-') && text.chars().all(is_literal_char)
}

/// Single quotes with backslash escapes; `"` is escaped too because Ghost requires it.
fn quote(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in text.chars() {
        if matches!(c, '\\' | '\'' | '"') {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('\'')
}
