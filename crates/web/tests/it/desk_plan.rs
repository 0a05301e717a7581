//! The desk's daily tools on the story list and beside it: bulk actions within each role's
//! rights, the planning view of the week by day on the site's clock, and notes on a story for
//! the newsroom only.

use crate::newsroom::{Ids, ids, post_as, write_story};
use crate::support::{Staff, TestApp, on_both_databases};
use chrono::{Datelike, Duration, Utc};
use dateline_domain::{Lang, Role, Slug};

async fn status_of(app: &TestApp, id: i64) -> String {
    app.app.store.story(id).await.unwrap().unwrap().status
}

async fn bulk(app: &TestApp, staff: &Staff, ids: &[i64], fields: &[(&str, &str)]) -> crate::support::Page {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut form: Vec<(&str, &str)> = ids.iter().map(|id| ("ids", id.as_str())).collect();
    form.extend_from_slice(fields);
    post_as(app, staff, "/newsroom/stories/bulk", &form).await
}

async fn three_stories(app: &TestApp, staff: &Staff, ids: &Ids) -> [i64; 3] {
    [
        write_story(app, staff, ids, "Bulk one: the tram").await,
        write_story(app, staff, ids, "Bulk two: the bridge").await,
        write_story(app, staff, ids, "Bulk three: the ferry").await,
    ]
}

