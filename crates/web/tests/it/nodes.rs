//! Several nodes on one PostgreSQL database: what one writes, the others serve fresh (pages
//! and search) within moments, whatever happens to the connection that tells them.

use crate::newsroom::{ids, post_as, write_story};
use crate::support::{Backend, EN_PAIRED, TestApp, TestDatabase, eventually};
use dateline_domain::{EventKind, Role};

/// Seconds a change may take to reach the other node (it takes milliseconds).
const DEADLINE: u64 = 10;

async fn is_hit(node: &TestApp, path: &str) -> bool {
    node.get(path).await.header("x-cache") == "hit"
}

async fn found(node: &TestApp, words: &str, slug: &str) -> bool {
    let query: String = form_urlencoded::byte_serialize(words.as_bytes()).collect();
    node.get(&format!("/search?q={query}")).await.body.contains(slug)
}

#[tokio::test]
async fn what_one_node_writes_the_other_serves_fresh() {
    let a = TestApp::spawn(Backend::Postgres).await;
    let b = a.another_node(None).await;
    let ferry = format!("/article/{EN_PAIRED}");
    for path in ["/", ferry.as_str()] {
        b.get(path).await;
        assert!(is_hit(&b, path).await, "{path} is cached on B");
    }

    let ids = ids(&a).await;
    let editor = a.signed_in("edie", Role::Editor).await;
    let id = write_story(&a, &editor, &ids, "Kite festival fills the dunes").await;
    let published = post_as(
        &a,
        &editor,
        &format!("/newsroom/stories/{id}/status"),
        &[("to", "published")],
    )
    .await;
    assert_eq!(published.status, 303);
    let kites = "/article/kite-festival-fills-the-dunes";
    eventually(
        DEADLINE,
        "B's front page lists the story published on A",
        || async { b.get("/").await.body.contains(kites) },
    )
    .await;
    assert_eq!(b.get(kites).await.status, 200);
    eventually(DEADLINE, "B's search finds the story published on A", || async {
        found(&b, "kite dunes", "kite-festival-fills-the-dunes").await
    })
    .await;

    let version = a.app.store.story(id).await.unwrap().unwrap().version.to_string();
    let edited = post_as(
        &a,
        &editor,
        &format!("/newsroom/stories/{id}"),
        &[
            ("headline", "Kite festival fills the dunes for a third year"),
            ("slug", "kite-festival-fills-the-dunes"),
            ("body", "Hundreds of kites, and a sandstorm that waited."),
            ("section", &ids.news),
            ("author_1", &ids.layla),
            ("comments", "open"),
            ("version", &version),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    eventually(DEADLINE, "B shows the headline edited on A", || async {
        b.get(kites).await.body.contains("for a third year")
    })
    .await;
    eventually(DEADLINE, "B's search finds the words edited in on A", || async {
        found(&b, "sandstorm", "kite-festival-fills-the-dunes").await
    })
    .await;

    let posted = b
        .comment(
            &ferry,
            "Rana",
            "rana@example.org",
            "The night crossing is a fine idea.",
        )
        .await;
    let comment = TestApp::comment_id(&posted);
    b.get(&ferry).await;
    let decided = post_as(
        &a,
        &editor,
        "/newsroom/moderation/decide",
        &[("ids", &comment.to_string()), ("action", "approve")],
    )
    .await;
    assert_eq!(decided.status, 303);
    eventually(DEADLINE, "B shows the comment A's moderator approved", || async {
        b.get(&ferry)
            .await
            .body
            .contains("The night crossing is a fine idea.")
    })
    .await;

    let unpublished = post_as(
        &a,
        &editor,
        &format!("/newsroom/stories/{id}/status"),
        &[("to", "unpublished")],
    )
    .await;
    assert_eq!(unpublished.status, 303);
    eventually(DEADLINE, "B no longer serves the story A unpublished", || async {
        b.get(kites).await.status == 404
    })
    .await;
    eventually(DEADLINE, "B's search no longer finds it", || async {
        !found(&b, "sandstorm", "kite-festival-fills-the-dunes").await
    })
    .await;
    assert!(!b.get("/").await.body.contains(kites));
}

#[tokio::test]
async fn a_node_restarted_while_the_other_writes_catches_up_from_where_it_was() {
    let a = TestApp::spawn(Backend::Postgres).await;
    let index_dir = tempfile::tempdir().expect("index folder");
    let b = a.another_node(Some(index_dir.path())).await;
    assert!(found(&b, "ferry", EN_PAIRED).await);
    drop(b);

    // While B is down, A publishes one story and unpublishes another.
    let ids = ids(&a).await;
    let editor = a.signed_in("edie", Role::Editor).await;
    let id = write_story(&a, &editor, &ids, "Salt flats host the desert rally").await;
    assert_eq!(
        post_as(
            &a,
            &editor,
            &format!("/newsroom/stories/{id}/status"),
            &[("to", "published")]
        )
        .await
        .status,
        303
    );
    let ferry = a.paired_story_id().await;
    assert_eq!(
        post_as(
            &a,
            &editor,
            &format!("/newsroom/stories/{ferry}/status"),
            &[("to", "unpublished")]
        )
        .await
        .status,
        303
    );

    // B's index on disk knows where it stopped: it catches up rather than starting over.
    let last = a.app.store.last_event_id().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(DEADLINE);
    let stopped_at = loop {
        match dateline_search::SearchIndex::open(index_dir.path()) {
            Ok((index, _)) => break index.applied_events(),
            Err(error) if error.is_locked() && std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(error) => panic!("{error}"),
        }
    };
    let stopped_at = stopped_at.expect("the index recorded the last event it took in");
    assert!(
        stopped_at < last,
        "B stopped before A's writes ({stopped_at} < {last})"
    );

    let b = a.another_node(Some(index_dir.path())).await;
    assert!(
        found(&b, "desert rally", "salt-flats-host-the-desert-rally").await,
        "B caught up with the story published while it was down"
    );
    assert!(
        !found(&b, "ferry", EN_PAIRED).await,
        "and with the story unpublished"
    );
    assert_eq!(b.app.search.applied_events(), Some(last));
    assert_eq!(b.get(&format!("/article/{EN_PAIRED}")).await.status, 404);
}

#[tokio::test]
async fn a_killed_listening_connection_is_remade_and_nothing_is_missed() {
    let a = TestApp::spawn(Backend::Postgres).await;
    let b = a.another_node(None).await;
    let TestDatabase::Postgres { schema, .. } = &a.database else {
        unreachable!("a PostgreSQL test")
    };
    let listening = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN \"{}\"'",
        b.app.store.event_channel()
    );
    assert!(b.app.store.event_channel().ends_with(schema.as_str()));
    let ferry = format!("/article/{EN_PAIRED}");
    b.get(&ferry).await;
    assert!(is_hit(&b, &ferry).await);
    // Both nodes listen; the operator (or a network fault) ends every listening connection.
    a.sql(&listening).await;

    let posted = a
        .comment(
            &ferry,
            "Omar",
            "omar@example.org",
            "Said while nobody was listening.",
        )
        .await;
    let comment = TestApp::comment_id(&posted);
    let editor = a.signed_in("edie", Role::Editor).await;
    post_as(
        &a,
        &editor,
        "/newsroom/moderation/decide",
        &[("ids", &comment.to_string()), ("action", "approve")],
    )
    .await;
    eventually(
        DEADLINE,
        "B shows the comment approved while its connection was down",
        || async {
            b.get(&ferry)
                .await
                .body
                .contains("Said while nobody was listening.")
        },
    )
    .await;
    eventually(DEADLINE, "both nodes listen again", || async {
        let count = format!(
            "SELECT 1 FROM pg_stat_activity WHERE query = 'LISTEN \"{}\"'",
            b.app.store.event_channel()
        );
        a.sql_count(&count).await >= 2
    })
    .await;
}

#[tokio::test]
async fn two_schedulers_publish_a_due_story_exactly_once() {
    let a = TestApp::spawn(Backend::Postgres).await;
    let b = a.another_node(None).await;
    let ids = ids(&a).await;
    let editor = a.signed_in("edie", Role::Editor).await;
    let id = write_story(&a, &editor, &ids, "Observatory opens its roof to the public").await;
    let at = (chrono::Utc::now() + chrono::Duration::hours(2))
        .with_timezone(&chrono_tz::Asia::Baghdad)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let scheduled = post_as(
        &a,
        &editor,
        &format!("/newsroom/stories/{id}/status"),
        &[("to", "scheduled"), ("scheduled_at", &at)],
    )
    .await;
    assert_eq!(scheduled.status, 303);
    let before = a.app.store.last_event_id().await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(3);
    let (on_a, on_b) = tokio::join!(a.app.service.publish_due(later), b.app.service.publish_due(later));
    assert_eq!(on_a.unwrap() + on_b.unwrap(), 1, "one node published it");
    let published: Vec<_> = a
        .app
        .store
        .events_after(before, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|event| event.kind == Some(EventKind::StoryPublished))
        .collect();
    assert_eq!(published.len(), 1, "one event");
    assert_eq!(published[0].story_id, Some(id));
    let path = "/article/observatory-opens-its-roof-to-the-public";
    eventually(DEADLINE, "both nodes serve it", || async {
        a.get(path).await.status == 200 && b.get(path).await.status == 200
    })
    .await;
}

#[tokio::test]
async fn the_comment_limits_hold_across_nodes() {
    let a = TestApp::spawn_with(Backend::Postgres, None, dateline_web::Limits::standard()).await;
    let b = a.another_node_with_limits(dateline_web::Limits::standard()).await;
    let ferry = format!("/article/{EN_PAIRED}");
    let first = a
        .comment(&ferry, "Hala", "hala@example.org", "First thought on the ferry.")
        .await;
    assert_eq!(first.status, 303, "{}", first.body);
    let second = b
        .comment(
            &ferry,
            "Hala",
            "hala@example.org",
            "A second thought, at once, through the other node.",
        )
        .await;
    assert_eq!(
        second.status, 422,
        "the burst limit counts comments made on either node"
    );
    assert!(
        second.body.contains("A second thought, at once"),
        "the refused text is kept"
    );
    let other = b
        .comment(
            &ferry,
            "Yusuf",
            "yusuf@example.org",
            "Someone else, from another address.",
        )
        .await;
    assert_eq!(
        other.status, 422,
        "the tests share one address, which has had its comment"
    );
}
