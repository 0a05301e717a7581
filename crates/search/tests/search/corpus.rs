//! The corpus: sixteen short stories written for these tests, eight per edition, and the
//! helpers that search it.

use chrono::{DateTime, TimeZone, Utc};
use dateline_domain::Lang;
use dateline_search::{SearchDoc, SearchIndex, SearchQuery, SearchResults};

pub fn at(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

pub fn story(id: i64, lang: Lang, section: &str, published_at: DateTime<Utc>, text: [&str; 3]) -> SearchDoc {
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

pub fn english() -> Vec<SearchDoc> {
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

pub fn arabic() -> Vec<SearchDoc> {
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

pub fn newsroom() -> SearchIndex {
    let index = SearchIndex::in_memory();
    index
        .apply(&english(), &[], 1)
        .expect("English stories are indexed");
    index
        .apply(&arabic(), &[], 2)
        .expect("Arabic stories are indexed");
    index
}

// ---------------------------------------------------------------------------------------------
// Helpers

pub fn search(index: &SearchIndex, query: &SearchQuery) -> SearchResults {
    index
        .search(query)
        .unwrap_or_else(|error| panic!("{query:?} failed: {error}"))
}

pub fn ids(index: &SearchIndex, lang: Lang, text: &str) -> Vec<i64> {
    search(index, &SearchQuery::new(lang, text))
        .hits
        .iter()
        .map(|hit| hit.id)
        .collect()
}

/// The ids `query` lists, in order.
pub fn listed(index: &SearchIndex, query: &SearchQuery) -> Vec<i64> {
    search(index, query).hits.iter().map(|hit| hit.id).collect()
}

/// The ids of `pages` pages of `per_page` for `query`, read one after another.
pub fn paged(index: &SearchIndex, query: &SearchQuery, per_page: usize, pages: usize) -> Vec<i64> {
    let mut query = query.clone();
    query.limit = per_page;
    (0..pages)
        .flat_map(|page| {
            query.offset = page * per_page;
            listed(index, &query)
        })
        .collect()
}

/// Indexes `stories` in commits of `per_commit`, so in as many segments.
pub fn apply_in_commits(index: &SearchIndex, stories: &[SearchDoc], per_commit: usize) {
    for (commit, stories) in stories.chunks(per_commit).enumerate() {
        index
            .apply(stories, &[], i64::try_from(commit).unwrap_or(0))
            .expect("indexed");
    }
}

pub fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

/// Fails unless `html` is escaped text whose only tags are `<mark>` and `</mark>`.
pub fn assert_safe_html(html: &str) {
    let rest = html.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !rest.contains('<') && !rest.contains('>'),
        "unsafe HTML: {html:?}"
    );
}
