//! English and Arabic words matching their other forms.

use crate::corpus::*;
use dateline_domain::Lang;
use dateline_search::{SearchIndex, SearchQuery, Total};

// English

#[test]
fn english_words_match_their_other_forms() {
    let index = newsroom();
    let found = ids(&index, Lang::En, "elections");
    assert!(
        found.contains(&1) && found.contains(&2) && found.contains(&8),
        "{found:?}"
    );
    assert_eq!(sorted(ids(&index, Lang::En, "irrigating")), [3]);
    assert_eq!(
        ids(&index, Lang::En, "cafe"),
        [6],
        "the headline's café is found as cafe"
    );
    assert_eq!(ids(&index, Lang::En, "CAFÉ"), [6]);
}

#[test]
fn a_headline_match_ranks_above_a_body_match() {
    let index = newsroom();
    let found = ids(&index, Lang::En, "reservoir");
    assert_eq!(found.first(), Some(&3), "{found:?}");
    assert_eq!(sorted(found), [3, 4]);
}

#[test]
fn a_word_in_any_one_field_finds_the_story_and_ranks_the_headline_first() {
    // One word is ranked through a field holding all of a story's fields: a story naming the
    // word in only one of them is found, counted and listed alike, whichever field it is.
    let index = SearchIndex::in_memory();
    let fair = |id: u32, text| story(i64::from(id), Lang::En, "city", at(6, id), text);
    let mut stories = vec![
        fair(1, ["Lantern fair opens", "", "Stalls line the quay."]),
        fair(2, ["Fair opens", "A lantern walk at dusk.", "Stalls."]),
        fair(3, ["Fair opens", "", "Each stall hangs a lantern."]),
        fair(4, ["Fair opens", "", "Stalls line the quay."]),
        fair(5, ["Fair opens", "", "Stalls line the quay."]),
        fair(6, ["Fair opens", "", "Stalls line the quay."]),
    ];
    stories[3].authors = vec!["Rana Lantern".to_owned()];
    stories[4].tags = vec!["lanterns".to_owned()];
    index.apply(&stories, &[], 1).expect("apply");
    let results = search(&index, &SearchQuery::new(Lang::En, "lantern"));
    assert_eq!(results.total, Total::Exactly(5));
    let found: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
    assert_eq!(sorted(found.clone()), [1, 2, 3, 4, 5]);
    assert_eq!(found.first(), Some(&1), "the headline counts most: {found:?}");
}

#[test]
fn several_words_in_any_fields_find_the_story_and_the_headline_ranks_first() {
    // Several words are ranked as one: each may be in any field, and the story naming them in
    // its headline comes first, whatever the others' order in the index or by date.
    let index = SearchIndex::in_memory();
    let ferry = |id: u32, text| story(i64::from(id), Lang::En, "city", at(6, 10 - id), text);
    let mut stories = vec![
        ferry(1, ["Tide delays", "", "The ferry timetable slips again."]),
        ferry(2, ["Quay works", "The ferry waits.", "A new timetable is due."]),
        ferry(3, ["Ferry timetable changes", "", "Boats leave later."]),
        ferry(4, ["Quay works", "", "The ferry waits."]),
    ];
    stories[3].tags = vec!["timetable".to_owned()];
    index.apply(&stories, &[], 1).expect("apply");
    let results = search(&index, &SearchQuery::new(Lang::En, "ferry timetable"));
    assert_eq!(results.total, Total::Exactly(4));
    let found: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
    assert_eq!(sorted(found.clone()), [1, 2, 3, 4]);
    assert_eq!(found.first(), Some(&3), "the headline counts most: {found:?}");
}

#[test]
fn every_word_must_match_and_quotes_keep_a_phrase_together() {
    let index = newsroom();
    assert_eq!(sorted(ids(&index, Lang::En, "water board")), [3, 8]);
    assert_eq!(ids(&index, Lang::En, "water board farmers union"), [8]);
    assert_eq!(sorted(ids(&index, Lang::En, "\"water board\"")), [3, 8]);
    assert_eq!(ids(&index, Lang::En, "\"board water\""), Vec::<i64>::new());
    assert_eq!(ids(&index, Lang::En, "\"lower valley\""), [3]);
}

