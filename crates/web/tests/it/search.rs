//! Readers searching each edition: what they find, how it is shown, and that the index follows
//! every publish, edit and unpublish at once.

use crate::newsroom::{ids, post_as, write_story};
use crate::support::{AR_PAIRED, EN_PAIRED, TestApp, on_both_databases};
use dateline_domain::Role;

fn search(query: &str) -> String {
    format!("/search?q={}", urlencode(query))
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The story addresses a search page lists, in order.
async fn found(app: &TestApp, path: &str) -> Vec<String> {
    let page = app.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    page.attrs(".search-result h2 a", "href")
}

on_both_databases! {
    async fn readers_find_stories_by_any_word_with_it_highlighted(app: TestApp) {
        let ferry = format!("/article/{EN_PAIRED}");
        let page = app.get(&search("ferries")).await;
        assert_eq!(page.attrs(".search-result h2 a", "href").first(), Some(&ferry), "stemmed, headline first");
        assert!(page.texts(".search-result mark").iter().any(|word| word.eq_ignore_ascii_case("ferry")));
        assert_eq!(page.texts(".search-count"), vec![format!("{} stories found", page.count(".search-result"))]);
        assert_eq!(page.attrs("#search-q", "value"), vec!["ferries"], "the query stays in the box");
        assert_eq!(found(&app, &search("Layla Haddad ferry")).await.first(), Some(&ferry), "authors are searched");
        assert!(!found(&app, &search("Haddad")).await.is_empty());
        assert_eq!(found(&app, &search("\"east bank every 20 minutes\"")).await, vec![ferry.clone()], "a phrase");

        let arabic_ferry = format!("/ar/article/{}", urlencode(AR_PAIRED).replace('+', "%20"));
        let arabic = |query: &str| format!("/ar/search?q={}", urlencode(query));
        let with_marks = found(&app, &arabic("العبّارة")).await;
        assert_eq!(with_marks.first().map(|href| href.to_lowercase()), Some(arabic_ferry.to_lowercase()), "with a shadda");
        assert_eq!(found(&app, &arabic("العباره")).await, with_marks, "taa marbuta typed as haa");
        assert_eq!(found(&app, &arabic("٢٠١٥")).await, found(&app, &arabic("2015")).await, "Arabic-Indic digits");
        assert_eq!(found(&app, &arabic("٢٠١٥")).await.len(), 1);
        assert_eq!(found(&app, &arabic("الي نهر")).await, found(&app, &arabic("إلى نهر")).await, "hamza and alef maqsura");
        let page = app.get(&arabic("العبارة")).await;
        assert_eq!(page.html().root_element().value().attr("dir"), Some("rtl"));
        assert!(page.texts(".search-count")[0].starts_with("عُثر على"), "{:?}", page.texts(".search-count"));

        assert!(found(&app, &search("العبارة")).await.is_empty(), "the English edition holds no Arabic stories");
    }

    async fn every_page_has_a_search_box_for_its_edition(app: TestApp) {
        for (path, action) in [("/", "/search"), (format!("/article/{EN_PAIRED}").as_str(), "/search"), ("/ar/", "/ar/search"), ("/section/news", "/search")] {
            let page = app.get(path).await;
            assert_eq!(page.attrs("header form[role=search]", "action"), vec![action], "{path}");
            assert_eq!(page.attrs("header form[role=search] input[type=search]", "name"), vec!["q"]);
        }
        let home = app.get("/").await;
        let scripts = home.texts("script[type='application/ld+json']");
        let website: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
        assert_eq!(website["@type"], "WebSite");
        assert_eq!(website["potentialAction"]["@type"], "SearchAction");
        assert_eq!(website["potentialAction"]["target"]["urlTemplate"], "http://dateline.test/search?q={search_term_string}");
        assert_eq!(website["potentialAction"]["query-input"], "required name=search_term_string");
    }

    async fn filters_order_and_pages(app: TestApp) {
        // "the" is in every English story: enough for two pages.
        let all = app.get(&search("the")).await;
        assert_eq!(all.count(".search-result"), 10);
        assert_eq!(all.texts(".pager-status"), vec!["Page 1 of 2"]);
        let next = all.attrs(".pager-older", "href")[0].clone();
        assert!(next.contains("page=2") && next.contains("q=the"), "{next}");
        let second = found(&app, &next).await;
        assert_eq!(second.len(), 14 - 10);
        assert!(second.iter().all(|href| !all.attrs(".search-result h2 a", "href").contains(href)), "no story twice");

        let sport = found(&app, &format!("{}&section=sport", search("the"))).await;
        assert_eq!(sport.len(), 3, "{sport:?}");
        let newest = app.get(&format!("{}&sort=newest", search("the"))).await;
        let times = newest.attrs(".search-result time", "datetime");
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted, "newest first");
        assert_eq!(newest.attrs("#search-sort option[selected]", "value"), vec!["newest"]);

        let future = app.get(&format!("{}&from=2100-01-01", search("the"))).await;
        assert_eq!(future.count(".search-result"), 0);
        assert_eq!(future.attrs(".empty a", "href"), vec!["/search?q=the"], "a way back to every date");
        let bad = app.get(&format!("{}&from=last+week", search("ferry"))).await;
        assert_eq!(bad.status, 200);
        assert_eq!(bad.texts("#search-from-error"), vec!["Use a date such as 2026-11-25."]);
        assert_eq!(bad.attrs("#search-from", "value"), vec!["last week"], "what was typed is kept");
        assert!(bad.count(".search-result") > 0, "the search still runs");
    }

    async fn empty_and_hostile_queries_get_a_page_that_helps(app: TestApp) {
        let empty = app.get("/search").await;
        assert_eq!(empty.status, 200);
        assert!(empty.texts(".empty")[0].starts_with("Type a word or two"));
        let long = "ferry ".repeat(2_000);
        for query in [
            "", "   ", "<script>alert(1)</script>", "\" OR 1=1 --", "((((", "title:ferry id:1 lang:ar",
            "*", "\u{202e}yrref", "🚢🚢", "%00", &long, "\"unbalanced", "ferry AND NOT", "../../etc/passwd",
        ] {
            let page = app.get(&search(query)).await;
            assert_eq!(page.status, 200, "{query:?}");
            assert_eq!(page.count("main script"), 0, "{query:?}");
            assert!(!page.body.contains("<script>alert"), "{query:?}");
        }
        let cut = app.get(&search(&long)).await;
        assert_eq!(cut.texts(".notice"), vec!["Your search was long, so only its first 200 characters were used."]);
        for raw in ["/search?q=%FF%FE", "/search?page=-1&q=ferry", "/search?page=99999999999&q=ferry", "/search?section=%3Cb%3E&q=ferry", "/ar/search?q=&sort=%00"] {
            assert_eq!(app.get(raw).await.status, 200, "{raw}");
        }
        let none = app.get(&search("zeppelin")).await;
        assert_eq!(none.texts(".empty p"), vec!["No stories match “zeppelin”."]);
    }

    async fn the_index_follows_publish_edit_and_unpublish_at_once(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let ids = ids(&app).await;
        let id = write_story(&app, &editor, &ids, "Lanterns lit along the quay").await;
        assert!(found(&app, &search("lanterns")).await.is_empty(), "a draft is not found");
        let status = format!("/newsroom/stories/{id}/status");
        assert_eq!(post_as(&app, &editor, &status, &[("to", "published")]).await.status, 303);
        let story = "/article/lanterns-lit-along-the-quay".to_owned();
        assert_eq!(found(&app, &search("lanterns")).await, vec![story.clone()]);
        assert_eq!(found(&app, &search("sixty stalls")).await, vec![story.clone()], "its dek");

        let edit = app.get_with(&format!("/newsroom/stories/{id}"), &[("cookie", &editor.cookie)]).await;
        let version = edit.attrs("input[name=version]", "value")[0].clone();
        let saved = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &[
            ("version", &version), ("headline", "Lamps lit along the quay"), ("dek", "A new dek."),
            ("slug", "lanterns-lit-along-the-quay"), ("body", "Harbourmasters lit the lamps."),
            ("section", &ids.news), ("author_1", &ids.layla), ("tags", ""), ("dateline_place", ""),
            ("comments", "open"), ("intent", "save"),
        ]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert!(found(&app, &search("lanterns")).await.is_empty(), "the old words are gone");
        assert_eq!(found(&app, &search("harbourmasters")).await, vec![story.clone()], "the new body is found");

        assert_eq!(post_as(&app, &editor, &status, &[("to", "unpublished")]).await.status, 303);
        assert!(found(&app, &search("harbourmasters")).await.is_empty(), "an unpublished story is not found");
    }
}
