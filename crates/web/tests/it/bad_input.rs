//! Unknown and malformed addresses get a helpful 4xx page in the reader's edition: never a 500.

use crate::support::on_both_databases;

fn naughty_strings() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/naughty-strings/blns.json"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the naughty strings fixture at {path}: {e}"));
    serde_json_lite(&text)
}

/// blns.json is a flat array of strings; reqwest's JSON support is not built in, so parse it here.
fn serde_json_lite(text: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some('b') => value.push('\u{8}'),
                    Some('f') => value.push('\u{c}'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        let unit = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                        if (0xD800..0xDC00).contains(&unit) {
                            let _ = (chars.next(), chars.next());
                            let low: String = chars.by_ref().take(4).collect();
                            let low = u32::from_str_radix(&low, 16).unwrap_or(0xDC00);
                            let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            value.push(char::from_u32(scalar).unwrap_or('\u{FFFD}'));
                        } else {
                            value.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                        }
                    }
                    Some(other) => value.push(other),
                    None => break,
                },
                other => value.push(other),
            }
        }
        strings.push(value);
    }
    strings
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

on_both_databases! {
    async fn unknown_addresses_get_the_helpful_404_page(app: TestApp) {
        for path in ["/no-such-story", "/article/no-such-story", "/section/no-such-section", "/article/", "/static/nothing.css", "/media/demo/nothing.svg"] {
            let page = app.get(path).await;
            assert_eq!(page.status, 404, "{path}");
            assert!(page.body.contains("We could not find that page"), "{path}");
            assert!(page.count(".error-links a[href='/']") == 1, "{path} links to the front page");
            assert!(page.count(".error-page .latest-list a") >= 3, "{path} offers the latest stories");
        }
        let arabic = app.get("/ar/no-such-story").await;
        assert_eq!(arabic.status, 404);
        assert_eq!(arabic.attrs("html", "dir"), vec!["rtl"]);
        assert!(arabic.body.contains("لم نعثر على هذه الصفحة"));
    }

    async fn malformed_page_numbers_are_refused_clearly(app: TestApp) {
        for query in ["abc", "-1", "0", "99999999999", "1.5", "%FF", "1%00", "", "2&page=3"] {
            let page = app.get(&format!("/section/news?page={query}")).await;
            assert!((400..500).contains(&page.status) || (query == "2&page=3" && page.status == 404), "page={query} gave {}", page.status);
            if page.status == 400 {
                assert!(page.body.contains("page number"), "page={query} says what was wrong");
            }
        }
        assert_eq!(app.get("/?page=abc").await.status, 200, "the front page takes no page number");
    }

    async fn odd_addresses_never_cause_a_server_error(app: TestApp) {
        let long = format!("/{}", "a".repeat(3000));
        for path in ["/%FF%FE", "/article/%FF%FE", "/article/%", "/article/%zz", "/article/%00", "/article/..%2F..%2Fetc%2Fpasswd",
                     "/media/..%2F..%2Fdateline.db", "/media/%2e%2e/dateline.db", "/ar/article/%D8", "/article/a%20b", long.as_str(),
                     "//", "/ar//", "/article/FERRY", "/section/news/extra"] {
            let page = app.get(path).await;
            assert!((400..500).contains(&page.status), "{path} gave {}", page.status);
        }
        let through_a_file = app.get("/media/demo/river-ferry.svg/x").await;
        assert_eq!(through_a_file.status, 404, "a path through a file is not found");
        let wrong_method = app.post_form("/", &[], &[]).await;
        assert_eq!(wrong_method.status, 405);
        assert!(wrong_method.header("allow").contains("GET"), "a 405 says which methods would do");
        let too_long = app.get(&long).await;
        assert_eq!(too_long.status, 414);
        let raw = app.raw_request(b"GET /article/\xff\xfe\x80 HTTP/1.1").await;
        let status: u16 = raw.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        assert!((400..500).contains(&status), "raw non-UTF-8 bytes gave {raw:?}");
    }

    async fn naughty_strings_as_slugs_and_pages_are_only_ever_4xx(app: TestApp) {
        let strings = naughty_strings();
        assert!(strings.len() > 400, "the fixture parsed");
        for text in strings {
            let encoded = encode(&text);
            let is_page_number = text.is_empty() || dateline_domain::PageNumber::parse(&text).is_ok();
            for (path, may_succeed) in [
                (format!("/article/{encoded}"), false),
                (format!("/ar/tag/{encoded}"), false),
                (format!("/section/news?page={encoded}"), is_page_number),
            ] {
                let page = app.get(&path).await;
                let expected = (400..500).contains(&page.status) || may_succeed && page.status == 200;
                assert!(expected, "{path} gave {}", page.status);
                if text.contains('<') {
                    assert!(!page.body.contains(&text), "{path} echoed markup");
                }
            }
        }
    }
}
