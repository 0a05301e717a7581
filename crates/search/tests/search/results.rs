//! Editions, filters, order, pages, snippets and freshness.

use crate::corpus::*;
use dateline_domain::Lang;
use dateline_search::{
    MAX_COUNTED, MAX_OFFSET, SearchDoc, SearchIndex, SearchQuery, SearchResults, Sort, Total,
};

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
    assert_eq!(everything, Total::Exactly(8));

    query.section = Some("environment".to_owned());
    assert_eq!(sorted(listed(&index, &query)), [3, 4]);
    query.section = Some("no-such-section".to_owned());
    assert_eq!(search(&index, &query).total, Total::Exactly(0));

    // Bounds are inclusive, to the second.
    query.section = None;
    query.since = Some(at(3, 5));
    query.until = Some(at(3, 20));
    assert_eq!(sorted(listed(&index, &query)), [4, 5, 7]);
    query.until = None;
    assert_eq!(
        search(&index, &query).total,
        Total::Exactly(3 + 1),
        "3-5, 3-10, 3-20 and 3-25"
    );
    query.since = Some(at(3, 26));
    assert_eq!(search(&index, &query).total, Total::Exactly(0));
}

#[test]
fn newest_first_orders_by_publication_time() {
    let index = newsroom();
    let mut query = SearchQuery::new(Lang::En, "the");
    query.sort = Sort::Newest;
    let found = listed(&index, &query);
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
        assert_eq!(results.total, Total::Exactly(8));
        assert_eq!(results.hits.len(), [3, 3, 2, 0][page]);
        seen.extend(results.hits.iter().map(|hit| hit.id));
    }
    assert_eq!(sorted(seen), [1, 2, 3, 4, 5, 6, 7, 8]);

    query.offset = usize::MAX;
    query.limit = usize::MAX;
    let results = search(&index, &query);
    assert_eq!((results.total, results.hits.len()), (Total::Exactly(8), 0));
    query.offset = 0;
    query.limit = 0;
    let results = search(&index, &query);
    assert_eq!((results.total, results.hits.len()), (Total::Exactly(8), 0));
}

#[test]
fn equal_scores_are_listed_newest_first_on_every_page() {
    // Stories that say the same thing score the same; the newer of two such stories comes
    // first, however they were indexed and however the pages cut them.
    let index = SearchIndex::in_memory();
    let days = [7, 2, 19, 11, 3, 25, 14, 8, 22, 5, 17, 28, 1, 10];
    let stories: Vec<SearchDoc> = days
        .iter()
        .zip(1..)
        .map(|(&day, id)| story(id, Lang::En, "city", at(4, day), same_text()))
        .collect();
    apply_in_commits(&index, &stories, 5);
    let mut by_day: Vec<(u32, i64)> = days.iter().copied().zip(1..).collect();
    by_day.sort_unstable_by(|a, b| b.cmp(a));
    let newest_first: Vec<i64> = by_day.into_iter().map(|(_, id)| id).collect();

    let query = SearchQuery::new(Lang::En, "lighthouse");
    assert_eq!(paged(&index, &query, 3, 5), newest_first);
}

#[test]
fn relevance_pages_follow_one_order() {
    // Stories in which the word counts for more and less; the pages, read one after another,
    // are the same list as one long page, best first.
    let index = SearchIndex::in_memory();
    let stories: Vec<SearchDoc> = (1..=40)
        .map(|id| {
            let mentions = usize::try_from(id % 7).unwrap_or(0) + 1;
            let filler = "the council met again on tuesday ".repeat(usize::try_from(id % 5).unwrap_or(0) + 1);
            let body = format!("{}{filler}", "lighthouse ".repeat(mentions));
            let headline = if id % 9 == 0 { "A lighthouse" } else { "A town" };
            let mut doc = story(
                id,
                Lang::En,
                "city",
                at(5, 1 + u32::try_from(id % 27).unwrap_or(0)),
                [headline, "", ""],
            );
            doc.body = body;
            doc
        })
        .collect();
    // Four commits, so four segments: the order holds across them.
    apply_in_commits(&index, &stories, 10);
    let mut query = SearchQuery::new(Lang::En, "lighthouse");
    query.limit = 100;
    let whole = listed(&index, &query);
    assert_eq!(sorted(whole.clone()), (1..=40).collect::<Vec<_>>());
    assert_eq!(
        sorted(whole[..4].to_vec()),
        [9, 18, 27, 36],
        "headline matches first"
    );
    assert_eq!(paged(&index, &query, 7, 6), whole);
}

