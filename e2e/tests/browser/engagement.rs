//! "Do you like this article?" in a real browser, with and without JavaScript.

use crate::browser::Browser;
use crate::site::{EN_ARTICLE, Site};
use fantoccini::Locator;

#[tokio::test]
async fn a_reader_answers_with_javascript_and_sees_the_tally_in_place() {
    let site = Site::start().await;
    let browser = Browser::launch().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    let url_before = browser.client.current_url().await.expect("url");
    browser
        .client
        .find(Locator::Css("#reaction button[value=yes]"))
        .await
        .expect("the Yes button")
        .click()
        .await
        .expect("click Yes");
    let result = browser
        .client
        .wait()
        .for_element(Locator::Css(".reaction-result:not([hidden])"))
        .await
        .expect("the tally appears");
    assert_eq!(
        result.text().await.expect("text"),
        "Thank you for answering. Readers so far: 1 yes, 0 no."
    );
    let pressed = browser
        .client
        .find(Locator::Css("#reaction button[aria-pressed=true]"))
        .await
        .expect("pressed");
    assert_eq!(
        pressed.attr("value").await.expect("value").as_deref(),
        Some("yes")
    );
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
    browser
        .client
        .find(Locator::Css("#reaction button[value=no]"))
        .await
        .expect("the No button")
        .click()
        .await
        .expect("click No");
    browser
        .client
        .wait()
        .for_element(Locator::Css(".reaction-result:not([hidden])"))
        .await
        .expect("the tally appears");
    // The page is the one every reader gets; the script asks for this reader's answer.
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    let result = browser
        .client
        .wait()
        .for_element(Locator::Css(".reaction-result:not([hidden])"))
        .await
        .expect("their answer and the tally are shown again");
    assert_eq!(
        result.text().await.expect("text"),
        "Thank you for answering. Readers so far: 0 yes, 1 no."
    );
    let pressed = browser
        .client
        .find(Locator::Css("#reaction button[aria-pressed=true]"))
        .await
        .expect("pressed");
    assert_eq!(pressed.attr("value").await.expect("value").as_deref(), Some("no"));
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_reader_answers_without_javascript_and_comes_back_to_the_question() {
    let site = Site::start().await;
    let browser = Browser::without_javascript().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    browser
        .client
        .find(Locator::Css("#reaction button[value=no]"))
        .await
        .expect("the No button")
        .click()
        .await
        .expect("click No");
    let result = browser
        .client
        .wait()
        .for_element(Locator::Css(".reaction-result:not([hidden])"))
        .await
        .expect("the page comes back with the tally");
    assert_eq!(
        result.text().await.expect("text"),
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
