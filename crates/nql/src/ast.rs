//! The parsed filter: a tree of conditions joined by AND and OR.

use std::fmt;

/// A parsed filter.
///
/// [`parse`](crate::parse) keeps the tree canonical: an `And` never directly holds an `And` nor
/// an `Or` an `Or` (they are flattened), and each holds at least two filters (`(a)` is just `a`).
/// Two filters that mean the same by those rules therefore compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// Every filter must match (`a+b`).
    And(Vec<Filter>),
    /// At least one filter must match (`a,b`).
    Or(Vec<Filter>),
    /// One `field:value` test.
    Condition(Condition),
}

/// One `field:<test>` term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    pub field: Field,
    pub test: Test,
}

/// What a condition checks its field against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Test {
    /// `field:v`, `field:-v`, `field:>v`, `field:>=v`, `field:<v`, `field:<=v`.
    Compare(CompareOp, Value),
    /// `field:~text` and its variants. The text is kept as written even when it looks like a
    /// number or keyword (`title:~2024` looks for the characters "2024").
    Contains {
        negated: bool,
        position: TextPosition,
        text: String,
    },
    /// `field:[a,b]` (`negated: false`) or `field:-[a,b]` (`negated: true`). Never empty when
    /// parsed.
    In { negated: bool, values: Vec<Value> },
}

/// The comparison in a [`Test::Compare`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `:` on its own.
    Eq,
    /// `:-`
    Ne,
    /// `:>`
    Gt,
    /// `:>=`
    Gte,
    /// `:<`
    Lt,
    /// `:<=`
    Lte,
}

/// Where a [`Test::Contains`] looks for its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextPosition {
    /// `~` (or `-~`): anywhere in the field.
    Anywhere,
    /// `~^` (or `-~^`): at the start.
    Start,
    /// `~$` (or `-~$`): at the end.
    End,
}

/// A value a field is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A quoted string, or an unquoted literal that is none of the below (`my-tag`,
    /// `2024-01-01`, `007`).
    Text(String),
    /// An unquoted whole number. NQL has no negative numbers (a leading `-` means "not") and no
    /// fractions (`1.5` is text); digits with a leading zero stay text so `007` is not `7`.
    Number(u64),
    /// `true` or `false`, unquoted.
    Bool(bool),
    /// `null`, unquoted.
    Null,
    /// `now`, `now-30d`, `now+1w`, unquoted.
    RelativeDate(RelativeDate),
}

/// A field name: one or more dot-separated segments (`tags.slug`, `count.posts`), each
/// `[a-z_][a-z0-9_]*`. Ghost treats field names as lower case, so upper case is folded on the
/// way in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field(String);

impl Field {
    /// Checks and lower-cases a field name.
    pub fn new(name: &str) -> Result<Self, InvalidField> {
        let fail = |offset, problem| Err(InvalidField { offset, problem });
        if name.is_empty() {
            return fail(0, FieldProblem::Empty);
        }
        let mut segment_start = true;
        for (offset, c) in name.char_indices() {
            match c {
                '.' if segment_start => return fail(offset, FieldProblem::EmptySegment),
                '.' => segment_start = true,
                'a'..='z' | 'A'..='Z' | '_' => segment_start = false,
                '0'..='9' if segment_start => return fail(offset, FieldProblem::DigitFirst),
                '0'..='9' => {}
                _ => return fail(offset, FieldProblem::BadChar(c)),
            }
        }
        if segment_start {
            return fail(name.len() - 1, FieldProblem::EmptySegment);
        }
        Ok(Field(name.to_ascii_lowercase()))
    }

    /// The name as written in a filter, lower case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The dot-separated parts: `tags.slug` gives `tags` then `slug`.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a string is not a [`Field`], and where (byte offset into the name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} (at byte {offset} of the name)")]
pub struct InvalidField {
    pub offset: usize,
    pub problem: FieldProblem,
}

/// What is wrong with a field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    #[error("a field name cannot be empty")]
    Empty,
    #[error("a field name cannot start or end with '.' or contain '..'")]
    EmptySegment,
    #[error("each part of a field name must start with a letter or '_'")]
    DigitFirst,
    #[error("a field name holds only letters, digits, '_' and '.', not '{}'", .0.escape_debug())]
    BadChar(char),
}

/// A moment relative to "now", which the caller resolves with its own clock: `now-30d` is
/// 30 days ago, `now+1w` a week ahead, `now` itself has amount 0.
///
/// Any zero offset is stored as `now` (amount 0 in seconds), so `now-0d` equals `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelativeDate {
    amount: i64,
    unit: DateUnit,
}

impl RelativeDate {
    /// The current moment.
    pub const NOW: RelativeDate = RelativeDate {
        amount: 0,
        unit: DateUnit::Seconds,
    };

    /// `amount` units from now: negative is in the past.
    pub fn new(amount: i64, unit: DateUnit) -> Self {
        if amount == 0 {
            Self::NOW
        } else {
            RelativeDate { amount, unit }
        }
    }

    /// How many units from now; negative is in the past, 0 is now.
    pub fn amount(&self) -> i64 {
        self.amount
    }

    pub fn unit(&self) -> DateUnit {
        self.unit
    }

    /// The offset from now in seconds, for units of fixed length. `None` for months and years
    /// (their length depends on the calendar, so the caller must step its own calendar) and when
    /// the offset does not fit in an `i64`.
    pub fn fixed_offset_seconds(&self) -> Option<i64> {
        self.amount.checked_mul(self.unit.fixed_seconds()?)
    }
}

/// The unit of a [`RelativeDate`], with the letter NQL writes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateUnit {
    /// `s`
    Seconds,
    /// `m` (lower case; upper case is months)
    Minutes,
    /// `h`
    Hours,
    /// `d`
    Days,
    /// `w`
    Weeks,
    /// `M`
    Months,
    /// `y`
    Years,
}

impl DateUnit {
    /// The letter after the amount in `now-30d`.
    pub fn symbol(self) -> char {
        match self {
            DateUnit::Seconds => 's',
            DateUnit::Minutes => 'm',
            DateUnit::Hours => 'h',
            DateUnit::Days => 'd',
            DateUnit::Weeks => 'w',
            DateUnit::Months => 'M',
            DateUnit::Years => 'y',
        }
    }

    /// The unit a letter stands for (case matters: `m` is minutes, `M` months).
    pub fn from_symbol(symbol: char) -> Option<Self> {
        Some(match symbol {
            's' => DateUnit::Seconds,
            'm' => DateUnit::Minutes,
            'h' => DateUnit::Hours,
            'd' => DateUnit::Days,
            'w' => DateUnit::Weeks,
            'M' => DateUnit::Months,
            'y' => DateUnit::Years,
            _ => return None,
        })
    }

    /// Seconds in one unit, or `None` for months and years, whose length varies. Days and weeks
    /// count as 86 400 and 604 800 seconds, ignoring daylight-saving shifts.
    pub fn fixed_seconds(self) -> Option<i64> {
        match self {
            DateUnit::Seconds => Some(1),
            DateUnit::Minutes => Some(60),
            DateUnit::Hours => Some(3_600),
            DateUnit::Days => Some(86_400),
            DateUnit::Weeks => Some(604_800),
            DateUnit::Months | DateUnit::Years => None,
        }
    }
}
