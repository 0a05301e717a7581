//! "Do you like this article?" in a real browser, with and without JavaScript.

use crate::browser::Browser;
use crate::site::{EN_ARTICLE, Site};
use fantoccini::Locator;

/// Clicks the answer `value` ("yes" or "no") and waits for the tally the page then shows.
async fn answer(browser: &Browser, value: &str) -> String {
    browser
        .client
        .find(Locator::Css(&format!("#reaction button[value={value}]")))
        .await
        .expect("the answer's button")
        .click()
        .await
        .expect("click the answer");
    shown_tally(browser).await
}

/// The tally once the page shows it.
async fn shown_tally(browser: &Browser) -> String {
    browser.shown_text(".reaction-result:not([hidden])").await
}

/// The answer shown as chosen.
async fn pressed(browser: &Browser) -> Option<String> {
    browser
        .client
        .find(Locator::Css("#reaction button[aria-pressed=true]"))
        .await
        .expect("a pressed answer")
        .attr("value")
        .await
        .expect("value")
}

#[tokio::test]
async fn a_reader_answers_with_javascript_and_sees_the_tally_in_place() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    let url_before = browser.client.current_url().await.expect("url");
    assert_eq!(
        answer(&browser, "yes").await,
        "Thank you for answering. Readers so far: 1 yes, 0 no."
    );
    assert_eq!(pressed(&browser).await.as_deref(), Some("yes"));
    assert_eq!(
        browser.client.current_url().await.expect("url"),
        url_before,
        "the page did not reload"
    );
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_reader_who_answered_sees_their_answer_when_they_come_back() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    answer(&browser, "no").await;
    // The page is the one every reader gets; the script asks for this reader's answer.
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    assert_eq!(
        shown_tally(&browser).await,
        "Thank you for answering. Readers so far: 0 yes, 1 no."
    );
    assert_eq!(pressed(&browser).await.as_deref(), Some("no"));
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_reader_answers_without_javascript_and_comes_back_to_the_question() {
    let site = Site::start().await;
    let browser = Browser::without_javascript().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    assert_eq!(
        answer(&browser, "no").await,
        "Thank you for answering. Readers so far: 0 yes, 1 no."
    );
    let url = browser.client.current_url().await.expect("url");
    assert_eq!(
        url.fragment(),
        Some("reaction"),
        "back at the same place on the page"
    );
    browser.close().await;
}
