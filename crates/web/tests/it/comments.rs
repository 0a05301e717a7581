//! Guest comments as readers meet them: the form, what happens to a comment, and what no
//! response ever shows (the commenter's email).

use crate::support::{AR_PAIRED, EN_PAIRED, TestApp, on_both_databases};
use dateline_domain::{CommentsMode, Email, ModerationMode, ModerationSettings};
use dateline_store::moderation::{Decision, Queue, Told};

fn article() -> String {
    format!("/article/{EN_PAIRED}")
}

async fn set_rules(app: &TestApp, change: impl FnOnce(&mut ModerationSettings)) {
    let store = &app.app.store;
    let mut settings = store.moderation_settings().await.unwrap();
    change(&mut settings);
    let (admin, _) = store.password_hash("admin").await.unwrap().unwrap();
    store.put_moderation_settings(&settings, admin).await.unwrap();
    app.app.catch_up().await.unwrap();
}

async fn approve(app: &TestApp, id: i64) {
    let (admin, _) = app.app.store.password_hash("admin").await.unwrap().unwrap();
    app.app
        .store
        .decide(&[id], &Decision::Approve, admin)
        .await
        .unwrap();
    app.app.catch_up().await.unwrap();
}

/// The rule recorded on a comment, as the moderators' queue shows it.
async fn recorded_rule(app: &TestApp, queue: Queue, id: i64) -> Option<String> {
    let items = app.app.store.queue(queue, 100, 0).await.unwrap();
    let item = items
        .iter()
        .find(|item| item.comment.id == id)
        .unwrap_or_else(|| panic!("comment {id} in {queue:?}"));
    item.rule.clone()
}

