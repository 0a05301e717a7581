//! A newsroom moved between databases with `dateline export` and `dateline import dateline`:
//! SQLite → PostgreSQL → SQLite gives the same document each time, and the site on the new
//! store shows readers what the old one did; an export that cannot come in changes nothing.

use crate::newsroom::post_as;
use crate::support::{Backend, EN_PAIRED, TestApp, eventually};
use dateline_domain::Role;
use dateline_service::{EXPORT_DOCUMENT, EXPORT_MEDIA, NewsroomFileError, Service};
use dateline_storage::LocalFolder;
use dateline_store::Store;
use dateline_store::export::ExportFileError;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

fn article() -> String {
    format!("/article/{EN_PAIRED}")
}

/// Every file under `folder`, by its path below it, with its bytes.
fn files_under(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, folder: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(root, &path, into);
            } else {
                let name = path
                    .strip_prefix(root)
                    .expect("below the root")
                    .display()
                    .to_string();
                into.insert(name, std::fs::read(&path).expect("a file"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(folder, folder, &mut files);
    files
}

async fn export(app: &TestApp, into: &Path) -> String {
    let exported = app.app.service.export_newsroom(into).await.expect("exported");
    assert!(exported.missing.is_empty(), "{:?}", exported.missing);
    std::fs::read_to_string(into.join(EXPORT_DOCUMENT)).expect("the document")
}

#[tokio::test]
async fn a_newsroom_moves_from_sqlite_to_postgresql_and_back_unchanged() {
    let old = TestApp::spawn(Backend::Sqlite).await;
    let admin = old.signed_in("ada", Role::Admin).await;
    let decide = |ids: Vec<i64>, action: &'static str, reason: Option<&'static str>| {
        let (old, admin) = (&old, &admin);
        async move {
            let mut fields: Vec<(&str, String)> = ids.iter().map(|id| ("ids", id.to_string())).collect();
            fields.push(("action", action.to_owned()));
            fields.extend(reason.map(|reason| ("reason", reason.to_owned())));
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            assert_eq!(
                post_as(old, admin, "/newsroom/moderation/decide", &fields)
                    .await
                    .status,
                303,
                "{action}"
            );
        }
    };
    let featured = TestApp::comment_id(
        &old.comment(
            &article(),
            "Amal",
            "Amal@Example.org",
            "The new timetable suits the school run.",
        )
        .await,
    );
    decide(vec![featured], "approve", None).await;
    decide(vec![featured], "feature", None).await;
    let reply = old
        .post_form(
            &format!("{}/comments", article()),
            &[
                ("name", "Ben"),
                ("email", "ben@example.org"),
                ("body", "Agreed, and the fares too."),
                ("parent", &featured.to_string()),
            ],
            &[],
        )
        .await;
    let reply = TestApp::comment_id(&reply);
    decide(vec![reply], "approve", None).await;
    let rejected = TestApp::comment_id(
        &old.comment(&article(), "Cy", "cy@example.org", "Buy cheap watches here.")
            .await,
    );
    decide(vec![rejected], "reject", Some("Advertising")).await;
    let held = TestApp::comment_id(
        &old.comment(
            &article(),
            "Dana",
            "dana@example.org",
            "Still waiting for a moderator.",
        )
        .await,
    );
    old.post_form(
        &format!("{}/comments/{reply}/report", article()),
        &[("reason", "Off topic")],
        &[],
    )
    .await;
    let banned = post_as(
        &old,
        &admin,
        "/newsroom/moderation/ban",
        &[("kind", "domain"), ("target", "spam.example"), ("days", "")],
    )
    .await;
    assert_eq!(banned.status, 303);
    old.post_form(&format!("{}/reaction", article()), &[("vote", "yes")], &[])
        .await;
    let story = old.paired_story_id().await;
    let corrected = post_as(
        &old,
        &admin,
        &format!("/newsroom/stories/{story}/corrections"),
        &[("correction", "The ferry leaves at seven, not at six.")],
    )
    .await;
    assert_eq!(corrected.status, 303);
    let redirected = post_as(
        &old,
        &admin,
        "/newsroom/redirects",
        &[("old", "/2019/05/01/ferry-returns/"), ("new", &article())],
    )
    .await;
    assert_eq!(redirected.status, 303);

    let folders = tempfile::tempdir().expect("a folder");
    let first = export(&old, &folders.path().join("from-sqlite")).await;
    for kept in [
        "The ferry leaves at seven",
        "Advertising",
        "spam.example",
        "amal@example.org",
        "بريد وادي سهل",
    ] {
        assert!(first.contains(kept), "{kept} is in the export");
    }
    assert!(!first.contains("argon2"), "no password hash leaves the store");

    let moved = TestApp::spawn_imported(Backend::Postgres, &folders.path().join("from-sqlite")).await;
    let second = export(&moved, &folders.path().join("from-postgres")).await;
    assert!(first == second, "the same document from PostgreSQL");
    assert_eq!(
        files_under(&folders.path().join("from-sqlite").join(EXPORT_MEDIA)),
        files_under(&folders.path().join("from-postgres").join(EXPORT_MEDIA)),
        "the same pictures"
    );
    let back = TestApp::spawn_imported(Backend::Sqlite, &folders.path().join("from-postgres")).await;
    let third = export(&back, &folders.path().join("back-in-sqlite")).await;
    assert!(first == third, "the same document back in SQLite");
    for site in [&moved, &back] {
        assert_eq!(
            site.sql_count(crate::reader_pages::MISCOUNTED).await,
            0,
            "the listings' counts, left out of the export, are counted again as it comes in"
        );
    }

    // Readers of the moved site see what they saw.
    let page = moved.get(&article()).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.texts("#comments-heading"), vec!["2 Comments"]);
    assert_eq!(page.count(&format!("#comment-{featured} .badge-featured")), 1);
    assert_eq!(
        page.count(&format!("#comment-{rejected}")) + page.count(&format!("#comment-{held}")),
        0
    );
    assert!(
        page.body.contains("The ferry leaves at seven, not at six."),
        "the correction"
    );
    let vote = moved
        .post_form(&format!("{}/reaction", article()), &[("vote", "no")], &[])
        .await;
    let tally = moved
        .get_with(&format!("{}/mine", article()), &[("cookie", &vote.cookie())])
        .await;
    assert_eq!(
        tally.texts(".reaction-result"),
        vec!["Thank you for answering. Readers so far: 1 yes, 1 no."],
        "the old site's vote counts"
    );
    let picture = page
        .attrs("img[src^='/media/']", "src")
        .into_iter()
        .next()
        .expect("a picture");
    assert_eq!(moved.get(&picture).await.status, 200, "{picture}");
    let old_address = moved.get("/2019/05/01/ferry-returns/").await;
    assert_eq!(
        (old_address.status, old_address.header("location")),
        (301, article())
    );
    eventually(30, "the moved site's search finds the story", || async {
        moved
            .get("/search?q=ferry")
            .await
            .attrs(".search-result h2 a", "href")
            .contains(&article())
    })
    .await;
    let arabic = moved.get("/ar/").await;
    assert_eq!(arabic.status, 200);
    assert!(arabic.body.contains("بريد وادي سهل"));

    // Members come without passwords; a moderator of the new site answers a reader's data
    // request over the comments that came with it.
    let login = moved
        .post_form(
            "/newsroom/login",
            &[("username", "ada"), ("password", "ada-long-password")],
            &[],
        )
        .await;
    assert_ne!(login.status, 303, "the old password does not sign in");
    let moderator = moved.signed_in("bea", Role::Admin).await;
    let data = moved
        .get_with(
            "/newsroom/moderation/export?email=AMAL@example.org",
            &[("cookie", &moderator.cookie)],
        )
        .await;
    let data: serde_json::Value = serde_json::from_str(&data.body).expect("JSON");
    assert_eq!(
        data["comments"][0]["body"],
        "The new timetable suits the school run."
    );
    let erased = post_as(
        &moved,
        &moderator,
        "/newsroom/moderation/erase",
        &[("email", "amal@example.org")],
    )
    .await;
    assert_eq!(
        moved.notice_after(&moderator, &erased).await,
        vec!["Erased the commenter's data and 1 comment."]
    );
    assert_eq!(
        moved.get(&article()).await.count(&format!("#comment-{featured}")),
        0
    );
    let newer = TestApp::comment_id(
        &moved
            .comment(
                &article(),
                "Eve",
                "eve@example.org",
                "A first comment on the new site.",
            )
            .await,
    );
    assert!(newer > held, "new rows are numbered after the ones brought in");
}

/// The use cases over an empty, migrated SQLite store in `folder`.
async fn empty_newsroom(folder: &Path) -> Service {
    let store = Store::open_sqlite(&folder.join("dateline.db"))
        .await
        .expect("a store");
    store.migrate().await.expect("migrated");
    Service::for_command(store, Arc::new(LocalFolder::new(folder.join("media"))))
        .await
        .expect("the use cases")
}

#[tokio::test]
async fn an_export_that_cannot_come_in_changes_nothing() {
    let site = TestApp::spawn(Backend::Sqlite).await;
    let folders = tempfile::tempdir().expect("a folder");
    let good = folders.path().join("good");
    let document = export(&site, &good).await;
    assert!(matches!(
        site.app.service.export_newsroom(&good).await,
        Err(NewsroomFileError::FolderInUse(_))
    ));
    assert!(
        matches!(
            site.app.service.import_newsroom(&good).await,
            Err(NewsroomFileError::Document(ExportFileError::NotEmpty(_)))
        ),
        "a store holding a newsroom takes no export"
    );

    let cases: [(&str, String, &str); 6] = [
        ("truncated", document[..document.len() / 2].to_owned(), "EOF"),
        (
            "not-dateline",
            r#"{"posts": []}"#.to_owned(),
            "not a Dateline export",
        ),
        (
            "later-version",
            document.replacen("\"version\": 1", "\"version\": 9", 1),
            "version 9",
        ),
        (
            "missing-field",
            document.replacen("\"headline\":", "\"headlines\":", 1),
            "no \"headline\"",
        ),
        (
            "wrong-kind",
            document.replacen("\"position\":0", "\"position\":\"first\"", 1),
            "\"position\" is not a whole number",
        ),
        (
            "broken-link",
            broken_section(&document),
            "a row of articles breaks a rule",
        ),
    ];
    for (name, text, told) in cases {
        let folder = folders.path().join(name);
        std::fs::create_dir_all(&folder).expect("a folder");
        std::fs::write(folder.join(EXPORT_DOCUMENT), text).expect("written");
        let target = tempfile::tempdir().expect("a folder");
        let service = empty_newsroom(target.path()).await;
        let error = service
            .import_newsroom(&folder)
            .await
            .expect_err(name)
            .to_string();
        assert!(error.contains(told), "{name}: {error}");
        assert!(
            service.store().is_empty().await.expect("asked"),
            "{name}: nothing was written"
        );
    }
}

/// The document with its first story's section replaced by one that does not exist.
fn broken_section(document: &str) -> String {
    let at = document.find("\"section_id\":").expect("a story") + "\"section_id\":".len();
    let end = at + document[at..].find(',').expect("more fields");
    format!("{}9999{}", &document[..at], &document[end..])
}
