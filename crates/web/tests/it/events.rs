//! The events table: every change leaves one record, in the same transaction as its rows, and
//! whatever wrote it (the newsroom, a command, another node) this node's pages and search follow.

use crate::newsroom::{ids, post_as, version_of, write_story};
use crate::support::{TestApp, eventually, on_both_databases};
use dateline_domain::{Actor, Event, EventKind, Lang, PageTag, Role, Slug};

/// The events written since `after`.
async fn events_since(app: &TestApp, after: i64) -> Vec<Event> {
    app.app
        .store
        .events_after(after, 1_000)
        .await
        .expect("read events")
}

async fn last_event(app: &TestApp) -> i64 {
    app.app.store.last_event_id().await.expect("last event")
}

/// The one event written since `after`, which must be of `kind`.
async fn only_event(app: &TestApp, after: i64, kind: EventKind) -> Event {
    let events = events_since(app, after).await;
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        vec![Some(kind)],
        "exactly one {kind} event"
    );
    events.into_iter().next().expect("one event")
}

/// Makes the events table refuse every new row, as a full disk or a broken connection
/// would refuse the last statement of a transaction.
async fn refuse_events(app: &TestApp) {
    match app.database {
        crate::support::TestDatabase::Sqlite(_) => {
            app.sql("CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'events refused'); END;")
                .await
        }
        crate::support::TestDatabase::Postgres { .. } => {
            app.sql(
                "CREATE FUNCTION refuse_events() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'events refused'; END $$ LANGUAGE plpgsql;
                 CREATE TRIGGER refuse_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_events();",
            )
            .await
        }
    }
}

async fn accept_events(app: &TestApp) {
    match app.database {
        crate::support::TestDatabase::Sqlite(_) => app.sql("DROP TRIGGER refuse_events").await,
        crate::support::TestDatabase::Postgres { .. } => {
            app.sql("DROP TRIGGER refuse_events ON events").await
        }
    }
}