#[test]
fn every_word_must_match_however_well_one_word_scores() {
    // A story that says one of the words everywhere outscores, for that word, every story
    // holding both; it is not listed for both words. The stories holding both are all listed,
    // in one order across pages and segments, and a filter narrows them as it does one word.
    let index = SearchIndex::in_memory();
    let beacon = "lighthouse ".repeat(30);
    let mut stories = vec![story(1, Lang::En, "city", at(7, 1), [&beacon, "", &beacon])];
    stories.extend((2..=31).map(|id| {
        let mentions = usize::try_from(id % 5).unwrap_or(0) + 1;
        let body = format!(
            "{}the harbour board met on monday",
            "lighthouse keeper ".repeat(mentions)
        );
        let section = if id % 3 == 0 { "sport" } else { "city" };
        story(
            id,
            Lang::En,
            section,
            at(7, 1 + u32::try_from(id % 20).unwrap_or(0)),
            ["Shore news", "", &body],
        )
    }));
    stories.push(story(
        40,
        Lang::En,
        "city",
        at(7, 2),
        ["A keeper retires", "", "keeper keeper"],
    ));
    apply_in_commits(&index, &stories, 8);
    let mut query = SearchQuery::new(Lang::En, "lighthouse keeper");
    query.limit = 100;
    let whole = listed(&index, &query);
    assert_eq!(sorted(whole.clone()), (2..=31).collect::<Vec<_>>());
    assert_eq!(paged(&index, &query, 4, 8), whole);

    let mut sport = SearchQuery::new(Lang::En, "lighthouse keeper");
    sport.section = Some("sport".into());
    sport.limit = 100;
    let in_sport: Vec<i64> = (2..=31).filter(|id| id % 3 == 0).collect();
    assert_eq!(sorted(listed(&index, &sport)), in_sport);
    let mut one_word = SearchQuery::new(Lang::En, "lighthouse");
    one_word.section = Some("sport".into());
    one_word.limit = 100;
    assert_eq!(sorted(listed(&index, &one_word)), in_sport);
}

#[test]
fn a_common_word_is_counted_as_far_as_a_reader_can_page() {
    let index = SearchIndex::in_memory();
    let stories: Vec<SearchDoc> = (1..=i64::try_from(MAX_COUNTED).unwrap_or(0) + 1)
        .map(|id| story(id, Lang::En, "city", at(6, 1), same_text()))
        .collect();
    index.apply(&stories, &[], 1).expect("indexed");
    let mut query = SearchQuery::new(Lang::En, "lighthouse");
    let results = search(&index, &query);
    assert_eq!(results.total, Total::MoreThan(MAX_COUNTED));
    assert_eq!(results.hits.len(), 20);
    // The deepest page still lists stories.
    query.offset = MAX_OFFSET - 10;
    query.limit = 10;
    assert_eq!(search(&index, &query).hits.len(), 10);

    // One story fewer, and every match is counted; a removed story is not.
    index.apply(&[], &[1], 2).expect("removed");
    assert_eq!(search(&index, &query).total, Total::Exactly(MAX_COUNTED));
    index.apply(&[], &[2], 3).expect("removed");
    assert_eq!(search(&index, &query).total, Total::Exactly(MAX_COUNTED - 1));
    // The other edition's stories are not counted.
    assert_eq!(
        search(&index, &SearchQuery::new(Lang::Ar, "lighthouse")).total,
        Total::Exactly(0)
    );
}

/// A story's text that scores the same as any other story with this text.
fn same_text() -> [&'static str; 3] {
    [
        "Keepers return",
        "The lamp is lit again.",
        "The old lighthouse on the point shines again after a winter dark.",
    ]
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
