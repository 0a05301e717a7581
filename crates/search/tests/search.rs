//! What a reader of either edition would notice about search: the right stories come back,
//! in a sensible order, with safe highlighted HTML, whatever they type.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use dateline_domain::Lang;
use dateline_search::{Opened, SearchDoc, SearchIndex, SearchQuery, SearchResults, Sort};

// ---------------------------------------------------------------------------------------------
// The corpus: sixteen short stories written for these tests, eight per edition.

fn at(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

fn story(id: i64, lang: Lang, section: &str, published_at: DateTime<Utc>, text: [&str; 3]) -> SearchDoc {
    let [headline, dek, body] = text;
    SearchDoc {
        id,
        lang,
        headline: headline.to_owned(),
        dek: dek.to_owned(),
        body: body.to_owned(),
        authors: Vec::new(),
        tags: Vec::new(),
        section_slug: section.to_owned(),
        published_at,
    }
}

fn english() -> Vec<SearchDoc> {
    let mut stories = vec![
        story(
            1,
            Lang::En,
            "politics",
            at(3, 2),
            [
                "Valley council calls early elections after budget dispute",
                "The vote will take place in May, two years ahead of schedule.",
                "The council voted on Tuesday to hold an early poll after members failed to agree on \
             how to pay for repairs to the dam. The mayor said residents deserved a say before any \
             new tax was raised.",
            ],
        ),
        story(
            2,
            Lang::En,
            "politics",
            at(1, 15),
            [
                "New mayor sworn in at the old town hall",
                "A former teacher takes office.",
                "Lina Farouk, elected last autumn by a narrow majority, took the oath of office in front \
             of about two hundred people. She promised weekly open meetings in the market square.",
            ],
        ),
        story(
            3,
            Lang::En,
            "environment",
            at(2, 10),
            [
                "Reservoir falls to a ten-year low",
                "Farmers are asked to irrigate at night.",
                "The water board said the reservoir held less than a third of its capacity in February \
             2026. Farmers in the lower valley were asked to irrigate only after sunset.",
            ],
        ),
        story(
            4,
            Lang::En,
            "environment",
            at(3, 20),
            [
                "Volunteers plant three thousand olive trees",
                "",
                "Families from five villages spent the weekend planting olive saplings along the river. \
             Organisers said the trees would shade the footpath to the reservoir within a decade, and \
             that the nursery would donate another thousand saplings next spring if the first ones \
             survive the summer heat.",
            ],
        ),
        story(
            5,
            Lang::En,
            "sports",
            at(3, 5),
            [
                "Valley runners win the regional relay",
                "A last-leg sprint settled the race.",
                "The four runners from the valley club finished two seconds ahead of the city team after \
             their anchor overtook the leader on the final bend.",
            ],
        ),
        story(
            6,
            Lang::En,
            "culture",
            at(2, 28),
            [
                "Library reopens with a café and a children's corner",
                "Six months of renovation are over.",
                "The renovated library now has a small cafe by the entrance, a reading corner with low \
             shelves, and longer opening hours on Saturdays.",
            ],
        ),
        story(
            7,
            Lang::En,
            "business",
            at(3, 10),
            [
                "Bread prices rise as flour costs climb",
                "Bakers blame the drought.",
                "Three bakeries on the main street raised the price of a loaf this week, citing the cost \
             of flour after a poor harvest.",
            ],
        ),
        story(
            8,
            Lang::En,
            "politics",
            at(3, 25),
            [
                "<Opinion> Why the poll date matters & who gains",
                "A columnist weighs the \"early vote\".",
                "Early elections favour whoever is best organised. The water board and the farmers' \
             union will both campaign hard.",
            ],
        ),
    ];
    stories[0].authors = vec!["Maya Haddad".to_owned()];
    stories[0].tags = vec!["council".to_owned()];
    stories[1].authors = vec!["Omar Said".to_owned()];
    stories[1].tags = vec!["council".to_owned()];
    stories[2].tags = vec!["drought".to_owned()];
    stories
}

fn arabic() -> Vec<SearchDoc> {
    vec![
        story(
            101,
            Lang::Ar,
            "education",
            at(3, 3),
            [
                "افتتاح مَدْرَسَة جديدة في القرية الشمالية",
                "تتسع لثلاثمئة تلميذ.",
                "افتتحت البلدية صباح الأحد مبنى ابتدائياً حديثاً في القرية. وقال المدير إن الدروس تبدأ \
             في أيلول ٢٠٢٦ وإن الحافلة ستنقل التلاميذ من القرى المجاورة.",
            ],
        ),
        story(
            102,
            Lang::Ar,
            "education",
            at(2, 12),
            [
                "المعلمون يطالبون بزيادة الرواتب",
                "وقفة أمام مبنى البلدية.",
                "نظم معلمو المدرسه الثانوية وقفة احتجاجية أمام مبنى البلدية للمطالبة بتحسين الأجور.",
            ],
        ),
        story(
            103,
            Lang::Ar,
            "politics",
            at(3, 15),
            [
                "المجلس البلدي يحدد موعد الانتخابات",
                "التصويت في أيار.",
                "أعلن رئيس المجلس أن الانتخابات ستجري في أيار 2026 بعد خلاف طويل حول الميزانية.",
            ],
        ),
        story(
            104,
            Lang::Ar,
            "environment",
            at(2, 20),
            [
                "انخفاض منسوب الخزان إلى أدنى مستوى",
                "المزارعون مدعوون إلى الري ليلاً.",
                "قالت إدارة المياه إن الخزان لا يحتوي إلا على ثلث سعته، وطلبت من المزارعين الري بعد الغروب.",
            ],
        ),
        story(
            105,
            Lang::Ar,
            "culture",
            at(1, 25),
            [
                "مـهـرجـان الشعر يعود إلى الساحة القديمة",
                "ثلاث ليال من القراءات.",
                "يعود المهرجان هذا الصيف بعد غياب طويل، ويشارك فيه شعراء من الوادي والمدينة.",
            ],
        ),
        story(
            106,
            Lang::Ar,
            "sports",
            at(3, 6),
            [
                "فريق الوادي يفوز بالبطولة",
                "فوز في الدقيقة الأخيرة.",
                "سجل لاعب الوسط هدف الفوز قبل نهاية المباراة بدقيقة واحدة أمام جمهور كبير.",
            ],
        ),
        story(
            107,
            Lang::Ar,
            "business",
            at(3, 11),
            [
                "أسعار الخبز ترتفع مع غلاء الطحين",
                "الخبازون يشكون.",
                "رفعت ثلاثة أفران سعر الرغيف هذا الأسبوع، وقال أصحابها إن آلاف الأكياس من الطحين تأخرت.",
            ],
        ),
        story(
            108,
            Lang::Ar,
            "education",
            at(3, 28),
            [
                "وزير التربية يزور القرية",
                "جولة على الصفوف.",
                "زار الوزير والمدرسة الجديدة حديقة القرية، وتحدث مع التلاميذ عن الكتب.",
            ],
        ),
    ]
}

fn newsroom() -> SearchIndex {
    let index = SearchIndex::in_memory();
    index.put(&english()).expect("English stories are indexed");
    index.put(&arabic()).expect("Arabic stories are indexed");
    index
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn search(index: &SearchIndex, query: &SearchQuery) -> SearchResults {
    index
        .search(query)
        .unwrap_or_else(|error| panic!("{query:?} failed: {error}"))
}

fn ids(index: &SearchIndex, lang: Lang, text: &str) -> Vec<i64> {
    search(index, &SearchQuery::new(lang, text))
        .hits
        .iter()
        .map(|hit| hit.id)
        .collect()
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

/// Fails unless `html` is escaped text whose only tags are `<mark>` and `</mark>`.
fn assert_safe_html(html: &str) {
    let rest = html.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !rest.contains('<') && !rest.contains('>'),
        "unsafe HTML: {html:?}"
    );
}

// ---------------------------------------------------------------------------------------------
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
    index.put(std::slice::from_ref(&story)).expect("put");
    assert!(ids(&index, Lang::En, "trophy").contains(&5));
    assert_eq!(index.doc_count(), 16, "an update replaces, it does not add");

    story.body = story.body.replace("trophy", "medal");
    index.put(std::slice::from_ref(&story)).expect("put again");
    assert!(ids(&index, Lang::En, "trophy").is_empty());
    assert_eq!(ids(&index, Lang::En, "medal"), [5]);

    index.remove(&[5, 999]).expect("remove");
    assert!(ids(&index, Lang::En, "medal").is_empty());
    assert_eq!(index.doc_count(), 15);
}

#[test]
fn rebuild_replaces_everything() {
    let index = newsroom();
    let count = index.rebuild(arabic()).expect("rebuild");
    assert_eq!(count, 8);
    assert_eq!(index.doc_count(), 8);
    assert!(ids(&index, Lang::En, "reservoir").is_empty());
    assert_eq!(sorted(ids(&index, Lang::Ar, "مدرسة")), [101, 102, 108]);
}

// ---------------------------------------------------------------------------------------------
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
    index.put(&hostile).expect("hostile stories are indexed");

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
    assert!(results.total > 0, "the script strings are found, escaped");
}

