//! "Do you like this article?": one answer per reader per story, changeable, counted durably,
//! shown to the reader after answering, safe from forged forms and floods.

use crate::support::{AR_PAIRED, EN_PAIRED, on_both_databases};

fn reaction_path(article: &str) -> String {
    format!("{article}/reaction")
}

on_both_databases! {
    async fn every_reader_is_asked_and_nobody_sees_a_tally_before_answering(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let page = app.get(&article).await;
        assert_eq!(page.texts("#reaction h2"), vec!["Do you like this article?"]);
        assert_eq!(page.attrs("#reaction form", "action"), vec![reaction_path(&article)]);
        assert_eq!(page.attrs("#reaction form", "method"), vec!["post"]);
        assert_eq!(page.texts("#reaction button[name=vote]"), vec!["Yes", "No"]);
        assert_eq!(page.attrs("#reaction button[aria-pressed=true]", "value"), Vec::<String>::new());
        assert_eq!(page.count(".reaction-result[hidden]"), 1);
        assert_eq!(page.attrs("script[src]", "src").len(), 1, "the enhancement script is linked, not inlined");
    }

    async fn a_vote_without_javascript_returns_to_the_question_with_the_tally(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let vote = app.post_form(&reaction_path(&article), &[("vote", "yes")], &[]).await;
        assert_eq!(vote.status, 303);
        assert_eq!(vote.header("location"), format!("{article}/mine#reaction"));
        let cookie = vote.cookie();
        assert!(cookie.starts_with("dl_reader="), "{cookie}");
        assert!(vote.header("set-cookie").contains("HttpOnly"));
        let marks: Vec<_> = vote.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        assert!(
            marks.iter().any(|mark| mark.starts_with("dl_mine=1;") && !mark.contains("HttpOnly")),
            "the page's script can tell the reader has something of their own: {marks:?}"
        );
        let page = app.get_with(&format!("{article}/mine"), &[("cookie", &cookie)]).await;
        assert_eq!(page.attrs("#reaction button[aria-pressed=true]", "value"), vec!["yes"]);
        assert_eq!(page.texts(".reaction-result"), vec!["Thank you for answering. Readers so far: 1 yes, 0 no."]);
        assert_eq!(page.count(".reaction-result[hidden]"), 0);
    }

    async fn a_reader_has_one_vote_and_may_change_it(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let first = app.post_form(&reaction_path(&article), &[("vote", "yes")], &[]).await;
        let cookie = first.cookie();
        let again = app.post_form(&reaction_path(&article), &[("vote", "no")], &[("cookie", &cookie)]).await;
        assert_eq!(again.status, 303);
        assert!(again.header("set-cookie").is_empty(), "the reader keeps their identity");
        let other_reader = app.post_form(&reaction_path(&article), &[("vote", "no")], &[]).await;
        assert_eq!(other_reader.status, 303);
        let page = app.get_with(&format!("{article}/mine"), &[("cookie", &cookie)]).await;
        assert_eq!(page.attrs("#reaction button[aria-pressed=true]", "value"), vec!["no"]);
        assert_eq!(page.texts(".reaction-result"), vec!["Thank you for answering. Readers so far: 0 yes, 2 no."]);
    }

    async fn a_vote_with_javascript_gets_the_tally_as_json(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let vote = app.post_form(&reaction_path(&article), &[("vote", "no")], &[("accept", "application/json")]).await;
        assert_eq!(vote.status, 200);
        let tally: serde_json::Value = serde_json::from_str(&vote.body).expect("JSON");
        assert_eq!(tally["yes"], 0);
        assert_eq!(tally["no"], 1);
        assert_eq!(tally["mine"], "no");
        assert_eq!(tally["message"], "Thank you for answering. Readers so far: 0 yes, 1 no.");
    }

    async fn arabic_readers_get_the_tally_in_arabic(app: TestApp) {
        let article = format!("/ar/article/{AR_PAIRED}");
        let page = app.get(&article).await;
        assert_eq!(page.texts("#reaction h2"), vec!["هل أعجبك هذا المقال؟"]);
        let action = page.attrs("#reaction form", "action");
        let vote = app.post_form(&action[0], &[("vote", "yes")], &[("accept", "application/json")]).await;
        let tally: serde_json::Value = serde_json::from_str(&vote.body).expect("JSON");
        assert_eq!(tally["message"], "شكرًا على إجابتك. آراء القراء حتى الآن: ١ نعم، ٠ لا.");
    }

    async fn the_shared_page_stays_the_same_for_everyone_else(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let before = app.get(&article).await;
        app.post_form(&reaction_path(&article), &[("vote", "yes")], &[]).await;
        let after = app.get(&article).await;
        assert_eq!(before.body, after.body, "an anonymous reader still gets the cached page");
        assert_eq!(before.header("etag"), after.header("etag"));
    }

    async fn forged_forms_are_refused_and_change_nothing(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let forged = app.post_form(&reaction_path(&article), &[("vote", "yes")], &[("origin", "https://evil.example")]).await;
        assert_eq!(forged.status, 403);
        assert!(forged.body.contains("That form came from somewhere else"));
        let counted = app.post_form(&reaction_path(&article), &[("vote", "no")], &[("accept", "application/json")]).await;
        let tally: serde_json::Value = serde_json::from_str(&counted.body).expect("JSON");
        assert_eq!((tally["yes"].as_i64(), tally["no"].as_i64()), (Some(0), Some(1)), "the forged vote was not counted");
    }

    async fn bad_votes_get_clear_answers(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let maybe = app.post_form(&reaction_path(&article), &[("vote", "maybe")], &[]).await;
        assert_eq!(maybe.status, 400);
        assert!(maybe.body.contains("the answer must be yes or no"));
        let empty = app.post_form(&reaction_path(&article), &[], &[]).await;
        assert!((400..500).contains(&empty.status), "{}", empty.status);
        let nowhere = app.post_form("/article/no-such-story/reaction", &[("vote", "yes")], &[]).await;
        assert_eq!(nowhere.status, 404);
        let crossed = app.post_form(&format!("/ar/article/{EN_PAIRED}/reaction"), &[("vote", "yes")], &[]).await;
        assert_eq!(crossed.status, 404, "a story is voted on in its own edition");
    }

    async fn a_flood_of_votes_from_one_address_is_throttled(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        for n in 1..=20 {
            let vote = app.post_form(&reaction_path(&article), &[("vote", "yes")], &[]).await;
            assert_eq!(vote.status, 303, "vote {n} is accepted");
        }
        let flood = app.post_form(&reaction_path(&article), &[("vote", "yes")], &[]).await;
        assert_eq!(flood.status, 429);
        assert!(flood.body.contains("Please slow down"));
        let store = &app.app.store;
        let id = app.paired_story_id().await;
        let tally = store.reaction_tally(id, None).await.expect("tally");
        assert_eq!(tally.yes, 20, "every accepted vote was stored, the throttled one was not");
    }
}
