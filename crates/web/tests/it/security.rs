//! The browser is told to hold the site to its rules, and the pages keep them.

use crate::support::{AR_PAIRED, Backend, EN_PAIRED, TestApp, on_both_databases};

on_both_databases! {
    async fn pages_send_a_strict_content_security_policy(app: TestApp) {
        for path in ["/", "/ar/", &format!("/article/{EN_PAIRED}"), "/no-such-page"] {
            let page = app.get(path).await;
            let csp = page.header("content-security-policy");
            assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
            assert!(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"));
            assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
            assert_eq!(page.header("x-content-type-options"), "nosniff");
        }
    }

    async fn pages_hold_no_inline_script_or_style(app: TestApp) {
        for path in ["/", "/ar/", &format!("/article/{EN_PAIRED}"), &format!("/ar/article/{AR_PAIRED}"), "/section/sport", "/page/about", "/nothing"] {
            let page = app.get(path).await;
            assert_eq!(page.count("style, [style]"), 0, "{path} has inline style");
            // JSON-LD is data for search engines, never run.
            assert_eq!(page.count("script:not([src]):not([type='application/ld+json'])"), 0, "{path} has inline script");
            assert_eq!(page.count("[onload], [onclick], [onerror]"), 0, "{path} has event handlers");
            let semantic = ["header", "nav", "main", "footer"];
            for element in semantic {
                assert!(page.count(element) >= 1, "{path} has <{element}>");
            }
        }
    }

    async fn theme_assets_are_versioned_for_long_caching(app: TestApp) {
        let page = app.get("/").await;
        let css = page.attrs("link[rel=stylesheet]", "href");
        assert_eq!(css.len(), 1);
        assert!(css[0].starts_with("/static/site.css?v="));
        let asset = app.get(&css[0]).await;
        assert_eq!(asset.status, 200);
        assert!(asset.header("content-type").starts_with("text/css"));
        assert!(asset.header("cache-control").contains("immutable"));
    }
}

#[tokio::test]
async fn an_operator_overrides_the_theme_file_by_file() {
    let theme = tempfile::tempdir().expect("theme dir");
    std::fs::create_dir_all(theme.path().join("templates/partials")).expect("templates dir");
    std::fs::create_dir_all(theme.path().join("static")).expect("static dir");
    std::fs::write(
        theme.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }} (our own page template)</h1>{% endblock %}",
    )
    .expect("write template");
    std::fs::write(
        theme.path().join("static/site.css"),
        "body { color: rebeccapurple; }",
    )
    .expect("write css");
    let app = TestApp::spawn_with_theme(Backend::Sqlite, Some(theme.path())).await;
    let about = app.get("/page/about").await;
    let custom = about.texts("h1.custom");
    assert_eq!(custom.len(), 1, "the operator's page template is used");
    assert!(custom[0].ends_with("(our own page template)"));
    assert_eq!(
        about.count(".site-footer"),
        1,
        "templates not overridden still come from the default theme"
    );
    let css = about.attrs("link[rel=stylesheet]", "href");
    assert_eq!(app.get(&css[0]).await.body, "body { color: rebeccapurple; }");
}
