//! What machines read: structured data, social cards, feeds, sitemaps and robots.txt.

use crate::support::{EN_PAIRED, on_both_databases};

fn json_ld(page: &crate::support::Page) -> serde_json::Value {
    let scripts = page.html();
    let selector = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let text: String = scripts
        .select(&selector)
        .next()
        .expect("JSON-LD")
        .text()
        .collect();
    serde_json::from_str(&text).expect("JSON-LD parses")
}

on_both_databases! {
    async fn a_story_carries_news_article_json_ld_field_by_field(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        let data = json_ld(&page);
        let story = &data[0];
        assert_eq!(story["@type"], "NewsArticle");
        assert_eq!(story["headline"], page.texts("h1.headline")[0].as_str());
        assert_eq!(story["url"], format!("http://dateline.test/article/{EN_PAIRED}"));
        assert_eq!(story["inLanguage"], "en");
        assert_eq!(story["articleSection"], "News");
        assert_eq!(story["dateline"], "Wadi Sahl");
        assert!(chrono::DateTime::parse_from_rfc3339(story["datePublished"].as_str().unwrap()).is_ok());
        assert!(story["dateModified"].as_str().unwrap() > story["datePublished"].as_str().unwrap(), "updated after published");
        assert_eq!(story["author"][0]["@type"], "Person");
        assert_eq!(story["author"][0]["url"], "http://dateline.test/author/layla-haddad");
        assert_eq!(story["publisher"]["@type"], "Organization");
        assert_eq!(story["publisher"]["name"], "The Sahl Valley Courier");
        assert!(story["publisher"]["logo"]["url"].as_str().unwrap().starts_with("http://dateline.test/"));
        assert!(story["image"][0].as_str().unwrap().starts_with("http://dateline.test/media/"));
        let crumbs = &data[1];
        assert_eq!(crumbs["@type"], "BreadcrumbList");
        assert_eq!(crumbs["itemListElement"][1]["item"], "http://dateline.test/section/news");
    }

    async fn corrections_appear_as_correction_comments(app: TestApp) {
        let store = &app.app.store;
        let id = app.paired_story_id().await;
        store.add_correction(id, "The fare is 500 dinars, not 600.", dateline_domain::Actor::System).await.unwrap();
        app.app.catch_up().await.unwrap();
        let data = json_ld(&app.get(&format!("/article/{EN_PAIRED}")).await);
        assert_eq!(data[0]["correction"][0]["@type"], "CorrectionComment");
        assert_eq!(data[0]["correction"][0]["text"], "The fare is 500 dinars, not 600.");
    }

    async fn a_story_has_its_social_card(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        let meta = |property: &str| page.attrs(&format!("meta[property='{property}']"), "content");
        assert_eq!(meta("og:type"), vec!["article"]);
        assert_eq!(meta("og:title"), page.texts("h1.headline"));
        let card = &meta("og:image")[0];
        let path = card.strip_prefix("http://dateline.test").expect("an address on this site");
        let picture = app.get(path).await;
        assert_eq!(picture.status, 200, "{card} is served");
        assert_eq!(picture.header("content-type"), "image/jpeg", "networks refuse SVG cards: {card}");
        assert_eq!(json_ld(&page)[0]["image"][0], card.as_str(), "structured data names the same card");
        assert_eq!(meta("article:section"), vec!["News"]);
        assert!(!meta("article:tag").is_empty());
        assert_eq!(meta("article:published_time").len(), 1);
        assert_eq!(page.attrs("meta[name='twitter:card']", "content"), vec!["summary_large_image"]);
    }

    async fn every_feed_parses_with_whole_stories(app: TestApp) {
        let home = app.get("/").await;
        let linked = home.attrs("link[rel=alternate][type^='application/']", "href");
        assert_eq!(linked, vec!["/rss.xml", "/atom.xml"], "the home page links its feeds");
        for path in ["/rss.xml", "/atom.xml"] {
            let response = app.get(path).await;
            assert_eq!(response.status, 200);
            assert!(response.header("content-type").contains(if path == "/rss.xml" { "rss" } else { "atom" }));
            assert!(!response.header("etag").is_empty(), "{path} answers conditional requests");
            let feed = feed_rs::parser::parse(response.body.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(feed.title.map(|t| t.content), Some("The Sahl Valley Courier".to_owned()));
            assert!(feed.entries.len() >= 12, "{path} has the stories");
            let newest = &feed.entries[0];
            assert!(newest.links[0].href.starts_with("http://dateline.test/article/"), "{path}: absolute links");
            assert!(newest.published.is_some(), "{path}: dates");
            assert!(!newest.authors.is_empty(), "{path}: authors");
            assert!(newest.categories.len() >= 2, "{path}: section and tags");
            let content = newest.content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default();
            assert!(content.contains("<h2>") && content.contains("src=\"http://dateline.test/media/"), "{path}: full, absolute content");
            let dates: Vec<_> = feed.entries.iter().filter_map(|e| e.published).collect();
            assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{path}: newest first");
        }
    }

    async fn sections_tags_authors_and_the_arabic_edition_have_feeds(app: TestApp) {
        let parse = |body: &str| feed_rs::parser::parse(body.as_bytes()).expect("feed parses");
        let section = parse(&app.get("/section/sport/rss.xml").await.body);
        assert!(section.entries.len() >= 3);
        for entry in &section.entries {
            let page = app.get(entry.links[0].href.trim_start_matches("http://dateline.test")).await;
            assert_eq!(page.texts(".article-header > a.kicker"), vec!["Sport"]);
        }
        let author = parse(&app.get("/author/layla-haddad/atom.xml").await.body);
        assert!(author.entries.iter().all(|e| e.authors.iter().any(|a| a.name.as_deref() == Some("Layla Haddad"))));
        let tag_link = app.get(&format!("/article/{EN_PAIRED}")).await.attrs(".tags a", "href")[0].clone();
        let tag = parse(&app.get(&format!("{tag_link}/rss.xml")).await.body);
        assert!(!tag.entries.is_empty());
        let arabic = parse(&app.get("/ar/atom.xml").await.body);
        assert_eq!(arabic.language.as_deref(), Some("ar"));
        assert!(arabic.entries.len() >= 6);
        assert!(arabic.entries[0].links[0].href.starts_with("http://dateline.test/ar/article/"));
        assert_eq!(app.get("/section/nowhere/rss.xml").await.status, 404);
    }

    async fn sitemaps_list_every_public_address_with_translations(app: TestApp) {
        const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
        let index = app.get("/sitemap.xml").await;
        assert!(index.header("content-type").starts_with("application/xml"));
        let doc = roxmltree::Document::parse(&index.body).expect("the index is XML");
        assert_eq!(doc.root_element().tag_name().namespace(), Some(SITEMAP));
        assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
        let locations: Vec<String> = doc.descendants().filter(|n| n.has_tag_name((SITEMAP, "loc"))).map(|n| n.text().unwrap().to_owned()).collect();
        assert!(locations.contains(&"http://dateline.test/sitemaps/stories-1.xml".to_owned()));
        let mut all_urls = Vec::new();
        for location in &locations {
            let body = app.get(location.trim_start_matches("http://dateline.test")).await.body;
            let doc = roxmltree::Document::parse(&body).unwrap_or_else(|e| panic!("{location}: {e}"));
            assert_eq!(doc.root_element().tag_name().name(), "urlset");
            let urls: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((SITEMAP, "url"))).collect();
            assert!(urls.len() <= 50_000);
            for url in urls {
                let loc = url.children().find(|n| n.has_tag_name((SITEMAP, "loc"))).and_then(|n| n.text()).unwrap().to_owned();
                all_urls.push(loc);
                if let Some(lastmod) = url.children().find(|n| n.has_tag_name((SITEMAP, "lastmod"))).and_then(|n| n.text()) {
                    assert!(chrono::DateTime::parse_from_rfc3339(lastmod).is_ok(), "{lastmod}");
                }
            }
        }
        assert!(all_urls.iter().filter(|u| u.contains("/article/")).count() >= 20, "every story");
        for url in all_urls.iter().take(40) {
            assert_eq!(app.get(url.trim_start_matches("http://dateline.test")).await.status, 200, "{url}");
        }
        let stories = app.get("/sitemaps/stories-1.xml").await.body;
        let doc = roxmltree::Document::parse(&stories).unwrap();
        let paired = doc.descendants().find(|n| n.has_tag_name((SITEMAP, "loc")) && n.text().unwrap().ends_with(EN_PAIRED)).unwrap().parent().unwrap();
        let alternates: Vec<&str> = paired.children().filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link"))).map(|n| n.attribute("hreflang").unwrap()).collect();
        assert_eq!(alternates, vec!["en", "ar"]);
        assert_eq!(app.get("/sitemaps/stories-9.xml").await.status, 404);
    }

    async fn the_news_sitemap_holds_the_last_two_days(app: TestApp) {
        const NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
        let store = &app.app.store;
        let old = store.sitemap_stories(0, 100).await.unwrap().into_iter().min_by_key(|s| s.published_at).unwrap();
        let section_id = store.section(dateline_domain::Lang::En, &dateline_domain::Slug::parse("news").unwrap()).await.unwrap().unwrap().id;
        let content = dateline_store::stories::StoryContent {
            headline: "Breaking: the tram returns".into(),
            dek: String::new(),
            slug: dateline_domain::Slug::parse("breaking-the-tram-returns").unwrap(),
            body_markdown: "Text.".into(),
            dateline_place: String::new(),
            section_id,
            tag_names: Vec::new(),
            author_ids: Vec::new(),
            lead: None,
            comments: dateline_domain::CommentsMode::Open,
            seo_title: String::new(),
            seo_description: String::new(),
            translation_id: None,
        };
        let fresh = store.create_story(dateline_domain::Lang::En, &content, dateline_domain::Actor::System).await.unwrap();
        store
            .move_story(dateline_store::stories::StatusChange { id: fresh, from: dateline_domain::ArticleStatus::Draft, to: dateline_domain::ArticleStatus::Published, at: chrono::Utc::now(), scheduled_at: None, original_dates: None }, dateline_domain::Actor::System).await.unwrap();
        let body = app.get("/sitemaps/news.xml").await.body;
        let doc = roxmltree::Document::parse(&body).expect("news sitemap is XML");
        for news in doc.descendants().filter(|n| n.has_tag_name((NEWS, "news"))) {
            let date = news.descendants().find(|n| n.has_tag_name((NEWS, "publication_date"))).and_then(|n| n.text()).unwrap();
            let date = chrono::DateTime::parse_from_rfc3339(date).unwrap();
            assert!(chrono::Utc::now().signed_duration_since(date) <= chrono::Duration::days(2), "{date}");
            assert!(news.descendants().any(|n| n.has_tag_name((NEWS, "name"))));
            assert!(news.descendants().any(|n| n.has_tag_name((NEWS, "language"))));
            assert!(news.descendants().any(|n| n.has_tag_name((NEWS, "title"))));
        }
        assert!(!body.contains(&old.slug), "a story from {} is too old for Google News", old.published_at);
        assert!(body.contains("http://dateline.test/article/breaking-the-tram-returns"), "a story published now is in it");
        assert!(body.contains("<news:title>Breaking: the tram returns</news:title>"));
        let robots = app.get("/robots.txt").await;
        assert!(robots.body.lines().any(|l| l == "Sitemap: http://dateline.test/sitemap.xml"));
        assert!(robots.body.contains("Disallow: /newsroom"));
    }
}

