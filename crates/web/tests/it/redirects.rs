//! Redirects as an editor keeps them and a reader meets them: an old address answers 301 with
//! its new one, WordPress's `/?p=ID` before the home page would, and a bad address typed in
//! the newsroom is answered next to its field with what was typed kept.

use crate::newsroom::post_as;
use crate::support::{EN_PAIRED, on_both_databases};
use dateline_domain::Role;

on_both_databases! {
    async fn old_addresses_answer_with_their_new_ones(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let story = format!("/article/{EN_PAIRED}");
        assert_eq!(app.get("/2019/05/01/ferry-returns/").await.status, 404);
        let added = post_as(&app, &editor, "/newsroom/redirects", &[("old", "https://old.example.org/2019/05/01/ferry-returns/"), ("new", &story)]).await;
        assert_eq!(app.notice_after(&editor, &added).await, vec!["Redirect added."]);
        for asked in ["/2019/05/01/ferry-returns/", "/2019/05/01/ferry-returns", "/2019/05/01/%66erry-returns/"] {
            let answer = app.get(asked).await;
            assert_eq!((answer.status, answer.header("location")), (301, story.clone()), "{asked}");
        }
        post_as(&app, &editor, "/newsroom/redirects", &[("old", "/?p=41"), ("new", "/page/about")]).await;
        let answer = app.get("/?utm_source=mail&p=41").await;
        assert_eq!((answer.status, answer.header("location").as_str()), (301, "/page/about"));
        assert_eq!(app.get("/?p=42").await.status, 200, "an unknown old id is the home page, as before");
        assert_eq!(app.get("/").await.status, 200);
        let arabic = "/ar/%D8%B3%D9%88%D9%82-%D9%82%D8%AF%D9%8A%D9%85";
        post_as(&app, &editor, "/newsroom/redirects", &[("old", "/ar/سوق-قديم/"), ("new", "/ar/article/عودة-العبارة-إلى-نهر-سهل")]).await;
        let answer = app.get(arabic).await;
        assert_eq!(answer.status, 301, "typed in Arabic, asked percent-encoded");
        assert_eq!(answer.header("location"), "/ar/article/%D8%B9%D9%88%D8%AF%D8%A9-%D8%A7%D9%84%D8%B9%D8%A8%D8%A7%D8%B1%D8%A9-%D8%A5%D9%84%D9%89-%D9%86%D9%87%D8%B1-%D8%B3%D9%87%D9%84", "a new address typed in Arabic is sent");

        let listed = app.get_with("/newsroom/redirects?q=ferry", &[("cookie", &editor.cookie)]).await;
        assert_eq!(listed.texts(".redirects-table tbody code").first().map(String::as_str), Some("/2019/05/01/ferry-returns"));
        assert_eq!(listed.count(".redirects-table tbody tr"), 1, "the search narrows the list");
        let id = listed.attrs(".redirects-table form", "action")[0].clone();
        post_as(&app, &editor, &id, &[]).await;
        assert_eq!(app.get("/2019/05/01/ferry-returns/").await.status, 404, "a deleted redirect answers no more");
    }

    async fn a_bad_redirect_is_answered_next_to_its_field(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let refused = post_as(&app, &editor, "/newsroom/redirects", &[("old", "old-story"), ("new", "/article/x")]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(refused.attrs("#redirect-old", "value"), vec!["old-story"], "what was typed is kept");
        assert_eq!(refused.attrs("#redirect-new", "value"), vec!["/article/x"]);
        assert!(refused.texts("#redirect-old-error")[0].starts_with("An address starts with /"), "{:?}", refused.texts("#redirect-old-error"));
        let to_itself = post_as(&app, &editor, "/newsroom/redirects", &[("old", "/loop/"), ("new", "/loop")]).await;
        assert_eq!(to_itself.texts("#redirect-new-error"), vec!["The new address is the old one."]);
        let query = post_as(&app, &editor, "/newsroom/redirects", &[("old", "/?utm_source=x"), ("new", "/")]).await;
        assert_eq!(query.status, 422);
        assert!(query.texts("#redirect-old-error")[0].contains("?p="));
        post_as(&app, &editor, "/newsroom/redirects", &[("old", "/once"), ("new", "/")]).await;
        let changed = post_as(&app, &editor, "/newsroom/redirects", &[("old", "/once/"), ("new", "/page/about")]).await;
        assert_eq!(
            app.notice_after(&editor, &changed).await,
            vec!["Redirect changed: the old address goes to the new one now."],
            "saving it again changes where it goes"
        );
        assert_eq!(app.get("/once").await.header("location"), "/page/about");
        let hostile = post_as(&app, &editor, "/newsroom/redirects", &[("old", "/x\"><script>alert(1)</script>"), ("new", "javascript:alert(1)")]).await;
        assert_eq!(hostile.status, 422);
        assert_eq!(hostile.attrs("#redirect-old", "value"), vec!["/x\"><script>alert(1)</script>"], "kept as typed");
        assert!(!hostile.body.contains("<script>alert"), "typed markup stays text");
        let contributor = app.signed_in("casey", Role::Contributor).await;
        assert_eq!(app.get_with("/newsroom/redirects", &[("cookie", &contributor.cookie)]).await.status, 403);
        assert_eq!(post_as(&app, &contributor, "/newsroom/redirects", &[("old", "/a"), ("new", "/")]).await.status, 403);
    }
}
