//! A newsroom's day in a real browser: a contributor writes a story with a photo and submits
//! it, an editor schedules it, and at its time readers see it with its photo, caption and credit.

use crate::browser::Browser;
use crate::site::Site;
use dateline_domain::Role;
use fantoccini::Locator;
use serde_json::json;

pub(crate) async fn account(site: &Site, username: &str, role: Role) -> String {
    let password = format!("{username}-browser-password");
    let hash = dateline_domain::password::hash(&password).expect("hash");
    site.app
        .store
        .create_user(
            dateline_store::users::NewUser {
                username,
                display_name: username,
                password_hash: &hash,
                role,
            },
            dateline_domain::Actor::System,
        )
        .await
        .expect("account");
    password
}

pub(crate) async fn sign_in(browser: &Browser, site: &Site, username: &str, password: &str) {
    browser.open(&site.url("/newsroom/login"), 1280).await;
    type_into(browser, "#login-username", username).await;
    type_into(browser, "#login-password", password).await;
    click(browser, ".panel-form button").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".newsroom-logout"))
        .await
        .expect("signed in");
}

pub(crate) async fn type_into(browser: &Browser, selector: &str, text: &str) {
    let field = browser
        .client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    field.send_keys(text).await.expect("type");
}

pub(crate) async fn click(browser: &Browser, selector: &str) {
    let element = browser
        .client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    element.click().await.expect("click");
}

pub(crate) async fn choose(browser: &Browser, select: &str, label: &str) {
    let element = browser.client.find(Locator::Css(select)).await.expect(select);
    element
        .select_by_label(label)
        .await
        .unwrap_or_else(|e| panic!("{select} = {label}: {e}"));
}

#[tokio::test]
async fn a_story_with_a_photo_goes_from_contributor_to_editor_to_readers() {
    let site = Site::start().await;
    let contributor_password = account(&site, "casey", Role::Contributor).await;
    let editor_password = account(&site, "edie", Role::Editor).await;
    let photo = tempfile::Builder::new()
        .suffix(".jpg")
        .tempfile()
        .expect("photo file");
    let pixels = image::RgbImage::from_fn(1200, 700, |x, y| image::Rgb([(x / 5) as u8, (y / 3) as u8, 90]));
    pixels
        .save_with_format(photo.path(), image::ImageFormat::Jpeg)
        .expect("write photo");

    let contributor = Browser::launch().await;
    sign_in(&contributor, &site, "casey", &contributor_password).await;
    contributor.open(&site.url("/newsroom/media"), 1280).await;
    type_into(&contributor, "#upload-file", &photo.path().display().to_string()).await;
    type_into(&contributor, "#upload-alt", "Lanterns over the night market").await;
    type_into(
        &contributor,
        "#upload-caption",
        "The first night of the corniche market.",
    )
    .await;
    type_into(&contributor, "#upload-credit", "Photo: Casey for the Courier").await;
    click(&contributor, ".panel-form button[type=submit]").await;
    contributor
        .client
        .wait()
        .for_element(Locator::Css(".notice"))
        .await
        .expect("uploaded");

    contributor.open(&site.url("/newsroom/stories/new"), 1280).await;
    type_into(&contributor, "#story-headline", "Lanterns light up the corniche").await;
    type_into(
        &contributor,
        "#story-dek",
        "Sixty stalls opened for the first night market.",
    )
    .await;
    type_into(
        &contributor,
        "#story-body",
        "The market opened at dusk.\n\n## Sixty stalls\n\nFamilies came early.",
    )
    .await;
    choose(&contributor, "#story-section", "News").await;
    choose(&contributor, "#story-author-1", "Layla Haddad").await;
    // The lead picture's group of the side panel opens like any folded group.
    click(&contributor, ".side-group:has(#story-lead-image) > summary").await;
    choose(
        &contributor,
        "#story-lead-image",
        "Lanterns over the night market",
    )
    .await;
    click(&contributor, ".form-actions button.button").await;
    contributor
        .client
        .wait()
        .for_element(Locator::Css(".notice"))
        .await
        .expect("saved");
    click(&contributor, ".workflow-move button").await;
    contributor
        .client
        .wait()
        .for_element(Locator::XPath(
            "//p[@class='story-status']/strong[text()='in review']",
        ))
        .await
        .expect("the story is in review");
    let story_url = contributor.client.current_url().await.expect("url");
    assert!(contributor.console_errors().await.is_empty());
    contributor.close().await;

    let editor = Browser::launch().await;
    sign_in(&editor, &site, "edie", &editor_password).await;
    editor.open(&site.url("/newsroom?status=in_review"), 1280).await;
    click(&editor, ".story-table tbody a").await;
    editor
        .client
        .wait()
        .for_element(Locator::Css("#schedule-at"))
        .await
        .expect("the editor can schedule");
    let when = (chrono::Utc::now() + chrono::Duration::hours(1)).with_timezone(&chrono_tz::Asia::Baghdad);
    editor
        .client
        .execute(
            "document.querySelector('#schedule-at').value = arguments[0];",
            vec![json!(when.format("%Y-%m-%dT%H:%M").to_string())],
        )
        .await
        .expect("set the time");
    let schedule = editor
        .client
        .find(Locator::Css("#schedule-at"))
        .await
        .expect("field");
    let form = schedule
        .find(Locator::XPath("./ancestor::form"))
        .await
        .expect("its form");
    form.find(Locator::Css("button"))
        .await
        .expect("Schedule")
        .click()
        .await
        .expect("click");
    editor
        .client
        .wait()
        .for_element(Locator::XPath(
            "//p[@class='story-status']/strong[text()='scheduled']",
        ))
        .await
        .expect("the story is scheduled");
    assert_eq!(
        editor.client.current_url().await.expect("url").path(),
        story_url.path()
    );
    editor.close().await;

    let reader = Browser::launch().await;
    reader
        .open(&site.url("/article/lanterns-light-up-the-corniche"), 1280)
        .await;
    assert_eq!(
        reader.client.title().await.expect("title"),
        "We could not find that page · The Sahl Valley Courier",
        "not before its time"
    );
    let not_found = reader.console_errors().await;
    assert!(
        not_found.iter().all(|e| e.contains("404")),
        "only the expected 404: {not_found:?}"
    );
    let published = site
        .app
        .service
        .publish_due(chrono::Utc::now() + chrono::Duration::hours(2))
        .await
        .expect("publish");
    assert_eq!(published, 1);
    reader
        .open(&site.url("/article/lanterns-light-up-the-corniche"), 1280)
        .await;
    let caption = reader
        .client
        .find(Locator::Css("figure.lead-figure .caption"))
        .await
        .expect("caption");
    assert_eq!(
        caption.text().await.expect("text"),
        "The first night of the corniche market."
    );
    let credit = reader
        .client
        .find(Locator::Css("figure.lead-figure .credit"))
        .await
        .expect("credit");
    assert_eq!(credit.text().await.expect("text"), "Photo: Casey for the Courier");
    let shown = reader
        .eval("const img = document.querySelector('figure.lead-figure img'); return [img.complete && img.naturalWidth > 0, img.currentSrc, img.alt]")
        .await;
    assert_eq!(shown[0], true, "the photo loads: {shown}");
    assert!(
        shown[1]
            .as_str()
            .is_some_and(|src| src.contains("/media/uploads/")),
        "{shown}"
    );
    assert_eq!(shown[2], "Lanterns over the night market");
    reader.screenshot("newsroom-story-1280", 1280).await;
    let errors = reader.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    reader.close().await;
}

