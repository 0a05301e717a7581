//! Moderators at work: signing in, the queues, decisions (logged), bans, the rules' settings,
//! and a commenter's data exported or erased.

use crate::newsroom::post_as;
use crate::support::{AR_PAIRED, EN_PAIRED, Staff, TestApp, on_both_databases};
use dateline_domain::Role;

fn article() -> String {
    format!("/article/{EN_PAIRED}")
}

async fn queue(app: &TestApp, staff: &Staff, name: &str) -> crate::support::Page {
    app.get_with(
        &format!("/newsroom/moderation?queue={name}"),
        &[("cookie", &staff.cookie)],
    )
    .await
}

on_both_databases! {
    async fn the_newsroom_asks_for_a_sign_in(app: TestApp) {
        let page = app.get("/newsroom/moderation").await;
        assert_eq!(page.status, 303);
        assert_eq!(page.header("location"), "/newsroom/login");
        let login = app.get("/newsroom/login").await;
        assert_eq!(login.status, 200);
        assert_eq!(login.count("input[name=password][type=password]"), 1);
        let wrong = app.post_form("/newsroom/login", &[("username", "admin"), ("password", "guess")], &[]).await;
        assert_eq!(wrong.status, 401);
        assert_eq!(wrong.texts(".form-error"), vec!["That username and password do not match."]);
        assert_eq!(wrong.attrs("#login-username", "value"), vec!["admin"], "the username is kept");
        assert!(wrong.header("set-cookie").is_empty());
    }

    async fn guesses_from_one_address_are_limited(app: TestApp) {
        for _ in 0..5 {
            let wrong = app.post_form("/newsroom/login", &[("username", "admin"), ("password", "guess")], &[]).await;
            assert_eq!(wrong.status, 401);
        }
        let blocked = app.post_form("/newsroom/login", &[("username", "admin"), ("password", "guess")], &[]).await;
        assert_eq!(blocked.status, 429);
        assert_eq!(blocked.texts(".form-error"), vec!["Too many sign-in attempts. Please wait 15 minutes and try again."]);
    }

    async fn only_editors_and_admins_moderate(app: TestApp) {
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let page = app.get_with("/newsroom/moderation", &[("cookie", &contributor.cookie)]).await;
        assert_eq!(page.status, 403);
        let editor = app.signed_in("edie", Role::Editor).await;
        assert_eq!(app.get_with("/newsroom/moderation", &[("cookie", &editor.cookie)]).await.status, 200);
        assert!(editor.cookie.starts_with("dl_session="));
    }

    async fn a_moderator_finds_a_held_comment_with_its_reason_and_publishes_it(app: TestApp) {
        let sent = app.comment(&article(), "Layla R.", "layla.r@example.org", "The ferry timetable works for shift workers.").await;
        let id = TestApp::comment_id(&sent);
        let editor = app.signed_in("edie", Role::Editor).await;
        let pending = queue(&app, &editor, "pending").await;
        assert_eq!(pending.texts(".queue-tabs a[aria-current=page]"), vec!["Pending 1"]);
        let item = format!("#queue-{id}");
        assert_eq!(pending.texts(&format!("{item} .queue-author")), vec!["Layla R."]);
        assert_eq!(pending.texts(&format!("{item} .queue-email")), vec!["layla.r@example.org"]);
        assert_eq!(pending.texts(&format!("{item} .queue-rule")), vec!["Why it is here: It is this commenter's first comment."], "in words, not a rule code");
        assert!(pending.texts(&format!("{item} .queue-meta"))[0].contains("0 published, 0 rejected"));
        assert_eq!(pending.texts(&format!("{item} .queue-address")).len(), 1);
        let approved = post_as(&app, &editor, "/newsroom/moderation/decide", &[("ids", &id.to_string()), ("action", "approve"), ("queue", "pending")]).await;
        assert_eq!(approved.status, 303);
        let reader_view = app.get(&article()).await;
        assert_eq!(reader_view.texts("#comments-heading"), vec!["1 Comment"]);
        assert_eq!(reader_view.count(&format!("#comment-{id}")), 1);
        let log = app.get_with("/newsroom/moderation/log", &[("cookie", &editor.cookie)]).await;
        let first_row = log.texts(".log-table tbody tr");
        assert!(first_row[0].contains("edie (test)") && first_row[0].contains("approve"), "{first_row:?}");
    }

    async fn rejecting_takes_a_reason_and_bulk_actions_take_many(app: TestApp) {
        let a = TestApp::comment_id(&app.comment(&article(), "A", "a@example.org", "First one.").await);
        let b = TestApp::comment_id(&app.comment(&article(), "B", "b@example.org", "Second one.").await);
        let c = TestApp::comment_id(&app.comment(&article(), "C", "c@example.org", "Third one.").await);
        let admin = app.signed_in("ada", Role::Admin).await;
        let rejected = post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &c.to_string()), ("action", "reject"), ("preset", "off_topic")]).await;
        assert_eq!(rejected.status, 303);
        // A preset reason reaches a reader of the Arabic edition in Arabic, whatever language
        // the moderator works in.
        let arabic = TestApp::comment_id(&app.comment(&format!("/ar/article/{AR_PAIRED}"), "سلمى", "salma@example.org", "تعليق خارج الموضوع.").await);
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &arabic.to_string()), ("action", "reject"), ("preset", "off_topic")]).await;
        let refused = app.app.store.queue(dateline_store::moderation::Queue::Rejected, 10, 0).await.unwrap();
        let told = |id: i64| refused.iter().find(|item| item.comment.id == id).and_then(|item| item.reason.clone());
        assert_eq!(told(arabic).as_deref(), Some("خارج الموضوع"));
        let bulk = post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &a.to_string()), ("ids", &b.to_string()), ("action", "approve")]).await;
        assert_eq!(app.notice_after(&admin, &bulk).await, vec!["2 comments updated."]);
        let page = app.get(&article()).await;
        assert_eq!(page.texts("#comments-heading"), vec!["2 Comments"]);
        let rejected_queue = queue(&app, &admin, "rejected").await;
        assert_eq!(rejected_queue.count(&format!("#queue-{c}")), 1);
        assert_eq!(told(c).as_deref(), Some("Off topic"));
        let approved_queue = queue(&app, &admin, "approved").await;
        assert_eq!(approved_queue.texts(".queue-tabs a[aria-current=page]"), vec!["Approved 2"]);
    }

    async fn a_featured_comment_shows_first(app: TestApp) {
        let first = TestApp::comment_id(&app.comment(&article(), "Early", "early@example.org", "Early words.").await);
        let second = TestApp::comment_id(&app.comment(&article(), "Later", "later@example.org", "Better words.").await);
        let admin = app.signed_in("ada", Role::Admin).await;
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &first.to_string()), ("ids", &second.to_string()), ("action", "approve")]).await;
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &second.to_string()), ("action", "feature")]).await;
        let page = app.get(&article()).await;
        let order = page.attrs(".comment-list > li", "id");
        assert_eq!(order, vec![format!("comment-{second}"), format!("comment-{first}")]);
        assert_eq!(page.count(&format!("#comment-{second} .badge-featured")), 1);
    }

    async fn reported_comments_wait_in_their_own_queue(app: TestApp) {
        let id = TestApp::comment_id(&app.comment(&article(), "Target", "target@example.org", "An opinion.").await);
        let admin = app.signed_in("ada", Role::Admin).await;
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &id.to_string()), ("action", "approve")]).await;
        app.post_form(&format!("{}/comments/{id}/report", article()), &[("reason", "Rude to another reader")], &[]).await;
        let reported = queue(&app, &admin, "reported").await;
        assert_eq!(reported.texts(".queue-tabs a[aria-current=page]"), vec!["Reported 1"]);
        assert_eq!(reported.texts(&format!("#queue-{id} .queue-report q")), vec!["Rude to another reader"], "quoted");
        assert_eq!(reported.count(&format!("#queue-{id} button[value=approve]")), 1, "a fine comment can be kept");
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &id.to_string()), ("action", "reject"), ("reason", "Personal attack")]).await;
        assert_eq!(queue(&app, &admin, "reported").await.count(".queue-item"), 0, "a decision resolves the reports");
        assert_eq!(app.get(&article()).await.count(&format!("#comment-{id}")), 0);
    }

    async fn a_long_queue_is_read_page_by_page(app: TestApp) {
        let mut held = Vec::new();
        for n in 0..105 {
            let sent = app.comment(&article(), &format!("Reader {n}"), &format!("reader{n}@example.org"), &format!("Held comment number {n}.")).await;
            held.push(TestApp::comment_id(&sent));
        }
        let admin = app.signed_in("ada", Role::Admin).await;
        let first = queue(&app, &admin, "pending").await;
        assert_eq!(first.count(".queue-item"), 100);
        assert_eq!(first.texts(".pager-status"), vec!["Page 1 of 2"]);
        assert_eq!(first.count(&format!("#queue-{}", held[0])), 1, "oldest first");
        let next = first.attrs(".pager a[rel=next]", "href");
        assert_eq!(next, vec!["/newsroom/moderation?queue=pending&page=2"]);
        let second = app.get_with(&next[0], &[("cookie", &admin.cookie)]).await;
        assert_eq!(second.count(".queue-item"), 5, "the five the first page could not hold");
        assert_eq!(second.count(&format!("#queue-{}", held[104])), 1);
        assert_eq!(second.count(&format!("#queue-{}", held[0])), 0);
        let beyond = app.get_with("/newsroom/moderation?queue=pending&page=99", &[("cookie", &admin.cookie)]).await;
        assert_eq!(beyond.texts(".pager-status"), vec!["Page 2 of 2"], "a page past the end shows the last");
    }

    async fn moderator_forms_need_their_token_and_origin(app: TestApp) {
        let id = TestApp::comment_id(&app.comment(&article(), "N", "n@example.org", "Held.").await);
        let admin = app.signed_in("ada", Role::Admin).await;
        let no_token = app.post_form("/newsroom/moderation/decide", &[("ids", &id.to_string()), ("action", "approve")], &[("cookie", &admin.cookie)]).await;
        assert_eq!(no_token.status, 403);
        let forged = app.post_form(
            "/newsroom/moderation/decide",
            &[("csrf", &admin.csrf), ("ids", &id.to_string()), ("action", "approve")],
            &[("cookie", &admin.cookie), ("origin", "https://evil.example")],
        ).await;
        assert_eq!(forged.status, 403);
        assert_eq!(queue(&app, &admin, "pending").await.count(&format!("#queue-{id}")), 1, "still pending");
    }

    async fn a_ban_from_the_queue_stops_the_commenter(app: TestApp) {
        app.comment(&article(), "Troll", "troll@nasty.example", "Provocation one.").await;
        let admin = app.signed_in("ada", Role::Admin).await;
        let banned = post_as(&app, &admin, "/newsroom/moderation/ban", &[("kind", "domain"), ("target", "troll@nasty.example"), ("days", "")]).await;
        assert_eq!(banned.status, 303);
        let bad = post_as(&app, &admin, "/newsroom/moderation/ban", &[("kind", "domain"), ("target", "not a domain"), ("days", "")]).await;
        assert!(app.notice_after(&admin, &bad).await[0].starts_with("Not banned: give an email address or a domain"));
        let suspended = post_as(&app, &admin, "/newsroom/moderation/ban", &[("kind", "email"), ("target", "hot@example.org"), ("days", "3")]).await;
        assert_eq!(app.notice_after(&admin, &suspended).await, vec!["hot@example.org is suspended."]);
        for email in ["someone@nasty.example", "hot@example.org"] {
            let refused = app.comment(&article(), "X", email, &format!("Again from {email}.")).await;
            assert_eq!(refused.texts(".form-error"), vec!["We cannot accept comments from this address."], "{email}");
        }
        // The log words the kind of ban in the moderator's language, the target as typed.
        post_as(&app, &admin, "/newsroom/language", &[("lang", "ar")]).await;
        let log = app.get_with("/newsroom/moderation/log", &[("cookie", &admin.cookie)]).await;
        let cells = log.texts(".log-table td");
        assert!(cells.iter().any(|cell| cell.starts_with("النطاق nasty.example")), "{cells:?}");
        assert!(cells.iter().any(|cell| cell.starts_with("العنوان hot@example.org")), "{cells:?}");
    }

    async fn bans_are_listed_searched_and_lifted(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let cookie = [("cookie", admin.cookie.as_str())];
        post_as(&app, &admin, "/newsroom/moderation/ban", &[("kind", "domain"), ("target", "troll@nasty.example"), ("days", ""), ("reason", "Spam from a list")]).await;
        post_as(&app, &admin, "/newsroom/moderation/ban", &[("kind", "email"), ("target", "hot@example.org"), ("days", "3")]).await;
        post_as(&app, &admin, "/newsroom/moderation/ban", &[("kind", "email"), ("target", "50%_off@deals.example"), ("days", "")]).await;
        let listed = app.get_with("/newsroom/moderation/bans", &cookie).await;
        assert_eq!(listed.status, 200);
        assert_eq!(listed.texts(".bans-table tbody td:first-child code"), vec!["50%_off@deals.example", "hot@example.org", "nasty.example"], "newest first");
        assert_eq!(listed.texts("h2"), vec!["3 bans and suspensions in force"]);
        let nasty = app.get_with("/newsroom/moderation/bans?q=NASTY", &cookie).await;
        assert_eq!(nasty.texts(".bans-table tbody td:first-child code"), vec!["nasty.example"]);
        assert_eq!(nasty.texts(".bans-table tbody td:nth-child(3)"), vec!["Spam from a list"]);
        let literal = app.get_with("/newsroom/moderation/bans?q=%25_", &cookie).await;
        assert_eq!(literal.texts(".bans-table tbody td:first-child code"), vec!["50%_off@deals.example"], "% and _ are searched as typed");
        let id = nasty.attrs(".bans-table tbody tr", "id")[0].trim_start_matches("ban-").to_owned();
        let before = app.comment(&article(), "X", "someone@nasty.example", "Let me in.").await;
        assert_eq!(before.texts(".form-error"), vec!["We cannot accept comments from this address."]);
        let lifted = post_as(&app, &admin, &format!("/newsroom/moderation/bans/{id}/lift"), &[]).await;
        assert_eq!(app.notice_after(&admin, &lifted).await, vec!["Lifted: the commenter may comment again."]);
        let after = app.comment(&article(), "X", "someone@nasty.example", "Thank you for letting me back.").await;
        assert_eq!(after.texts(".form-error"), Vec::<String>::new(), "the commenter may comment again");
        let again = post_as(&app, &admin, &format!("/newsroom/moderation/bans/{id}/lift"), &[]).await;
        assert_eq!(app.notice_after(&admin, &again).await, vec!["That ban was already lifted or had ended."]);
        let log = app.get_with("/newsroom/moderation/log", &cookie).await;
        assert!(log.texts("tbody td").iter().any(|cell| cell == "lifted a ban"), "the lift is in the log");
        let gone = app.get_with("/newsroom/moderation/bans", &cookie).await;
        assert_eq!(gone.texts("h2"), vec!["2 bans and suspensions in force"]);
        let editor = app.signed_in("edie", Role::Contributor).await;
        let refused = post_as(&app, &editor, &format!("/newsroom/moderation/bans/{id}/lift"), &[]).await;
        assert_eq!(refused.status, 403, "only moderators lift bans");
    }

    async fn the_rules_are_set_in_the_newsroom(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let page = app.get_with("/newsroom/moderation/settings", &[("cookie", &admin.cookie)]).await;
        assert_eq!(page.attrs("input[name=mode][checked]", "value"), vec!["first_time_only"]);
        let invalid = post_as(&app, &admin, "/newsroom/moderation/settings", &[
            ("mode", "publish_at_once"), ("banned_words", "scoundrel"), ("suspect_words", ""), ("link_limit", "zero"), ("auto_close_days", "-3"),
        ]).await;
        assert_eq!(invalid.status, 422);
        assert_eq!(invalid.texts("#link-limit-error"), vec!["A whole number from 1 to 50."]);
        assert_eq!(invalid.count("#auto-close-error"), 1);
        assert_eq!(invalid.attrs("#link-limit", "value"), vec!["zero"], "what was typed is kept");
        assert!(invalid.texts("#banned-words")[0].contains("scoundrel"));
        let saved = post_as(&app, &admin, "/newsroom/moderation/settings", &[
            ("mode", "publish_at_once"), ("banned_words", "scoundrel"), ("suspect_words", "casino"), ("link_limit", "3"), ("auto_close_days", ""),
        ]).await;
        assert_eq!(saved.status, 200);
        assert_eq!(saved.texts(".notice"), vec!["Saved."]);
        let published = app.comment(&article(), "Newcomer", "newcomer@example.org", "Published at once now.").await;
        assert_eq!(app.get(&article()).await.count(&format!("#comment-{}", TestApp::comment_id(&published))), 1);
        let refused = app.comment(&article(), "Rude", "rude@example.org", "You scoundrel!").await;
        assert_eq!(refused.status, 422);
    }

    async fn a_commenters_data_is_exported_and_erased(app: TestApp) {
        let email = "leaving@example.org";
        let kept = TestApp::comment_id(&app.comment(&article(), "Staying", "staying@example.org", "I stay.").await);
        let gone = TestApp::comment_id(&app.comment(&article(), "Leaving", email, "Please forget me later.").await);
        let admin = app.signed_in("ada", Role::Admin).await;
        post_as(&app, &admin, "/newsroom/moderation/decide", &[("ids", &kept.to_string()), ("ids", &gone.to_string()), ("action", "approve")]).await;
        let export = app.get_with(&format!("/newsroom/moderation/export?email={email}"), &[("cookie", &admin.cookie)]).await;
        assert_eq!(export.status, 200);
        assert!(export.header("content-disposition").contains("attachment"));
        let data: serde_json::Value = serde_json::from_str(&export.body).expect("JSON");
        assert_eq!(data["email"], email);
        assert_eq!(data["comments"].as_array().map(Vec::len), Some(1));
        assert_eq!(data["comments"][0]["body"], "Please forget me later.");
        assert_eq!(app.get(&format!("/newsroom/moderation/export?email={email}")).await.status, 303, "only for the newsroom");
        let erased = post_as(&app, &admin, "/newsroom/moderation/erase", &[("email", email)]).await;
        assert_eq!(app.notice_after(&admin, &erased).await, vec!["Erased the commenter's data and 1 comment."]);
        let page = app.get(&article()).await;
        assert_eq!(page.count(&format!("#comment-{gone}")), 0);
        assert_eq!(page.count(&format!("#comment-{kept}")), 1);
        let after: serde_json::Value = serde_json::from_str(
            &app.get_with(&format!("/newsroom/moderation/export?email={email}"), &[("cookie", &admin.cookie)]).await.body,
        ).unwrap();
        assert_eq!(after["comments"].as_array().map(Vec::len), Some(0));
        let log = app.get_with("/newsroom/moderation/log", &[("cookie", &admin.cookie)]).await;
        assert!(!log.body.contains(email), "the log does not keep the erased address");
        assert!(log.texts(".log-table td").iter().any(|cell| cell == "1 comment of one commenter"), "worded by the catalog");
        crate::newsroom::post_as(&app, &admin, "/newsroom/language", &[("lang", "ar")]).await;
        let arabic = app.get_with("/newsroom/moderation/log", &[("cookie", &admin.cookie)]).await;
        assert!(arabic.texts(".log-table td").iter().any(|cell| cell == "تعليق واحد لمعلّق واحد"), "in the moderator's language");
    }

    async fn editors_see_the_reaction_counts(app: TestApp) {
        app.post_form(&format!("{}/reaction", article()), &[("vote", "yes")], &[]).await;
        app.post_form(&format!("{}/reaction", article()), &[("vote", "no")], &[]).await;
        app.post_form(&format!("{}/reaction", article()), &[("vote", "yes")], &[]).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let page = app.get_with("/newsroom/reactions", &[("cookie", &editor.cookie)]).await;
        assert_eq!(page.texts(".reactions-table tbody tr td.yes"), vec!["2"]);
        assert_eq!(page.texts(".reactions-table tbody tr td.no"), vec!["1"]);
        assert_eq!(page.attrs(".reactions-table tbody a", "href"), vec![article()]);
    }

    async fn newsroom_comments_carry_a_badge_and_are_not_held(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let sent = app.post_form(
            &format!("{}/comments", article()),
            &[("name", "Edie from the newsroom"), ("email", "edie@courier.example.org"), ("body", "Correction: the fare is 500 dinars.")],
            &[("cookie", &editor.cookie)],
        ).await;
        let id = TestApp::comment_id(&sent);
        let page = app.get(&article()).await;
        assert_eq!(page.texts(&format!("#comment-{id} .badge-staff")), vec!["Newsroom"]);
        assert_eq!(page.texts("#comments-heading"), vec!["1 Comment"]);
        let reader = app.comment(&article(), "Edie from the newsroom", "not-edie@example.org", "Pretending.").await;
        let reader_id = TestApp::comment_id(&reader);
        app.app.store.decide(&[reader_id], &dateline_store::moderation::Decision::Approve, 1).await.unwrap();
        app.app.catch_up().await.unwrap();
        assert_eq!(app.get(&article()).await.count(&format!("#comment-{reader_id} .badge-staff")), 0, "a name alone earns no badge");
    }

    async fn signing_out_ends_the_session(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let out = app.post_form("/newsroom/logout", &[], &[("cookie", &admin.cookie)]).await;
        assert_eq!(out.status, 303);
        assert_eq!(app.get_with("/newsroom/moderation", &[("cookie", &admin.cookie)]).await.status, 303);
    }
}