// ---------------------------------------------------------------------------------------------
// The index on disk

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("dateline-search-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn an_index_on_disk_is_created_then_reopened() {
    let dir = TempDir::new("reopen");
    let (index, opened) = SearchIndex::open(&dir.0).expect("created");
    assert_eq!(opened, Opened::Fresh);
    assert_eq!(index.doc_count(), 0);
    index.put(&english()).expect("put");
    drop(index);

    let (index, opened) = SearchIndex::open(&dir.0).expect("reopened");
    assert_eq!(opened, Opened::Existing);
    assert_eq!(index.doc_count(), 8);
    assert_eq!(ids(&index, Lang::En, "reservoir").first(), Some(&3));
    drop(index);

    // An index nobody filled is still this version's: no needless rebuild.
    let empty = TempDir::new("empty");
    drop(SearchIndex::open(&empty.0).expect("created"));
    assert_eq!(SearchIndex::open(&empty.0).expect("reopened").1, Opened::Existing);
}

#[test]
fn a_damaged_index_is_wiped_and_comes_back_fresh() {
    let dir = TempDir::new("garbage");
    std::fs::create_dir_all(&dir.0).expect("folder");
    std::fs::write(dir.0.join("meta.json"), "{ this is not an index").expect("junk meta");
    std::fs::write(dir.0.join(".managed.json"), [0xFF, 0x00, 0x13, 0x37]).expect("junk managed");
    let noise: Vec<u8> = (0..4096u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(dir.0.join("0123456789abcdef0123456789abcdef.idx"), &noise).expect("junk segment");
    std::fs::write(dir.0.join("notes.txt"), "kept").expect("unrelated file");

    let (index, opened) = SearchIndex::open(&dir.0).expect("recreated");
    assert_eq!(opened, Opened::Fresh);
    assert_eq!(index.rebuild(english()).expect("refilled"), 8);
    assert_eq!(ids(&index, Lang::En, "reservoir").first(), Some(&3));
    assert!(!dir.0.join("0123456789abcdef0123456789abcdef.idx").exists());
    assert_eq!(
        std::fs::read_to_string(dir.0.join("notes.txt")).ok().as_deref(),
        Some("kept")
    );
    drop(index);

    // Segment files damaged under a valid meta.json: also rebuilt.
    for entry in std::fs::read_dir(&dir.0).expect("list") {
        let path = entry.expect("entry").path();
        if path
            .extension()
            .is_some_and(|ext| ext == "idx" || ext == "term" || ext == "store")
        {
            std::fs::write(&path, &noise).expect("damage");
        }
    }
    let (index, opened) = SearchIndex::open(&dir.0).expect("recreated again");
    assert_eq!(opened, Opened::Fresh);
    assert_eq!(index.doc_count(), 0);
}

#[test]
fn an_index_from_another_version_is_rebuilt() {
    let dir = TempDir::new("version");
    drop(SearchIndex::open(&dir.0).expect("created"));
    let meta = dir.0.join("meta.json");
    let text = std::fs::read_to_string(&meta).expect("meta.json");
    assert!(
        text.contains("dateline-search/"),
        "the version is stamped in meta.json: {text}"
    );
    std::fs::write(&meta, text.replace("dateline-search/", "dateline-search/0.")).expect("rewrite");
    assert_eq!(SearchIndex::open(&dir.0).expect("reopened").1, Opened::Fresh);
}

#[test]
fn the_index_is_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SearchIndex>();
}