/// Every newsroom page a member opens, for a story of each edition.
async fn newsroom_pages(site: &Site) -> Vec<String> {
    let stories = site
        .app
        .store
        .story_list(&dateline_store::stories::StoryFilter::default(), 500)
        .await
        .expect("stories");
    let mut pages: Vec<String> = [
        "/newsroom",
        "/newsroom/stories/new",
        "/newsroom/planning",
        "/newsroom/media",
        "/newsroom/desk",
        "/newsroom/pages",
        "/newsroom/pages/en/about",
        "/newsroom/pages/ar/about",
        "/newsroom/redirects",
        "/newsroom/users",
        "/newsroom/settings",
        "/newsroom/keys",
        "/newsroom/moderation",
        "/newsroom/moderation/settings",
        "/newsroom/moderation/log",
        "/newsroom/moderation/bans",
        "/newsroom/reactions",
    ]
    .map(str::to_owned)
    .into();
    let picture = site.app.store.library("", 1).await.expect("the library")[0].id;
    pages.push(format!("/newsroom/media/{picture}"));
    for edition in ["en", "ar"] {
        let story = stories
            .iter()
            .find(|s| s.edition == edition)
            .expect("a story of each edition");
        pages.push(format!("/newsroom/stories/{}", story.id));
        pages.push(format!("/newsroom/stories/{}/revisions", story.id));
    }
    pages
}

/// How far `path` scrolls sideways at a phone's 360 px, and the widest element that sticks out.
async fn sideways(browser: &Browser, url: &str) -> (i64, String) {
    browser.open(url, 360).await;
    let overflow = browser
        .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .as_i64()
        .unwrap_or(-1);
    let culprit = browser
        .eval(
            "const w = document.documentElement.clientWidth; \
             const out = [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); return r.right > w + 1 || r.left < -1 || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1); }); \
             return out.slice(-3).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().width)).join(', ')",
        )
        .await;
    (overflow, culprit.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn every_newsroom_page_fits_a_phone_in_english_and_in_arabic() {
    let site = Site::start().await;
    let password = account(&site, "edna", Role::Admin).await;
    let browser = Browser::launch().await;
    sign_in(&browser, &site, "edna", &password).await;
    let pages = newsroom_pages(&site).await;
    for lang in ["en", "ar"] {
        if lang == "ar" {
            browser.open(&site.url("/newsroom"), 360).await;
            click(&browser, ".newsroom-language button").await;
            browser
                .client
                .wait()
                .for_element(Locator::Css("html[dir=rtl]"))
                .await
                .expect("the newsroom turns Arabic");
        }
        let mut wide = Vec::new();
        for path in &pages {
            let (overflow, culprit) = sideways(&browser, &site.url(path)).await;
            let dir = browser.eval("return document.documentElement.dir").await;
            assert_eq!(dir, if lang == "ar" { "rtl" } else { "ltr" }, "{path}");
            if overflow != 0 {
                wide.push(format!("{path}: {overflow} px ({culprit})"));
            }
        }
        assert!(
            wide.is_empty(),
            "newsroom pages scroll sideways at 360 px in {lang}: {wide:#?}"
        );
    }
    browser.close().await;
}