on_both_databases! {
    async fn people_sharing_an_address_are_not_each_others_duplicates(app: TestApp) {
        let first = app.comment(&article(), "Ann", "ann@example.org", "Congratulations to the team!").await;
        assert_eq!(first.status, 303);
        let second = app.comment(&article(), "Bob", "bob@example.org", "Congratulations to the team!").await;
        assert_eq!(second.status, 303, "a neighbour may say the same thing");
        let again = app.post_form(
            &format!("{}/comments", article()),
            &[("name", "Bob"), ("email", "bob@example.org"), ("body", "Congratulations to the team!")],
            &[("cookie", &second.cookie())],
        ).await;
        assert_eq!(again.texts(".form-error"), vec!["You have already posted this comment."]);
    }

    async fn a_refused_comment_tells_its_author_why(app: TestApp) {
        let sent = app.comment(&article(), "Kareem", "kareem@example.org", "Something the moderator will not keep.").await;
        let id = TestApp::comment_id(&sent);
        let (admin, _) = app.app.store.password_hash("admin").await.unwrap().unwrap();
        app.app.store.decide(&[id], &Decision::Reject(Told::typed("Off topic")), admin).await.unwrap();
        let author = app.get_with(&format!("{}/mine", article()), &[("cookie", &sent.cookie())]).await;
        let note = author.texts(&format!("#comment-{id} .comment-refused"));
        assert_eq!(note.len(), 1);
        assert!(note[0].contains("Off topic"), "{note:?}");
        assert_eq!(app.get(&article()).await.count(&format!("#comment-{id}")), 0, "nobody else sees it");
    }

    async fn a_reader_reports_a_comment_once_and_only_on_its_story(app: TestApp) {
        let id = TestApp::comment_id(&app.comment(&article(), "Target", "target@example.org", "An opinion.").await);
        approve(&app, id).await;
        let first = app.post_form(&format!("{}/comments/{id}/report", article()), &[("reason", "Rude")], &[]).await;
        let cookie = first.cookie();
        for _ in 0..3 {
            app.post_form(&format!("{}/comments/{id}/report", article()), &[("reason", "Rude again")], &[("cookie", &cookie)]).await;
        }
        assert_eq!(app.app.store.queue(Queue::Reported, 10, 0).await.unwrap()[0].reports.len(), 1, "one report per reader");
        let elsewhere = app.post_form(&format!("/article/bakers-hold-the-price-of-bread/comments/{id}/report"), &[("reason", "x")], &[]).await;
        assert_eq!(elsewhere.status, 404, "a comment is reported on its own story");
    }

    async fn emails_are_one_address_whatever_their_case(app: TestApp) {
        let sent = app.comment(&article(), "Jane", "Jane.Doe@Example.org", "Hello.").await;
        approve(&app, TestApp::comment_id(&sent)).await;
        let (published, _) = app.app.store.commenter_history(&Email::parse("jane.doe@example.org").unwrap()).await.unwrap();
        assert_eq!(published, 1);
    }

    async fn the_form_has_every_element_of_the_seed_page(app: TestApp) {
        let page = app.get(&article()).await;
        assert_eq!(page.texts("#comments-heading"), vec!["0 Comments"]);
        assert_eq!(page.texts(".required-note"), vec!["* Denotes Required Field"]);
        assert_eq!(page.texts("#comments a[href='/page/comment-policy']"), vec!["Comment Policy"]);
        assert_eq!(page.texts("#comment-counter"), vec!["1500 / 1500 characters left"]);
        assert_eq!(page.attrs("#comment-form input[name=name][required]", "type"), vec!["text"]);
        assert_eq!(page.attrs("#comment-form input[name=email][required]", "type"), vec!["email"]);
        assert_eq!(page.count("#comment-form textarea[name=body][required][data-max-chars='1500']"), 1);
        assert_eq!(page.count("#comment-form textarea[maxlength]"), 0, "maxlength counts UTF-16 units: the server counts");
        assert_eq!(page.count("label[for=comment-name] .required"), 1);
        assert_eq!(page.count(".field-trap input[name=website][tabindex='-1']"), 1);
        let arabic = app.get(&format!("/ar/article/{AR_PAIRED}")).await;
        assert_eq!(arabic.texts("#comments-heading"), vec!["لا تعليقات بعد"]);
        assert_eq!(arabic.texts("#comment-counter"), vec!["١٥٠٠ / ١٥٠٠ حرفًا متبقيًا"]);
        assert_eq!(arabic.texts(".required-note"), vec!["* تشير إلى حقل مطلوب"]);
    }

    async fn a_first_comment_is_held_and_only_its_author_sees_it(app: TestApp) {
        let sent = app.comment(&article(), "Salma K.", "salma@example.org", "The new ferry saved me an hour today.").await;
        assert_eq!(sent.status, 303);
        let id = TestApp::comment_id(&sent);
        assert_eq!(sent.header("location"), format!("{}/mine#comment-{id}", article()), "back to the page as it is for them");
        let author = app.get_with(&format!("{}/mine", article()), &[("cookie", &sent.cookie())]).await;
        let awaiting = author.texts(&format!("#comment-{id} .comment-awaiting"));
        assert_eq!(awaiting.len(), 1, "the author is told it awaits moderation");
        assert!(awaiting[0].contains("awaiting moderation"));
        assert_eq!(author.texts("#comments-heading"), vec!["0 Comments"], "a held comment is not counted");
        let other = app.get(&article()).await;
        assert_eq!(other.count(&format!("#comment-{id}")), 0, "nobody else sees it");
        assert_eq!(recorded_rule(&app, Queue::Pending, id).await.as_deref(), Some("first_time"));
    }

    async fn an_approved_comment_is_shown_and_counted_for_everyone(app: TestApp) {
        let sent = app.comment(&article(), "Omar", "omar@example.org", "Good news for the east bank.").await;
        let id = TestApp::comment_id(&sent);
        approve(&app, id).await;
        let page = app.get(&article()).await;
        assert_eq!(page.texts("#comments-heading"), vec!["1 Comment"]);
        assert_eq!(page.texts(&format!("#comment-{id} .comment-author")), vec!["Omar"]);
        assert_eq!(page.texts(&format!("#comment-{id} .comment-text")), vec!["Good news for the east bank."]);
        let returning = app.comment(&article(), "Omar", "omar@example.org", "And the fare is fair.").await;
        let second = TestApp::comment_id(&returning);
        let page = app.get(&article()).await;
        assert_eq!(page.texts("#comments-heading"), vec!["2 Comments"], "a returning commenter is published at once");
        assert_eq!(page.count(&format!("#comment-{second}")), 1);
    }

    async fn a_refused_form_says_why_next_to_each_field_and_keeps_everything(app: TestApp) {
        let body = "A thought\r\n\r\nwith <b>markup</b> & a second paragraph";
        let page = app.post_form(&format!("{}/comments", article()), &[("name", "  "), ("email", "not-an-email"), ("body", body)], &[]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#comment-name-error"), vec!["Give a name to sign your comment with."]);
        assert_eq!(page.texts("#comment-email-error"), vec!["That does not look like an email address (name@example.org)."]);
        assert_eq!(page.count("#comment-body-error"), 0);
        assert_eq!(page.attrs("#comment-email", "value"), vec!["not-an-email"]);
        assert_eq!(page.texts("#comment-body").len(), 1);
        let kept = page.html().select(&scraper::Selector::parse("#comment-body").unwrap()).next().unwrap().text().collect::<String>();
        assert_eq!(kept, body.replace("\r\n", "\n"), "the comment comes back exactly as typed");
        assert_eq!(page.attrs("#comment-name", "aria-invalid"), vec!["true"]);
        let empty = app.post_form(&format!("{}/comments", article()), &[("name", "N"), ("email", "n@example.org"), ("body", "\r\n ")], &[]).await;
        assert_eq!(empty.texts("#comment-body-error"), vec!["Write a comment."]);
    }

    async fn the_server_counts_exactly_as_the_counter_does(app: TestApp) {
        let cases: Vec<(&str, String)> = vec![
            ("combining marks", "e\u{301}".repeat(1500)),
            ("emoji with joiners", format!("{}ab", "👨‍👩‍👧‍👦".repeat(214))),
            ("CRLF line breaks", "a\r\n".repeat(750)),
            ("Arabic with diacritics", format!("{}ؤؤؤؤؤؤ", "مَرْحَبًا".repeat(166))),
        ];
        for (n, (what, exactly_1500)) in cases.into_iter().enumerate() {
            let email = format!("count{n}@example.org");
            let fits = app.comment(&article(), "Counter", &email, &exactly_1500).await;
            assert_eq!(fits.status, 303, "{what}: 1500 characters fit");
            let over = app.comment(&article(), "Counter", &email, &format!("{exactly_1500}x")).await;
            assert_eq!(over.status, 422, "{what}: 1501 do not");
            assert_eq!(over.texts("#comment-body-error"), vec!["Your comment is 1501 characters long; the limit is 1500."], "{what}");
            assert_eq!(over.texts("#comment-counter span[data-counter]"), vec!["-1"], "{what}: the counter shows one too many");
        }
    }

    async fn comment_text_is_plain_text_with_links(app: TestApp) {
        let body = "<script>alert(1)</script> **not bold**\nsecond line\n\nSee https://example.org/report, and <a href=\"x\">this</a>.";
        let sent = app.comment(&article(), "<b>Hadi</b>", "hadi@example.org", body).await;
        let id = TestApp::comment_id(&sent);
        approve(&app, id).await;
        let page = app.get(&article()).await;
        let selector = format!("#comment-{id}");
        assert_eq!(page.texts(&format!("{selector} .comment-author")), vec!["<b>Hadi</b>"]);
        assert_eq!(page.count(&format!("{selector} script, {selector} b, {selector} strong")), 0);
        assert_eq!(page.count(&format!("{selector} .comment-text p")), 2);
        assert_eq!(page.count(&format!("{selector} .comment-text br")), 1);
        assert_eq!(page.attrs(&format!("{selector} .comment-text a"), "href"), vec!["https://example.org/report"]);
        assert_eq!(page.attrs(&format!("{selector} .comment-text a"), "rel"), vec!["nofollow ugc noopener"]);
        assert!(page.texts(&format!("{selector} .comment-text"))[0].contains("<script>alert(1)</script> **not bold**"));
    }

    async fn the_email_never_appears_in_any_response(app: TestApp) {
        let email = "private.reader+dateline@example.org";
        let sent = app.comment(&article(), "Private Reader", email, "Nice piece.").await;
        assert!(!sent.body.contains(email) && !sent.header("location").contains(email));
        let id = TestApp::comment_id(&sent);
        let pending_view = app.get_with(&format!("{}/mine", article()), &[("cookie", &sent.cookie())]).await;
        assert!(!pending_view.body.contains(email), "not even to its author");
        approve(&app, id).await;
        let refused = app.post_form(&format!("{}/comments", article()), &[("name", ""), ("email", email), ("body", "x")], &[]).await;
        assert!(refused.body.contains(email), "a refused form gives the sender back what they typed");
        for path in [article(), "/".into(), "/section/news".into(), "/author/layla-haddad".into(), format!("/ar/article/{AR_PAIRED}")] {
            let page = app.get(&path).await;
            assert!(!page.body.contains(email) && !page.body.contains("private.reader"), "{path} shows the email");
        }
    }

    async fn replies_go_one_level_deep(app: TestApp) {
        let first = TestApp::comment_id(&app.comment(&article(), "Ana", "ana@example.org", "Top-level thought.").await);
        approve(&app, first).await;
        let reply = app.post_form(&format!("{}/comments", article()), &[("name", "Ben"), ("email", "ben@example.org"), ("body", "A reply."), ("parent", &first.to_string())], &[]).await;
        let reply_id = TestApp::comment_id(&reply);
        approve(&app, reply_id).await;
        let page = app.get(&article()).await;
        assert_eq!(page.count(&format!("#comment-{first} .comment-replies #comment-{reply_id}")), 1);
        let deeper = app.post_form(&format!("{}/comments", article()), &[("name", "Cy"), ("email", "cy@example.org"), ("body", "Too deep."), ("parent", &reply_id.to_string())], &[]).await;
        assert_eq!(deeper.status, 422);
        assert_eq!(deeper.texts(".form-error"), vec!["The comment you replied to is no longer there."]);
        assert_eq!(page.count(&format!("#comment-{reply_id} a[data-reply]")), 0, "replies offer no reply link");
        let reply_page = app.get(&format!("{}?reply={first}", article())).await;
        assert_eq!(reply_page.attrs("#comment-form input[name=parent]", "value"), vec![first.to_string()]);
        assert_eq!(reply_page.texts(".replying-to"), vec!["Replying to Ana"]);
    }

    async fn rules_are_applied_in_order_and_recorded(app: TestApp) {
        set_rules(&app, |s| {
            s.banned_words = "# words we refuse\nscumbag\nfree money".into();
            s.suspect_words = "lottery".into();
            s.mode = ModerationMode::PublishAtOnce;
        }).await;
        let honeypot = app.post_form(&format!("{}/comments", article()), &[("name", "Bot"), ("email", "bot@example.org"), ("body", "Buy now"), ("website", "http://spam.example")], &[]).await;
        assert_eq!(honeypot.status, 422);
        let banned = app.comment(&article(), "Rude", "rude@example.org", "What a SCUMBAG move.").await;
        assert_eq!(banned.status, 422);
        assert_eq!(banned.texts(".form-error"), vec!["Your comment uses a word our comment policy does not allow: “scumbag”. Please change it and send again."]);
        let disguised = app.comment(&article(), "Rude", "rude2@example.org", "get FRЕЕ  m0ney here").await;
        assert_eq!(disguised.status, 422, "look-alike letters and digits do not hide a banned phrase");
        let suspect = app.comment(&article(), "Lucky", "lucky@example.org", "I won the lottery once.").await;
        let suspect_id = TestApp::comment_id(&suspect);
        assert_eq!(recorded_rule(&app, Queue::Pending, suspect_id).await.as_deref(), Some("suspect_word:lottery"));
        let links = app.comment(&article(), "Linker", "links@example.org", "See https://a.example and www.b.example").await;
        assert_eq!(recorded_rule(&app, Queue::Pending, TestApp::comment_id(&links)).await.as_deref(), Some("links:2"));
        let clean = app.comment(&article(), "Fine", "fine@example.org", "A fair point about the fares.").await;
        assert_eq!(app.get(&article()).await.count(&format!("#comment-{}", TestApp::comment_id(&clean))), 1, "publish at once");
        let again = app.comment(&article(), "Fine", "fine@example.org", "A fair point about the fares.").await;
        assert_eq!(again.texts(".form-error"), vec!["You have already posted this comment."]);
        let rejected = app.app.store.queue(Queue::Rejected, 100, 0).await.unwrap();
        let rules: Vec<String> = rejected.iter().filter_map(|item| item.rule.clone()).collect();
        for rule in ["honeypot", "banned_word:scumbag", "banned_word:free money", "duplicate"] {
            assert!(rules.contains(&rule.to_owned()), "{rule} recorded in {rules:?}");
        }
    }

    async fn bans_and_suspensions_refuse_comments(app: TestApp) {
        let (admin, _) = app.app.store.password_hash("admin").await.unwrap().unwrap();
        let store = &app.app.store;
        store.ban_commenter("domain", "spam.example", None, "spam farm", admin).await.unwrap();
        let until = chrono::Utc::now() + chrono::Duration::days(7);
        store.ban_commenter("email", "heated@example.org", Some(until), "cool off", admin).await.unwrap();
        let past = chrono::Utc::now() - chrono::Duration::days(1);
        store.ban_commenter("email", "forgiven@example.org", Some(past), "over", admin).await.unwrap();
        for email in ["anyone@spam.example", "anyone@SPAM.example", "heated@example.org"] {
            let sent = app.comment(&article(), "Someone", email, &format!("Hello from {email}.")).await;
            assert_eq!(sent.status, 422, "{email}");
            assert_eq!(sent.texts(".form-error"), vec!["We cannot accept comments from this address."]);
        }
        let forgiven = app.comment(&article(), "Someone", "forgiven@example.org", "Hello again.").await;
        assert_eq!(forgiven.status, 303, "an ended suspension no longer applies");
    }

    async fn the_moderation_mode_decides_last(app: TestApp) {
        let first = TestApp::comment_id(&app.comment(&article(), "Rana", "rana@example.org", "First.").await);
        approve(&app, first).await;
        set_rules(&app, |s| s.mode = ModerationMode::PreModerateAll).await;
        let held = app.comment(&article(), "Rana", "rana@example.org", "Second.").await;
        assert_eq!(recorded_rule(&app, Queue::Pending, TestApp::comment_id(&held)).await.as_deref(), Some("pre_moderation"));
        set_rules(&app, |s| s.mode = ModerationMode::PublishAtOnce).await;
        let newcomer = app.comment(&article(), "New", "new@example.org", "Straight in.").await;
        assert_eq!(app.get(&article()).await.count(&format!("#comment-{}", TestApp::comment_id(&newcomer))), 1);
    }

    async fn closed_and_switched_off_comments(app: TestApp) {
        let id = app.paired_story_id().await;
        let first = TestApp::comment_id(&app.comment(&article(), "Early", "early@example.org", "Before closing.").await);
        approve(&app, first).await;
        app.app.store.set_comments_mode(id, CommentsMode::Closed, dateline_domain::Actor::System).await.unwrap();
        app.app.catch_up().await.unwrap();
        let page = app.get(&article()).await;
        assert_eq!(page.count(&format!("#comment-{first}")), 1, "existing comments stay");
        assert_eq!(page.count("#comment-form"), 0);
        assert_eq!(page.texts(".comments-closed"), vec!["Comments are closed on this story."]);
        let late = app.comment(&article(), "Late", "late@example.org", "After closing.").await;
        assert_eq!(late.status, 422);
        app.app.store.set_comments_mode(id, CommentsMode::Off, dateline_domain::Actor::System).await.unwrap();
        app.app.catch_up().await.unwrap();
        assert_eq!(app.get(&article()).await.count("#comments"), 0);
        app.app.store.set_comments_mode(id, CommentsMode::Open, dateline_domain::Actor::System).await.unwrap();
        set_rules(&app, |s| s.auto_close_days = Some(1)).await;
        app.app.catch_up().await.unwrap();
        let auto = app.get(&article()).await;
        assert_eq!(auto.count("#comment-form"), 0, "closed automatically a day after publication");
        assert_eq!(auto.texts(".comments-closed"), vec!["Comments are closed on this story."]);
    }

    async fn readers_report_comments_to_the_reported_queue(app: TestApp) {
        let id = TestApp::comment_id(&app.comment(&article(), "Target", "target@example.org", "An opinion.").await);
        approve(&app, id).await;
        let report = app.post_form(&format!("{}/comments/{id}/report", article()), &[("reason", "Personal attack")], &[]).await;
        assert_eq!(report.status, 303);
        assert_eq!(report.header("location"), format!("{}?reported={id}#comment-{id}", article()));
        let location = report.header("location");
        let thanked = app.get_with(location.split('#').next().unwrap(), &[("cookie", &report.cookie())]).await;
        assert_eq!(thanked.texts(&format!("#comment-{id} .comment-reported")), vec!["Thank you. A moderator will look at the comment."]);
        let reported = app.app.store.queue(Queue::Reported, 10, 0).await.unwrap();
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0].reports, vec!["Personal attack"]);
        let missing = app.post_form(&format!("{}/comments/999999/report", article()), &[("reason", "x")], &[]).await;
        assert_eq!(missing.status, 404);
    }

    async fn forged_comment_forms_are_refused(app: TestApp) {
        let forged = app.post_form(&format!("{}/comments", article()), &[("name", "N"), ("email", "n@example.org"), ("body", "Hi")], &[("origin", "https://evil.example")]).await;
        assert_eq!(forged.status, 403);
        assert!(app.app.store.queue(Queue::Pending, 10, 0).await.unwrap().is_empty(), "nothing was stored");
    }
}

