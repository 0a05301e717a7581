//! One page, one key: addresses that mean the same page are answered from the same cached
//! entry, addresses naming comments a story does not show are sent to the one that means what
//! is shown, and a client inventing addresses cannot fill the cache.

use crate::support::{AR_PAIRED, Backend, EN_PAIRED, TestApp};

fn ferry() -> String {
    format!("/article/{EN_PAIRED}")
}

/// The `x-cache` answer of a page that must be there.
async fn outcome(app: &TestApp, path: &str) -> String {
    let page = app.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    page.header("x-cache")
}

#[tokio::test]
async fn the_same_page_under_other_spellings_is_one_cached_entry() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    // Each first spelling fills the cache; every other spelling of it is a hit.
    let spellings: [(&str, &[&str]); 3] = [
        (
            "/section/news",
            &[
                "/section/news?page=1",
                "/section/news?page=01",
                "/section/news?utm_source=x&page=1",
            ],
        ),
        (
            "/article/ferry-service-returns-to-the-sahl-river",
            &[
                "/article/%66erry-service-returns-to-the-sahl-river",
                "/article/ferry-service-returns-to-the-sahl-river?reply=abc",
            ],
        ),
        ("/ar/", &["/ar/?page=1"]),
    ];
    for (first, others) in spellings {
        assert_eq!(outcome(&app, first).await, "miss", "{first}");
        for other in others {
            assert_eq!(outcome(&app, other).await, "hit", "{other} is {first}");
        }
    }
    let arabic =
        percent_encoding::utf8_percent_encode(AR_PAIRED, percent_encoding::NON_ALPHANUMERIC).to_string();
    assert_eq!(outcome(&app, &format!("/ar/article/{arabic}")).await, "miss");
    assert_eq!(
        outcome(&app, &format!("/ar/article/{}", arabic.to_lowercase())).await,
        "hit",
        "lower-case escapes name the same story"
    );
}

#[tokio::test]
async fn a_comment_the_story_does_not_show_is_sent_to_the_plain_page() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    for query in [
        "reply=987654",
        "reported=987654",
        "reply=-3",
        "reported=0&reply=12345678",
    ] {
        let page = app.get(&format!("{}?{query}", ferry())).await;
        assert_eq!(page.status, 303, "?{query}");
        assert_eq!(page.header("location"), ferry(), "?{query}");
    }
    // A comment that is shown keeps its address.
    let sent = app
        .comment(
            &ferry(),
            "Rami",
            "rami@example.org",
            "The timetable is clearer now.",
        )
        .await;
    let id = TestApp::comment_id(&sent);
    let (admin, _) = app.app.store.password_hash("admin").await.unwrap().unwrap();
    app.app
        .store
        .decide(&[id], &dateline_store::moderation::Decision::Approve, admin)
        .await
        .unwrap();
    app.app.catch_up().await.unwrap();
    let page = app.get(&format!("{}?reply={id}", ferry())).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Rami"), "the form says whom it replies to");
    let invented = app
        .get(&format!("{}?reply={id}&reported=55555555", ferry()))
        .await;
    assert_eq!(invented.status, 303);
    assert_eq!(invented.header("location"), format!("{}?reply={id}", ferry()));
}

#[tokio::test]
async fn invented_addresses_do_not_fill_the_cache() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    for path in ["/", "/section/news", &ferry()] {
        app.get(path).await;
    }
    let before = app.app.cache.counts().pages;
    for n in 0..200 {
        let path = match n % 5 {
            0 => format!("/section/news?page={}", 1_000 + n),
            1 => format!("{}?reply={}", ferry(), 1_000_000 + n),
            2 => format!("{}?reported={n}x", ferry()),
            3 => format!("/section/news?page=0{}", "0".repeat(n % 4)),
            4 if n % 2 == 0 => format!("{}?page={n}", ferry()),
            _ => format!("/?utm_campaign=c{n}&page={n}"),
        };
        let page = app.get(&path).await;
        assert!(page.status < 500, "{path}: {}", page.status);
    }
    assert_eq!(
        app.app.cache.counts().pages,
        before,
        "no invented address was kept"
    );
}
