//! The story editor's server side: the preview of unsaved words as readers will see them,
//! autosave (kept, offered back, never over someone else's newer save), photos added from the
//! editor, and the length it opens with.

use crate::newsroom::{Ids, ids, post_as, version_of, write_story};
use crate::support::{Staff, TestApp, on_both_databases};
use dateline_domain::{Actor, Role};
use dateline_store::stories::CHOICES;

/// The editor's fields for a story about the night market, with `headline` and `body`.
fn fields<'a>(ids: &'a Ids, version: &'a str, headline: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("edition", "en"),
        ("version", version),
        ("headline", headline),
        ("dek", "Sixty stalls and a band."),
        ("body", body),
        ("section", &ids.news),
        ("author_1", &ids.layla),
        ("tags", "Markets"),
        ("dateline_place", "Wadi Sahl"),
        ("lead_image", &ids.image),
        ("lead_alt", "Stalls under awnings"),
        ("lead_caption", "The market on its first night."),
        ("lead_credit", "Dateline illustration"),
        ("comments", "open"),
    ]
}

/// What the editor's script is told after an autosave.
fn answer(page: &crate::support::Page) -> serde_json::Value {
    serde_json::from_str(&page.body).unwrap_or_else(|_| panic!("JSON: {}", page.body))
}

async fn editor_page(app: &TestApp, staff: &Staff, path: &str) -> crate::support::Page {
    app.get_with(path, &[("cookie", &staff.cookie)]).await
}

