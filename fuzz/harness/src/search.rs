//! A reader's search box: any text, in either edition, with any of the page's filters, finds
//! stories of that edition only, and hits whose HTML holds no tag but `<mark>`.

use std::sync::LazyLock;

use chrono::{DateTime, TimeZone, Utc};
use dateline_domain::Lang;
use dateline_search::{MAX_LIMIT, SearchDoc, SearchIndex, SearchQuery, Sort};

/// Stories with what makes highlighting hard: markup as text, punctuation inside words,
/// ligatures and full-width letters, combining marks, and Arabic with diacritics, tatweel,
/// hamza forms and Arabic-Indic digits, so that the analyzer's offsets differ from the text's.
const STORIES: [(Lang, &str, &str, &str); 4] = [
    (
        Lang::En,
        "Council votes <b>yes</b> on the \"water board\" & covid-19 rules",
        "The <script>alert(1)</script> city's water-board met on Monday; id:5 e.g. U.S.A.",
        "Cafe\u{301} naïve façade: ﬁnance ＡＢＣ 2026 🚢 ships, shipping, shipped. The harbour \
         cranes arrived at dawn and the ferry ran late, as ferries do on Mondays in the valley.",
    ),
    (
        Lang::En,
        "Harbour cranes arrive",
        "",
        "Cranes cranes cranes. A long passage about the harbour so that the snippet has to be cut \
         somewhere in the middle of it, with <mark>fake marks</mark> & entities &amp; in the text.",
    ),
    (
        Lang::Ar,
        "مجلسُ المدينةِ يصوّت على «الماء»",
        "مـــدرسة أإآ ٱلمدينة",
        "صوّت مجلسُ المدينة على ميزانية ٢٠٢٦ و۲۰۲۶ للمدرسة والمستشفى. <b>نص</b> مؤتمر إسلام أمة",
    ),
    (
        Lang::Ar,
        "Dateline دايتلاين",
        "\u{200f}نص\u{200e} mixed",
        "الماء والكهرباء في مدينة الوادي؛ covid-19 مرحبا",
    ),
];

static INDEX: LazyLock<SearchIndex> = LazyLock::new(|| {
    let index = SearchIndex::in_memory();
    let docs: Vec<SearchDoc> = STORIES
        .iter()
        .enumerate()
        .map(|(i, &(lang, headline, dek, body))| SearchDoc {
            id: i as i64,
            lang,
            headline: headline.to_owned(),
            dek: dek.to_owned(),
            body: body.to_owned(),
            authors: vec!["Sara Haddad".to_owned(), "سارة حداد".to_owned()],
            tags: vec!["water <board>".to_owned()],
            section_slug: if i % 2 == 0 { "news" } else { "sport" }.to_owned(),
            published_at: day(i as u32 + 1),
        })
        .collect();
    index
        .apply(&docs, &[], 1)
        .expect("an in-memory index takes stories");
    index
});

fn day(n: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, n, 12, 0, 0).unwrap()
}

/// The first byte chooses the edition, order, filters and page; the rest is the typed text.
pub fn search(data: &[u8]) {
    let Some((&flags, typed)) = data.split_first() else {
        return;
    };
    let lang = if flags & 1 == 0 { Lang::En } else { Lang::Ar };
    let mut query = SearchQuery::new(lang, crate::text(typed));
    query.sort = if flags & 2 == 0 {
        Sort::Relevance
    } else {
        Sort::Newest
    };
    query.section = (flags & 4 != 0).then(|| "news".to_owned());
    if flags & 8 != 0 {
        (query.since, query.until) = (Some(day(2)), Some(day(3)));
    }
    query.limit = [0, 1, 20, usize::MAX][usize::from(flags >> 4 & 3)];
    query.offset = if flags & 64 == 0 { 0 } else { 1 };

    // The index is in memory and whole: any error here is the query's doing.
    let results = INDEX.search(&query).expect("a search of a healthy index answers");
    assert!(results.hits.len() <= query.limit.min(MAX_LIMIT));
    assert!(results.total.at_least() >= results.hits.len());
    for hit in &results.hits {
        let story = usize::try_from(hit.id).ok().and_then(|i| STORIES.get(i));
        assert!(
            story.is_some_and(|s| s.0 == lang),
            "story {} found in {lang:?}",
            hit.id
        );
        for html in [&hit.headline_html, &hit.snippet_html] {
            let unmarked = html.replace("<mark>", "").replace("</mark>", "");
            assert!(!unmarked.contains(['<', '>']), "a tag in {html:?}");
        }
    }
}
