//! Whatever a reader types, nothing fails and nothing unsafe comes back.

use crate::corpus::*;
use dateline_domain::Lang;
use dateline_search::{SearchDoc, SearchQuery, Sort};
use std::path::Path;

// Hostile input

fn naughty_strings() -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/naughty-strings/blns.json");
    let json = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "the Big List of Naughty Strings must be at {}: {error}",
            path.display()
        )
    });
    serde_json::from_str(&json)
        .unwrap_or_else(|error| panic!("{} is not a JSON list: {error}", path.display()))
}

#[test]
fn no_query_fails_or_produces_unsafe_html() {
    let naughty = naughty_strings();
    assert!(
        naughty.len() > 400,
        "the list looks truncated: {} strings",
        naughty.len()
    );
    let index = newsroom();
    // The strings are stories too, so their hits exercise escaping as well.
    let hostile: Vec<SearchDoc> = naughty
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let lang = if n % 2 == 0 { Lang::En } else { Lang::Ar };
            story(
                1000 + n as i64,
                lang,
                "naughty",
                at(1, 1),
                [text, text, &format!("{text} {text}")],
            )
        })
        .collect();
    index
        .apply(&hostile, &[], 1)
        .expect("hostile stories are indexed");

    let long = "a\"(b ".repeat(2_000);
    let odd = [
        "\u{0000}\u{0007}\u{001B}[31m",
        "\u{200F}\u{202E}abc\u{202C}",
        "🇸🇾👩‍👩‍👧 😀",
        &long,
    ];
    for text in naughty.iter().map(String::as_str).chain(odd) {
        for lang in Lang::ALL {
            for sort in [Sort::Relevance, Sort::Newest] {
                let mut query = SearchQuery::new(lang, text);
                query.sort = sort;
                for hit in search(&index, &query).hits {
                    assert_safe_html(&hit.headline_html);
                    assert_safe_html(&hit.snippet_html);
                }
            }
        }
    }
    let results = search(&index, &SearchQuery::new(Lang::En, "script alert"));
    assert!(
        results.total.at_least() > 0,
        "the script strings are found, escaped"
    );
}

// ---------------------------------------------------------------------------------------------