on_both_databases! {
    async fn each_newsroom_change_leaves_one_event_naming_what_it_touched(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let editor_id = app.app.store.password_hash("edie").await.unwrap().unwrap().0;
        let news: i64 = ids.news.parse().unwrap();
        let layla: i64 = ids.layla.parse().unwrap();

        let before = last_event(&app).await;
        let id = write_story(&app, &editor, &ids, "Ferry timetable grows a night crossing").await;
        let created = only_event(&app, before, EventKind::StoryCreated).await;
        assert_eq!(created.story_id, Some(id));
        assert_eq!(created.actor, Some(Actor::Member(editor_id)));
        assert_eq!(created.tags, vec![PageTag::Story(id)], "a draft is on no reader's page");

        let before = last_event(&app).await;
        let moved = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "published")]).await;
        assert_eq!(moved.status, 303);
        let published = only_event(&app, before, EventKind::StoryPublished).await;
        for tag in [PageTag::Story(id), PageTag::Edition(Lang::En), PageTag::Section(news), PageTag::Author(layla)] {
            assert!(published.tags.contains(&tag), "publishing touches {tag}: {:?}", published.tags);
        }

        let before = last_event(&app).await;
        let version = version_of(&app, id).await;
        let saved = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &[
            ("headline", "Ferry timetable adds a night crossing"), ("slug", "ferry-timetable-grows-a-night-crossing"),
            ("body", "From Friday."), ("section", &ids.news), ("author_1", &ids.layla), ("comments", "open"),
            ("version", &version), ("intent", "save"),
        ]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let edited = only_event(&app, before, EventKind::StoryEdited).await;
        assert!(edited.tags.contains(&PageTag::Edition(Lang::En)), "a published story's lists show the new headline");

        let before = last_event(&app).await;
        let corrected = post_as(&app, &editor, &format!("/newsroom/stories/{id}/corrections"), &[("correction", "The crossing is at 22:00.")]).await;
        assert_eq!(corrected.status, 303);
        only_event(&app, before, EventKind::StoryCorrected).await;

        let before = last_event(&app).await;
        let restored = post_as(&app, &editor, &format!("/newsroom/stories/{id}/revisions/1/restore"), &[]).await;
        assert_eq!(restored.status, 303);
        only_event(&app, before, EventKind::StoryRestored).await;

        let before = last_event(&app).await;
        let unpublished = post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "unpublished")]).await;
        assert_eq!(unpublished.status, 303);
        let gone = only_event(&app, before, EventKind::StoryUnpublished).await;
        assert!(gone.tags.contains(&PageTag::Edition(Lang::En)), "the lists that showed it drop it");

        let before = last_event(&app).await;
        let article = format!("/article/{}", crate::support::EN_PAIRED);
        let held = app.comment(&article, "Nour", "nour@example.org", "Will the night ferry carry bicycles?").await;
        let comment_id = TestApp::comment_id(&held);
        let submitted = only_event(&app, before, EventKind::CommentHeld).await;
        assert_eq!(submitted.subject_id, Some(comment_id));
        assert_eq!(submitted.actor, Some(Actor::Reader));
        assert!(submitted.tags.is_empty(), "a held comment shows on no shared page");

        let before = last_event(&app).await;
        let decided = post_as(&app, &editor, "/newsroom/moderation/decide", &[("ids", &comment_id.to_string()), ("action", "approve")]).await;
        assert_eq!(decided.status, 303);
        let approved = only_event(&app, before, EventKind::CommentApproved).await;
        let story = submitted.story_id.expect("the comment's story");
        assert_eq!(approved.tags, vec![PageTag::Comments(story)], "only the story's comments change");

        let admin = app.signed_in("ada", Role::Admin).await;
        let before = last_event(&app).await;
        let settings = post_as(&app, &admin, "/newsroom/settings", &[
            ("name_en", "The Valley Courier"), ("tagline_en", "News of the valley"), ("name_ar", "صحيفة الوادي"),
            ("tagline_ar", "أخبار الوادي"), ("time_zone", "Asia/Baghdad"), ("base_url", "http://dateline.test"),
        ]).await;
        assert_eq!(settings.status, 200, "{}", settings.body);
        let changed = only_event(&app, before, EventKind::SiteSettingsChanged).await;
        assert_eq!(changed.tags, vec![PageTag::Site], "every page shows the masthead");
    }

    async fn every_page_shows_a_settings_change_at_once(app: TestApp) {
        // Pages read first: each edition's masthead and sections are kept between pages.
        for path in ["/", "/ar/"] {
            assert_eq!(app.get(path).await.status, 200);
        }
        let admin = app.signed_in("ada", Role::Admin).await;
        let settings = post_as(&app, &admin, "/newsroom/settings", &[
            ("name_en", "The Valley Courier"), ("tagline_en", "News of the valley"), ("name_ar", "صحيفة الوادي"),
            ("tagline_ar", "أخبار الوادي"), ("time_zone", "Asia/Baghdad"), ("base_url", "http://dateline.test"),
        ]).await;
        assert_eq!(settings.status, 200, "{}", settings.body);
        assert!(app.get("/").await.body.contains("The Valley Courier"));
        assert!(app.get("/ar/").await.body.contains("صحيفة الوادي"));
    }

    async fn a_refused_write_leaves_no_event(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Bridge lights switch to solar").await;
        let before = last_event(&app).await;
        let taken = post_as(&app, &editor, "/newsroom/stories", &[
            ("edition", "en"), ("headline", "Bridge lights switch to solar"), ("slug", ""), ("body", "Again."),
            ("section", &ids.news), ("author_1", &ids.layla), ("comments", "open"), ("intent", "save"),
        ]).await;
        assert_eq!(taken.status, 422, "the slug is taken");
        let stale = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &[
            ("headline", "Bridge lights go solar"), ("slug", "bridge-lights-switch-to-solar"), ("body", "Late."),
            ("section", &ids.news), ("author_1", &ids.layla), ("comments", "open"), ("version", "0"), ("intent", "save"),
        ]).await;
        assert_eq!(stale.status, 409, "saved on top of an older version");
        let moved_twice = app.app.store.move_story(dateline_store::stories::StatusChange {
            id,
            from: dateline_domain::ArticleStatus::Published,
            to: dateline_domain::ArticleStatus::Unpublished,
            at: chrono::Utc::now(),
            scheduled_at: None,
            original_dates: None,
        }, Actor::System).await;
        assert!(moved_twice.is_err(), "a draft is not unpublished");
        assert_eq!(events_since(&app, before).await, Vec::new(), "nothing happened, and nothing is recorded");
    }

    async fn a_write_whose_event_cannot_be_recorded_leaves_no_row(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let before = last_event(&app).await;
        refuse_events(&app).await;
        let refused = post_as(&app, &editor, "/newsroom/stories", &[
            ("edition", "en"), ("headline", "Orchard owners plant a thousand palms"), ("slug", ""), ("body", "Text."),
            ("section", &ids.news), ("author_1", &ids.layla), ("comments", "open"), ("intent", "save"),
        ]).await;
        assert_eq!(refused.status, 500);
        let stories = app.app.store.story_list(&Default::default(), 500).await.unwrap();
        assert!(stories.iter().all(|s| s.headline != "Orchard owners plant a thousand palms"), "no story without its event");
        let comment = app.comment(&format!("/article/{}", crate::support::EN_PAIRED), "Sami", "sami@example.org", "A comment with no record.").await;
        assert_eq!(comment.status, 500);
        let pending = app.app.store.queue(dateline_store::moderation::Queue::Pending, 100, 0).await.unwrap();
        assert!(pending.is_empty(), "no comment without its event");
        assert_eq!(events_since(&app, before).await, Vec::new());

        accept_events(&app).await;
        let id = write_story(&app, &editor, &ids, "Orchard owners plant a thousand palms").await;
        assert_eq!(only_event(&app, before, EventKind::StoryCreated).await.story_id, Some(id));
    }

    async fn a_write_made_behind_the_servers_back_reaches_its_pages_and_search(app: TestApp) {
        // A command beside the server (an import, a script) writes to the store directly.
        let ferry = format!("/article/{}", crate::support::EN_PAIRED);
        assert_eq!(app.get(&ferry).await.status, 200);
        assert_eq!(app.get(&ferry).await.header("x-cache"), "hit");
        let id = app.app.store.published_article_id(Lang::En, &Slug::parse(crate::support::EN_PAIRED).unwrap()).await.unwrap().unwrap();
        app.app.store.move_story(dateline_store::stories::StatusChange {
            id,
            from: dateline_domain::ArticleStatus::Published,
            to: dateline_domain::ArticleStatus::Unpublished,
            at: chrono::Utc::now(),
            scheduled_at: None,
            original_dates: None,
        }, Actor::System).await.unwrap();
        eventually(5, "the unpublished story's cached page is forgotten", || async {
            app.get(&ferry).await.status == 404
        }).await;
        eventually(5, "the unpublished story leaves the search index", || async {
            !app.get("/search?q=ferry").await.body.contains(crate::support::EN_PAIRED)
        }).await;
    }
}

