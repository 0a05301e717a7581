//! English at `/`, Arabic at `/ar/`: language, direction, interface text, dates and the
//! links between a story and its translation.

use crate::support::{AR_PAIRED, EN_PAIRED, on_both_databases};

on_both_databases! {
    async fn each_edition_declares_its_language_and_direction(app: TestApp) {
        for (path, lang, dir) in [
            ("/", "en", "ltr"),
            ("/section/news", "en", "ltr"),
            ("/ar/", "ar", "rtl"),
            ("/ar/page/about", "ar", "rtl"),
            ("/ar/author/rana-mahdi", "ar", "rtl"),
        ] {
            let page = app.get(path).await;
            assert_eq!(page.attrs("html", "lang"), vec![lang], "{path}");
            assert_eq!(page.attrs("html", "dir"), vec![dir], "{path}");
        }
    }

    async fn arabic_pages_speak_arabic(app: TestApp) {
        let page = app.get("/ar/").await;
        assert_eq!(page.texts(".latest .rail-heading"), vec!["آخر الأخبار"]);
        assert_eq!(page.texts(".site-footer a[href='/ar/page/about']"), vec!["من نحن"]);
        assert_eq!(page.texts(".masthead .brand"), vec!["بريد وادي سهل"]);
        let english = app.get("/").await;
        assert_eq!(english.texts(".latest .rail-heading"), vec!["Latest"]);
    }

    async fn arabic_dates_use_arabic_months_and_digits(app: TestApp) {
        let page = app.get(&format!("/ar/article/{AR_PAIRED}")).await;
        let shown = page.texts(".timestamps time");
        assert!(shown[0].contains("نوفمبر"), "{shown:?}");
        assert!(shown[0].contains("٢٠٢٦"), "{shown:?}");
        assert!(!shown[0].chars().any(|c| c.is_ascii_digit()), "{shown:?}");
    }

    async fn paired_stories_link_to_each_other_with_hreflang(app: TestApp) {
        let english = app.get(&format!("/article/{EN_PAIRED}")).await;
        let switch = english.attrs(".translation-switch a", "href");
        assert_eq!(switch.len(), 1);
        assert_eq!(english.attrs(".translation-switch a", "hreflang"), vec!["ar"]);
        let arabic = app.get(&switch[0]).await;
        assert_eq!(arabic.status, 200);
        assert_eq!(arabic.attrs("html", "lang"), vec!["ar"]);
        let back = arabic.attrs(".translation-switch a", "href");
        assert_eq!(back, vec![format!("/article/{EN_PAIRED}")]);
        let alternates = english.attrs("link[rel=alternate][hreflang]", "hreflang");
        assert_eq!(alternates, vec!["en", "ar"]);
        let hrefs = english.attrs("link[rel=alternate][hreflang=ar]", "href");
        assert!(hrefs[0].ends_with(&switch[0]), "absolute alternate URL: {hrefs:?}");
    }

    async fn a_story_without_a_translation_offers_none(app: TestApp) {
        let page = app.get("/article/bakers-hold-the-price-of-bread").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.count(".translation-switch"), 0);
        assert_eq!(page.count("link[rel=alternate][hreflang]"), 0);
    }

    async fn the_masthead_switches_edition(app: TestApp) {
        let english = app.get("/").await;
        assert_eq!(english.attrs(".edition-switch", "href"), vec!["/ar/"]);
        let arabic = app.get("/ar/").await;
        assert_eq!(arabic.attrs(".edition-switch", "href"), vec!["/"]);
        let bare = app.get("/ar").await;
        assert_eq!(bare.status, 308);
        assert_eq!(bare.header("location"), "/ar/");
    }

    async fn stories_do_not_cross_editions(app: TestApp) {
        assert_eq!(app.get(&format!("/ar/article/{EN_PAIRED}")).await.status, 404);
        assert_eq!(app.get(&format!("/article/{AR_PAIRED}")).await.status, 404);
        assert_eq!(app.get("/ar/section/news").await.status, 404);
    }
}