#[tokio::test]
async fn commenting_too_quickly_is_refused_with_the_text_kept() {
    let app = TestApp::spawn_with(
        crate::support::Backend::Sqlite,
        None,
        dateline_web::Limits::standard(),
    )
    .await;
    let first = app
        .comment(&article(), "Quick", "quick@example.org", "One.")
        .await;
    assert_eq!(first.status, 303);
    let second = app
        .comment(&article(), "Quick", "other@example.org", "Two, straight after.")
        .await;
    assert_eq!(second.status, 422);
    assert_eq!(
        second.texts(".form-error"),
        vec!["You are commenting too quickly. Please wait a little and send again."]
    );
    assert!(second.texts("#comment-body")[0].contains("Two, straight after."));
}

#[tokio::test]
async fn behind_a_proxy_each_reader_has_their_own_limits() {
    let app = TestApp::spawn_behind_proxy(crate::support::Backend::Sqlite).await;
    let post = |address: &'static str, email: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                &format!("{}/comments", article()),
                &[
                    ("name", "Neighbour"),
                    ("email", email),
                    ("body", "Same words from two homes."),
                ],
                &[("x-forwarded-for", address)],
            )
            .await
        }
    };
    assert_eq!(post("203.0.113.7", "one@example.org").await.status, 303);
    assert_eq!(
        post("198.51.100.9", "two@example.org").await.status,
        303,
        "another reader, another address"
    );
    let again = post("203.0.113.7", "three@example.org").await;
    assert_eq!(
        again.texts(".form-error"),
        vec!["You are commenting too quickly. Please wait a little and send again."]
    );
}

/// On SQLite, a comment is acknowledged only once the database's log is synced to disk (so a
/// power cut cannot take it back), and comments sent together share the syncs.
#[tokio::test]
async fn acknowledged_comments_are_synced_to_disk_and_share_the_syncs() {
    let app = TestApp::spawn(crate::support::Backend::Sqlite).await;
    let synced_before = app.app.store.log_syncs();
    let sends: Vec<_> = (0..40)
        .map(|n| {
            let app = &app;
            async move {
                app.comment(
                    &article(),
                    &format!("Reader {n}"),
                    &format!("reader{n}@example.org"),
                    &format!("Comment {n} on the ferry timetable."),
                )
                .await
            }
        })
        .collect();
    let sent = futures_util::future::join_all(sends).await;
    assert!(
        sent.iter().all(|page| page.status == 303),
        "every comment is acknowledged"
    );
    let syncs = app.app.store.log_syncs() - synced_before;
    assert!(syncs >= 1, "the acknowledged comments were synced");
    assert!(
        syncs < 40,
        "40 comments sent together took {syncs} syncs, not one each"
    );
}
