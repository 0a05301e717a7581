//! A recursive-descent parser over the input string.
//!
//! Grammar (whitespace may surround every token except inside an operator):
//!
//! ```text
//! filter    = or
//! or        = and ( "," and )*            AND binds tighter than OR
//! and       = primary ( "+" primary )*
//! primary   = "(" or ")" | condition
//! condition = field ":" test
//! test      = "-"? "~" ( "^" | "$" )? text
//!           | ( "-" | ">" | ">=" | "<" | "<=" )? value
//!           | "-"? "[" value ( "," value )* "]"
//! value     = quoted | bare               classified by `classify`
//! ```
//!
//! Every step consumes input and recursion happens only at "(", which [`MAX_DEPTH`] bounds, so
//! time is linear and the stack shallow whatever the input.

use crate::ast::{CompareOp, Condition, Field, Filter, RelativeDate, Test, TextPosition, Value};
use crate::error::{Expected, Found, ParseError, ParseErrorKind};
use crate::{DateUnit, MAX_CONDITIONS, MAX_DEPTH, MAX_INPUT_LEN, MAX_SET_VALUES, MAX_VALUE_LEN};

/// Parses an NQL filter such as `tag:news+published_at:>now-30d`.
///
/// The input is the already URL-decoded `filter` parameter.
pub fn parse(input: &str) -> Result<Filter, ParseError> {
    if input.len() > MAX_INPUT_LEN {
        let mut at = MAX_INPUT_LEN;
        while !input.is_char_boundary(at) {
            at -= 1;
        }
        return Err(ParseError::new(input, at, ParseErrorKind::InputTooLong));
    }
    let mut parser = Parser {
        input,
        pos: 0,
        depth: 0,
        conditions: 0,
    };
    parser.skip_ws();
    if parser.peek().is_none() {
        return Err(ParseError::new(input, 0, ParseErrorKind::Empty));
    }
    let filter = parser.or()?;
    match parser.peek() {
        None => Ok(filter),
        Some(')') => Err(parser.error(ParseErrorKind::UnmatchedParen)),
        found => Err(parser.unexpected(Expected::AndOrEnd, found)),
    }
}

impl std::str::FromStr for Filter {
    type Err = ParseError;

    fn from_str(input: &str) -> Result<Self, ParseError> {
        parse(input)
    }
}

/// Whether `c` may appear in an unquoted value. Letters and digits of any script, so an Arabic
/// slug needs no quotes; everything else NQL gives a meaning to, or might one day, needs them.
pub(crate) fn is_literal_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Characters that may directly follow an unquoted value: they end it.
fn ends_value(c: char) -> bool {
    c.is_ascii_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ',' | '+')
}

/// What an unquoted value means: a keyword, number or relative date, else text.
pub(crate) fn classify(raw: &str) -> Result<Value, ParseErrorKind> {
    Ok(match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        "now" => Value::RelativeDate(RelativeDate::NOW),
        // A leading zero marks an identifier (`007`), not a quantity: keep it exactly.
        _ if is_digits(raw) && !(raw.len() > 1 && raw.starts_with('0')) => {
            Value::Number(raw.parse().map_err(|_| ParseErrorKind::NumberTooLarge)?)
        }
        _ => match raw.strip_prefix("now").and_then(relative_offset) {
            Some(date) => Value::RelativeDate(date?),
            None => Value::Text(raw.to_owned()),
        },
    })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads the `-30d` of `now-30d`; `None` if `rest` does not have that shape.
fn relative_offset(rest: &str) -> Option<Result<RelativeDate, ParseErrorKind>> {
    let mut chars = rest.chars();
    let sign = chars.next().filter(|c| matches!(c, '+' | '-'))?;
    let unit = chars.next_back().and_then(DateUnit::from_symbol)?;
    let digits = chars.as_str();
    if !is_digits(digits) {
        return None;
    }
    let too_large = ParseErrorKind::RelativeDateTooLarge;
    let Ok(magnitude) = digits.parse::<u64>() else {
        return Some(Err(too_large));
    };
    let amount = match sign {
        '+' => i64::try_from(magnitude).ok(),
        _ => 0i64.checked_sub_unsigned(magnitude),
    };
    Some(
        amount
            .map(|amount| RelativeDate::new(amount, unit))
            .ok_or(too_large),
    )
}

