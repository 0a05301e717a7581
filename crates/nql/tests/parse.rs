//! The parser against tables of accepted and rejected filters, and against hostile input.

use std::path::Path;

use dateline_nql::{
    CompareOp, Condition, DateUnit, Expected, Field, FieldProblem, Filter, Found, MAX_CONDITIONS, MAX_DEPTH,
    MAX_INPUT_LEN, MAX_SET_VALUES, MAX_VALUE_LEN, ParseError, ParseErrorKind, RelativeDate, Test,
    TextPosition, Value, parse,
};

// ---- building expected trees ----

fn cond(field: &str, test: Test) -> Filter {
    Filter::Condition(Condition {
        field: Field::new(field).unwrap(),
        test,
    })
}

fn cmp(field: &str, op: CompareOp, value: Value) -> Filter {
    cond(field, Test::Compare(op, value))
}

fn eq(field: &str, value: Value) -> Filter {
    cmp(field, CompareOp::Eq, value)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn num(n: u64) -> Value {
    Value::Number(n)
}

fn date(amount: i64, unit: DateUnit) -> Value {
    Value::RelativeDate(RelativeDate::new(amount, unit))
}

fn contains(field: &str, negated: bool, position: TextPosition, s: &str) -> Filter {
    cond(
        field,
        Test::Contains {
            negated,
            position,
            text: s.to_owned(),
        },
    )
}

fn set(field: &str, negated: bool, values: Vec<Value>) -> Filter {
    cond(field, Test::In { negated, values })
}

use Filter::{And, Or};

fn accepted() -> Vec<(&'static str, Filter)> {
    use CompareOp::*;
    use DateUnit::*;
    use TextPosition::*;
    vec![
        // Fields
        ("tag:news", eq("tag", text("news"))),
        ("Tags.Slug:news", eq("tags.slug", text("news"))),
        ("primary_tag.slug:news", eq("primary_tag.slug", text("news"))),
        ("count.posts:>=10", cmp("count.posts", Gte, num(10))),
        ("_x:1", eq("_x", num(1))),
        // Precedence and grouping
        (
            "a:1,b:2+c:3",
            Or(vec![eq("a", num(1)), And(vec![eq("b", num(2)), eq("c", num(3))])]),
        ),
        (
            "a:1+b:2,c:3",
            Or(vec![And(vec![eq("a", num(1)), eq("b", num(2))]), eq("c", num(3))]),
        ),
        (
            "(a:1,b:2)+c:3",
            And(vec![Or(vec![eq("a", num(1)), eq("b", num(2))]), eq("c", num(3))]),
        ),
        (
            "a:1+(b:2,c:3)+d:4",
            And(vec![
                eq("a", num(1)),
                Or(vec![eq("b", num(2)), eq("c", num(3))]),
                eq("d", num(4)),
            ]),
        ),
        ("(a:1)", eq("a", num(1))),
        ("((((a:1))))", eq("a", num(1))),
        (
            "((a:1+b:2)+c:3)",
            And(vec![eq("a", num(1)), eq("b", num(2)), eq("c", num(3))]),
        ),
        (
            "a:1,(b:2,(c:3))",
            Or(vec![eq("a", num(1)), eq("b", num(2)), eq("c", num(3))]),
        ),
        (
            "((a:1,b:2)+c:3),d:4",
            Or(vec![
                And(vec![Or(vec![eq("a", num(1)), eq("b", num(2))]), eq("c", num(3))]),
                eq("d", num(4)),
            ]),
        ),
        // Every comparison
        ("a:x", cmp("a", Eq, text("x"))),
        ("a:-x", cmp("a", Ne, text("x"))),
        ("a:>5", cmp("a", Gt, num(5))),
        ("a:>=5", cmp("a", Gte, num(5))),
        ("a:<5", cmp("a", Lt, num(5))),
        ("a:<=5", cmp("a", Lte, num(5))),
        ("a:-null", cmp("a", Ne, Value::Null)),
        // Every contains
        ("title:~word", contains("title", false, Anywhere, "word")),
        ("title:-~word", contains("title", true, Anywhere, "word")),
        ("title:~^word", contains("title", false, Start, "word")),
        ("title:-~^word", contains("title", true, Start, "word")),
        ("title:~$word", contains("title", false, End, "word")),
        ("title:-~$word", contains("title", true, End, "word")),
        (
            "title:~'two words'",
            contains("title", false, Anywhere, "two words"),
        ),
        ("title:~2024", contains("title", false, Anywhere, "2024")),
        ("title:~true", contains("title", false, Anywhere, "true")),
        ("title:~now", contains("title", false, Anywhere, "now")),
        ("title:~''", contains("title", false, Anywhere, "")),
        // Sets
        ("id:[1,2,3]", set("id", false, vec![num(1), num(2), num(3)])),
        (
            "tags.slug:[news,'c d','x,y]']",
            set("tags.slug", false, vec![text("news"), text("c d"), text("x,y]")]),
        ),
        ("tag:-[a,b]", set("tag", true, vec![text("a"), text("b")])),
        ("tag:[ a , 'b' ]", set("tag", false, vec![text("a"), text("b")])),
        (
            "a:[null,true,now-1d,'5']",
            set(
                "a",
                false,
                vec![Value::Null, Value::Bool(true), date(-1, Days), text("5")],
            ),
        ),
        ("tag:[x]", set("tag", false, vec![text("x")])),
        // Quoted strings
        (r"a:'it\'s'", eq("a", text("it's"))),
        (r#"a:'say \"hi\"'"#, eq("a", text(r#"say "hi""#))),
        (r#"a:'say "hi"'"#, eq("a", text(r#"say "hi""#))),
        (r"a:'back\\slash'", eq("a", text(r"back\slash"))),
        ("a:'a,b+c(d)[e]:f'", eq("a", text("a,b+c(d)[e]:f"))),
        ("a:''", eq("a", text(""))),
        (
            "published_at:>'2024-01-01 10:00:00'",
            cmp("published_at", Gt, text("2024-01-01 10:00:00")),
        ),
        ("a:'null'", eq("a", text("null"))),
        ("a:'5'", eq("a", text("5"))),
        ("a:'now'", eq("a", text("now"))),
        // Keywords, numbers, literals
        ("a:true", eq("a", Value::Bool(true))),
        ("a:false", eq("a", Value::Bool(false))),
        ("a:null", eq("a", Value::Null)),
        ("a:True", eq("a", text("True"))),
        ("a:0", eq("a", num(0))),
        ("a:007", eq("a", text("007"))),
        ("a:1.5", eq("a", text("1.5"))),
        ("a:18446744073709551615", eq("a", num(u64::MAX))),
        ("a:2024-01-01", eq("a", text("2024-01-01"))),
        ("a:my-tag_2.x", eq("a", text("my-tag_2.x"))),
        ("a:nowhere", eq("a", text("nowhere"))),
        ("a:now-30", eq("a", text("now-30"))),
        ("a:now-30dd", eq("a", text("now-30dd"))),
        // Relative dates
        ("a:now", eq("a", Value::RelativeDate(RelativeDate::NOW))),
        ("a:>now-30d", cmp("a", Gt, date(-30, Days))),
        ("a:<=now+1d", cmp("a", Lte, date(1, Days))),
        ("a:now-4w", eq("a", date(-4, Weeks))),
        ("a:now-12M", eq("a", date(-12, Months))),
        ("a:now-1y", eq("a", date(-1, Years))),
        ("a:now-1h", eq("a", date(-1, Hours))),
        ("a:now-1m", eq("a", date(-1, Minutes))),
        ("a:now-1s", eq("a", date(-1, Seconds))),
        ("a:now-0d", eq("a", Value::RelativeDate(RelativeDate::NOW))),
        ("a:now-9223372036854775808s", eq("a", date(i64::MIN, Seconds))),
        ("a:now+1d+b:1", And(vec![eq("a", date(1, Days)), eq("b", num(1))])),
        (
            "a:now+b:1",
            And(vec![
                eq("a", Value::RelativeDate(RelativeDate::NOW)),
                eq("b", num(1)),
            ]),
        ),
        ("a:now-1d,b:1", Or(vec![eq("a", date(-1, Days)), eq("b", num(1))])),
        // Arabic
        ("tags.slug:'سياسة'", eq("tags.slug", text("سياسة"))),
        ("tags.slug:سياسة", eq("tags.slug", text("سياسة"))),
        (
            "tags.slug:[سياسة,'اقتصاد وأعمال']",
            set("tags.slug", false, vec![text("سياسة"), text("اقتصاد وأعمال")]),
        ),
        (
            "title:~'مرحبا'+tag:-سياسة",
            And(vec![
                contains("title", false, Anywhere, "مرحبا"),
                cmp("tag", Ne, text("سياسة")),
            ]),
        ),
        // Whitespace between tokens
        (
            "  a:1 ,  b:2 +  c:3  ",
            Or(vec![eq("a", num(1)), And(vec![eq("b", num(2)), eq("c", num(3))])]),
        ),
        ("( a : >= 5 )", cmp("a", Gte, num(5))),
        ("a:- [x]", set("a", true, vec![text("x")])),
        ("\ta:1\n+\r\nb:2", And(vec![eq("a", num(1)), eq("b", num(2))])),
    ]
}

#[test]
fn accepted_filters_give_their_tree() {
    for (input, expected) in accepted() {
        assert_eq!(parse(input), Ok(expected), "parsing {input:?}");
    }
}

#[test]
fn display_reads_back_as_the_same_tree() {
    for (input, expected) in accepted() {
        let printed = expected.to_string();
        assert_eq!(parse(&printed), Ok(expected), "{input:?} printed as {printed:?}");
    }
}

/// The one exception to reading back: escaping `"` lengthens a filter, past the input limit
/// when it was near it.
#[test]
fn display_past_the_input_limit_is_refused_as_too_long() {
    let quotes = "\"".repeat(1000);
    let input = (0..4)
        .map(|i| format!("f{i}:'{quotes}'"))
        .collect::<Vec<_>>()
        .join("+");
    assert!(input.len() <= MAX_INPUT_LEN);
    let printed = parse(&input).unwrap().to_string();
    assert!(printed.len() > MAX_INPUT_LEN);
    assert_eq!(kind(&printed), ParseErrorKind::InputTooLong);
}

#[test]
fn display_is_canonical() {
    let cases = [
        ("  a:1 ,  b:2 +  c:3  ", "a:1,b:2+c:3"),
        ("(a:1,b:2)+c:3", "(a:1,b:2)+c:3"),
        ("((a:1+b:2)+c:3)", "a:1+b:2+c:3"),
        ("(a:1+b:2),c:3", "a:1+b:2,c:3"),
        ("Tags.Slug:'news'", "tags.slug:news"),
        (r"a:'it\'s'", r"a:'it\'s'"),
        (r#"a:'say "hi"'"#, r#"a:'say \"hi\"'"#),
        ("a:'null'", "a:'null'"),
        ("a:'5'", "a:'5'"),
        ("a:'-x'", r"a:'-x'"),
        ("a:'now-1d'", "a:'now-1d'"),
        ("a:007", "a:007"),
        ("a:now-0d", "a:now"),
        ("a:now-007d", "a:now-7d"),
        ("a:now+1d", "a:now+1d"),
        ("title:-~^'two words'", "title:-~^'two words'"),
        ("title:~true", "title:~true"),
        ("tag:- [ a , 'b c' ]", "tag:-[a,'b c']"),
        ("tags.slug:'سياسة'", "tags.slug:سياسة"),
        ("a: >= 5", "a:>=5"),
    ];
    for (input, canonical) in cases {
        assert_eq!(parse(input).unwrap().to_string(), canonical, "printing {input:?}");
    }
}

fn unexpected(expected: Expected, found: Option<char>) -> ParseErrorKind {
    ParseErrorKind::Unexpected {
        expected,
        found: found.map_or(Found::End, Found::Char),
    }
}

#[test]
fn rejected_filters_say_where_and_why() {
    use Expected::*;
    use ParseErrorKind::*;
    let cases: Vec<(&str, usize, ParseErrorKind)> = vec![
        ("", 0, Empty),
        ("   ", 0, Empty),
        ("a:1)", 3, UnmatchedParen),
        ("(a:1", 0, UnclosedParen),
        ("a:1+((b:2)", 4, UnclosedParen),
        ("a:", 2, unexpected(Value, None)),
        ("a", 1, unexpected(Colon, None)),
        ("a=1", 1, unexpected(Colon, Some('='))),
        (":1", 0, unexpected(Condition, Some(':'))),
        ("a:1+", 4, unexpected(Condition, None)),
        ("a:1,,b:2", 4, unexpected(Condition, Some(','))),
        ("a:1 b:2", 4, unexpected(AndOrEnd, Some('b'))),
        ("(a:1 b:2)", 5, unexpected(AndOrClose, Some('b'))),
        ("()", 1, unexpected(Condition, Some(')'))),
        ("1a:x", 0, unexpected(Condition, Some('1'))),
        ("-a:x", 0, unexpected(Condition, Some('-'))),
        ("a:'abc", 2, UnterminatedString),
        (r"a:'abc\'", 2, UnterminatedString),
        (r"a:'ab\nc'", 5, InvalidEscape('n')),
        ("a:foo@bar", 5, NeedsQuotes('@')),
        ("a:10:00", 4, NeedsQuotes(':')),
        ("a:\"x\"", 2, NeedsQuotes('"')),
        ("a:'x'y", 5, unexpected(AndOrEnd, Some('y'))),
        ("a:--x", 3, unexpected(Value, Some('-'))),
        ("a:->5", 3, unexpected(Value, Some('>'))),
        ("a:=5", 2, unexpected(Value, Some('='))),
        ("a:^x", 2, NeedsQuotes('^')),
        ("a:1\u{7}", 3, NeedsQuotes('\u{7}')),
        ("a:>[1]", 3, unexpected(Value, Some('['))),
        ("a:~[1]", 3, unexpected(Value, Some('['))),
        ("a:[]", 3, unexpected(Value, Some(']'))),
        ("a:[1,2", 6, unexpected(SetCommaOrClose, None)),
        ("a:[1 2]", 5, unexpected(SetCommaOrClose, Some('2'))),
        ("a:[[1]]", 3, unexpected(Value, Some('['))),
        ("a..b:1", 2, InvalidField(FieldProblem::EmptySegment)),
        ("a.:1", 1, InvalidField(FieldProblem::EmptySegment)),
        ("a.1:x", 2, InvalidField(FieldProblem::DigitFirst)),
        ("a:99999999999999999999", 2, NumberTooLarge),
        ("a:now-99999999999999999999d", 2, RelativeDateTooLarge),
        ("a:now+9223372036854775808s", 2, RelativeDateTooLarge),
        ("سياسة:x", 0, unexpected(Condition, Some('س'))),
        // Byte offsets stay on character boundaries after multibyte text.
        ("tags.slug:'سياسة')", 22, UnmatchedParen),
        ("tags.slug:سياسة@", 20, NeedsQuotes('@')),
    ];
    for (input, position, kind) in cases {
        let error = parse(input).expect_err(input);
        assert_eq!(
            (error.position, &error.kind),
            (position, &kind),
            "parsing {input:?}"
        );
        assert!(input.is_char_boundary(error.position));
        assert_eq!(error.character, input[..position].chars().count() + 1);
    }
}

#[test]
fn messages_point_at_the_character() {
    let message = |input| parse(input).unwrap_err().to_string();
    assert_eq!(
        message("tag:news+(a:1))"),
        "this ')' has no matching '(' at character 15"
    );
    assert_eq!(
        message("a:"),
        "expected a value but found the end of the filter at character 3"
    );
    assert_eq!(
        message("tags.slug:'سياسة')"),
        "this ')' has no matching '(' at character 18"
    );
    assert_eq!(
        message("a:foo@bar"),
        "'@' cannot appear in an unquoted value; put the value in single quotes at character 6"
    );
    // Control characters are escaped, not echoed.
    assert_eq!(
        message("a:1 \u{7}"),
        "expected '+', ',' or the end of the filter but found '\\u{7}' at character 5"
    );
}

// ---- limits ----

fn nested(depth: usize) -> String {
    format!("{}a:1{}", "(".repeat(depth), ")".repeat(depth))
}

fn conditions(n: usize) -> String {
    vec!["a:1"; n].join("+")
}

fn set_of(n: usize) -> String {
    format!("a:[{}]", vec!["1"; n].join(","))
}

fn kind(input: &str) -> ParseErrorKind {
    parse(input).unwrap_err().kind
}

#[test]
fn limits_are_inclusive_and_refused_beyond() {
    assert!(parse(&nested(MAX_DEPTH)).is_ok());
    let too_deep = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        (too_deep.position, too_deep.kind),
        (MAX_DEPTH, ParseErrorKind::TooDeep)
    );

    assert!(parse(&conditions(MAX_CONDITIONS)).is_ok());
    let too_many = parse(&conditions(MAX_CONDITIONS + 1)).unwrap_err();
    assert_eq!(
        (too_many.position, too_many.kind),
        (MAX_CONDITIONS * 4, ParseErrorKind::TooManyConditions)
    );

    assert!(parse(&set_of(MAX_SET_VALUES)).is_ok());
    let too_large = parse(&set_of(MAX_SET_VALUES + 1)).unwrap_err();
    assert_eq!(
        (too_large.position, too_large.kind),
        (3 + MAX_SET_VALUES * 2, ParseErrorKind::TooManySetValues)
    );

    let long = "x".repeat(MAX_VALUE_LEN);
    assert!(parse(&format!("a:'{long}'")).is_ok());
    assert!(parse(&format!("a:{long}")).is_ok());
    assert_eq!(kind(&format!("a:'{long}x'")), ParseErrorKind::ValueTooLong);
    assert_eq!(kind(&format!("a:{long}x")), ParseErrorKind::ValueTooLong);
    assert_eq!(kind(&format!("a:~{long}x")), ParseErrorKind::ValueTooLong);
    // Escapes count once: the limit is on the text, not its spelling.
    assert!(parse(&format!("a:'{}'", r"\'".repeat(MAX_VALUE_LEN))).is_ok());

    let at_limit = format!("a:'{}'", "x".repeat(MAX_INPUT_LEN - 4));
    assert_eq!(at_limit.len(), MAX_INPUT_LEN);
    assert_eq!(kind(&at_limit), ParseErrorKind::ValueTooLong);
    let over = parse(&format!("{at_limit} ")).unwrap_err();
    assert_eq!(
        (over.position, over.kind),
        (MAX_INPUT_LEN, ParseErrorKind::InputTooLong)
    );
}

#[test]
fn huge_inputs_are_refused_without_panicking() {
    // Deep nesting, within the length limit (so the depth check is what stops it) and far beyond.
    assert_eq!(kind(&nested(2_000)), ParseErrorKind::TooDeep);
    assert_eq!(kind(&nested(100_000)), ParseErrorKind::InputTooLong);
    assert_eq!(
        kind(&format!("{}a:1", "(".repeat(100_000))),
        ParseErrorKind::InputTooLong
    );
    // Large sets and many conditions.
    assert_eq!(kind(&set_of(1_500)), ParseErrorKind::TooManySetValues);
    assert_eq!(kind(&set_of(10_000)), ParseErrorKind::InputTooLong);
    assert_eq!(kind(&conditions(1_000)), ParseErrorKind::TooManyConditions);
    // A megabyte, ASCII and multibyte (the cut lands inside a three-byte character).
    assert_eq!(kind(&"a".repeat(1 << 20)), ParseErrorKind::InputTooLong);
    let euros = "€".repeat(1 << 19);
    let error = parse(&euros).unwrap_err();
    assert_eq!(error.kind, ParseErrorKind::InputTooLong);
    assert!(euros.is_char_boundary(error.position) && error.position <= MAX_INPUT_LEN);
    assert_eq!(error.character, error.position / 3 + 1);
}

// ---- the Big List of Naughty Strings ----

/// The shared fixture, found from this crate's directory (crates/nql → /work/shared).
fn naughty_strings() -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/naughty-strings/blns.json");
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let strings = json_strings(&json);
    assert!(
        strings.len() > 500,
        "expected the whole list, got {}",
        strings.len()
    );
    strings
}

/// The strings of a JSON array of strings (the fixture's shape), without a JSON dependency.
fn json_strings(json: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut chars = json.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        loop {
            match chars.next().expect("unterminated JSON string") {
                '"' => break,
                '\\' => match chars.next().expect("unterminated escape") {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let mut unit =
                            || u32::from_str_radix(&chars.by_ref().take(4).collect::<String>(), 16).unwrap();
                        let high = unit();
                        let code = if (0xD800..0xDC00).contains(&high) {
                            assert_eq!((chars.next(), chars.next()), (Some('\\'), Some('u')));
                            let low =
                                u32::from_str_radix(&chars.by_ref().take(4).collect::<String>(), 16).unwrap();
                            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            high
                        };
                        s.push(char::from_u32(code).expect("valid code point"));
                    }
                    other => s.push(other),
                },
                c => s.push(c),
            }
        }
        strings.push(s);
    }
    strings
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', r"\\").replace('\'', r"\'"))
}

