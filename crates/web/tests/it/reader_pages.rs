//! Every kind of reader page answers, in both editions, with what a reader came for.

use crate::support::{AR_PAIRED, EN_PAIRED, on_both_databases};

/// A row for each section, tag or author whose counted published stories in an edition (what
/// its pages' "page N of M" is made from) differ from a count made afresh.
pub(crate) const MISCOUNTED: &str = "
    SELECT r.listing FROM (
        SELECT 'section' AS listing, section_id AS id, edition, COUNT(*) AS n FROM articles
        WHERE status = 'published' GROUP BY section_id, edition
        UNION ALL SELECT 'tag', l.tag_id, a.edition, COUNT(*) FROM article_tags l JOIN articles a ON a.id = l.article_id
        WHERE a.status = 'published' GROUP BY l.tag_id, a.edition
        UNION ALL SELECT 'author', l.author_id, a.edition, COUNT(*) FROM article_authors l JOIN articles a ON a.id = l.article_id
        WHERE a.status = 'published' GROUP BY l.author_id, a.edition
    ) r LEFT JOIN listing_counts c ON c.listing = r.listing AND c.id = r.id AND c.edition = r.edition
    WHERE c.stories IS NULL OR c.stories <> r.n
    UNION ALL
    SELECT c.listing FROM listing_counts c WHERE c.stories <> CASE c.listing
        WHEN 'section' THEN (SELECT COUNT(*) FROM articles a WHERE a.status = 'published' AND a.section_id = c.id AND a.edition = c.edition)
        WHEN 'tag' THEN (SELECT COUNT(*) FROM article_tags l JOIN articles a ON a.id = l.article_id
                         WHERE a.status = 'published' AND l.tag_id = c.id AND a.edition = c.edition)
        ELSE (SELECT COUNT(*) FROM article_authors l JOIN articles a ON a.id = l.article_id
              WHERE a.status = 'published' AND l.author_id = c.id AND a.edition = c.edition) END";