struct Parser<'a> {
    input: &'a str,
    /// Byte offset of the next unread character; always a character boundary.
    pos: usize,
    /// Parentheses currently open.
    depth: usize,
    /// Conditions read so far.
    conditions: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    /// Consumes `c` if it is the next character (no whitespace skipped).
    fn eat(&mut self, c: char) -> bool {
        let next = self.peek() == Some(c);
        if next {
            self.pos += c.len_utf8();
        }
        next
    }

    fn skip_ws(&mut self) {
        self.pos += prefix_len(&self.input[self.pos..], |c| c.is_ascii_whitespace());
    }

    fn error(&self, kind: ParseErrorKind) -> ParseError {
        self.error_at(self.pos, kind)
    }

    fn error_at(&self, position: usize, kind: ParseErrorKind) -> ParseError {
        ParseError::new(self.input, position, kind)
    }

    fn unexpected(&self, expected: Expected, found: Option<char>) -> ParseError {
        let found = found.map_or(Found::End, Found::Char);
        self.error(ParseErrorKind::Unexpected { expected, found })
    }

    /// `and ( "," and )*`, leaving whitespace after it consumed.
    fn or(&mut self) -> Result<Filter, ParseError> {
        let mut parts = Vec::new();
        loop {
            match self.and()? {
                Filter::Or(inner) => parts.extend(inner),
                part => parts.push(part),
            }
            if !self.eat(',') {
                return Ok(join(parts, Filter::Or));
            }
            self.skip_ws();
        }
    }

    /// `primary ( "+" primary )*`
    fn and(&mut self) -> Result<Filter, ParseError> {
        let mut parts = Vec::new();
        loop {
            match self.primary()? {
                Filter::And(inner) => parts.extend(inner),
                part => parts.push(part),
            }
            if !self.eat('+') {
                return Ok(join(parts, Filter::And));
            }
            self.skip_ws();
        }
    }

    /// A parenthesised filter or a condition.
    fn primary(&mut self) -> Result<Filter, ParseError> {
        if self.peek() != Some('(') {
            return self.condition().map(Filter::Condition);
        }
        if self.depth == MAX_DEPTH {
            return Err(self.error(ParseErrorKind::TooDeep));
        }
        let open = self.pos;
        self.eat('(');
        self.skip_ws();
        self.depth += 1;
        let inner = self.or()?;
        self.depth -= 1;
        match self.peek() {
            Some(')') => {
                self.eat(')');
                self.skip_ws();
                Ok(inner)
            }
            None => Err(self.error_at(open, ParseErrorKind::UnclosedParen)),
            found => Err(self.unexpected(Expected::AndOrClose, found)),
        }
    }

    /// `field ":" test`
    fn condition(&mut self) -> Result<Condition, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
            found => return Err(self.unexpected(Expected::Condition, found)),
        }
        if self.conditions == MAX_CONDITIONS {
            return Err(self.error(ParseErrorKind::TooManyConditions));
        }
        self.conditions += 1;
        let rest = &self.input[start..];
        let name_len = prefix_len(rest, |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'));
        let field = Field::new(&rest[..name_len])
            .map_err(|e| self.error_at(start + e.offset, ParseErrorKind::InvalidField(e.problem)))?;
        self.pos += name_len;
        self.skip_ws();
        if !self.eat(':') {
            return Err(self.unexpected(Expected::Colon, self.peek()));
        }
        self.skip_ws();
        let test = self.test()?;
        Ok(Condition { field, test })
    }

    /// The operator and value after the colon.
    fn test(&mut self) -> Result<Test, ParseError> {
        let negated = self.eat('-');
        if self.eat('~') {
            let position = if self.eat('^') {
                TextPosition::Start
            } else if self.eat('$') {
                TextPosition::End
            } else {
                TextPosition::Anywhere
            };
            self.skip_ws();
            let text = self.text()?;
            return Ok(Test::Contains {
                negated,
                position,
                text,
            });
        }
        let op = if negated {
            CompareOp::Ne
        } else if self.eat('>') {
            if self.eat('=') {
                CompareOp::Gte
            } else {
                CompareOp::Gt
            }
        } else if self.eat('<') {
            if self.eat('=') {
                CompareOp::Lte
            } else {
                CompareOp::Lt
            }
        } else {
            CompareOp::Eq
        };
        self.skip_ws();
        if matches!(op, CompareOp::Eq | CompareOp::Ne) && self.peek() == Some('[') {
            return Ok(Test::In {
                negated,
                values: self.set()?,
            });
        }
        Ok(Test::Compare(op, self.value()?))
    }

    /// `"[" value ( "," value )* "]"`
    fn set(&mut self) -> Result<Vec<Value>, ParseError> {
        self.eat('[');
        self.skip_ws();
        let mut values = Vec::new();
        loop {
            if values.len() == MAX_SET_VALUES {
                return Err(self.error(ParseErrorKind::TooManySetValues));
            }
            values.push(self.value()?);
            match self.peek() {
                Some(',') => self.eat(','),
                Some(']') => {
                    self.eat(']');
                    self.skip_ws();
                    return Ok(values);
                }
                found => return Err(self.unexpected(Expected::SetCommaOrClose, found)),
            };
            self.skip_ws();
        }
    }

    /// A value for a comparison or a set: a quoted string is always text, a bare one is
    /// classified.
    fn value(&mut self) -> Result<Value, ParseError> {
        if self.peek() == Some('\'') {
            return self.quoted().map(Value::Text);
        }
        let start = self.pos;
        let raw = self.bare()?;
        classify(raw).map_err(|kind| self.error_at(start, kind))
    }

    /// The text of a contains test: quoted or bare, taken as written.
    fn text(&mut self) -> Result<String, ParseError> {
        if self.peek() == Some('\'') {
            return self.quoted();
        }
        self.bare().map(str::to_owned)
    }

    /// An unquoted value, plus the `+1d` of `now+1d` (where `+` would otherwise mean AND).
    fn bare(&mut self) -> Result<&'a str, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some(c) if is_literal_char(c) && c != '-' => {}
            // Operator characters here mean a mistyped operator, not a value to quote.
            Some(c) if !ends_value(c) && !matches!(c, '-' | '\'' | '~' | '>' | '<' | '=' | ':') => {
                return Err(self.error(ParseErrorKind::NeedsQuotes(c)));
            }
            found => return Err(self.unexpected(Expected::Value, found)),
        }
        let rest: &'a str = &self.input[start..];
        let mut len = prefix_len(rest, is_literal_char);
        if &rest[..len] == "now" {
            len += future_offset_len(&rest[len..]);
        }
        if len > MAX_VALUE_LEN {
            return Err(self.error(ParseErrorKind::ValueTooLong));
        }
        self.pos += len;
        match self.peek() {
            Some(c) if !ends_value(c) => Err(self.error(ParseErrorKind::NeedsQuotes(c))),
            _ => {
                self.skip_ws();
                Ok(&rest[..len])
            }
        }
    }

    /// A single-quoted string with backslash escapes (`\'`, `\"`, `\\`), unescaped.
    fn quoted(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        let body = &self.input[start + 1..];
        let mut text = String::new();
        let mut chars = body.char_indices();
        let end = loop {
            let unterminated = || self.error_at(start, ParseErrorKind::UnterminatedString);
            match chars.next().ok_or_else(unterminated)? {
                (i, '\'') => break i,
                (i, '\\') => match chars.next().ok_or_else(unterminated)? {
                    (_, c @ ('\\' | '\'' | '"')) => text.push(c),
                    (_, c) => {
                        let at = start + 1 + i;
                        return Err(self.error_at(at, ParseErrorKind::InvalidEscape(c)));
                    }
                },
                (_, c) => text.push(c),
            }
            if text.len() > MAX_VALUE_LEN {
                return Err(self.error_at(start, ParseErrorKind::ValueTooLong));
            }
        };
        self.pos = start + 1 + end + 1;
        self.skip_ws();
        Ok(text)
    }
}

/// The length of `+<digits><unit>` at the start of `rest` when it ends there, else 0: a
/// `+1d` right after `now` belongs to the date, not to an AND.
fn future_offset_len(rest: &str) -> usize {
    let Some(after_sign) = rest.strip_prefix('+') else {
        return 0;
    };
    let digits = prefix_len(after_sign, |c| c.is_ascii_digit());
    let mut tail = after_sign[digits..].chars();
    match tail.next() {
        Some(unit) if digits > 0 && DateUnit::from_symbol(unit).is_some() => {
            let ends = tail.next().is_none_or(|c| !is_literal_char(c));
            if ends { 1 + digits + 1 } else { 0 }
        }
        _ => 0,
    }
}

/// Bytes at the start of `s` whose characters all satisfy `pred`.
fn prefix_len(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.len() - s.trim_start_matches(pred).len()
}

/// One filter stays itself (`(a)` is `a`); several are joined.
fn join(mut parts: Vec<Filter>, combine: fn(Vec<Filter>) -> Filter) -> Filter {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        combine(parts)
    }
}