fn check_error(input: &str, result: Result<Filter, ParseError>) {
    if let Err(error) = result {
        assert!(input.is_char_boundary(error.position), "{input:?}: {error:?}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn naughty_strings_never_panic_and_quoted_ones_read_back() {
    for s in naughty_strings() {
        check_error(&s, parse(&s));
        let unquoted = format!("tags.slug:{s}");
        check_error(&unquoted, parse(&unquoted));
        let contains = format!("title:~{s}");
        check_error(&contains, parse(&contains));

        let expected = eq("tags.slug", text(&s));
        let hand_quoted = format!("tags.slug:{}", quoted(&s));
        assert_eq!(parse(&hand_quoted), Ok(expected.clone()), "{hand_quoted:?}");
        let printed = expected.to_string();
        assert_eq!(parse(&printed), Ok(expected), "{printed:?}");
        let in_set = format!("tags.slug:-[x,{},y]", quoted(&s));
        assert_eq!(
            parse(&in_set),
            Ok(set("tags.slug", true, vec![text("x"), text(&s), text("y")]))
        );
    }
}

// ---- the AST's own types ----

#[test]
fn field_names_are_checked_and_lower_cased() {
    let field = Field::new("Authors.Slug").unwrap();
    assert_eq!(field.as_str(), "authors.slug");
    assert_eq!(field.segments().collect::<Vec<_>>(), ["authors", "slug"]);
    let problem = |name| Field::new(name).unwrap_err();
    assert_eq!(problem("").problem, FieldProblem::Empty);
    assert_eq!(problem(".a").problem, FieldProblem::EmptySegment);
    assert_eq!(problem("a.").offset, 1);
    assert_eq!(problem("a b").problem, FieldProblem::BadChar(' '));
    assert_eq!(problem("9a").problem, FieldProblem::DigitFirst);
}

#[test]
fn relative_dates_offer_fixed_offsets() {
    assert_eq!(RelativeDate::new(0, DateUnit::Years), RelativeDate::NOW);
    assert_eq!(
        RelativeDate::new(-30, DateUnit::Days).fixed_offset_seconds(),
        Some(-30 * 86_400)
    );
    assert_eq!(
        RelativeDate::new(2, DateUnit::Weeks).fixed_offset_seconds(),
        Some(1_209_600)
    );
    assert_eq!(
        RelativeDate::new(1, DateUnit::Months).fixed_offset_seconds(),
        None
    );
    assert_eq!(
        RelativeDate::new(i64::MAX, DateUnit::Minutes).fixed_offset_seconds(),
        None
    );
    for unit in [
        DateUnit::Seconds,
        DateUnit::Minutes,
        DateUnit::Hours,
        DateUnit::Days,
        DateUnit::Weeks,
        DateUnit::Months,
        DateUnit::Years,
    ] {
        assert_eq!(DateUnit::from_symbol(unit.symbol()), Some(unit));
    }
}

#[test]
fn filter_parses_from_str() {
    let filter: Filter = "tag:news".parse().unwrap();
    assert_eq!(filter, eq("tag", text("news")));
}

/// Random filters built from NQL's own pieces, some with a random piece spliced in: whatever
/// they are, parsing never panics, errors point at character boundaries, and whatever parses
/// prints back to the same tree.
#[test]
fn random_filters_never_panic_and_what_parses_reads_back() {
    const FIELDS: &[&str] = &["a", "Tags.Slug", "count.posts", "_x"];
    const OPS: &[&str] = &[
        "", "-", ">", ">=", "<", "<=", "~", "-~", "~^", "-~^", "~$", "-~$", " ",
    ];
    const VALUES: &[&str] = &[
        "x",
        "1",
        "0",
        "007",
        "1.5",
        "now",
        "now+1d",
        "now-2w",
        "true",
        "null",
        "سياسة",
        "'a b'",
        r"'it\'s'",
        r#"'"'"#,
        "''",
        "[x,'y z',3]",
        "[now]",
        "-x",
        "my-tag",
        "\u{301}",
        "'\u{202e}'",
    ];
    const JUNK: &[&str] = &[
        "(", ")", "[", "]", ",", "+", " ", "'", r"\", ":", "-", "~", "é", "\u{0}",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (mut parsed, mut refused) = (0, 0);
    for _ in 0..20_000 {
        let mut input = String::new();
        for i in 0..1 + next(5) {
            if i > 0 {
                input.push_str([",", "+", " + ", " ,"][next(4)]);
            }
            let open = next(3) == 0;
            if open {
                input.push('(');
            }
            let (field, op, value) = (
                FIELDS[next(FIELDS.len())],
                OPS[next(OPS.len())],
                VALUES[next(VALUES.len())],
            );
            input.push_str(&format!("{field}:{op}{value}"));
            if open {
                input.push(')');
            }
        }
        if next(4) == 0 {
            let mut at = next(input.len() + 1);
            while !input.is_char_boundary(at) {
                at -= 1;
            }
            input.insert_str(at, JUNK[next(JUNK.len())]);
        }
        match parse(&input) {
            Ok(filter) => {
                parsed += 1;
                let printed = filter.to_string();
                assert_eq!(parse(&printed), Ok(filter), "{input:?} printed as {printed:?}");
            }
            Err(error) => {
                refused += 1;
                check_error(&input, Err(error));
            }
        }
    }
    assert!(
        parsed > 2_000 && refused > 2_000,
        "{parsed} parsed, {refused} refused: the mix is off"
    );
}
