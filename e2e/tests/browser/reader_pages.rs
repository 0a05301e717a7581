//! Home, an English and an Arabic article, and the search page of each edition, as a reader's
//! browser shows them.

use crate::browser::Browser;
use crate::site::{AR_ARTICLE, EN_ARTICLE, Site};

const PAGES: [(&str, &str); 5] = [
    ("home", "/"),
    ("article-en", EN_ARTICLE),
    ("article-ar", AR_ARTICLE),
    ("search-en", "/search?q=ferry"),
    (
        "search-ar",
        "/ar/search?q=%D8%A7%D9%84%D8%B9%D8%A8%D8%A7%D8%B1%D8%A9",
    ),
];
const WIDTHS: [u32; 2] = [360, 1280];

#[tokio::test]
async fn reader_pages_load_cleanly_at_phone_and_desktop_widths() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    for (name, path) in PAGES {
        for width in WIDTHS {
            browser.open(&site.url(path), width).await;
            let errors = browser.console_errors().await;
            assert!(
                errors.is_empty(),
                "{path} at {width}px logged console errors: {errors:?}"
            );
            let title = browser.client.title().await.expect("title");
            assert!(!title.is_empty(), "{path} has a title");
            let overflow = browser
                .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            assert_eq!(overflow.as_i64(), Some(0), "{path} at {width}px scrolls sideways");
            let stylesheet_applied = browser
                .eval("return getComputedStyle(document.querySelector('.masthead')).borderBottomStyle")
                .await;
            assert_eq!(
                stylesheet_applied, "solid",
                "{path}: the theme's stylesheet is applied"
            );
            let broken_images = browser
                .eval("return [...document.images].filter(i => i.complete && i.naturalWidth === 0 && i.loading !== 'lazy').map(i => i.src)")
                .await;
            assert_eq!(broken_images, serde_json::json!([]), "{path} has broken images");
            let shot = browser.screenshot(&format!("{name}-{width}"), width).await;
            assert!(
                std::fs::metadata(&shot)
                    .map(|m| m.len() > 10_000)
                    .unwrap_or(false),
                "{} was written",
                shot.display()
            );
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn the_arabic_edition_is_laid_out_right_to_left() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    for path in ["/ar/", AR_ARTICLE] {
        browser.open(&site.url(path), 1280).await;
        let direction = browser
            .eval("return getComputedStyle(document.body).direction")
            .await;
        assert_eq!(direction, "rtl", "{path}");
        // Mirrored, not merely right-aligned: the edition switch sits at the left edge, the
        // section label of the story at the right.
        let switch_left = browser
            .eval("const r = document.querySelector('.edition-switch').getBoundingClientRect(); return r.left < innerWidth / 2")
            .await;
        assert_eq!(
            switch_left, true,
            "{path}: the edition switch is on the left in Arabic"
        );
    }
    browser.open(&site.url(AR_ARTICLE), 1280).await;
    let quote_border = browser
        .eval("const s = getComputedStyle(document.querySelector('.article-body blockquote')); return [s.borderRightWidth, s.borderLeftWidth]")
        .await;
    assert_eq!(
        quote_border,
        serde_json::json!(["4px", "0px"]),
        "the quote rule stands on the right in Arabic"
    );
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    assert_eq!(
        browser
            .eval("return getComputedStyle(document.body).direction")
            .await,
        "ltr"
    );
    let quote_border = browser
        .eval("const s = getComputedStyle(document.querySelector('.article-body blockquote')); return [s.borderRightWidth, s.borderLeftWidth]")
        .await;
    assert_eq!(
        quote_border,
        serde_json::json!(["0px", "4px"]),
        "and on the left in English"
    );
    browser.close().await;
}

/// The console check must be able to fail: a page that is not found logs an error.
#[tokio::test]
async fn the_console_check_catches_errors() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    browser.open(&site.url("/no-such-page"), 1280).await;
    let errors = browser.console_errors().await;
    assert!(
        errors.iter().any(|e| e.contains("404")),
        "a 404 shows in the console log: {errors:?}"
    );
    browser.close().await;
}
