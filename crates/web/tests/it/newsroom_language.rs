//! The newsroom in the member's language: the sign-in page follows the browser, a member
//! chooses English or Arabic (or gets the edition of their newest story), and an Arabic
//! newsroom page holds no English of its own.

use crate::newsroom::post_as;
use crate::support::{Page, Staff, TestApp, on_both_databases};
use dateline_domain::Role;
use scraper::{ElementRef, Node};

const ARABIC_BROWSER: (&str, &str) = ("accept-language", "ar-IQ,ar;q=0.9,en-US;q=0.6");

/// Words of interface that an Arabic page may hold in Latin letters: formats, protocols and
/// names a member types or meets as they are.
const LATIN_ALLOWED: [&str; 14] = [
    "JPEG", "PNG", "WebP", "GIF", "SVG", "API", "Markdown", "https", "http", "Asia", "Baghdad", "Europe",
    "London", "English",
];

/// The interface text of `page` in Latin letters: every text and every `placeholder`,
/// `aria-label` and `title`, leaving out what members wrote (elements marked `dir="auto"`),
/// what is marked as another language (`lang`), and code.
fn latin_words(page: &Page) -> Vec<String> {
    fn walk(element: ElementRef, found: &mut Vec<String>) {
        let value = element.value();
        let skipped = matches!(value.name(), "script" | "style" | "textarea" | "pre" | "code")
            || value.attr("dir") == Some("auto")
            || value.attr("lang").is_some_and(|lang| lang != "ar");
        if skipped {
            return;
        }
        for attribute in ["placeholder", "aria-label", "title"] {
            // An example address (`/2019/05/01/old-slug/`) is shown as it would be typed.
            let words = value.attr(attribute).filter(|text| !text.starts_with('/'));
            found.extend(words.map(latin_in).unwrap_or_default());
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => found.extend(latin_in(text)),
                Node::Element(_) => walk(ElementRef::wrap(child).expect("an element"), found),
                _ => {}
            }
        }
    }
    let html = page.html();
    let body = html
        .select(&scraper::Selector::parse("body").expect("selector"))
        .next()
        .expect("a body");
    let mut found = Vec::new();
    walk(body, &mut found);
    found
}

fn latin_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 3 && !LATIN_ALLOWED.contains(word))
        .map(str::to_owned)
        .collect()
}

fn speaks(page: &Page) -> (String, String) {
    let lang = page.attrs("html", "lang").pop().unwrap_or_default();
    let dir = page.attrs("html", "dir").pop().unwrap_or_default();
    (lang, dir)
}

async fn choose(app: &TestApp, staff: &Staff, lang: &str, from: &str) -> Page {
    app.post_form(
        "/newsroom/language",
        &[("csrf", staff.csrf.as_str()), ("lang", lang)],
        &[
            ("cookie", &staff.cookie),
            ("referer", &format!("http://127.0.0.1{from}")),
        ],
    )
    .await
}

