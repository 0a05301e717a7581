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

#[tokio::test]
async fn newsroom_pages_and_a_commenters_data_are_never_stored() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let editor = app.signed_in("ed", dateline_domain::Role::Admin).await;
    for path in [
        "/newsroom",
        "/newsroom/stories/new",
        "/newsroom/moderation",
        "/newsroom/moderation/export?email=someone@example.org",
    ] {
        let page = app.get_with(path, &[("cookie", &editor.cookie)]).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.header("cache-control"), "no-store", "{path}");
    }
    assert_eq!(
        app.get("/newsroom/login").await.header("cache-control"),
        "no-store"
    );
    let reader_page = app.get("/").await;
    assert_ne!(
        reader_page.header("cache-control"),
        "no-store",
        "reader pages stay cacheable"
    );
}

#[tokio::test]
async fn an_https_site_asks_browsers_for_https_only() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_eq!(
        app.get("/").await.header("strict-transport-security"),
        "",
        "not over plain http"
    );
    app.app
        .service
        .set_public_address("https://news.example")
        .await
        .expect("the public address");
    for path in [
        "/",
        "/",
        &format!("/article/{EN_PAIRED}"),
        "/newsroom/login",
        "/no-such-page",
    ] {
        let page = app.get(path).await;
        assert_eq!(
            page.header("strict-transport-security"),
            "max-age=31536000",
            "{path} ({})",
            page.header("x-cache")
        );
    }
}
