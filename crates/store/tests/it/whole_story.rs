//! A story read back whole, as a reader's page gets it in one query: its byline in the order
//! the newsroom set, its tags by name, its corrections and comments oldest first, every word
//! as it was written however it is written; the same by slug, by id and among other stories.

use crate::support::{Fresh, furnish, plain_story, postgres, publish_new, sqlite};
use dateline_domain::{Actor, CommentBody, CommentStatus, CommenterName, Email, Lang, ReaderId, Slug};
use dateline_store::authors::NewAuthor;
use dateline_store::comments::NewComment;
use dateline_store::stories::StoryContent;

/// Words that a careless encoding would break: quotes, a backslash, markup, a tab and a line
/// break, letters outside the Basic Multilingual Plane, Arabic and a direction override.
const AWKWARD: &str = "He said \"no\" \\ then </script><b>left</b>\tfor good\n𝕏 🚢 مرحبا \u{202e}reversed";

async fn reads_back_as_written(fresh: Fresh) {
    let store = &fresh.store;
    let furniture = furnish(store).await;
    let second = store
        .create_author(
            NewAuthor {
                slug: &Slug::parse("basel-nouri").expect("slug"),
                name: "Basel \"Bas\" Nouri",
                bio: AWKWARD,
                photo_image_id: Some(furniture.image),
            },
            Actor::System,
        )
        .await
        .expect("an author");
    let slug = Slug::parse("the-night-ferry").expect("slug");
    let tag = |slug: &str, name: &str| (Slug::parse(slug).expect("slug"), name.to_owned());
    let content = StoryContent {
        dateline_place: "Sahl".to_owned(),
        tag_names: vec![tag("tides", "Tides \\ \"moon\""), tag("boats", "Boats & <ships>")],
        author_ids: vec![second, furniture.author],
        ..plain_story(&furniture, slug.as_str(), "The night ferry", "It left at nine.")
    };
    let id = publish_new(store, Lang::En, &content, None).await;
    let corrections = ["The ferry left at nine, not ten.".to_owned(), AWKWARD.to_owned()];
    for correction in &corrections {
        store
            .add_correction(id, correction, Actor::System)
            .await
            .expect("a correction");
    }
    let mut comment_ids = Vec::new();
    let bodies = [
        AWKWARD.to_owned(),
        "A reply \"quoted\"".to_owned(),
        "Later, plainly.".to_owned(),
    ];
    for (at, body) in bodies.iter().enumerate() {
        let reader = ReaderId::parse(&format!("{:032x}", at + 1)).expect("a reader");
        let comment = store
            .insert_comment(&NewComment {
                article_id: id,
                parent_id: (at == 1).then(|| comment_ids[0]),
                reader: &reader,
                name: &CommenterName::parse(&format!("Reader \"{at}\" \\")).expect("name"),
                email: &Email::parse(&format!("reader{at}@example.org")).expect("email"),
                body: &CommentBody::parse(body).expect("body"),
                status: CommentStatus::Published,
                staff_user_id: None,
                rule: None,
                reason: None,
                address_hash: "test",
            })
            .await
            .expect("a comment");
        comment_ids.push(comment);
    }

    let story = store
        .published_article(Lang::En, &slug)
        .await
        .expect("read")
        .expect("published");
    let bylines: Vec<(&str, &str, bool)> = story
        .authors
        .iter()
        .map(|a| (a.name.as_str(), a.bio.as_str(), a.photo.is_some()))
        .collect();
    assert_eq!(
        bylines,
        [("Basel \"Bas\" Nouri", AWKWARD, true), ("Amal Haddad", "", false)],
        "the byline in the order set, every word as written"
    );
    let tags: Vec<&str> = story.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["Boats & <ships>", "Tides \\ \"moon\""], "tags by name");
    let told: Vec<&str> = story.corrections.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(told, corrections, "corrections oldest first");

    let comments = store.published_comments(id).await.expect("comments");
    let shown: Vec<(i64, Option<i64>, &str, &str)> = comments
        .iter()
        .map(|c| (c.id, c.parent_id, c.author_name.as_str(), c.body.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (comment_ids[0], None, "Reader \"0\" \\", bodies[0].as_str()),
            (
                comment_ids[1],
                Some(comment_ids[0]),
                "Reader \"1\" \\",
                bodies[1].as_str()
            ),
            (comment_ids[2], None, "Reader \"2\" \\", bodies[2].as_str()),
        ],
        "comments oldest first, the reply with its parent, every word as written"
    );
    assert!(
        comments
            .iter()
            .all(|c| c.status == CommentStatus::Published && !c.staff && !c.featured)
    );

    let whole = serde_json::to_value(&story).expect("json");
    let by_id = store
        .published_article_by_id(id)
        .await
        .expect("read")
        .expect("published");
    assert_eq!(
        serde_json::to_value(by_id).expect("json"),
        whole,
        "the same by id"
    );
    let listed = store.published_articles(&[id + 1000, id]).await.expect("read");
    assert_eq!(listed.len(), 1, "an id with no story is left out");
    assert_eq!(
        serde_json::to_value(&listed[0]).expect("json"),
        whole,
        "the same among others"
    );
    let (page_story, page_comments) = store
        .published_article_and_comments(Lang::En, &slug)
        .await
        .expect("read")
        .expect("published");
    assert_eq!(
        serde_json::to_value(page_story).expect("json"),
        whole,
        "the same with its comments"
    );
    assert_eq!(
        serde_json::to_value(page_comments).expect("json"),
        serde_json::to_value(&comments).expect("json"),
        "its comments as they are read on their own"
    );
    let missing = Slug::parse("no-such-story").expect("slug");
    assert!(
        store
            .published_article_and_comments(Lang::En, &missing)
            .await
            .expect("read")
            .is_none(),
        "no story, no page"
    );
}

#[tokio::test]
async fn a_whole_story_reads_back_as_written_on_sqlite() {
    reads_back_as_written(sqlite("whole").await).await;
}

#[tokio::test]
async fn a_whole_story_reads_back_as_written_on_postgres() {
    reads_back_as_written(postgres("whole").await).await;
}
