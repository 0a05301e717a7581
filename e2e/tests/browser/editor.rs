//! The story editor as a journalist uses it, in each newsroom language: the toolbar and its
//! keys, a photo dropped into the body, autosave seen happening, the preview at a phone's width,
//! and the story submitted for review. Screenshots of the editor (phone and desktop, both
//! languages) are written for the README.

use crate::browser::Browser;
use crate::newsroom::{account, click, sign_in, type_into};
use crate::site::Site;
use dateline_domain::Role;
use fantoccini::Locator;
use std::time::{Duration, Instant};

/// Waits until `check` holds for the page, or fails naming `what`.
async fn until(browser: &Browser, what: &str, script: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = browser.eval(script).await;
        if value != serde_json::Value::Null && value != false && value != "" {
            return value;
        }
        assert!(Instant::now() < deadline, "waited too long for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn body_text(browser: &Browser) -> String {
    browser
        .eval("return document.getElementById('story-body').value")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Words a journalist types in each newsroom language.
struct Words {
    lang: &'static str,
    headline: &'static str,
    first: &'static str,
    bolded: &'static str,
    heading: &'static str,
    alt: &'static str,
    caption: &'static str,
    credit: &'static str,
    kept: &'static str,
    in_review: &'static str,
}

const ENGLISH: Words = Words {
    lang: "en",
    headline: "Lanterns light up the corniche",
    first: "The market opened at dusk and families came early.",
    bolded: "families came early",
    heading: "Sixty stalls",
    alt: "Lanterns strung over the stalls",
    caption: "The first night of the corniche market.",
    credit: "Photo: Casey for the Courier",
    kept: "A copy was kept at ",
    in_review: "in review",
};

const ARABIC: Words = Words {
    lang: "ar",
    headline: "الفوانيس تضيء الكورنيش",
    first: "افتُتحت السوق عند الغروب وجاءت العائلات مبكرًا.",
    bolded: "جاءت العائلات مبكرًا",
    heading: "ستون كشكًا",
    alt: "فوانيس معلّقة فوق الأكشاك",
    caption: "الليلة الأولى لسوق الكورنيش.",
    credit: "تصوير: كيسي للصحيفة",
    kept: "حُفظت نسخة عند ",
    in_review: "قيد المراجعة",
};

/// A picture made in the page and dropped on the body, as a file dragged from the desktop is.
const DROP_A_PHOTO: &str = "
    const canvas = document.createElement('canvas');
    canvas.width = 800; canvas.height = 500;
    const pen = canvas.getContext('2d');
    pen.fillStyle = '#1d4e89'; pen.fillRect(0, 0, 800, 500);
    pen.fillStyle = '#f2b134'; for (let i = 0; i < 12; i++) { pen.beginPath(); pen.arc(60 + i * 62, 120 + (i % 3) * 40, 18, 0, 7); pen.fill(); }
    const bytes = Uint8Array.from(atob(canvas.toDataURL('image/png').split(',')[1]), c => c.charCodeAt(0));
    const files = new DataTransfer();
    files.items.add(new File([bytes], 'lanterns.png', { type: 'image/png' }));
    const body = document.getElementById('story-body');
    body.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
    body.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    return document.querySelector('dialog.photo-dialog').open;";

async fn write_a_story_in_the_editor(words: &Words) {
    let site = Site::start().await;
    let password = account(&site, "casey", Role::Contributor).await;
    let browser = Browser::launch().await;
    sign_in(&browser, &site, "casey", &password).await;
    if words.lang == "ar" {
        click(&browser, ".newsroom-language button").await;
        browser
            .client
            .wait()
            .for_element(Locator::Css("html[dir=rtl]"))
            .await
            .expect("the newsroom turns Arabic");
    }
    browser.open(&site.url("/newsroom/stories/new"), 1280).await;
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        words.lang
    );
    assert_eq!(
        browser
            .eval("return document.getElementById('story-edition').value")
            .await,
        words.lang,
        "a new story is in the member's language"
    );
    type_into(&browser, "#story-headline", words.headline).await;
    for select in ["#story-section", "#story-author-1"] {
        browser
            .client
            .find(Locator::Css(select))
            .await
            .expect(select)
            .select_by_index(1)
            .await
            .expect("choose");
    }

    // The toolbar: bold over chosen words, a heading on a new line, italic from the keyboard.
    type_into(&browser, "#story-body", words.first).await;
    let start = words.first.find(words.bolded).expect("words to bold");
    let chars = |bytes: usize| words.first[..bytes].encode_utf16().count();
    browser
        .client
        .execute(
            "document.getElementById('story-body').setSelectionRange(arguments[0], arguments[1]);",
            vec![chars(start).into(), chars(start + words.bolded.len()).into()],
        )
        .await
        .expect("select");
    click(&browser, ".editor-toolbar button[data-tool=bold]").await;
    assert!(
        body_text(&browser)
            .await
            .contains(&format!("**{}**", words.bolded))
    );
    browser
        .eval("const b = document.getElementById('story-body'); b.setSelectionRange(b.value.length, b.value.length);")
        .await;
    type_into(&browser, "#story-body", "\n\n").await;
    click(&browser, ".editor-toolbar button[data-tool=heading]").await;
    type_into(&browser, "#story-body", words.heading).await;
    assert!(
        body_text(&browser)
            .await
            .ends_with(&format!("\n\n## {}", words.heading))
    );
    type_into(&browser, "#story-body", "\n\n\u{E009}i\u{E000}").await;
    type_into(&browser, "#story-body", words.caption).await;
    assert!(
        body_text(&browser)
            .await
            .ends_with(&format!("*{}*", words.caption)),
        "Ctrl+I: {}",
        body_text(&browser).await
    );
    let counted = browser.shown_text("#story-length").await;
    assert!(
        !counted.is_empty() && !counted.contains("{n}"),
        "the length is shown: {counted}"
    );

    // A photo dropped on the body is uploaded with its words and placed as a figure.
    assert_eq!(
        browser.eval(DROP_A_PHOTO).await,
        true,
        "dropping opens the photo form"
    );
    type_into(&browser, "#photo-alt", words.alt).await;
    type_into(&browser, "#photo-caption", words.caption).await;
    type_into(&browser, "#photo-credit", words.credit).await;
    click(&browser, "dialog.photo-dialog button[value=upload]").await;
    until(
        &browser,
        "the figure in the body",
        "return document.getElementById('story-body').value.includes('```figure')",
    )
    .await;
    let body = body_text(&browser).await;
    assert!(
        body.contains(&format!(
            "alt: {}\ncaption: {}\ncredit: {}\n```",
            words.alt, words.caption, words.credit
        )),
        "{body}"
    );
    assert_eq!(
        browser
            .eval("return document.querySelector('dialog.photo-dialog').open")
            .await,
        false
    );

    // Autosave happens a few seconds after typing stops, and says so.
    let status = until(
        &browser,
        "the autosave",
        "const s = document.querySelector('.autosave-status').textContent; return s && !s.endsWith('…') ? s : null",
    )
    .await;
    assert!(
        status.as_str().unwrap_or_default().starts_with(words.kept),
        "{status}"
    );

    // The preview, at a phone's width, shows the story as readers will.
    click(&browser, ".preview-button").await;
    click(&browser, "label[for=preview-phone]").await;
    let shown = until(
        &browser,
        "the preview",
        "const d = document.querySelector('iframe[name=story-preview]').contentDocument; const h = d && d.querySelector('h1.headline'); return h ? [h.textContent, d.querySelectorAll('.article-body figure img').length, d.querySelector('.byline') !== null, document.querySelector('iframe[name=story-preview]').getBoundingClientRect().width] : null",
    )
    .await;
    assert_eq!(shown[0], words.headline, "{shown}");
    assert_eq!(shown[1], 1, "the dropped photo: {shown}");
    assert_eq!(shown[2], true, "the byline: {shown}");
    assert_eq!(shown[3], 360, "a phone's width: {shown}");
    let figure_loads = until(
        &browser,
        "the photo in the preview",
        "const img = document.querySelector('iframe[name=story-preview]').contentDocument.querySelector('.article-body figure img'); return img.complete && img.naturalWidth > 0",
    )
    .await;
    assert_eq!(figure_loads, true);
    browser
        .screenshot(&format!("editor-{}-1280", words.lang), 1280)
        .await;
    browser.client.set_window_size(1280, 900).await.expect("size");

    // Saved and submitted for review.
    click(&browser, ".form-actions button.button").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".notice"))
        .await
        .expect("saved");
    browser
        .open(browser.client.current_url().await.expect("url").as_ref(), 360)
        .await;
    browser
        .screenshot(&format!("editor-{}-360", words.lang), 360)
        .await;
    browser.client.set_window_size(1280, 900).await.expect("size");
    click(&browser, ".workflow-move button").await;
    let script = format!(
        "const s = document.querySelector('.story-status strong'); return s && s.textContent === {} ? s.textContent : null",
        serde_json::json!(words.in_review)
    );
    until(&browser, "the story in review", &script).await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_journalist_writes_with_the_toolbar_drops_a_photo_previews_and_submits() {
    write_a_story_in_the_editor(&ENGLISH).await;
}

#[tokio::test]
async fn the_same_in_the_arabic_newsroom() {
    write_a_story_in_the_editor(&ARABIC).await;
}

#[tokio::test]
async fn a_failed_autosave_keeps_the_words_and_says_so() {
    let site = Site::start().await;
    let password = account(&site, "casey", Role::Contributor).await;
    let browser = Browser::launch().await;
    sign_in(&browser, &site, "casey", &password).await;
    browser.open(&site.url("/newsroom/stories/new"), 1280).await;
    // The session ends behind the editor's back, as when another tab signs out.
    let cookie = browser.client.get_named_cookie("dl_session").await;
    assert!(cookie.is_ok(), "a session cookie");
    browser
        .client
        .delete_cookie("dl_session")
        .await
        .expect("forget the session");
    type_into(&browser, "#story-body", "Words that must not be lost.").await;
    let said = until(
        &browser,
        "the autosave's answer",
        "const s = document.querySelector('.autosave-status'); return s.classList.contains('autosave-trouble') ? s.textContent : null",
    )
    .await;
    assert!(
        said.as_str().unwrap_or_default().contains("they are still here"),
        "{said}"
    );
    assert_eq!(body_text(&browser).await, "Words that must not be lost.");
    browser.close().await;
}
