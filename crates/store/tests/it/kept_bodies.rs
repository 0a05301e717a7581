//! A story's body is kept as the HTML readers get, written by every save, and filled in for
//! stories saved before it was kept: a reader's page shows the body as the Markdown says, safely,
//! whichever way the story came to be.

use crate::support::{Fresh, execute_beside, furnish, plain_story, postgres, publish_new, sqlite};
use dateline_domain::{Actor, Lang};
use dateline_store::stories::StoryEdit;

const FIRST: &str = "The quay **reopens** on Monday.\n\n# Timetable\n\n<script>alert(1)</script>";
const SECOND: &str = "The quay opens _on Tuesday_ instead.";

async fn bodies_are_kept_rendered(fresh: Fresh) {
    let store = &fresh.store;
    let furniture = furnish(store).await;
    let mut content = plain_story(&furniture, "the-quay", "The quay", FIRST);
    let slug = content.slug.clone();
    let id = publish_new(store, Lang::En, &content, None).await;
    let read = || async {
        store
            .published_article(Lang::En, &slug)
            .await
            .expect("read")
            .expect("published")
            .body_html
    };
    let first = read().await;
    assert_eq!(
        first,
        dateline_markdown::to_html(FIRST),
        "kept as the Markdown renders"
    );
    assert!(first.contains("<strong>reopens</strong>"), "{first}");
    assert!(
        first.contains("<h2>Timetable</h2>"),
        "the body's headings start at h2: {first}"
    );
    assert!(
        !first.contains("<script"),
        "markup typed in the body is not passed on: {first}"
    );

    content.body_markdown = SECOND.to_owned();
    let edit = StoryEdit {
        id,
        expected_version: 1,
        content: &content,
        significant: false,
        restored: false,
    };
    store.save_story(edit, Actor::System).await.expect("saved");
    let second = read().await;
    assert!(
        second.contains("<em>on Tuesday</em>"),
        "a save keeps its own body: {second}"
    );
    assert!(!second.contains("reopens"), "{second}");

    // A story saved before bodies were kept: read as it renders, then kept once filled in.
    execute_beside(&fresh, "UPDATE articles SET body_html = NULL").await;
    assert_eq!(read().await, second, "rendered when read");
    assert_eq!(store.render_saved_bodies().await.expect("filled in"), 1);
    assert_eq!(store.render_saved_bodies().await.expect("nothing left"), 0);
    execute_beside(
        &fresh,
        "UPDATE articles SET body_markdown = 'changed beside the store'",
    )
    .await;
    assert_eq!(read().await, second, "the kept body is what a reader gets");
}

#[tokio::test]
async fn bodies_are_kept_rendered_on_sqlite() {
    bodies_are_kept_rendered(sqlite("bodies").await).await;
}

#[tokio::test]
async fn bodies_are_kept_rendered_on_postgres() {
    bodies_are_kept_rendered(postgres("bodies").await).await;
}
