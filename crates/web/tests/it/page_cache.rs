//! The page cache seen from outside: every kind of write refreshes exactly the pages that show
//! it, compressed forms and 304s are right, and no reader's own page reaches another reader.

use crate::newsroom::{Ids, ids, post_as, version_of, write_story};
use crate::support::{AR_PAIRED, EN_PAIRED, Staff, TestApp, on_both_databases};
use dateline_domain::{ReaderId, Role};
use std::io::Read;

/// `/` as a reader taking `accept` is sent it: its encoding, its tag and the page decoded.
async fn compressed(app: &TestApp, accept: &str) -> (String, String, String) {
    let response = app
        .client
        .get(format!("{}/", app.base))
        .header("accept-encoding", accept)
        .send()
        .await
        .unwrap();
    let headers = response.headers().clone();
    let encoding = headers["content-encoding"].to_str().unwrap().to_owned();
    let bytes = response.bytes().await.unwrap();
    let mut decoded = Vec::new();
    if encoding == "br" {
        brotli::BrotliDecompress(&mut &bytes[..], &mut decoded).unwrap();
    } else {
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut decoded)
            .unwrap();
    }
    let etag = headers["etag"].to_str().unwrap().to_owned();
    (encoding, etag, String::from_utf8(decoded).unwrap())
}

const BAKERS: &str = "/article/bakers-hold-the-price-of-bread";
const LIBRARY: &str = "/article/city-library-reopens-its-reading-hall";

fn ferry() -> String {
    format!("/article/{EN_PAIRED}")
}