/// A newsroom form posted to a path, and the event it must leave with the first tag it carries.
type Step = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    EventKind,
    Option<PageTag>,
);

on_both_databases! {
    async fn the_desk_pages_moderators_and_admins_leave_their_events_too(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let ferry = format!("/article/{}", crate::support::EN_PAIRED);
        let steps: Vec<Step> = vec![
            ("/newsroom/desk", vec![("what", "add_section"), ("edition", "en"), ("name", "Opinion"), ("slug", "")], EventKind::SectionAdded, Some(PageTag::Site)),
            ("/newsroom/desk", vec![("what", "add_author"), ("name", "Mariam Aziz"), ("bio", "Courts.")], EventKind::AuthorAdded, Some(PageTag::Site)),
            ("/newsroom/pages/en/about", vec![("title", "About us"), ("body", "We report.")], EventKind::StaticPageSaved, Some(PageTag::Site)),
            ("/newsroom/moderation/settings", vec![("mode", "first_time_only"), ("link_limit", "3"), ("auto_close_days", "")], EventKind::ModerationRulesChanged, Some(PageTag::Site)),
            ("/newsroom/moderation/ban", vec![("kind", "domain"), ("target", "troll@nasty.example"), ("days", "")], EventKind::CommenterBanned, None),
            ("/newsroom/moderation/ban", vec![("kind", "email"), ("target", "hot@example.org"), ("days", "3")], EventKind::CommenterSuspended, None),
            ("/newsroom/users/invite", vec![("username", "newbie"), ("display_name", "New Bie"), ("role", "contributor")], EventKind::MemberAdded, None),
            ("/newsroom/language", vec![("lang", "ar")], EventKind::MemberLanguageChosen, None),
        ];
        for (path, fields, kind, tag) in steps {
            let before = last_event(&app).await;
            let answer = post_as(&app, &admin, path, &fields).await;
            assert!(answer.status < 400, "{path}: {} {}", answer.status, answer.body);
            let events = events_since(&app, before).await;
            let event = events.iter().find(|e| e.kind == Some(kind)).unwrap_or_else(|| panic!("{path} leaves {kind}: {events:?}"));
            assert_eq!(event.actor, Some(Actor::Member(app.app.store.password_hash("ada").await.unwrap().unwrap().0)));
            assert_eq!(event.tags.first().copied(), tag, "{kind}");
        }
        let newbie = app.app.store.users().await.unwrap().into_iter().find(|u| u.username == "newbie").unwrap().id;
        let before = last_event(&app).await;
        post_as(&app, &admin, "/newsroom/users/role", &[("id", &newbie.to_string()), ("role", "editor")]).await;
        assert_eq!(only_event(&app, before, EventKind::MemberRoleChanged).await.subject_id, Some(newbie));

        let before = last_event(&app).await;
        post_as(&app, &admin, "/newsroom/users/active", &[("id", &newbie.to_string()), ("active", "0")]).await;
        assert_eq!(only_event(&app, before, EventKind::MemberDeactivated).await.subject_id, Some(newbie));
        let before = last_event(&app).await;
        post_as(&app, &admin, "/newsroom/users/active", &[("id", &newbie.to_string()), ("active", "1")]).await;
        assert_eq!(only_event(&app, before, EventKind::MemberReactivated).await.subject_id, Some(newbie));
        let (bans, _) = app.app.store.bans("hot@example.org", chrono::Utc::now(), 1).await.unwrap();
        let before = last_event(&app).await;
        post_as(&app, &admin, &format!("/newsroom/moderation/bans/{}/lift", bans[0].id), &[]).await;
        assert_eq!(only_event(&app, before, EventKind::CommenterBanLifted).await.subject_id, Some(bans[0].id));

        let posted = app.comment(&ferry, "Mona", "mona@example.org", "Reported later, and then erased.").await;
        let id = TestApp::comment_id(&posted);
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &id.to_string()), ("action", "approve")]).await;
        let before = last_event(&app).await;
        let reported = app.post_form(&format!("{ferry}/comments/{id}/report"), &[("reason", "Off topic")], &[]).await;
        assert_eq!(reported.status, 303);
        assert_eq!(only_event(&app, before, EventKind::CommentReported).await.actor, Some(Actor::Reader));
        let before = last_event(&app).await;
        post_as(&app, &admin, "/newsroom/moderation/erase", &[("email", "mona@example.org")]).await;
        let erased = only_event(&app, before, EventKind::CommenterErased).await;
        let story = app.app.store.published_article_id(Lang::En, &Slug::parse(crate::support::EN_PAIRED).unwrap()).await.unwrap().unwrap();
        assert_eq!(erased.tags, vec![PageTag::Comments(story)], "the pages that showed their comments");
    }
}
