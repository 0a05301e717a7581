//! The site's face without code: an admin sets each edition's logo, navigation links, footer
//! words and accounts elsewhere in Site settings, and editors make new static pages from the
//! newsroom; every reader page shows them at once, and nothing unsafe gets through.

use crate::newsroom::post_as;
use crate::support::on_both_databases;
use dateline_domain::Role;

on_both_databases! {
    async fn an_admin_sets_the_logo_links_and_footer_and_every_page_shows_them(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let home = app.get("/").await;
        assert_eq!(home.count(".footer-social"), 0, "a plain face to begin with");
        let logo = app.app.store.library("", 1).await.unwrap()[0].clone();
        let saved = post_as(&app, &admin, "/newsroom/settings/face/en", &[
            ("logo", &logo.id.to_string()),
            ("nav_links", "Events | /page/events\nPodcast | https://pod.example/courier"),
            ("footer_text", "Independent since 2019.\nWadi Sahl, Main Street 4."),
            ("social_links", "https://x.com/sahlcourier\nhttps://www.instagram.com/sahlcourier"),
            ("numerals", "western"),
        ]).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        assert_eq!(saved.texts(".site-face .notice").len(), 1, "saved");
        for path in ["/", "/section/news", "/search?q=ferry"] {
            let page = app.get(path).await;
            assert_eq!(page.attrs(".brand-logo img", "src"), vec![format!("/media/{}", logo.path)], "{path}");
            assert_eq!(page.attrs(".brand-logo img", "alt"), vec!["The Sahl Valley Courier"], "{path}: the name, for those who cannot see the logo");
            let nav = page.texts(".section-nav a");
            assert_eq!(&nav[nav.len() - 2..], ["Events", "Podcast"], "{path}: after the sections");
            assert_eq!(page.texts(".footer-text"), vec!["Independent since 2019. Wadi Sahl, Main Street 4."], "{path}");
            assert!(page.body.contains("Independent since 2019.\nWadi Sahl"), "{path}: its lines kept (shown as lines by the theme)");
            assert_eq!(page.texts(".footer-social a"), vec!["X", "Instagram"], "{path}");
        }
        // The logo is a use of its picture: listed on its page, and it cannot be deleted under it.
        let picture = app.get_with(&format!("/newsroom/media/{}", logo.id), &[("cookie", &admin.cookie)]).await;
        assert!(picture.texts(".picture-uses li").contains(&"The Sahl Valley Courier".to_owned()), "{:?}", picture.texts(".picture-uses li"));
        let delete = post_as(&app, &admin, &format!("/newsroom/media/{}/delete", logo.id), &[]).await;
        assert!(delete.header("location").contains("notice=picture_in_use"), "{}", delete.header("location"));
        assert!(app.app.store.library_image(logo.id).await.unwrap().is_some());
        assert_eq!(app.get("/ar/").await.count(".footer-social"), 0, "each edition has its own face");

        // Hostile or mistaken lines are refused next to their field, with what was typed kept.
        let refused = post_as(&app, &admin, "/newsroom/settings/face/en", &[
            ("logo", "999999"),
            ("nav_links", "Events | /page/events\nEvil | javascript:alert(1)"),
            ("footer_text", "<script>alert(1)</script>"),
            ("social_links", "//evil.example/"),
            ("numerals", "western"),
        ]).await;
        assert_eq!(refused.status, 422);
        assert!(refused.texts("#face-en-nav_links-error")[0].starts_with("Line 2 cannot be read"));
        assert!(refused.texts("#face-en-social_links-error")[0].starts_with("Line 1 is not an address elsewhere"));
        assert_eq!(refused.count(".site-face .field-invalid"), 3, "logo, links and accounts");
        assert!(refused.texts("#face-en-nav_links")[0].contains("javascript:alert(1)"), "kept as typed");
        let home = app.get("/").await;
        assert_eq!(home.texts(".footer-social a"), vec!["X", "Instagram"], "nothing of the refused form was saved");
        // Words in the footer are words, never markup.
        post_as(&app, &admin, "/newsroom/settings/face/en", &[("footer_text", "<script>alert(1)</script>"), ("numerals", "western")]).await;
        let home = app.get("/").await;
        assert_eq!(home.texts(".footer-text"), vec!["<script>alert(1)</script>"]);
        assert!(!home.body.contains("<script>alert(1)"));
        assert_eq!(home.count(".brand-logo"), 0, "no logo chosen: the name again");

        let editor = app.signed_in("edie", Role::Editor).await;
        let not_theirs = post_as(&app, &editor, "/newsroom/settings/face/en", &[("footer_text", "Mine")]).await;
        assert_eq!(not_theirs.status, 403);
    }

    async fn an_editor_makes_a_new_page_from_the_newsroom(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let pages = app.get_with("/newsroom/pages", &[("cookie", &editor.cookie)]).await;
        assert_eq!(pages.attrs("#new-page-edition option[selected]", "value"), vec!["en"]);
        let made = post_as(&app, &editor, "/newsroom/pages", &[("edition", "en"), ("title", "Events this month"), ("slug", "")]).await;
        assert_eq!((made.status, made.header("location")), (303, "/newsroom/pages/en/events-this-month".to_owned()));
        let saved = post_as(&app, &editor, "/newsroom/pages/en/events-this-month", &[("title", "Events this month"), ("body", "The book fair opens on the 12th.")]).await;
        assert_eq!(saved.status, 200);
        assert_eq!(app.get("/page/events-this-month").await.texts("h1"), vec!["Events this month"]);

        let again = post_as(&app, &editor, "/newsroom/pages", &[("edition", "en"), ("title", "Events again"), ("slug", "events-this-month")]).await;
        assert_eq!(again.status, 422);
        assert!(again.texts("#new-page-slug-error")[0].starts_with("The edition has a page at this address already"));
        assert_eq!(again.attrs("#new-page-title", "value"), vec!["Events again"], "what was typed is kept");
        let untitled = post_as(&app, &editor, "/newsroom/pages", &[("edition", "ar"), ("title", " "), ("slug", "")]).await;
        assert_eq!(untitled.texts("#new-page-title-error"), vec!["Give the page a title."]);
        let arabic = post_as(&app, &editor, "/newsroom/pages", &[("edition", "ar"), ("title", "فعاليات الشهر"), ("slug", "")]).await;
        assert_eq!(arabic.status, 303);
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let refused = post_as(&app, &contributor, "/newsroom/pages", &[("edition", "en"), ("title", "Mine"), ("slug", "")]).await;
        assert_eq!(refused.status, 403);
    }

    async fn an_editor_orders_the_sections_of_the_navigation(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let before = app.get("/").await.texts(".section-nav a");
        assert_eq!(&before[..2], ["News", "Business"]);
        let business = app.app.store.section(dateline_domain::Lang::En, &dateline_domain::Slug::parse("business").unwrap()).await.unwrap().unwrap().id.to_string();
        let desk = app.get_with("/newsroom/desk", &[("cookie", &editor.cookie)]).await;
        assert_eq!(desk.count(".section-order"), 2 * (before.len() - 1) + 2 * (app.get("/ar/").await.count(".section-nav a") - 1), "no Earlier for the first, no Later for the last");
        let moved = post_as(&app, &editor, "/newsroom/desk", &[("what", "section_earlier"), ("id", &business)]).await;
        assert_eq!(app.notice_after(&editor, &moved).await, vec!["Section moved: the site's navigation shows the new order."]);
        let after = app.get("/").await.texts(".section-nav a");
        assert_eq!(&after[..2], ["Business", "News"], "every page shows the new order at once");
        assert_eq!(after.len(), before.len());
        let nowhere = post_as(&app, &editor, "/newsroom/desk", &[("what", "section_earlier"), ("id", &business)]).await;
        assert_eq!(nowhere.status, 404, "the first section has no place earlier");
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let refused = post_as(&app, &contributor, "/newsroom/desk", &[("what", "section_later"), ("id", &business)]).await;
        assert_eq!(refused.status, 403);
    }

    async fn each_edition_writes_every_number_in_one_kind_of_digits(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let story = format!("/ar/article/{}", crate::support::AR_PAIRED);
        let arabic_indic = |text: &str| text.chars().any(|c| ('\u{0660}'..='\u{0669}').contains(&c));
        let western = |text: &str| text.chars().any(|c| c.is_ascii_digit());
        let text_of = |page: &crate::support::Page| page.texts("main").join(" ");
        // The Arabic edition's usual: Arabic-Indic digits in dates and in what was typed.
        let usual = app.get(&story).await;
        assert!(arabic_indic(&text_of(&usual)), "{}", text_of(&usual));
        assert!(!western(&text_of(&usual)), "no Western digit in an Arabic-Indic page: {}", text_of(&usual));
        let datetimes = usual.attrs("time", "datetime");
        assert!(datetimes.iter().all(|at| at.starts_with("20")), "markup keeps its digits: {datetimes:?}");
        let saved = post_as(&app, &admin, "/newsroom/settings/face/ar", &[("numerals", "western")]).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        let chosen = app.get(&story).await;
        assert!(!arabic_indic(&text_of(&chosen)), "Western everywhere once chosen: {}", text_of(&chosen));
        assert_eq!(chosen.attrs("html", "data-numerals"), vec!["western"], "the page's script writes the same");
        assert!(western(&text_of(&app.get("/ar/").await)));
        assert!(!arabic_indic(&text_of(&app.get("/").await)), "the English edition is its own");
        let refused = post_as(&app, &admin, "/newsroom/settings/face/ar", &[("numerals", "roman")]).await;
        assert_eq!(refused.status, 422);
    }
}