/// The pages the tests watch, each showing different things.
fn watched() -> Vec<String> {
    [
        "/",
        "/ar/",
        "/section/news",
        "/section/business",
        "/section/culture",
        BAKERS,
        LIBRARY,
        "/rss.xml",
        "/tag/transport",
        "/author/layla-haddad",
        "/sitemaps/news.xml",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([ferry(), format!("/ar/article/{AR_PAIRED}")])
    .collect()
}

/// Whether the page came from the cache, and what it says.
async fn fetch(app: &TestApp, path: &str) -> (String, String) {
    let page = app.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    (page.header("x-cache"), page.body)
}

/// Requests every watched page until each is in the cache.
async fn warm(app: &TestApp) {
    for path in watched() {
        fetch(app, &path).await;
        assert_eq!(fetch(app, &path).await.0, "hit", "{path} is kept");
    }
}

/// The watched pages that were rendered afresh on their next request.
async fn refreshed(app: &TestApp) -> Vec<String> {
    let mut fresh = Vec::new();
    for path in watched() {
        if fetch(app, &path).await.0 == "miss" {
            fresh.push(path);
        }
    }
    fresh.sort();
    fresh
}

fn sorted(paths: &[&str]) -> Vec<String> {
    let mut paths: Vec<String> = paths.iter().map(|p| (*p).to_owned()).collect();
    paths.sort();
    paths
}

async fn publish(app: &TestApp, editor: &Staff, id: i64) {
    let moved = post_as(
        app,
        editor,
        &format!("/newsroom/stories/{id}/status"),
        &[("to", "published")],
    )
    .await;
    assert_eq!(moved.status, 303, "{}", moved.body);
}

/// A comment from a new reader on `article`, approved by `moderator`.
async fn approved_comment(app: &TestApp, moderator: &Staff, article: &str, body: &str) {
    let posted = app.comment(article, "Mona Saleh", "mona@example.org", body).await;
    let id = TestApp::comment_id(&posted);
    let decided = post_as(
        app,
        moderator,
        "/newsroom/moderation/decide",
        &[("ids", &id.to_string()), ("action", "approve")],
    )
    .await;
    assert_eq!(decided.status, 303);
}

/// Saves the story with a new headline, keeping everything else as `write_story` set it.
async fn rename(app: &TestApp, editor: &Staff, ids: &Ids, id: i64, headline: &str) {
    let version = version_of(app, id).await;
    let slug = app.app.store.story(id).await.unwrap().unwrap().slug;
    let saved = post_as(
        app,
        editor,
        &format!("/newsroom/stories/{id}"),
        &[
            ("version", &version),
            ("headline", headline),
            ("dek", "Sixty stalls and a band."),
            ("slug", &slug),
            ("body", "Stalls open at dusk."),
            ("section", &ids.news),
            ("author_1", &ids.layla),
            ("tags", "Markets"),
            ("dateline_place", "Wadi Sahl"),
            ("comments", "open"),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}

on_both_databases! {
    async fn each_write_refreshes_the_pages_that_show_it_and_keeps_the_others(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let ids = ids(&app).await;
        warm(&app).await;

        approved_comment(&app, &editor, BAKERS, "The price list is on the bakery door.").await;
        assert_eq!(refreshed(&app).await, sorted(&[BAKERS]), "a comment changes its story's page only");
        assert!(fetch(&app, BAKERS).await.1.contains("The price list is on the bakery door."));

        let vote = app.post_form(&format!("{LIBRARY}/reaction"), &[("vote", "yes")], &[]).await;
        assert_eq!(vote.status, 303);
        assert_eq!(refreshed(&app).await, Vec::<String>::new(), "a vote empties nothing");

        let id = write_story(&app, &editor, &ids, "Night market opens on the corniche").await;
        assert_eq!(refreshed(&app).await, Vec::<String>::new(), "a draft shows nowhere");
        publish(&app, &editor, id).await;
        let ferry = ferry();
        assert_eq!(
            refreshed(&app).await,
            sorted(&["/", "/section/news", "/rss.xml", "/author/layla-haddad", "/sitemaps/news.xml", &ferry]),
            "a story published in News changes the front page, News, its feeds and author, and the stories beside it"
        );
        assert!(fetch(&app, "/").await.1.contains("Night market opens on the corniche"));

        rename(&app, &editor, &ids, id, "Night market stays open late").await;
        let front = fetch(&app, "/").await;
        assert_eq!(front.0, "miss");
        assert!(front.1.contains("Night market stays open late") && !front.1.contains("Night market opens"));

        warm(&app).await;
        let saved = post_as(
            &app,
            &editor,
            "/newsroom/pages/en/about",
            &[("title", "About the paper"), ("body", "We report on the valley.")],
        )
        .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        assert_eq!(refreshed(&app).await.len(), watched().len(), "a static page is linked from every page");
    }

    async fn a_new_story_shows_under_every_story_of_its_section_at_once(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let ids = ids(&app).await;
        let store = &app.app.store;
        let news: i64 = ids.news.parse().unwrap();
        let before = store.latest_in_section(news, 3).await.unwrap();
        let path = |story: &dateline_domain::ArticleSummary| format!("/article/{}", story.slug.as_str());
        // One of the section's stories is read (its section's newest are kept for the next), the
        // other not yet.
        assert!(fetch(&app, &path(&before[1])).await.1.contains(&path(&before[0])));
        let id = write_story(&app, &editor, &ids, "Night ferry keeps its winter timetable").await;
        publish(&app, &editor, id).await;
        let newest = "/article/night-ferry-keeps-its-winter-timetable";
        for story in &before[1..3] {
            let page = app.get(&path(story)).await;
            assert_eq!(page.attrs(".more-stories h3 a", "href")[0], newest, "{} lists the new story first", path(story));
        }
    }

    async fn a_story_published_as_a_translation_refreshes_the_page_it_translates(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let ids = ids(&app).await;
        let slug = "البلدية-تستعد-لموسم-الأمطار";
        let arabic = format!("/ar/article/{}", form_urlencoded::byte_serialize(slug.as_bytes()).collect::<String>());
        let arabic_id = app
            .app
            .store
            .published_article_id(dateline_domain::Lang::Ar, &dateline_domain::Slug::parse(slug).unwrap())
            .await
            .unwrap()
            .unwrap();
        fetch(&app, &arabic).await;
        assert_eq!(fetch(&app, &arabic).await.0, "hit");
        let created = post_as(&app, &editor, "/newsroom/stories", &[
            ("edition", "en"), ("headline", "City cleans storm drains before the rains"), ("dek", "Crews cleared 280 drains."),
            ("slug", ""), ("body", "Crews worked at night."), ("section", &ids.news), ("author_1", &ids.layla),
            ("tags", ""), ("dateline_place", ""), ("comments", "open"), ("translation", &arabic_id.to_string()),
            ("intent", "save"),
        ]).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let id: i64 = created.header("location").trim_start_matches("/newsroom/stories/").split('?').next().unwrap().parse().unwrap();
        let (state, page) = fetch(&app, &arabic).await;
        assert_eq!(state, "hit", "a draft translation is not shown, so the page stays");
        assert!(!page.contains("translation-switch"));
        publish(&app, &editor, id).await;
        let (state, page) = fetch(&app, &arabic).await;
        assert_eq!(state, "miss");
        assert!(page.contains("/article/city-cleans-storm-drains-before-the-rains"), "the page links its new translation");
    }

    async fn pages_come_compressed_with_tags_and_answer_304(app: TestApp) {
        let plain = app.get("/").await;
        assert_eq!(plain.header("content-encoding"), "");
        assert_eq!(plain.header("vary"), "accept-encoding");
        assert!(plain.header("cache-control").contains("s-maxage="), "{}", plain.header("cache-control"));
        assert!(plain.header("cache-control").contains("stale-while-revalidate="));
        let keys = plain.header("surrogate-key");
        assert!(keys.split(' ').any(|key| key == "edition-en"), "{keys}");
        // A page's first compressed form is the quick gzip one wherever gzip is taken.
        let mut first_tags = Vec::new();
        for (accept, encoding) in [("gzip, deflate, br", "gzip"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("br", "br")] {
            let (encoding_sent, etag, page) = compressed(&app, accept).await;
            assert_eq!(encoding_sent, encoding, "{accept}");
            assert_eq!(page, plain.body, "{encoding} holds the same page");
            assert_ne!(etag, plain.header("etag"), "each form has its own tag");
            let again = app.get_with("/", &[("accept-encoding", accept), ("if-none-match", &etag)]).await;
            assert_eq!(again.status, 304);
            assert!(again.body.is_empty());
            first_tags.push(etag);
        }
        // Read again, it is made in brotli, thoroughly, off the reader's path: a reader taking
        // both is sent that from then on, and one holding the gzip form is told it is current.
        // The thread making it runs at the lowest priority, so a busy machine may keep it
        // waiting a while.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let (encoding, _, page) = compressed(&app, "gzip, deflate, br").await;
            assert_eq!(page, plain.body, "{encoding} holds the same page");
            if encoding == "br" {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "never sent in brotli");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let held = app.get_with("/", &[("accept-encoding", "gzip, deflate, br"), ("if-none-match", &first_tags[0])]).await;
        assert_eq!(held.status, 304, "the gzip form a reader holds is still the page");
        let feed = app.get("/rss.xml").await;
        let modified = feed.header("last-modified");
        assert!(modified.ends_with(" GMT"), "{modified:?}");
        assert_eq!(app.get_with("/rss.xml", &[("if-modified-since", &modified)]).await.status, 304);
        let before = app.get_with("/rss.xml", &[("if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT")]).await;
        assert_eq!(before.status, 200, "changed since then");
        let stale_tag = app.get_with("/rss.xml", &[("if-none-match", "\"nope\""), ("if-modified-since", &modified)]).await;
        assert_eq!(stale_tag.status, 200, "If-None-Match decides when both are sent");
    }

    async fn a_readers_own_page_never_reaches_another_reader(app: TestApp) {
        let ferry = ferry();
        let vote = app.post_form(&format!("{ferry}/reaction"), &[("vote", "no")], &[]).await;
        let voter = vote.cookie();
        let held = app.comment(&ferry, "Sami Fares", "sami@example.org", "My first comment, waiting for a moderator.").await;
        let commenter = held.cookie();
        // A cookie the site did not give is no identity: the shared page, from the cache.
        let invented = format!("dl_reader={}.{}", ReaderId::from_random([7; 16]).as_str(), "0".repeat(32));
        app.get(&ferry).await;
        for cookie in [invented.clone(), format!("dl_reader={}", ReaderId::from_random([8; 16]).as_str())] {
            let page = app.get_with(&ferry, &[("cookie", &cookie)]).await;
            assert_eq!(page.header("x-cache"), "hit", "{cookie}");
        }
        let mine = format!("{ferry}/mine");
        for cookie in [&voter, &commenter] {
            let page = app.get_with(&ferry, &[("cookie", cookie)]).await;
            assert_eq!(page.header("x-cache"), "hit", "a reader with an identity reads the shared page too");
            let own = app.get_with(&mine, &[("cookie", cookie)]).await;
            assert_eq!(own.header("cache-control"), "no-store");
            assert_eq!(own.header("x-cache"), "", "a reader's own page is not from the cache");
        }
        // Replying from the reader's own page (without JavaScript) leads to the story's page.
        let editor = app.signed_in("edie", Role::Editor).await;
        approved_comment(&app, &editor, &ferry, "The evening crossing was on time.").await;
        let own_page = app.get_with(&mine, &[("cookie", &voter)]).await;
        let replies = own_page.attrs("a.comment-reply", "href");
        assert!(!replies.is_empty(), "the story has comments to reply to");
        for reply in replies {
            assert!(reply.starts_with(&format!("{ferry}?reply=")), "{reply}");
        }
        let voters = app.get_with(&mine, &[("cookie", &voter)]).await.body;
        let commenters = app.get_with(&mine, &[("cookie", &commenter)]).await.body;
        assert!(voters.contains("Thank you for answering.") && !voters.contains("waiting for a moderator"));
        assert!(commenters.contains("waiting for a moderator") && !commenters.contains("Thank you for answering."));
        // What the shared page's script asks for: each reader's own part, and nobody else's.
        let json = [("cookie", voter.as_str()), ("accept", "application/json")];
        let voters: serde_json::Value = serde_json::from_str(&app.get_with(&mine, &json).await.body).unwrap();
        assert_eq!(voters["reaction"]["mine"], "no");
        assert_eq!(voters["own_comments_html"], "");
        let json = [("cookie", commenter.as_str()), ("accept", "application/json")];
        let commenters: serde_json::Value = serde_json::from_str(&app.get_with(&mine, &json).await.body).unwrap();
        assert!(commenters["reaction"].is_null());
        let own = commenters["own_comments_html"].as_str().unwrap();
        assert!(own.contains("My first comment, waiting for a moderator.") && own.contains("comment-awaiting"), "{own}");
        // Without an identity this site gave, there is nothing of one's own: the shared page.
        let stranger = app.get_with(&mine, &[("cookie", &invented), ("accept", "application/json")]).await;
        assert_eq!((stranger.status, stranger.header("location")), (303, ferry.clone()));
        for _ in 0..2 {
            let shared = app.get(&ferry).await;
            assert!(!shared.body.contains("Thank you for answering."), "another reader's vote");
            assert!(!shared.body.contains("waiting for a moderator"), "another reader's pending comment");
            assert!(!shared.body.contains("name=\"csrf\""), "no token in a shared page");
        }
    }

    async fn random_writes_never_leave_a_cached_page_behind_a_fresh_render(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let ids = ids(&app).await;
        // A reader whose one vote is on a page not watched: their pages are rendered afresh,
        // and must be exactly what the cache serves everyone else.
        let fresh_cookie = app.post_form("/article/date-harvest-best-in-a-decade/reaction", &[("vote", "yes")], &[]).await.cookie();
        let mut random = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut stories: Vec<i64> = Vec::new();
        let articles = [ferry(), BAKERS.to_owned(), LIBRARY.to_owned()];
        for step in 0..40 {
            match random.below(6) {
                0 => {
                    let id = write_story(&app, &editor, &ids, &format!("Valley notes number {step}")).await;
                    publish(&app, &editor, id).await;
                    stories.push(id);
                }
                1 if !stories.is_empty() => {
                    let id = stories[random.below(stories.len())];
                    rename(&app, &editor, &ids, id, &format!("Valley notes renamed at {step}")).await;
                }
                2 if !stories.is_empty() => {
                    let id = stories.swap_remove(random.below(stories.len()));
                    let moved = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "unpublished")]).await;
                    assert_eq!(moved.status, 303, "{}", moved.body);
                }
                3 => {
                    let article = &articles[random.below(articles.len())];
                    approved_comment(&app, &editor, article, &format!("Comment number {step} on the valley.")).await;
                }
                4 => {
                    let article = &articles[random.below(articles.len())];
                    app.post_form(&format!("{article}/reaction"), &[("vote", "yes")], &[]).await;
                }
                _ => {}
            }
            // Read a few pages, some twice, so that the cache holds a mix of old and new.
            for _ in 0..4 {
                let pages = watched();
                let path = &pages[random.below(pages.len())];
                let cached = app.get(path).await;
                let fresh = app.get_with(path, &[("cookie", &fresh_cookie)]).await;
                assert_eq!(cached.status, fresh.status, "{path} at step {step}");
                assert!(cached.body == fresh.body, "{path} served from the cache differs from a fresh render at step {step}");
            }
        }
    }
}

/// A small, seeded source of choices, so that a failing sequence can be replayed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