on_both_databases! {
    async fn the_sign_in_page_speaks_the_browsers_language(app: TestApp) {
        let english = app.get("/newsroom/login").await;
        assert_eq!(speaks(&english), ("en".into(), "ltr".into()));
        assert_eq!(english.texts("h1"), vec!["Sign in to the newsroom"]);
        let arabic = app.get_with("/newsroom/login", &[ARABIC_BROWSER]).await;
        assert_eq!(speaks(&arabic), ("ar".into(), "rtl".into()));
        assert_eq!(arabic.texts("h1"), vec!["الدخول إلى غرفة الأخبار"]);
        assert_eq!(latin_words(&arabic), Vec::<String>::new());
        let refused = app
            .post_form("/newsroom/login", &[("username", "nobody"), ("password", "wrong password")], &[ARABIC_BROWSER])
            .await;
        assert_eq!(refused.status, 401);
        assert_eq!(refused.texts(".form-error"), vec!["اسم المستخدم وكلمة المرور غير متطابقين."]);
        assert_eq!(refused.attrs("#login-username", "value"), vec!["nobody"], "what was typed is kept");
    }

    async fn newsroom_error_pages_speak_the_members_language(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        choose(&app, &admin, "ar", "/newsroom").await;
        let missing = app.get_with("/newsroom/stories/999999", &[("cookie", &admin.cookie)]).await;
        assert_eq!(missing.status, 404);
        assert_eq!(speaks(&missing), ("ar".into(), "rtl".into()), "not the English of the address");
        let stranger = app.get_with("/newsroom/nowhere", &[ARABIC_BROWSER]).await;
        assert_eq!((stranger.status, speaks(&stranger)), (404, ("ar".into(), "rtl".into())), "a stranger's browser decides");
        assert_eq!(speaks(&app.get("/newsroom/nowhere").await), ("en".into(), "ltr".into()));
    }

    async fn a_member_who_chooses_arabic_meets_no_english_on_any_newsroom_page(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let cookie = [("cookie", admin.cookie.as_str())];
        assert_eq!(speaks(&app.get_with("/newsroom", &cookie).await), ("en".into(), "ltr".into()));
        let chosen = choose(&app, &admin, "ar", "/newsroom/media").await;
        assert_eq!((chosen.status, chosen.header("location")), (303, "/newsroom/media".to_owned()), "back where it was chosen");
        let story = app.paired_story_id().await;
        let picture = app.app.store.library("", 1).await.unwrap()[0].id;
        let pages = [
            "/newsroom".to_owned(),
            "/newsroom/stories/new".to_owned(),
            "/newsroom/stories/new?edition=ar".to_owned(),
            "/newsroom/planning".to_owned(),
            format!("/newsroom/stories/{story}"),
            format!("/newsroom/stories/{story}/revisions"),
            "/newsroom/media".to_owned(),
            format!("/newsroom/media/{picture}"),
            "/newsroom/desk".to_owned(),
            "/newsroom/pages".to_owned(),
            "/newsroom/pages/en/about".to_owned(),
            "/newsroom/pages/ar/comment-policy".to_owned(),
            "/newsroom/redirects".to_owned(),
            "/newsroom/users".to_owned(),
            "/newsroom/settings".to_owned(),
            "/newsroom/keys".to_owned(),
            "/newsroom/moderation".to_owned(),
            "/newsroom/moderation?queue=published".to_owned(),
            "/newsroom/moderation/settings".to_owned(),
            "/newsroom/moderation/log".to_owned(),
            "/newsroom/moderation/bans".to_owned(),
            "/newsroom/reactions".to_owned(),
        ];
        for path in &pages {
            let page = app.get_with(path, &cookie).await;
            assert_eq!(page.status, 200, "{path}");
            assert_eq!(speaks(&page), ("ar".into(), "rtl".into()), "{path}");
            assert_eq!(latin_words(&page), Vec::<String>::new(), "English left on {path}");
        }
        let back = choose(&app, &admin, "en", "/newsroom/desk").await;
        assert_eq!(back.header("location"), "/newsroom/desk");
        assert_eq!(app.get_with("/newsroom/desk", &cookie).await.texts("h1")[0], "Sections, authors and tags");
    }

    async fn what_a_member_is_told_comes_in_their_language(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        choose(&app, &editor, "ar", "/newsroom").await;
        let tag = post_as(&app, &editor, "/newsroom/desk", &[("what", "add_tag"), ("edition", "ar"), ("name", "مواصلات")]).await;
        assert_eq!(app.notice_after(&editor, &tag).await, vec!["أُضيف الوسم مواصلات."]);
        let refused = post_as(&app, &editor, "/newsroom/stories", &[("edition", "ar"), ("headline", ""), ("body", "نص"), ("intent", "save")]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(refused.texts("#story-headline-error"), vec!["اكتب عنوانًا."]);
        let new_story = app.get_with("/newsroom/stories/new", &[("cookie", &editor.cookie)]).await;
        assert_eq!(new_story.attrs("#story-edition option[selected]", "value"), vec!["ar"], "a new story is in the member's language");
        let ids = crate::newsroom::ids(&app).await;
        let tagged = post_as(&app, &editor, "/newsroom/stories", &[
            ("edition", "en"), ("headline", "Buses at night"), ("body", "Text."), ("section", &ids.news),
            ("author_1", &ids.layla), ("tags", "Transport، Night life"), ("comments", "open"), ("intent", "save"),
        ]).await;
        assert_eq!(tagged.status, 303, "{}", tagged.body);
        let id: i64 = tagged.header("location").trim_start_matches("/newsroom/stories/").split('?').next().unwrap().parse().unwrap();
        let tags = app.app.store.story(id).await.unwrap().unwrap().tags;
        assert_eq!(tags, vec!["Night life", "Transport"], "the Arabic comma separates tags too");
        let counted = post_as(&app, &editor, "/newsroom/moderation/decide", &[("ids", "999999"), ("action", "approve")]).await;
        assert_eq!(app.notice_after(&editor, &counted).await, vec!["لم يُحدَّث أي تعليق."], "Arabic's zero form");
    }

    async fn a_link_cannot_put_its_own_words_on_a_newsroom_page(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let cookie = [("cookie", editor.cookie.as_str())];
        for notice in ["Your+password+expired:+call+555-0100", "%3Cscript%3Ealert(1)%3C/script%3E", "nav", "tag_added.one"] {
            let page = app.get_with(&format!("/newsroom/desk?notice={notice}"), &cookie).await;
            assert_eq!(page.status, 200);
            assert_eq!(page.texts(".notice"), Vec::<String>::new(), "{notice}");
        }
        let named = app.get_with("/newsroom/desk?notice=tag_added&name=%3Cb%3Etrains%3C/b%3E", &cookie).await;
        assert_eq!(named.texts(".notice"), vec!["Tag <b>trains</b> added."], "a name is shown as text");
        assert!(!named.body.contains("<b>trains"));
    }

    async fn until_they_choose_members_work_in_the_edition_of_their_newest_story(app: TestApp) {
        let writer = app.signed_in("amal", Role::Author).await;
        let cookie = [("cookie", writer.cookie.as_str())];
        assert_eq!(speaks(&app.get_with("/newsroom", &cookie).await).0, "en", "no story yet, an English browser");
        assert_eq!(speaks(&app.get_with("/newsroom", &[cookie[0], ARABIC_BROWSER]).await).0, "ar", "no story yet, an Arabic browser");
        app.sql(
            "UPDATE users SET author_id = (SELECT aa.author_id FROM article_authors aa JOIN articles a ON a.id = aa.article_id
                                          WHERE a.edition = 'ar' ORDER BY aa.article_id DESC LIMIT 1)
             WHERE username = 'amal'",
        )
        .await;
        app.sql(
            "DELETE FROM article_authors WHERE author_id = (SELECT author_id FROM users WHERE username = 'amal')
               AND article_id IN (SELECT id FROM articles WHERE edition = 'en')",
        )
        .await;
        assert_eq!(speaks(&app.get_with("/newsroom", &cookie).await), ("ar".into(), "rtl".into()), "their stories are Arabic");
        choose(&app, &writer, "en", "/newsroom").await;
        assert_eq!(speaks(&app.get_with("/newsroom", &[cookie[0], ARABIC_BROWSER]).await).0, "en", "a choice outlasts both");
    }
}