on_both_databases! {
    async fn front_pages_lead_with_a_story_then_each_section(app: TestApp) {
        for (home, section_names) in [("/", vec!["News", "Business", "Culture", "Sport"]), ("/ar/", vec!["أخبار", "اقتصاد", "ثقافة", "رياضة"])] {
            let page = app.get(home).await;
            assert_eq!(page.status, 200, "{home}");
            assert_eq!(page.count(".front-top .story-lead h2 a"), 1, "{home} has one top story");
            assert!(page.count(".latest-list li") >= 3, "{home} lists the latest stories");
            let headings = page.texts(".section-block .section-heading");
            assert_eq!(headings, section_names, "{home} shows each section in order");
            assert!(page.count(".section-block .story-card") >= 4);
            assert_eq!(page.texts(".section-nav a"), section_names, "{home} navigation lists the sections");
        }
    }

    async fn section_pages_list_their_stories_newest_first(app: TestApp) {
        let page = app.get("/section/business").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.texts("h1"), vec!["Business"]);
        let times = page.attrs(".story-row time", "datetime");
        assert!(times.len() >= 3, "at least three business stories");
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted, "newest first");
        assert_eq!(page.attrs(".section-nav a[aria-current=page]", "href"), vec!["/section/business"]);

        let arabic = app.get("/ar/section/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1").await;
        assert_eq!(arabic.status, 200);
        assert_eq!(arabic.texts("h1"), vec!["أخبار"]);
    }

    async fn section_pages_are_paged(app: TestApp) {
        let first = app.get("/section/news?page=1").await;
        assert_eq!(first.status, 200);
        assert!(first.count(".pager").le(&1));
        let beyond = app.get("/section/news?page=50").await;
        assert_eq!(beyond.status, 404, "a page past the end is not found");
        assert!(beyond.body.contains("We could not find that page"));
    }

    async fn tag_pages_gather_stories_across_sections(app: TestApp) {
        let article = app.get(&format!("/article/{EN_PAIRED}")).await;
        let tag_links = article.attrs(".tags a", "href");
        assert!(!tag_links.is_empty(), "the story has tags");
        let page = app.get(&tag_links[0]).await;
        assert_eq!(page.status, 200);
        assert!(page.texts("h1")[0].starts_with("Stories about "));
        assert!(page.attrs(".story-row h2 a", "href").contains(&format!("/article/{EN_PAIRED}")));
        assert_eq!(page.count("h3"), 0, "listings go from h1 to h2 without skipping");
        assert_eq!(app.get("/tag/no-such-tag").await.status, 404);
    }

    async fn tag_and_author_pages_follow_a_story_withdrawn_and_published_again(app: TestApp) {
        let story = format!("/article/{EN_PAIRED}");
        let article = app.get(&story).await;
        let (tag, author) = (article.attrs(".tags a", "href")[0].clone(), article.attrs(".byline a", "href")[0].clone());
        let lists = |page: &crate::support::Page| page.status == 200 && page.attrs(".story-row h2 a", "href").contains(&story);
        assert!(lists(&app.get(&tag).await) && lists(&app.get(&author).await));
        assert_eq!(app.sql_count(MISCOUNTED).await, 0, "the demo's stories are counted");
        let editor = app.signed_in("edie", dateline_domain::Role::Editor).await;
        let status = format!("/newsroom/stories/{}/status", app.paired_story_id().await);
        let withdrawn = crate::newsroom::post_as(&app, &editor, &status, &[("to", "unpublished")]).await;
        assert_eq!(withdrawn.status, 303);
        assert!(!lists(&app.get(&tag).await), "a withdrawn story leaves its tag's page");
        let byline = app.get(&author).await;
        assert!(!lists(&byline), "and its author's");
        assert!(byline.count(".story-row") >= 1, "which still lists the author's other stories");
        assert_eq!(app.sql_count(MISCOUNTED).await, 0, "a withdrawn story is no longer counted");
        let again = crate::newsroom::post_as(&app, &editor, &status, &[("to", "published")]).await;
        assert_eq!(again.status, 303);
        assert!(lists(&app.get(&tag).await) && lists(&app.get(&author).await), "published again, it is back on both");
        assert_eq!(app.sql_count(MISCOUNTED).await, 0, "and counted again");
    }

    async fn author_pages_show_the_reporter_and_their_stories(app: TestApp) {
        let page = app.get("/author/layla-haddad").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.texts("h1"), vec!["Layla Haddad"]);
        assert!(page.texts(".author-bio")[0].contains("city hall"));
        assert_eq!(page.count("img.author-photo"), 1);
        assert!(page.count(".story-row") >= 2);
        let arabic = app.get("/ar/author/hind-alrawi").await;
        assert_eq!(arabic.status, 200);
        assert_eq!(arabic.texts("h1"), vec!["هند الراوي"]);
        assert!(arabic.count(".story-row") >= 2);
        assert_eq!(app.get("/author/nobody-here").await.status, 404);
    }

    async fn static_pages_render_their_markdown(app: TestApp) {
        let about = app.get("/page/about").await;
        assert_eq!(about.status, 200);
        assert_eq!(about.count("h1"), 1);
        let policy = app.get("/page/comment-policy").await;
        assert_eq!(policy.status, 200);
        assert!(policy.body.contains("1,500") || policy.body.contains("1500"), "the policy states the limit");
        let arabic = app.get("/ar/page/comment-policy").await;
        assert_eq!(arabic.status, 200);
        assert_eq!(arabic.texts("h1"), vec!["سياسة التعليقات"]);
        assert_eq!(app.get("/page/no-such-page").await.status, 404);
    }

    async fn the_footer_links_to_about_and_the_comment_policy(app: TestApp) {
        let page = app.get("/").await;
        let links = page.attrs(".site-footer a", "href");
        assert!(links.contains(&"/page/about".to_owned()));
        assert!(links.contains(&"/page/comment-policy".to_owned()));
        for link in links {
            assert_eq!(app.get(&link).await.status, 200, "{link}");
        }
    }

    async fn every_link_on_the_front_pages_leads_somewhere(app: TestApp) {
        for home in ["/", "/ar/"] {
            let page = app.get(home).await;
            let mut links = page.attrs("a[href^='/']", "href");
            links.extend(page.attrs("img[src^='/']", "src"));
            links.extend(page.attrs("link[href^='/']", "href"));
            links.sort();
            links.dedup();
            assert!(links.len() > 20);
            for link in links {
                assert_eq!(app.get(&link).await.status, 200, "{link} on {home}");
            }
        }
        let _ = AR_PAIRED;
    }

    async fn repeated_requests_are_served_from_the_page_cache(app: TestApp) {
        let first = app.get("/section/culture").await;
        let etag = first.header("etag");
        assert!(!etag.is_empty(), "pages carry an ETag");
        assert!(first.header("cache-control").contains("public"));
        let again = app.get("/section/culture").await;
        assert_eq!(again.body, first.body);
        let unchanged = app.get_with("/section/culture", &[("if-none-match", &etag)]).await;
        assert_eq!(unchanged.status, 304);
        let weak = app.get_with("/section/culture", &[("if-none-match", &format!("W/{etag}"))]).await;
        assert_eq!(weak.status, 304, "a proxy's weak tag still matches");
        let before = app.app.cache.len();
        let tracked = app.get("/section/culture?utm_source=newsletter").await;
        assert_eq!(tracked.body, first.body);
        assert_eq!(app.app.cache.len(), before, "tracking parameters do not make new cache entries");
        assert!(!app.app.cache.is_empty());
    }
}