on_both_databases! {
    async fn the_editors_picture_list_stays_short_as_the_library_grows(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "An older picture leads").await;
        let store = &app.app.store;
        for n in 0..CHOICES {
            store.ensure_image(&format!("uploads/later/{n}.png"), (Some(8), Some(8)), None, Actor::System).await.unwrap();
        }
        let page = app.get_with(&format!("/newsroom/stories/{id}"), &[("cookie", &editor.cookie)]).await;
        let offered = page.attrs("#story-lead-image option", "value");
        assert_eq!(offered.len(), 1 + CHOICES as usize + 1, "no picture, the newest, and the one chosen");
        assert_eq!(page.attrs("#story-lead-image option[selected]", "value"), vec![ids.image.clone()], "the older lead stays chosen");
        let version = version_of(&app, id).await;
        let saved = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &fields(&ids, &version, "An older picture leads", "Still the same lead.")).await;
        assert_eq!(saved.status, 303, "saved again without choosing anew: {}", saved.body);
        assert_eq!(store.story(id).await.unwrap().unwrap().lead_image_id.map(|image| image.to_string()), Some(ids.image.clone()));
        let desk = app.get_with("/newsroom/desk", &[("cookie", &editor.cookie)]).await;
        assert_eq!(desk.attrs("select[name=photo] option[selected]", "value").len(), 7, "older portraits stay chosen on the desk");
    }

    async fn the_preview_shows_unsaved_words_as_readers_will_see_them(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Night market opens").await;
        let version = version_of(&app, id).await;
        let unsaved = fields(&ids, &version, "Night market opens on the corniche", "## Stalls\n\nNot saved yet.");
        let preview = post_as(&app, &editor, &format!("/newsroom/stories/{id}/preview"), &unsaved).await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert_eq!(preview.texts("h1.headline"), vec!["Night market opens on the corniche"]);
        assert_eq!(preview.texts(".article-body h2"), vec!["Stalls"]);
        assert_eq!(preview.texts(".kicker"), vec!["News"], "the section");
        assert!(preview.texts(".byline").join(" ").contains("Layla Haddad"), "the byline: {:?}", preview.texts(".byline"));
        assert!(preview.body.contains("Wadi Sahl"), "the dateline");
        assert_eq!(preview.attrs(".lead-figure img", "alt"), vec!["Stalls under awnings"], "the lead photo");
        assert_eq!(preview.count(".comment-form"), 0, "nothing to comment on in a preview");
        assert_eq!(preview.header("x-frame-options"), "SAMEORIGIN", "the editor frames it");
        assert!(preview.header("content-security-policy").ends_with("frame-ancestors 'self'"));
        assert_eq!(preview.header("cache-control"), "no-store");
        assert_eq!(app.app.store.story(id).await.unwrap().unwrap().headline, "Night market opens", "nothing saved");
        // Every other page is framed by none.
        let editor_page = editor_page(&app, &editor, &format!("/newsroom/stories/{id}")).await;
        assert_eq!(editor_page.header("x-frame-options"), "DENY");

        let mut no_section = fields(&ids, "", "A story with no section", "Text.");
        no_section.retain(|(name, _)| *name != "section");
        let refused = post_as(&app, &editor, "/newsroom/stories/preview", &no_section).await;
        assert_eq!(refused.status, 422);
        assert_eq!(refused.texts(".problems li"), vec!["Choose a section of this edition."]);
        let stranger = app.post_form("/newsroom/stories/preview", &unsaved, &[]).await;
        assert_eq!(stranger.status, 401, "no preview without a session");
        assert_eq!(stranger.count(".article-body"), 0);
    }

    async fn autosave_keeps_unsaved_words_and_offers_them_back(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Ferry timetable").await;
        let version = version_of(&app, id).await;
        let typing = fields(&ids, &version, "Ferry timetable changes", "The first boat leaves at six.");
        let kept = post_as(&app, &editor, &format!("/newsroom/stories/{id}/autosave"), &typing).await;
        assert_eq!(kept.status, 200, "{}", kept.body);
        assert_eq!(answer(&kept)["kept"], true);
        assert!(answer(&kept)["message"].as_str().unwrap().starts_with("A copy was kept at "));
        let story = app.app.store.story(id).await.unwrap().unwrap();
        assert_eq!((story.headline.as_str(), story.version.to_string()), ("Ferry timetable", version.clone()), "no revision, nothing readers see");

        let reopened = editor_page(&app, &editor, &format!("/newsroom/stories/{id}")).await;
        assert_eq!(reopened.attrs("#story-headline", "value"), vec!["Ferry timetable changes"], "the form holds the kept words");
        assert!(reopened.texts("#story-body")[0].contains("The first boat leaves at six."));
        assert!(reopened.texts(".kept-words p")[0].starts_with("These are the words you had not saved"));
        assert_eq!(reopened.attrs("input[name=version]", "value"), vec![version.clone()], "saving them is a save on the revision they were typed on");

        // Someone else's own unsaved words are theirs alone.
        let colleague = app.signed_in("ed2", Role::Editor).await;
        let theirs = editor_page(&app, &colleague, &format!("/newsroom/stories/{id}")).await;
        assert_eq!(theirs.attrs("#story-headline", "value"), vec!["Ferry timetable"]);
        assert_eq!(theirs.count(".kept-words"), 0);

        // Saving them keeps them as the story, and the copy is gone.
        let saved = post_as(&app, &editor, &format!("/newsroom/stories/{id}"), &typing).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let after = editor_page(&app, &editor, &format!("/newsroom/stories/{id}")).await;
        assert_eq!(after.count(".kept-words"), 0);
        assert_eq!(app.sql_count("SELECT id FROM autosaves").await, 0);
    }

    async fn an_autosave_never_overwrites_a_newer_save_by_someone_else(app: TestApp) {
        let ids = ids(&app).await;
        let first = app.signed_in("edie", Role::Editor).await;
        let second = app.signed_in("ed2", Role::Editor).await;
        let id = write_story(&app, &first, &ids, "Harbour cranes").await;
        let opened = version_of(&app, id).await;
        let early = post_as(&app, &first, &format!("/newsroom/stories/{id}/autosave"), &fields(&ids, &opened, "Harbour cranes arrive", "Mine, early.")).await;
        assert_eq!(answer(&early)["kept"], true);
        let theirs = post_as(&app, &second, &format!("/newsroom/stories/{id}"), &fields(&ids, &opened, "Harbour cranes unloaded", "Theirs, saved.")).await;
        assert_eq!(theirs.status, 303);

        let late = post_as(&app, &first, &format!("/newsroom/stories/{id}/autosave"), &fields(&ids, &opened, "Harbour cranes arrive", "Mine, later.")).await;
        assert_eq!(late.status, 409);
        assert_eq!(answer(&late)["kept"], false);
        let message = answer(&late)["message"].as_str().unwrap().to_owned();
        assert!(message.starts_with("ed2 (test) saved revision 2 of this story at "), "{message}");
        assert!(message.contains("they are still here"), "{message}");
        assert_eq!(app.app.store.story(id).await.unwrap().unwrap().body_markdown, "Theirs, saved.");

        // Reopened, the form shows their save; the older kept words are beside it, to copy.
        let reopened = editor_page(&app, &first, &format!("/newsroom/stories/{id}")).await;
        assert_eq!(reopened.attrs("#story-headline", "value"), vec!["Harbour cranes unloaded"]);
        assert!(reopened.texts(".kept-words-outdated p")[0].contains("typed on revision 1"));
        assert_eq!(reopened.texts("#kept-body"), vec!["Mine, early."]);
        let discarded = post_as(&app, &first, &format!("/newsroom/stories/{id}/autosave/discard"), &[]).await;
        assert_eq!(discarded.status, 303);
        assert_eq!(app.notice_after(&first, &discarded).await, vec!["The unsaved words were discarded."]);
        assert_eq!(editor_page(&app, &first, &format!("/newsroom/stories/{id}")).await.count(".kept-words"), 0);

        // A contributor may not keep words on a story that is not theirs; a signed-out one is told so.
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let version = version_of(&app, id).await;
        let refused = post_as(&app, &contributor, &format!("/newsroom/stories/{id}/autosave"), &fields(&ids, &version, "Mine now", "No.")).await;
        assert!(refused.status == 403 || refused.status == 404, "{}", refused.status);
        let signed_out = app.post_form(&format!("/newsroom/stories/{id}/autosave"), &fields(&ids, &version, "x", "y"), &[]).await;
        assert_eq!(signed_out.status, 401);
        assert!(answer(&signed_out)["message"].as_str().unwrap().contains("they are still here"));
    }

    async fn a_new_story_is_kept_before_it_is_ever_saved(app: TestApp) {
        let ids = ids(&app).await;
        let writer = app.signed_in("casey", Role::Contributor).await;
        let mut typing = fields(&ids, "", "Rain closes the coast road", "Half a story,");
        typing.retain(|(name, _)| *name != "section");
        let kept = post_as(&app, &writer, "/newsroom/stories/autosave", &typing).await;
        assert_eq!(answer(&kept)["kept"], true, "{}", kept.body);
        let again = editor_page(&app, &writer, "/newsroom/stories/new").await;
        assert_eq!(again.attrs("#story-headline", "value"), vec!["Rain closes the coast road"]);
        assert!(again.texts("#story-body")[0].contains("Half a story,"));
        let created = post_as(&app, &writer, "/newsroom/stories", &fields(&ids, "", "Rain closes the coast road", "A whole story.")).await;
        assert_eq!(created.status, 303, "{}", created.body);
        assert_eq!(editor_page(&app, &writer, "/newsroom/stories/new").await.attrs("#story-headline", "value"), vec![""], "the new story took the kept words");
    }

    async fn a_photo_added_in_the_editor_goes_to_the_library_and_comes_back_as_a_figure(app: TestApp) {
        let writer = app.signed_in("casey", Role::Contributor).await;
        let send = |alt: &'static str| {
            let form = reqwest::multipart::Form::new()
                .text("csrf", writer.csrf.clone())
                .text("alt", alt)
                .text("caption", "Boats at the quay")
                .text("credit", "Photo: Sami Yousef")
                .part("file", reqwest::multipart::Part::bytes(crate::media::jpeg_with_location(640, 400)).file_name("quay.jpg"));
            app.client
                .post(format!("{}/newsroom/media/insert", app.base))
                .header("cookie", &writer.cookie)
                .header("origin", app.base.clone())
                .multipart(form)
                .send()
        };
        let refused = send("").await.unwrap();
        assert_eq!(refused.status(), 422);
        let refused: serde_json::Value = serde_json::from_str(&refused.text().await.unwrap()).unwrap();
        assert!(refused["errors"]["alt"].as_str().unwrap().starts_with("Describe the picture"), "{refused}");
        assert!(refused["block"].is_null());
        assert!(app.app.store.library("Boats", 10).await.unwrap().is_empty(), "nothing added");

        let added = send("Fishing boats tied up at dawn").await.unwrap().text().await.unwrap();
        let added: serde_json::Value = serde_json::from_str(&added).unwrap_or_else(|_| panic!("{added}"));
        let block = added["block"].as_str().unwrap();
        let item = app.app.store.library("Fishing boats", 10).await.unwrap().pop().expect("in the library");
        assert_eq!(block, format!("```figure\nsrc: /media/{}\nalt: Fishing boats tied up at dawn\ncaption: Boats at the quay\ncredit: Photo: Sami Yousef\n```", item.path));
        let rendered = dateline_render::markdown::to_html(block);
        assert!(rendered.contains("alt=\"Fishing boats tied up at dawn\""), "{rendered}");
    }

    async fn the_editor_opens_with_the_story_length(app: TestApp) {
        let ids = ids(&app).await;
        let editor = app.signed_in("edie", Role::Editor).await;
        let id = write_story(&app, &editor, &ids, "Length").await;
        let page = editor_page(&app, &editor, &format!("/newsroom/stories/{id}")).await;
        // "Stalls open at dusk. / What is on / 60 stalls / music": the figure's words are not the story's.
        assert_eq!(page.texts("#story-length"), vec!["10 words · 1 minute to read"]);
        assert_eq!(page.attrs("#story-length", "data-words-other"), vec!["{n} words"]);
        assert_eq!(page.attrs("#story-body", "name"), vec!["body"], "a plain form without JavaScript");
        assert_eq!(page.attrs(".editor-side select[name=section]", "form"), vec!["story-form"], "side fields belong to the story's form");
        assert_eq!(page.count(".editor[data-autosave]"), 1);
        // A contributor reading their story once published may not edit it: nothing to keep.
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let theirs = write_story(&app, &contributor, &ids, "Read only").await;
        post_as(&app, &editor, &format!("/newsroom/stories/{theirs}/status"), &[("to", "published")]).await;
        let read_only = editor_page(&app, &contributor, &format!("/newsroom/stories/{theirs}")).await;
        assert_eq!(read_only.count(".editor[data-autosave]"), 0, "no autosave where nothing can be saved");
        assert_eq!(read_only.count(".editor"), 1);
    }
}