on_both_databases! {
    async fn an_editor_moves_the_ticked_stories_at_once(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let stories = three_stories(&app, &editor, &ids).await;
        let list = app.get_with("/newsroom?q=Bulk", &[("cookie", &editor.cookie)]).await;
        assert_eq!(list.count("input[type=checkbox][name=ids][form=bulk-form]"), 3, "a box on every line");
        assert_eq!(list.attrs("#bulk-form input[name=back]", "value"), vec!["/newsroom?q=Bulk"]);

        let moved = bulk(&app, &editor, &stories[..2], &[("action", "in_review"), ("back", "/newsroom?q=Bulk")]).await;
        assert_eq!(moved.status, 303);
        assert!(moved.header("location").starts_with("/newsroom?q=Bulk&notice=bulk_done"), "back to the list as filtered");
        assert_eq!(app.notice_after(&editor, &moved).await[0], "2 stories changed.");
        assert_eq!(status_of(&app, stories[0]).await, "in_review");
        assert_eq!(status_of(&app, stories[1]).await, "in_review");
        assert_eq!(status_of(&app, stories[2]).await, "draft", "not ticked, not moved");

        let when = (Utc::now() + Duration::days(2)).format("%Y-%m-%dT%H:%M").to_string();
        let scheduled = bulk(&app, &editor, &stories, &[("action", "scheduled"), ("scheduled_at", &when)]).await;
        assert_eq!(app.notice_after(&editor, &scheduled).await[0], "3 stories changed.");
        for id in stories {
            assert_eq!(status_of(&app, id).await, "scheduled");
        }
        let past = (Utc::now() - Duration::days(2)).format("%Y-%m-%dT%H:%M").to_string();
        let refused = bulk(&app, &editor, &stories, &[("action", "scheduled"), ("scheduled_at", &past)]).await;
        assert_eq!(app.notice_after(&editor, &refused).await[0], "To schedule stories, give a time to come; nothing was changed.");

        let culture = app.app.store.section(Lang::En, &Slug::parse("culture").unwrap()).await.unwrap().unwrap().id.to_string();
        let arabic = app.app.store.section(Lang::Ar, &Slug::parse("أخبار").unwrap()).await.unwrap().unwrap().id.to_string();
        let sectioned = bulk(&app, &editor, &stories[..1], &[("action", "section"), ("section", &culture)]).await;
        assert_eq!(app.notice_after(&editor, &sectioned).await[0], "1 story changed.");
        let story = app.app.store.story(stories[0]).await.unwrap().unwrap();
        assert_eq!(story.section_id.to_string(), culture);
        assert_eq!(story.version, 2, "a section change is a revision like any save");
        let wrong_edition = bulk(&app, &editor, &stories[1..2], &[("action", "section"), ("section", &arabic)]).await;
        assert!(app.notice_after(&editor, &wrong_edition).await[0].starts_with("1 story was left as it was"));

        let twice = bulk(&app, &editor, &[stories[0], stories[0]], &[("action", "draft")]).await;
        assert_eq!(app.notice_after(&editor, &twice).await[0], "1 story changed.", "a story ticked twice is one story");
        let archive: Vec<i64> = (1..=201).collect();
        let too_many = bulk(&app, &editor, &archive, &[("action", "draft")]).await;
        assert_eq!(app.notice_after(&editor, &too_many).await[0], "Change at most 200 stories at once; nothing was changed.");

        let nothing = bulk(&app, &editor, &[], &[("action", "in_review")]).await;
        assert_eq!(app.notice_after(&editor, &nothing).await[0], "Tick the stories to change first.");
        let elsewhere = bulk(&app, &editor, &stories[..1], &[("action", "draft"), ("back", "https://evil.example/")]).await;
        assert!(elsewhere.header("location").starts_with("/newsroom?notice="), "never back to another site");
    }

    async fn a_contributor_moves_only_what_their_role_allows(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let theirs = write_story(&app, &editor, &ids, "An editor's story").await;
        let mine = write_story(&app, &contributor, &ids, "My own story").await;
        let published = bulk(&app, &contributor, &[mine, theirs], &[("action", "published")]).await;
        assert!(app.notice_after(&contributor, &published).await[0].starts_with("2 stories were left as they were"));
        assert_eq!((status_of(&app, mine).await, status_of(&app, theirs).await), ("draft".into(), "draft".into()));
        let submitted = bulk(&app, &contributor, &[mine, theirs], &[("action", "in_review")]).await;
        assert!(app.notice_after(&contributor, &submitted).await[0].starts_with("1 story was left as it was"));
        assert_eq!((status_of(&app, mine).await, status_of(&app, theirs).await), ("in_review".into(), "draft".into()));
    }

    async fn the_plan_shows_the_week_by_day_on_the_sites_clock(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let stories = three_stories(&app, &editor, &ids).await;
        // Two days ahead at 09:30 on the site's clock (the demo's zone is not UTC).
        let zone: chrono_tz::Tz = app.app.store.site_settings().await.unwrap().unwrap().time_zone.parse().unwrap();
        let day = (Utc::now().with_timezone(&zone) + Duration::days(2)).date_naive();
        let when = format!("{}T09:30", day.format("%Y-%m-%d"));
        post_as(&app, &editor, &format!("/newsroom/stories/{}/status", stories[0]), &[("to", "scheduled"), ("scheduled_at", &when)]).await;
        post_as(&app, &editor, &format!("/newsroom/stories/{}/status", stories[1]), &[("to", "in_review")]).await;
        let week = day.format("%Y-%m-%d").to_string();
        let plan = app.get_with(&format!("/newsroom/planning?week={week}"), &[("cookie", &editor.cookie)]).await;
        assert_eq!(plan.status, 200);
        assert_eq!(plan.count(".plan-day"), 7, "Monday to Sunday");
        let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        assert_eq!(plan.attrs(".plan-day h2 time", "datetime")[0], monday.format("%Y-%m-%d").to_string());
        let that_day = plan
            .html()
            .select(&scraper::Selector::parse(".plan-day").unwrap())
            .find(|day_box| day_box.select(&scraper::Selector::parse("time").unwrap()).any(|t| t.value().attr("datetime") == Some(week.as_str())))
            .map(|day_box| day_box.text().collect::<String>())
            .expect("the day");
        assert!(that_day.contains("09:30") && that_day.contains("Bulk one: the tram") && that_day.contains("scheduled"), "{that_day}");
        assert_eq!(plan.texts(".plan-review li a"), vec!["Bulk two: the bridge"], "waiting for review, beside the week");
        let next = plan.attrs("a[rel=next]", "href")[0].clone();
        let following = app.get_with(&next, &[("cookie", &editor.cookie)]).await;
        assert!(!following.body.contains("Bulk one: the tram"), "the week after does not hold it");
        let nonsense = app.get_with("/newsroom/planning?week=not-a-day", &[("cookie", &editor.cookie)]).await;
        assert_eq!(nonsense.status, 200, "an address that names no day shows this week");
        assert_eq!(nonsense.count(".plan-today"), 1);
        // A contributor's plan holds their own stories only.
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let theirs = app.get_with(&format!("/newsroom/planning?week={week}"), &[("cookie", &contributor.cookie)]).await;
        assert!(!theirs.body.contains("Bulk one: the tram"));
    }

    async fn notes_on_a_story_are_for_the_newsroom_only(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Notes: the dam").await;
        let added = post_as(&app, &editor, &format!("/newsroom/stories/{id}/notes"), &[("note", "Waiting for the ministry's figures <b>today</b>.")]).await;
        assert_eq!(app.notice_after(&editor, &added).await[0], "Note added.");
        let empty = post_as(&app, &editor, &format!("/newsroom/stories/{id}/notes"), &[("note", "   ")]).await;
        assert_eq!(app.notice_after(&editor, &empty).await[0], "Write the note first; nothing was added.");
        let page = app.get_with(&format!("/newsroom/stories/{id}"), &[("cookie", &editor.cookie)]).await;
        assert_eq!(page.texts(".note-body"), vec!["Waiting for the ministry's figures <b>today</b>."], "shown as typed");
        assert_eq!(page.texts(".note-meta span"), vec!["edie (test)"]);
        let long = "x".repeat(dateline_service::MAX_NOTE_CHARS + 1);
        let refused = post_as(&app, &editor, &format!("/newsroom/stories/{id}/notes"), &[("note", &long)]).await;
        assert_eq!(refused.status, 400);
        // A contributor cannot leave notes on, or read, someone else's story.
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let stranger = post_as(&app, &contributor, &format!("/newsroom/stories/{id}/notes"), &[("note", "Mine")]).await;
        assert_eq!(stranger.status, 404);
        post_as(&app, &editor, &format!("/newsroom/stories/{id}/status"), &[("to", "published")]).await;
        let article = app.get("/article/notes-the-dam").await;
        assert_eq!(article.status, 200);
        assert!(!article.body.contains("ministry"), "readers never see notes");
        assert_eq!(app.sql_count("SELECT id FROM story_notes").await, 1);
    }
}
