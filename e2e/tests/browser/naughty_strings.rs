//! Every string of the Big List of Naughty Strings, posted as a comment and as a name, then
//! approved: each shows as typed, and none runs anything in the reader's browser.

use crate::browser::Browser;
use crate::site::{EN_ARTICLE, Site};
use dateline_domain::comment::normalize;
use dateline_store::moderation::{Decision, Queue};
use serde_json::json;

fn naughty_strings() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures/naughty-strings/blns.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("the naughty strings at {path}: {e}"));
    serde_json::from_str(&text).expect("blns.json is a JSON array of strings")
}

/// What a reader should see of a text, ignoring only how lines are laid out.
fn visible(text: &str) -> String {
    normalize(text).chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn naughty_strings_show_exactly_as_typed_and_run_nothing() {
    let site = Site::start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let post = |name: String, body: String| {
        let client = client.clone();
        let url = site.url(&format!("{EN_ARTICLE}/comments"));
        let origin = site.base.clone();
        async move {
            let form = [
                ("name", name.as_str()),
                ("email", "naughty@example.org"),
                ("body", body.as_str()),
            ];
            client
                .post(url)
                .header("origin", origin)
                .form(&form)
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }
    };
    let strings = naughty_strings();
    assert!(strings.len() > 400);
    let mut expected = Vec::new();
    for (n, text) in strings.iter().enumerate() {
        let as_body = post(format!("Reader {n}"), text.clone()).await;
        if as_body == 303 {
            expected.push((format!("Reader {n}"), text.clone()));
        } else {
            assert_eq!(
                as_body, 422,
                "string {n} as a comment: refused with a reason, never an error"
            );
        }
        let as_name = post(text.clone(), format!("Comment signed with string {n}")).await;
        if as_name == 303 {
            expected.push((text.clone(), format!("Comment signed with string {n}")));
        } else {
            assert_eq!(as_name, 422, "string {n} as a name");
        }
    }
    assert!(
        expected.len() > 700,
        "most strings are accepted: {}",
        expected.len()
    );
    let store = &site.app.store;
    let held: Vec<i64> = store
        .queue(Queue::Pending, 5000, 0)
        .await
        .expect("queue")
        .iter()
        .map(|i| i.comment.id)
        .collect();
    let (admin, _) = store.password_hash("admin").await.expect("admin").expect("admin");
    store
        .decide(&held, &Decision::Approve, admin)
        .await
        .expect("approve all");
    site.app.cache.clear();

    let browser = Browser::launch().await;
    browser.open(&site.url(EN_ARTICLE), 1280).await;
    // A dialog would have stopped the page: reading the title fails while an alert is open.
    browser.client.title().await.expect("no dialog opened");
    let shown = browser
        .eval(
            "return [...document.querySelectorAll('.comment-list > li')].map(li => [
                li.querySelector('.comment-author').textContent,
                li.querySelector('.comment-text').textContent])",
        )
        .await;
    let shown = shown.as_array().expect("comments");
    assert_eq!(shown.len(), expected.len(), "every accepted comment is shown");
    for ((name, body), row) in expected.iter().zip(shown) {
        assert_eq!(row[0].as_str().map(visible), Some(visible(name)), "name {name:?}");
        assert_eq!(
            row[1].as_str().map(visible),
            Some(visible(body)),
            "comment {body:?}"
        );
    }
    let injected = browser
        .eval(
            "const texts = [...document.querySelectorAll('.comment-text, .comment-author')];
             const foreign = texts.flatMap(t => [...t.querySelectorAll('*')])
                 .filter(el => !['P', 'BR', 'A'].includes(el.tagName) || [...el.attributes].some(a => a.name.startsWith('on')));
             return { foreign: foreign.map(el => el.outerHTML.slice(0, 80)),
                      scripts: [...document.scripts].filter(s => s.type !== 'application/ld+json').length,
                      dataBlocks: [...document.scripts].filter(s => s.type === 'application/ld+json').length,
                      elsewhere: performance.getEntriesByType('resource').map(r => r.name).filter(n => !n.startsWith(location.origin)) };",
        )
        .await;
    assert_eq!(injected["foreign"], json!([]), "no element was injected");
    assert_eq!(injected["scripts"], 1, "only the site's own script");
    assert_eq!(injected["dataBlocks"], 1, "only the story's own structured data");
    assert_eq!(injected["elsewhere"], json!([]), "no request left the site");
    assert!(
        browser.console_errors().await.is_empty(),
        "nothing was blocked or failed"
    );
    browser.close().await;
}
