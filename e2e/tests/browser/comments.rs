//! Comments in a real browser: the live counter agrees with the server for the strings that
//! trip up naive counters, posting works with and without JavaScript, and a moderator's
//! approval is what makes a comment appear and count.

use crate::browser::Browser;
use crate::site::{EN_ARTICLE, Site};
use dateline_domain::CommentBody;
use fantoccini::Locator;
use serde_json::json;

/// Strings whose length differs by every naive measure (UTF-16 units, bytes, graphemes).
fn tricky_strings() -> Vec<(&'static str, String)> {
    vec![
        ("Arabic with diacritics", "مَرْحَبًا بِكُمْ فِي وَادِي سَهْل".to_owned()),
        ("emoji with joiners", "👨‍👩‍👧‍👦 and 🏳️‍🌈 and 👍🏽".to_owned()),
        (
            "combining marks",
            "e\u{301}te\u{301} cafe\u{301} Z\u{351}\u{36b}\u{343}".to_owned(),
        ),
        ("CRLF line breaks", "one\r\ntwo\r\n\r\nthree\r".to_owned()),
        ("at the limit", format!("{}{}", "👨‍👩‍👧‍👦".repeat(200), "ب".repeat(100))),
    ]
}

/// Puts `text` in the comment box as typing would, and reads the counter.
async fn counter_after_typing(browser: &Browser, text: &str) -> serde_json::Value {
    browser
        .client
        .execute(
            "const ta = document.querySelector('#comment-body'); ta.value = arguments[0];
             ta.dispatchEvent(new Event('input', { bubbles: true }));
             return document.querySelector('#comment-counter [data-counter]').textContent;",
            vec![json!(text)],
        )
        .await
        .expect("type into the comment box")
}

#[tokio::test]
async fn the_counter_shows_what_the_server_enforces() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    assert_eq!(
        browser
            .eval("return document.querySelector('#comment-counter [data-counter]').textContent")
            .await,
        "1500"
    );
    for (what, text) in tricky_strings() {
        let shown = counter_after_typing(&browser, &text).await;
        let server_left = CommentBody::MAX_CHARS as i64 - CommentBody::count(&text) as i64;
        assert_eq!(shown, json!(server_left.to_string()), "{what}");
    }
    let over = format!("{}x", "👨‍👩‍👧‍👦".repeat(200) + &"ب".repeat(100));
    let shown = browser
        .client
        .execute(
            "const ta = document.querySelector('#comment-body'); ta.value = arguments[0];
             ta.dispatchEvent(new Event('input', { bubbles: true }));
             const c = document.querySelector('#comment-counter'); return [c.textContent.trim(), c.classList.contains('counter-over')];",
            vec![json!(over)],
        )
        .await
        .expect("over the limit");
    assert_eq!(
        shown[0].as_str().map(|s| s.starts_with("-1 / 1500")),
        Some(true),
        "{shown}"
    );
    assert_eq!(shown[1], true);
    browser.close().await;
}

#[tokio::test]
async fn the_arabic_counter_uses_arabic_digits() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    browser.open(&site.url(crate::site::AR_ARTICLE), 1280).await;
    let shown = counter_after_typing(&browser, "مَرْحَبًا").await;
    assert_eq!(shown, "١٤٩١");
    browser.close().await;
}

async fn fill_and_send(browser: &Browser, name: &str, email: &str, body: &str) {
    for (selector, value) in [
        ("#comment-name", name),
        ("#comment-email", email),
        ("#comment-body", body),
    ] {
        let field = browser.client.find(Locator::Css(selector)).await.expect(selector);
        field.send_keys(value).await.expect("type");
    }
    browser
        .client
        .find(Locator::Css("#comment-form button[type=submit]"))
        .await
        .expect("the send button")
        .click()
        .await
        .expect("send");
}

/// The note on the reader's own comment in the list, once the page shows it.
async fn awaiting_note(browser: &Browser) -> String {
    browser
        .shown_text(".comment-list .comment-pending .comment-awaiting")
        .await
}

async fn comment_and_see_it_awaiting(browser: Browser, site: &Site) -> Browser {
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    fill_and_send(
        &browser,
        "Noor",
        "noor@example.org",
        "The ferry is a fine thing for the old quarter.",
    )
    .await;
    assert!(awaiting_note(&browser).await.contains("awaiting moderation"));
    let url = browser.client.current_url().await.expect("url");
    assert!(
        url.fragment().is_some_and(|f| f.starts_with("comment-")),
        "back at the comment: {url}"
    );
    browser
}

#[tokio::test]
async fn a_reader_comments_without_javascript() {
    let site = Site::start().await;
    let browser = comment_and_see_it_awaiting(Browser::without_javascript().await, &site).await;
    browser.close().await;
}

#[tokio::test]
async fn a_reader_comments_with_javascript_and_a_moderator_publishes_it() {
    let site = Site::start().await;
    let browser = comment_and_see_it_awaiting(Browser::launch().await, &site).await;
    assert!(browser.console_errors().await.is_empty());
    // The story's page is the one everyone reads; the script adds the reader's own comment.
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    assert!(awaiting_note(&browser).await.contains("awaiting moderation"));
    assert!(browser.console_errors().await.is_empty());

    let password = "moderator-password-for-tests";
    let hash = dateline_domain::password::hash(password).expect("hash");
    site.app
        .store
        .create_user(
            dateline_store::users::NewUser {
                username: "mona",
                display_name: "Mona the moderator",
                password_hash: &hash,
                role: dateline_domain::Role::Editor,
            },
            dateline_domain::Actor::System,
        )
        .await
        .expect("moderator");
    browser.open(&site.url("/newsroom/login"), 1280).await;
    browser
        .client
        .find(Locator::Css("#login-username"))
        .await
        .expect("username")
        .send_keys("mona")
        .await
        .expect("type");
    browser
        .client
        .find(Locator::Css("#login-password"))
        .await
        .expect("password")
        .send_keys(password)
        .await
        .expect("type");
    browser
        .client
        .find(Locator::Css(".panel-form button"))
        .await
        .expect("sign in")
        .click()
        .await
        .expect("click");
    browser
        .client
        .wait()
        .for_element(Locator::Css(".story-table"))
        .await
        .expect("signed in, at the story list");
    browser.open(&site.url("/newsroom/moderation"), 1280).await;
    let rule = browser
        .client
        .wait()
        .for_element(Locator::Css(".queue-item .queue-rule"))
        .await
        .expect("the held comment is in the queue");
    assert_eq!(
        rule.text().await.expect("text"),
        "Why it is here: It is this commenter's first comment.",
        "with the rule that held it, in words"
    );
    browser
        .client
        .find(Locator::Css(".queue-item .queue-actions button[value=approve]"))
        .await
        .expect("approve")
        .click()
        .await
        .expect("click approve");
    browser
        .client
        .wait()
        .for_element(Locator::Css(".notice"))
        .await
        .expect("approved");

    let reader = Browser::launch().await;
    reader.open(&site.url(EN_ARTICLE), 1280).await;
    let heading = reader
        .client
        .find(Locator::Css("#comments-heading"))
        .await
        .expect("heading");
    assert_eq!(heading.text().await.expect("text"), "1 Comment");
    let author = reader
        .client
        .find(Locator::Css(".comment-list .comment-author"))
        .await
        .expect("the comment");
    assert_eq!(author.text().await.expect("text"), "Noor");
    reader.close().await;
    browser.close().await;
}
