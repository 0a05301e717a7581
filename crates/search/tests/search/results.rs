//! Editions, filters, order, pages, snippets and freshness.

use crate::corpus::*;
use dateline_domain::Lang;
use dateline_search::{SearchQuery, SearchResults, Sort};

// Editions, filters, order and pages

#[test]
fn an_edition_never_shows_the_other_editions_stories() {
    let index = newsroom();
    assert_eq!(ids(&index, Lang::En, "2026"), [3]);
    assert!(ids(&index, Lang::En, "مدرسة").is_empty());
    assert!(ids(&index, Lang::Ar, "reservoir").is_empty());
    // Field syntax is just words: it cannot reach past the edition filter.
    for text in [
        "lang:ar",
        "lang:ar 2026",
        "id:101",
        "section:education",
        "*",
        "lang:en OR lang:ar",
    ] {
        let found = ids(&index, Lang::En, text);
        assert!(found.iter().all(|&id| id < 100), "{text}: {found:?}");
    }
}

#[test]
fn section_and_date_filters_narrow_the_results() {
    let index = newsroom();
    let mut query = SearchQuery::new(Lang::En, "the");
    let everything = search(&index, &query).total;
    assert_eq!(everything, 8);

    query.section = Some("environment".to_owned());
    assert_eq!(
        sorted(search(&index, &query).hits.iter().map(|hit| hit.id).collect()),
        [3, 4]
    );
    query.section = Some("no-such-section".to_owned());
    assert_eq!(search(&index, &query).total, 0);

    // Bounds are inclusive, to the second.
    query.section = None;
    query.since = Some(at(3, 5));
    query.until = Some(at(3, 20));
    assert_eq!(
        sorted(search(&index, &query).hits.iter().map(|hit| hit.id).collect()),
        [4, 5, 7]
    );
    query.until = None;
    assert_eq!(search(&index, &query).total, 3 + 1, "3-5, 3-10, 3-20 and 3-25");
    query.since = Some(at(3, 26));
    assert_eq!(search(&index, &query).total, 0);
}

#[test]
fn newest_first_orders_by_publication_time() {
    let index = newsroom();
    let mut query = SearchQuery::new(Lang::En, "the");
    query.sort = Sort::Newest;
    let found: Vec<i64> = search(&index, &query).hits.iter().map(|hit| hit.id).collect();
    assert_eq!(found, [8, 4, 7, 5, 1, 6, 3, 2]);
}

#[test]
fn pages_split_the_results_and_keep_the_total() {
    let index = newsroom();
    let mut query = SearchQuery::new(Lang::En, "the");
    query.limit = 3;
    let mut seen = Vec::new();
    for page in 0..4 {
        query.offset = page * 3;
        let results = search(&index, &query);
        assert_eq!(results.total, 8);
        assert_eq!(results.hits.len(), [3, 3, 2, 0][page]);
        seen.extend(results.hits.iter().map(|hit| hit.id));
    }
    assert_eq!(sorted(seen), [1, 2, 3, 4, 5, 6, 7, 8]);

    query.offset = usize::MAX;
    query.limit = usize::MAX;
    let results = search(&index, &query);
    assert_eq!((results.total, results.hits.len()), (8, 0));
    query.offset = 0;
    query.limit = 0;
    let results = search(&index, &query);
    assert_eq!((results.total, results.hits.len()), (8, 0));
}

#[test]
fn an_empty_query_finds_nothing() {
    let index = newsroom();
    for text in [
        "",
        "   ",
        "\t\n",
        "\"\"",
        "« »",
        "!!! ??? ...",
        "\u{064E}\u{0640}",
    ] {
        let results = search(&index, &SearchQuery::new(Lang::En, text));
        assert_eq!(results, SearchResults::default(), "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Highlighting

#[test]
fn headlines_and_snippets_are_escaped_and_marked() {
    let index = newsroom();
    let results = search(&index, &SearchQuery::new(Lang::En, "poll"));
    let hit = results.hits.iter().find(|hit| hit.id == 8).expect("8 is found");
    assert_eq!(
        hit.headline_html,
        "&lt;Opinion&gt; Why the <mark>poll</mark> date matters &amp; who gains"
    );
    // The body of 8 does not say "poll": the dek stands in, escaped.
    assert_eq!(hit.snippet_html, "A columnist weighs the &quot;early vote&quot;.");

    let hit = results.hits.iter().find(|hit| hit.id == 1).expect("1 is found");
    assert!(
        hit.snippet_html.contains("early <mark>poll</mark> after"),
        "{}",
        hit.snippet_html
    );
    assert!(!hit.headline_html.contains("<mark>"), "{}", hit.headline_html);
}

#[test]
fn a_long_body_is_cut_around_the_match() {
    let index = newsroom();
    let results = search(&index, &SearchQuery::new(Lang::En, "saplings"));
    let snippet = &results.hits[0].snippet_html;
    assert!(snippet.contains("<mark>saplings</mark>"), "{snippet}");
    assert!(snippet.chars().count() < 260, "{snippet}");
    // No body match and no dek: the opening of the body stands in.
    let results = search(&index, &SearchQuery::new(Lang::En, "volunteers"));
    assert!(
        results.hits[0]
            .snippet_html
            .starts_with("Families from five villages")
    );
    assert!(
        results.hits[0].snippet_html.ends_with(" …"),
        "{}",
        results.hits[0].snippet_html
    );
}

// ---------------------------------------------------------------------------------------------
// Freshness

#[test]
fn changes_are_searchable_as_soon_as_they_return() {
    let index = newsroom();
    let mut story = english()[4].clone();
    story.body.push_str(" The trophy goes on show at the library.");
    index.apply(std::slice::from_ref(&story), &[], 20).expect("put");
    assert!(ids(&index, Lang::En, "trophy").contains(&5));
    assert_eq!(index.doc_count(), 16, "an update replaces, it does not add");

    story.body = story.body.replace("trophy", "medal");
    index
        .apply(std::slice::from_ref(&story), &[], 21)
        .expect("put again");
    assert!(ids(&index, Lang::En, "trophy").is_empty());
    assert_eq!(ids(&index, Lang::En, "medal"), [5]);

    index.apply(&[], &[5, 999], 22).expect("remove");
    assert!(ids(&index, Lang::En, "medal").is_empty());
    assert_eq!(index.doc_count(), 15);
}

#[test]
fn rebuild_replaces_everything() {
    let index = newsroom();
    let count = index
        .rebuild(arabic().into_iter().map(Ok::<_, ()>), 30)
        .expect("rebuild");
    assert_eq!(count, 8);
    assert_eq!(index.doc_count(), 8);
    assert!(ids(&index, Lang::En, "reservoir").is_empty());
    assert_eq!(sorted(ids(&index, Lang::Ar, "مدرسة")), [101, 102, 108]);
}

// ---------------------------------------------------------------------------------------------
