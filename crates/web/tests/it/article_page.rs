//! The article page carries every element 1–8 of the page Dateline started from.

use crate::support::{AR_PAIRED, EN_PAIRED, on_both_databases};

on_both_databases! {
    async fn an_article_shows_section_headline_dek_and_byline(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        assert_eq!(page.status, 200);
        // 1. section label above the headline, linking to the section
        assert_eq!(page.texts("article .article-header > a.kicker"), vec!["News"]);
        assert_eq!(page.attrs("article .article-header > a.kicker", "href"), vec!["/section/news"]);
        // 2. headline, also the <title>
        let headline = page.texts("article h1.headline");
        assert_eq!(headline.len(), 1);
        assert!(page.texts("title")[0].starts_with(&headline[0]));
        assert_eq!(page.count("h1"), 1, "the headline is the page's only h1");
        // the dek
        assert_eq!(page.count("article .dek"), 1);
        // 3. byline with links to author pages
        let byline = page.texts(".byline");
        assert!(byline[0].starts_with("By "), "{byline:?}");
        let authors = page.attrs(".byline a[rel=author]", "href");
        assert!(!authors.is_empty());
        for author in authors {
            assert!(author.starts_with("/author/"));
            assert_eq!(app.get(&author).await.status, 200);
        }
    }

    async fn an_article_dates_itself_and_names_its_place(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        // 5. dateline place and machine-readable publication time
        assert_eq!(page.texts(".dateline-place"), vec!["Wadi Sahl"]);
        let times = page.attrs(".timestamps time", "datetime");
        assert!(!times.is_empty());
        for time in &times {
            assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{time} is a valid datetime");
        }
        let shown = page.texts(".timestamps time");
        assert!(shown[0].contains("November 2026"), "{shown:?}");
        assert!(page.texts(".timestamps")[0].contains("Published"));
    }

    async fn a_significant_update_shows_an_updated_time(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        let times = page.attrs(".timestamps time", "datetime");
        assert_eq!(times.len(), 2, "published and updated");
        assert!(times[1] > times[0], "updated after published");
        assert!(page.texts(".timestamps")[0].contains("Updated"));
    }

    async fn the_lead_figure_has_caption_and_credit_apart(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        // 4. lead photo with caption and credit as separate parts
        assert_eq!(page.count("article > figure.lead-figure img[alt]"), 1);
        let caption = page.texts("figure.lead-figure figcaption .caption");
        let credit = page.texts("figure.lead-figure figcaption .credit");
        assert_eq!((caption.len(), credit.len()), (1, 1));
        assert!(!caption[0].is_empty() && !credit[0].is_empty());
        let src = page.attrs("figure.lead-figure img", "src");
        let image = app.get(&src[0]).await;
        assert_eq!(image.status, 200);
        assert_eq!(image.header("content-type"), "image/svg+xml");
    }

    async fn the_body_has_headings_quotes_lists_links_and_an_inline_figure(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        // 6. an inline figure with its own caption and credit
        assert_eq!(page.count(".article-body figure.inline-figure img[alt]"), 1);
        assert_eq!(page.count(".article-body figure figcaption .caption"), 1);
        assert_eq!(page.count(".article-body figure figcaption .credit"), 1);
        // 7. subheadings
        assert!(page.count(".article-body h2") >= 1);
        // 8. quotes, lists, links
        assert!(page.count(".article-body blockquote") >= 1);
        assert!(page.count(".article-body ul li, .article-body ol li") >= 2);
        assert!(page.count(".article-body a[href]") >= 1);
        assert!(page.count(".article-body p") >= 4);
    }

    async fn an_arabic_article_has_every_element_too(app: TestApp) {
        let page = app.get(&format!("/ar/article/{AR_PAIRED}")).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.texts(".article-header > a.kicker"), vec!["أخبار"]);
        assert!(page.texts(".byline")[0].starts_with("بقلم"));
        assert_eq!(page.attrs(".byline a", "href"), vec!["/ar/author/hind-alrawi"]);
        assert_eq!(page.count("figure.lead-figure figcaption .credit"), 1);
        assert_eq!(page.count(".article-body figure.inline-figure figcaption"), 1);
        assert!(page.count(".article-body h2") >= 1);
        assert!(page.count(".article-body blockquote") >= 1);
    }

    async fn more_from_the_section_follows_the_story(app: TestApp) {
        let page = app.get(&format!("/article/{EN_PAIRED}")).await;
        let more = page.attrs(".more-stories h3 a", "href");
        assert!(!more.is_empty());
        assert!(!more.contains(&format!("/article/{EN_PAIRED}")), "the story does not recommend itself");
    }
}