#[test]
fn authors_and_tags_are_searched() {
    let index = newsroom();
    assert_eq!(ids(&index, Lang::En, "Haddad"), [1]);
    assert_eq!(
        sorted(ids(&index, Lang::En, "council")),
        [1, 2],
        "tag council, story 1 also in text"
    );
    assert_eq!(
        sorted(ids(&index, Lang::En, "drought")),
        [3, 7],
        "3 is only tagged drought"
    );
}

// ---------------------------------------------------------------------------------------------
// Arabic

#[test]
fn arabic_diacritics_are_ignored_both_ways() {
    let index = newsroom();
    // The headline of 101 is written with diacritics; a bare query finds it, and the reverse.
    assert!(ids(&index, Lang::Ar, "مدرسة").contains(&101));
    assert!(ids(&index, Lang::Ar, "مَدْرَسَة").contains(&101));
    assert_eq!(ids(&index, Lang::Ar, "البَلَدِيَّة"), ids(&index, Lang::Ar, "البلدية"));
    // Municipality (البلدية, 101 and 102) and municipal (البلدي, 103) share a light stem.
    assert_eq!(sorted(ids(&index, Lang::Ar, "البَلَدِيَّة")), [101, 102, 103]);
}

#[test]
fn arabic_hamza_forms_match_bare_alef() {
    let index = newsroom();
    assert_eq!(ids(&index, Lang::Ar, "ادارة"), [104], "written إدارة");
    assert_eq!(ids(&index, Lang::Ar, "الاف"), [107], "written آلاف");
    assert_eq!(sorted(ids(&index, Lang::Ar, "ايار")), [103], "written أيار");
    assert_eq!(ids(&index, Lang::Ar, "أدنى"), ids(&index, Lang::Ar, "ادني"));
}

#[test]
fn arabic_taa_marbuta_and_haa_match() {
    let index = newsroom();
    // 102 writes "المدرسه" with a haa; 101 and 108 write taa marbuta.
    assert_eq!(sorted(ids(&index, Lang::Ar, "مدرسة")), [101, 102, 108]);
    assert_eq!(sorted(ids(&index, Lang::Ar, "مدرسه")), [101, 102, 108]);
}

#[test]
fn arabic_prefixes_and_tatweel_are_looked_through() {
    let index = newsroom();
    assert_eq!(sorted(ids(&index, Lang::Ar, "والمدرسة")), [101, 102, 108]);
    assert_eq!(sorted(ids(&index, Lang::Ar, "مـدرسـة")), [101, 102, 108]);
    assert_eq!(
        ids(&index, Lang::Ar, "مهرجان").first(),
        Some(&105),
        "headline written مـهـرجـان"
    );
    assert_eq!(ids(&index, Lang::Ar, "المعلمين"), [102]);
}

#[test]
fn arabic_indic_digits_match_ascii_digits() {
    let index = newsroom();
    // 101 writes ٢٠٢٦, 103 writes 2026.
    assert_eq!(sorted(ids(&index, Lang::Ar, "٢٠٢٦")), [101, 103]);
    assert_eq!(sorted(ids(&index, Lang::Ar, "2026")), [101, 103]);
    assert_eq!(sorted(ids(&index, Lang::Ar, "۲۰۲۶")), [101, 103]);
}

#[test]
fn arabic_matches_are_highlighted_in_the_original_spelling() {
    let index = newsroom();
    let results = search(&index, &SearchQuery::new(Lang::Ar, "مدرسة"));
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.id == 101)
        .expect("101 is found");
    assert!(
        hit.headline_html.contains("<mark>مَدْرَسَة</mark>"),
        "{}",
        hit.headline_html
    );
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.id == 102)
        .expect("102 is found");
    assert!(
        hit.snippet_html.contains("<mark>المدرسه</mark>"),
        "{}",
        hit.snippet_html
    );
    let results = search(&index, &SearchQuery::new(Lang::Ar, "مهرجان"));
    assert!(
        results.hits[0].headline_html.contains("<mark>مـهـرجـان</mark>"),
        "{:?}",
        results.hits[0]
    );
}

// ---------------------------------------------------------------------------------------------