#[tokio::test]
async fn markup_typed_in_a_tagline_reaches_feed_readers_as_text() {
    let app = crate::support::TestApp::spawn(crate::support::Backend::Sqlite).await;
    let admin = app.signed_in("ada", dateline_domain::Role::Admin).await;
    let saved = crate::newsroom::post_as(
        &app,
        &admin,
        "/newsroom/settings",
        &[
            ("name_en", "The Sahl Valley Courier"),
            ("tagline_en", "Fish & <b>chips</b>"),
            ("name_ar", "بريد وادي سهل"),
            ("tagline_ar", ""),
            ("time_zone", "Asia/Baghdad"),
            ("base_url", "http://dateline.test"),
        ],
    )
    .await;
    assert_eq!(saved.status, 200, "saved: {}", saved.body);
    let rss = app.get("/rss.xml").await.body;
    let rss = roxmltree::Document::parse(&rss).expect("RSS is XML");
    let description = rss
        .descendants()
        .find(|node| node.has_tag_name("description"))
        .and_then(|node| node.text())
        .expect("the channel's description");
    assert_eq!(
        description, "Fish &amp; &lt;b&gt;chips&lt;/b&gt;",
        "RSS descriptions are HTML: the tagline's markup is escaped in it"
    );
    let atom = app.get("/atom.xml").await.body;
    let atom = roxmltree::Document::parse(&atom).expect("Atom is XML");
    let subtitle = atom
        .descendants()
        .find(|node| node.has_tag_name("subtitle"))
        .and_then(|node| node.text())
        .expect("the feed's subtitle");
    assert_eq!(
        subtitle, "Fish & <b>chips</b>",
        "Atom's subtitle is text, as typed"
    );
}
