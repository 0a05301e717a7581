//! The newsroom's day: writing, the workflow by role, scheduling with a controlled clock,
//! revisions, edit conflicts and corrections.

use crate::support::{Staff, TestApp, on_both_databases};
use chrono::{Duration, Utc};
use dateline_domain::{Lang, Role, Slug};

pub(crate) struct Ids {
    pub news: String,
    pub layla: String,
    pub image: String,
}

pub(crate) async fn ids(app: &TestApp) -> Ids {
    let store = &app.app.store;
    let news = store
        .section(Lang::En, &Slug::parse("news").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let layla = store
        .author(&Slug::parse("layla-haddad").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let image = store
        .image_choices(&[])
        .await
        .unwrap()
        .iter()
        .find(|c| c.label.ends_with("market-stalls.svg"))
        .unwrap()
        .id;
    Ids {
        news: news.to_string(),
        layla: layla.to_string(),
        image: image.to_string(),
    }
}

pub(crate) async fn post_as(
    app: &TestApp,
    staff: &Staff,
    path: &str,
    fields: &[(&str, &str)],
) -> crate::support::Page {
    let mut with_csrf = vec![("csrf", staff.csrf.as_str())];
    with_csrf.extend_from_slice(fields);
    app.post_form(path, &with_csrf, &[("cookie", &staff.cookie)])
        .await
}

const BODY: &str = "Stalls open at dusk.\n\n## What is on\n\n- 60 stalls\n- music\n\n```figure\nsrc: /media/demo/bakery-bread.svg\nalt: Bread on a tray\ncaption: Fresh bread at the first night market.\ncredit: Dateline illustration\n```\n";

pub(crate) async fn write_story(app: &TestApp, staff: &Staff, ids: &Ids, headline: &str) -> i64 {
    let created = post_as(
        app,
        staff,
        "/newsroom/stories",
        &[
            ("edition", "en"),
            ("headline", headline),
            ("dek", "Sixty stalls and a band."),
            ("slug", ""),
            ("body", BODY),
            ("section", &ids.news),
            ("author_1", &ids.layla),
            ("tags", "Markets, Night life"),
            ("dateline_place", "Wadi Sahl"),
            ("lead_image", &ids.image),
            ("lead_alt", "Stalls under awnings"),
            ("lead_caption", "The market on its first night."),
            ("lead_credit", "Dateline illustration"),
            ("comments", "open"),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(created.status, 303, "story saved: {}", created.body);
    let location = created.header("location");
    location
        .trim_start_matches("/newsroom/stories/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .expect("story id")
}

pub(crate) async fn version_of(app: &TestApp, id: i64) -> String {
    app.app
        .store
        .story(id)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string()
}

on_both_databases! {
    async fn a_contributor_writes_an_editor_schedules_and_it_appears_on_time(app: TestApp) {
        let ids = ids(&app).await;
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let id = write_story(&app, &contributor, &ids, "Night market opens on the corniche").await;
        let slug = "night-market-opens-on-the-corniche";
        assert_eq!(app.get(&format!("/article/{slug}")).await.status, 404, "a draft is not public");
        let publish = post_as(&app, &contributor, &format!("/newsroom/stories/{id}/status"), &[("to", "published")]).await;
        assert_eq!(publish.status, 403, "a contributor cannot publish");
        let submit = post_as(&app, &contributor, &format!("/newsroom/stories/{id}/status"), &[("to", "in_review")]).await;
        assert_eq!(submit.status, 303);
        let editor = app.signed_in("edie", Role::Editor).await;
        let desk = app.get_with("/newsroom", &[("cookie", &editor.cookie)]).await;
        assert_eq!(desk.texts(".review-waiting"), vec!["1 story is waiting for review."], "the editor is told");
        assert_eq!(desk.attrs(".review-waiting a", "href"), vec!["/newsroom?status=in_review"]);
        let own_list = app.get_with("/newsroom", &[("cookie", &contributor.cookie)]).await;
        assert_eq!(own_list.count(".review-waiting"), 0, "a contributor reviews nothing");
        let review = app.get_with("/newsroom?status=in_review", &[("cookie", &editor.cookie)]).await;
        assert_eq!(review.texts(".story-table .story-title"), vec!["Night market opens on the corniche"]);
        let at = (Utc::now() + Duration::hours(2)).with_timezone(&chrono_tz::Asia::Baghdad);
        let when = at.format("%Y-%m-%dT%H:%M").to_string();
        let past = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "scheduled"), ("scheduled_at", "2020-01-01T10:00")]).await;
        assert_eq!(past.status, 400, "a time in the past is refused");
        let scheduled = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "scheduled"), ("scheduled_at", &when)]).await;
        assert_eq!(scheduled.status, 303);
        assert_eq!(app.app.service.publish_due(Utc::now()).await.unwrap(), 0, "not yet");
        let later_still = (Utc::now() + Duration::hours(4)).with_timezone(&chrono_tz::Asia::Baghdad);
        let rescheduled = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "scheduled"), ("scheduled_at", &later_still.format("%Y-%m-%dT%H:%M").to_string())]).await;
        assert!(rescheduled.header("location").ends_with("notice=moved"), "rescheduled in one step");
        assert_eq!(app.app.service.publish_due(Utc::now() + Duration::hours(3)).await.unwrap(), 0, "the new time holds");
        let scheduled = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "scheduled"), ("scheduled_at", &when)]).await;
        assert_eq!(scheduled.status, 303, "and back to the first time");
        assert_eq!(app.get(&format!("/article/{slug}")).await.status, 404);
        let later = Utc::now() + Duration::hours(3);
        assert_eq!(app.app.service.publish_due(later).await.unwrap(), 1);
        assert_eq!(app.app.service.publish_due(later).await.unwrap(), 0, "published exactly once");
        let page = app.get(&format!("/article/{slug}")).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.texts("figure.lead-figure .caption"), vec!["The market on its first night."]);
        assert_eq!(page.texts("figure.lead-figure .credit"), vec!["Dateline illustration"]);
        assert_eq!(page.count(".article-body figure.inline-figure"), 1);
        assert_eq!(page.attrs(".byline a", "href"), vec!["/author/layla-haddad"]);
        let byline = app.get("/author/layla-haddad").await;
        assert!(byline.attrs(".story-row h2 a", "href").contains(&format!("/article/{slug}")), "its author's page lists it");
        assert_eq!(app.sql_count(crate::reader_pages::MISCOUNTED).await, 0, "and counts it");
        let published = page.attrs(".timestamps time", "datetime");
        let expected = app.app.store.story(id).await.unwrap().unwrap().scheduled_at.unwrap();
        assert_eq!(chrono::DateTime::parse_from_rfc3339(&published[0]).unwrap(), expected, "published at its scheduled time");
        assert!(app.get("/").await.body.contains("Night market opens on the corniche"), "the front page shows it at once");
    }

    async fn every_move_of_the_workflow_follows_the_role(app: TestApp) {
        let ids = ids(&app).await;
        let author = app.signed_in("aziz", Role::Author).await;
        let own = write_story(&app, &author, &ids, "An author's own story").await;
        let other_author = app.signed_in("bea", Role::Author).await;
        let theirs = write_story(&app, &other_author, &ids, "Someone else's story").await;
        let moves = [
            (&author, own, "unpublished", 403),
            (&author, own, "published", 303),
            (&author, own, "draft", 403),
            (&author, own, "unpublished", 303),
            (&author, own, "draft", 303),
            (&author, theirs, "published", 403),
            (&author, theirs, "in_review", 403),
            (&other_author, theirs, "in_review", 303),
        ];
        for (who, id, to, status) in moves {
            let moved = post_as(&app, who, &format!("/newsroom/stories/{id}/status"), &[("to", to)]).await;
            assert_eq!(moved.status, status, "story {id} to {to}");
        }
        let bogus = post_as(&app, &author, &format!("/newsroom/stories/{own}/status"), &[("to", "launched")]).await;
        assert_eq!(bogus.status, 400);
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let published = post_as(&app, &editor, &format!("/newsroom/stories/{theirs}/status"), &[("to", "published")]).await;
        assert_eq!(published.status, 303);
        let contributor_edit = post_as(&app, &contributor, &format!("/newsroom/stories/{theirs}"), &[("headline", "Changed"), ("intent", "save")]).await;
        assert_eq!(contributor_edit.status, 404, "to a contributor, others' stories are not there");
    }

    async fn a_refused_story_keeps_every_word_and_says_what_is_wrong(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let refused = post_as(&app, &editor, "/newsroom/stories", &[
            ("edition", "en"), ("headline", "   "), ("slug", "Not A Slug!"), ("body", "Keep these words."),
            ("section", ""), ("author_1", ""), ("lead_image", &ids.image), ("lead_alt", ""), ("intent", "save"),
        ]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(refused.texts("#story-headline-error"), vec!["Write a headline."]);
        assert!(refused.body.contains("Choose a section of this edition."));
        assert!(refused.body.contains("Give the story at least one author."));
        assert_eq!(refused.texts("#story-lead_alt-error"), vec!["Describe the picture for readers who cannot see it."]);
        assert!(refused.texts("#story-body")[0].contains("Keep these words."));
        assert_eq!(refused.attrs("#story-slug", "value"), vec!["Not A Slug!"]);
        let arabic_section = app.app.store.section(Lang::Ar, &Slug::parse("أخبار").unwrap()).await.unwrap().unwrap().id.to_string();
        let hind = app.app.store.author(&Slug::parse("hind-alrawi").unwrap()).await.unwrap().unwrap().id.to_string();
        let arabic = post_as(&app, &editor, "/newsroom/stories", &[
            ("edition", "ar"), ("headline", "افتتاح سوقٍ ليليّ على الكورنيش"), ("body", "نص"), ("section", &arabic_section),
            ("author_1", &hind), ("intent", "save"),
        ]).await;
        assert_eq!(arabic.status, 303);
        let id: i64 = arabic.header("location").trim_start_matches("/newsroom/stories/").split('?').next().unwrap().parse().unwrap();
        assert_eq!(app.app.store.story(id).await.unwrap().unwrap().slug, "افتتاح-سوق-ليلي-على-الكورنيش", "a readable Arabic slug");
        let preview = post_as(&app, &editor, "/newsroom/stories/preview", &[
            ("edition", "en"), ("headline", "Preview me"), ("body", "## A heading\n\nText."), ("section", &ids.news), ("author_1", &ids.layla),
        ]).await;
        assert_eq!(preview.texts(".article-body h2"), vec!["A heading"], "a server-rendered preview, nothing saved");
        assert!(app.app.store.story_list(&Default::default(), 100).await.unwrap().iter().all(|s| s.headline != "Preview me"));
    }

    async fn every_save_is_a_revision_compared_and_restored(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Bridge opens in spring").await;
        for headline in ["Bridge opens in early spring", "Bridge opens in March"] {
            let version = version_of(&app, id).await;
            let saved = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &[
                ("version", &version), ("headline", headline), ("body", BODY), ("section", &ids.news), ("author_1", &ids.layla), ("intent", "save"),
            ]).await;
            assert_eq!(saved.status, 303, "{}", saved.body);
        }
        let page = app.get_with(&format!("/newsroom/stories/{id}/revisions?a=1&b=3"), &[("cookie", &editor.cookie)]).await;
        assert_eq!(page.count(".revision-table tbody tr"), 3);
        assert!(page.texts(".revision-table tbody tr")[0].contains("edie (test)"));
        assert_eq!(page.texts(".diff-text del")[0], "spring");
        assert_eq!(page.texts(".diff-text ins")[0], "March");
        let restored = post_as(&app, &editor, &format!("/newsroom/stories/{id}/revisions/1/restore"), &[]).await;
        assert_eq!(restored.status, 303);
        let story = app.app.store.story(id).await.unwrap().unwrap();
        assert_eq!((story.version, story.headline.as_str()), (4, "Bridge opens in spring"), "restoring makes a new revision");
    }

    async fn two_editors_saving_the_same_story_do_not_overwrite_each_other(app: TestApp) {
        let ids = ids(&app).await;
        let first = app.signed_in("edie", Role::Editor).await;
        let second = app.signed_in("ed2", Role::Editor).await;
        let id = write_story(&app, &first, &ids, "Water levels rise").await;
        let opened = version_of(&app, id).await;
        let mine = post_as(&app, &first, &format!("/newsroom/stories/{id}"), &[
            ("version", &opened), ("headline", "Water levels rise by a metre"), ("body", BODY), ("section", &ids.news), ("author_1", &ids.layla), ("intent", "save"),
        ]).await;
        assert_eq!(mine.status, 303);
        let theirs = post_as(&app, &second, &format!("/newsroom/stories/{id}"), &[
            ("version", &opened), ("headline", "Water levels rise sharply"), ("body", "My own careful text."), ("section", &ids.news), ("author_1", &ids.layla), ("intent", "save"),
        ]).await;
        assert_eq!(theirs.status, 409);
        assert!(theirs.texts(".form-error")[0].contains("Someone else saved this story"));
        assert!(theirs.texts("#story-body")[0].contains("My own careful text."), "their text is kept");
        assert_eq!(app.app.store.story(id).await.unwrap().unwrap().headline, "Water levels rise by a metre");
    }

    async fn corrections_and_significant_updates_show_on_the_story(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Library hours change").await;
        post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "published")]).await;
        let article = "/article/library-hours-change";
        assert_eq!(app.get(article).await.attrs(".timestamps time", "datetime").len(), 1, "no Updated time yet");
        let minor = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &[
            ("version", &version_of(&app, id).await), ("headline", "Library hours change"), ("body", BODY), ("section", &ids.news), ("author_1", &ids.layla), ("intent", "save"),
        ]).await;
        assert_eq!(minor.status, 303);
        assert_eq!(app.get(article).await.attrs(".timestamps time", "datetime").len(), 1, "a minor fix changes no time");
        post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &[
            ("version", &version_of(&app, id).await), ("headline", "Library hours change"), ("body", BODY), ("section", &ids.news), ("author_1", &ids.layla), ("significant", "1"), ("intent", "save"),
        ]).await;
        assert_eq!(app.get(article).await.attrs(".timestamps time", "datetime").len(), 2, "a significant update shows Updated");
        let corrected = post_as(&app, &editor, &format!("/newsroom/stories/{id}/corrections"), &[("correction", "An earlier version gave the wrong closing time.")]).await;
        assert_eq!(corrected.status, 303);
        let page = app.get(article).await;
        assert_eq!(page.texts(".corrections h2"), vec!["Corrections"]);
        assert!(page.texts(".corrections li")[0].ends_with(": An earlier version gave the wrong closing time."));
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let refused = post_as(&app, &contributor, &format!("/newsroom/stories/{id}/corrections"), &[("correction", "Sneaky")]).await;
        assert_eq!(refused.status, 403);
    }

    async fn newsroom_forms_need_their_token_and_origin(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Token test").await;
        let no_token = app.post_form(&format!("/newsroom/stories/{id}/status"), &[("to", "published")], &[("cookie", &editor.cookie)]).await;
        assert_eq!(no_token.status, 403);
        let forged = app.post_form(&format!("/newsroom/stories/{id}/status"), &[("csrf", &editor.csrf), ("to", "published")], &[("cookie", &editor.cookie), ("origin", "https://evil.example")]).await;
        assert_eq!(forged.status, 403);
        assert_eq!(app.app.store.story(id).await.unwrap().unwrap().status, "draft");
        let expired = app.post_form(&format!("/newsroom/stories/{id}"), &[("headline", "Kept"), ("body", "Every word I wrote."), ("intent", "save")], &[]).await;
        assert_eq!(expired.status, 401, "a save without a session is refused");
        assert!(expired.texts("#kept-body")[0].contains("Every word I wrote."), "and keeps the text");
        for path in ["/newsroom/stories/new", "/newsroom/stories", "/newsroom/media", "/newsroom/users", "/newsroom/settings", "/newsroom/desk"] {
            assert_eq!(app.get(path).await.status, 303, "{path}: signing in comes first");
        }
    }

    async fn the_story_list_filters_and_searches(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        write_story(&app, &editor, &ids, "100% new: the tram returns").await;
        let cookie = [("cookie", editor.cookie.as_str())];
        let get = |query: &'static str| app.get_with(query, &cookie);
        let drafts = get("/newsroom?status=draft").await;
        assert_eq!(drafts.texts(".story-table .story-title"), vec!["100% new: the tram returns"]);
        let percent = get("/newsroom?q=100%25").await;
        assert_eq!(percent.count(".story-table tbody tr"), 1, "a % in the search is a percent sign");
        let arabic = get("/newsroom?edition=ar").await;
        assert!(arabic.count(".story-table tbody tr") >= 6);
        assert!(arabic.texts(".story-table .story-edition").iter().all(|e| e == "Arabic"));
        let everything = get("/newsroom").await;
        assert!(everything.count(".story-table tbody tr") >= 23);
    }

    async fn an_admin_invites_a_member_who_sets_a_password_once(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let invited = post_as(&app, &admin, "/newsroom/users/invite", &[("username", "newbie"), ("display_name", "New Bie"), ("role", "contributor")]).await;
        assert_eq!(invited.status, 200);
        let link = invited.texts(".invite-link")[0].clone();
        let path = link.trim_start_matches("http://dateline.test").to_owned();
        assert!(path.starts_with("/newsroom/welcome/"), "{link}");
        assert_eq!(app.post_form("/newsroom/login", &[("username", "newbie"), ("password", "")], &[]).await.status, 401);
        let short = app.post_form(&path, &[("password", "short"), ("again", "short")], &[]).await;
        assert_eq!(short.status, 422);
        assert_eq!(short.texts(".form-error"), vec!["Choose a password of at least 12 characters."]);
        let set = app.post_form(&path, &[("password", "a long new password"), ("again", "a long new password")], &[]).await;
        assert_eq!(set.status, 303);
        assert_eq!(app.get(&path).await.status, 404, "the link works once");
        let login = app.post_form("/newsroom/login", &[("username", "newbie"), ("password", "a long new password")], &[]).await;
        assert_eq!(login.status, 303);
        let people = app.get_with("/newsroom/users", &[("cookie", &login.cookie())]).await;
        assert_eq!(people.status, 403, "only admins manage people");
        assert!(people.body.contains("That is not part of your role"));
        let taken = post_as(&app, &admin, "/newsroom/users/invite", &[("username", "newbie"), ("role", "editor")]).await;
        assert_eq!(taken.status, 422);
        let newbie = app.app.store.users().await.unwrap().into_iter().find(|u| u.username == "newbie").unwrap().id.to_string();
        let promoted = post_as(&app, &admin, "/newsroom/users/role", &[("id", &newbie), ("role", "admin")]).await;
        assert_eq!(promoted.status, 303);
        assert_eq!(app.get_with("/newsroom/users", &[("cookie", &login.cookie())]).await.status, 303, "sessions end with a role change");
        let relogin = app.post_form("/newsroom/login", &[("username", "newbie"), ("password", "a long new password")], &[]).await;
        assert_eq!(app.get_with("/newsroom/users", &[("cookie", &relogin.cookie())]).await.status, 200, "now an admin");
        let own_id = app.app.store.users().await.unwrap().into_iter().find(|u| u.username == "ada").unwrap().id.to_string();
        let own = post_as(&app, &admin, "/newsroom/users/role", &[("id", &own_id), ("role", "contributor")]).await;
        assert_eq!(own.status, 422);
    }

    async fn editors_edit_static_pages_and_admins_the_site_settings(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let saved = post_as(&app, &editor, "/newsroom/pages/en/about", &[("title", "About the Courier"), ("body", "We are **new** here.")]).await;
        assert_eq!(saved.status, 200);
        let about = app.get("/page/about").await;
        assert_eq!(about.texts("h1"), vec!["About the Courier"]);
        assert_eq!(about.texts(".article-body strong"), vec!["new"]);
        assert_eq!(app.get_with("/newsroom/settings", &[("cookie", &editor.cookie)]).await.status, 403);
        let admin = app.signed_in("ada", Role::Admin).await;
        let bad = post_as(&app, &admin, "/newsroom/settings", &[
            ("name_en", "The Courier"), ("tagline_en", "t"), ("name_ar", "البريد"), ("tagline_ar", "ت"), ("time_zone", "Mars/Olympus"), ("base_url", "news.example.org"),
        ]).await;
        assert_eq!(bad.status, 422);
        assert_eq!(bad.count("#setting-time_zone-error"), 1);
        assert_eq!(bad.count("#setting-base_url-error"), 1);
        assert_eq!(bad.attrs("#setting-time_zone", "value"), vec!["Mars/Olympus"]);
        let good = post_as(&app, &admin, "/newsroom/settings", &[
            ("name_en", "The Courier"), ("tagline_en", "News of the valley"), ("name_ar", "البريد"), ("tagline_ar", "أخبار الوادي"), ("time_zone", "Europe/London"), ("base_url", "https://news.example.org/"),
        ]).await;
        assert_eq!(good.status, 200);
        let home = app.get("/").await;
        assert_eq!(home.texts(".masthead .brand"), vec!["The Courier"]);
        assert_eq!(home.attrs("link[rel=canonical]", "href"), vec!["https://news.example.org/"]);
    }

    async fn editors_keep_sections_authors_and_tags(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let desk = app.get_with("/newsroom/desk", &[("cookie", &editor.cookie)]).await;
        assert_eq!(desk.status, 200);
        assert_eq!(desk.attrs("select[name=photo] option[selected]", "value").len(), 7, "each author's portrait is chosen");
        let added = post_as(&app, &editor, "/newsroom/desk", &[("what", "add_section"), ("edition", "en"), ("name", "Opinion"), ("slug", "")]).await;
        assert_eq!(added.status, 303);
        assert_eq!(app.get("/section/opinion").await.status, 200);
        assert!(app.get("/").await.texts(".section-nav a").contains(&"Opinion".to_owned()), "the masthead shows it at once");
        let news = app.app.store.section(Lang::En, &Slug::parse("news").unwrap()).await.unwrap().unwrap().id.to_string();
        post_as(&app, &editor, "/newsroom/desk", &[("what", "rename_section"), ("id", &news), ("name", "Local news")]).await;
        assert_eq!(app.get("/section/news").await.texts("h1"), vec!["Local news"]);
        let author = post_as(&app, &editor, "/newsroom/desk", &[("what", "add_author"), ("name", "Mariam Aziz"), ("bio", "Courts and councils.")]).await;
        assert_eq!(author.status, 303);
        let page = app.get("/author/mariam-aziz").await;
        assert_eq!(page.texts("h1"), vec!["Mariam Aziz"]);
        assert_eq!(page.texts(".author-bio"), vec!["Courts and councils."]);
        let tag = post_as(&app, &editor, "/newsroom/desk", &[("what", "add_tag"), ("edition", "ar"), ("name", "مواصلات ليلية")]).await;
        assert_eq!(app.notice_after(&editor, &tag).await, vec!["Tag مواصلات ليلية added."]);
        let twice = post_as(&app, &editor, "/newsroom/desk", &[("what", "add_tag"), ("edition", "ar"), ("name", "مواصلات ليلية")]).await;
        assert_eq!(app.notice_after(&editor, &twice).await, vec!["Nothing changed: that tag exists already."]);
        let running = app.app.store.tag(Lang::En, &Slug::parse("running").unwrap()).await.unwrap().unwrap().id.to_string();
        let marathon = "/article/sahl-valley-marathon-draws-record-field";
        assert_eq!(app.get(marathon).await.attrs("a[href='/tag/running']", "href").len(), 1);
        post_as(&app, &editor, "/newsroom/desk", &[("what", "delete_tag"), ("id", &running)]).await;
        assert!(app.get(marathon).await.attrs("a[href='/tag/running']", "href").is_empty(), "the story no longer carries it");
        assert_eq!(app.get("/tag/running").await.status, 404);
        assert_eq!(app.sql_count(crate::reader_pages::MISCOUNTED).await, 0, "pages count what they list");
        let contributor = app.signed_in("casey", Role::Contributor).await;
        assert_eq!(app.get_with("/newsroom/desk", &[("cookie", &contributor.cookie)]).await.status, 403);
    }

    async fn a_contributor_cannot_reach_into_published_stories(app: TestApp) {
        let ids = ids(&app).await;
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let arabic = app.app.store.published_article_id(Lang::Ar, &Slug::parse("عودة-العبارة-إلى-نهر-سهل").unwrap()).await.unwrap().unwrap();
        let refused = post_as(&app, &contributor, "/newsroom/stories", &[
            ("edition", "en"), ("headline", "A hijack attempt"), ("body", "x"), ("section", &ids.news),
            ("author_1", &ids.layla), ("translation", &arabic.to_string()), ("intent", "save"),
        ]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(refused.texts("#story-translation ~ .field-error, .field-invalid .field-error").iter().filter(|e| e.contains("You may link only")).count(), 1);
        let page = app.get("/ar/article/%D8%B9%D9%88%D8%AF%D8%A9-%D8%A7%D9%84%D8%B9%D8%A8%D8%A7%D8%B1%D8%A9-%D8%A5%D9%84%D9%89-%D9%86%D9%87%D8%B1-%D8%B3%D9%87%D9%84").await;
        assert_eq!(page.count(".translation-switch"), 1, "the published pair is untouched");
        let editor = app.signed_in("edie", Role::Editor).await;
        let bad_photo = post_as(&app, &editor, "/newsroom/desk", &[("what", "add_author"), ("name", "Photo Less"), ("photo", "999999")]).await;
        assert_eq!(bad_photo.status, 303, "an unknown portrait is refused in words, not a 500");
        assert_eq!(app.notice_after(&editor, &bad_photo).await, vec!["Nothing changed: choose a portrait from the library."]);
        let id = write_story(&app, &editor, &ids, "Two editors, one click").await;
        let first = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "published")]).await;
        assert!(first.header("location").ends_with("notice=moved"));
        let unpublish = dateline_store::stories::StatusChange { id, from: dateline_domain::ArticleStatus::Published, to: dateline_domain::ArticleStatus::Unpublished, at: Utc::now(), scheduled_at: None, original_dates: None };
        app.app.store.move_story(unpublish, dateline_domain::Actor::System).await.unwrap();
        let stale = app.app.store.move_story(unpublish, dateline_domain::Actor::System).await;
        assert!(matches!(stale, Err(dateline_store::stories::StoryError::StatusChanged)), "a move from a status the story no longer has changes nothing");
    }
}
