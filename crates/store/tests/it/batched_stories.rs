//! Many stories in one transaction (`import_stories`, the path the benchmark's generator and
//! the importers take) leave the same rows readers and followers see as the same stories
//! written one change at a time, with an event for every story and comment. Run on SQLite
//! and on PostgreSQL.

use crate::support::{Fresh, Furniture, furnish, postgres, publish_new, sqlite};
use chrono::{DateTime, Duration, Utc};
use dateline_domain::{
    Actor, ArticleStatus, CommentBody, CommentStatus, CommenterName, CommentsMode, Email, Event, EventKind,
    Lang, NewAddress, PageTag, ReaderId, Slug,
};
use dateline_store::Store;
use dateline_store::comments::NewComment;
use dateline_store::imports::CommentImport;
use dateline_store::redirects::RedirectOrigin;
use dateline_store::stories::{LeadInput, StoryContent, StoryImport, StoryImportDates};
use std::collections::BTreeSet;

pub(crate) const PAIRS: usize = 3;
pub(crate) const COMMENTS: usize = 2;

/// The stories both paths write: pairs in English then Arabic, each with its comments.
pub(crate) struct Planned {
    lang: Lang,
    content: StoryContent,
    published_at: DateTime<Utc>,
    address: NewAddress,
    comments: Vec<(CommenterName, Email, CommentBody)>,
}

pub(crate) fn planned(furniture: &Furniture) -> Vec<Planned> {
    let now = Utc::now();
    let mut stories = Vec::new();
    for pair in 0..PAIRS {
        for (at, lang) in Lang::ALL.iter().enumerate() {
            let number = pair * 2 + at;
            let slug = Slug::parse(&format!("story-{number}")).expect("slug");
            let tag = |name: &str| (Slug::parse(name).expect("slug"), name.to_owned());
            let content = StoryContent {
                headline: format!("Story {number}"),
                dek: format!("The dek of story {number}"),
                slug: slug.clone(),
                body_markdown: format!("The body of story {number}.\n\nA second paragraph."),
                dateline_place: "Sahl".to_owned(),
                section_id: furniture.sections[at],
                tag_names: vec![tag("harbour"), tag(&format!("topic-{pair}"))],
                author_ids: vec![furniture.author],
                lead: Some(LeadInput {
                    image_id: furniture.image,
                    alt: "The harbour".to_owned(),
                    caption: format!("Caption {number}"),
                    credit: "Courier".to_owned(),
                }),
                comments: CommentsMode::Open,
                seo_title: String::new(),
                seo_description: String::new(),
                translation_id: None,
            };
            let prefix = if *lang == Lang::Ar { "/ar" } else { "" };
            let comments = (0..COMMENTS)
                .map(|k| {
                    (
                        CommenterName::parse(&format!("Reader {k}")).expect("name"),
                        Email::parse(&format!("reader{number}-{k}@example.org")).expect("email"),
                        CommentBody::parse(&format!("Comment {k} on story {number}")).expect("body"),
                    )
                })
                .collect();
            stories.push(Planned {
                lang: *lang,
                content,
                published_at: now - Duration::hours(number as i64 + 1),
                address: NewAddress::parse(&format!("{prefix}/article/{}", slug.as_str())).expect("address"),
                comments,
            });
        }
    }
    stories
}

/// One change at a time, as the newsroom makes them: created, published, commented, linked.
async fn one_at_a_time(store: &Store, stories: &[Planned]) -> Vec<i64> {
    let mut ids = Vec::new();
    for story in stories {
        let id = publish_new(store, story.lang, &story.content, Some(story.published_at)).await;
        for (name, email, body) in &story.comments {
            let reader = ReaderId::parse(&format!("{:032x}", ids.len() + 1)).expect("a reader");
            store
                .insert_comment(&NewComment {
                    article_id: id,
                    parent_id: None,
                    reader: &reader,
                    name,
                    email,
                    body,
                    status: CommentStatus::Published,
                    staff_user_id: None,
                    rule: None,
                    reason: None,
                    address_hash: "test",
                })
                .await
                .expect("a comment");
        }
        if story.lang == Lang::Ar {
            let english = *ids.last().expect("the English story first");
            store
                .link_translations(english, id, Actor::System)
                .await
                .expect("linked");
        }
        ids.push(id);
    }
    ids
}

/// All of them in one transaction.
pub(crate) async fn batched(store: &Store, stories: &[Planned]) -> Vec<i64> {
    let comments: Vec<Vec<CommentImport<'_>>> = stories
        .iter()
        .map(|story| {
            story
                .comments
                .iter()
                .map(|(name, email, body)| CommentImport {
                    key: None,
                    digest: "",
                    thread: None,
                    name: name.as_str(),
                    email: Some(email),
                    body: body.as_str(),
                    status: CommentStatus::Published,
                    reason: None,
                    created_at: story.published_at + Duration::minutes(5),
                })
                .collect()
        })
        .collect();
    let batch: Vec<StoryImport<'_>> = stories
        .iter()
        .zip(&comments)
        .enumerate()
        .map(|(at, (story, comments))| StoryImport {
            key: None,
            digest: "",
            lang: story.lang,
            content: &story.content,
            status: ArticleStatus::Published,
            dates: StoryImportDates {
                created_at: story.published_at,
                published_at: Some(story.published_at),
                updated_at: None,
                scheduled_at: None,
            },
            address: &story.address,
            old_addresses: &[],
            origin: RedirectOrigin::Newsroom,
            comments,
            translation: (story.lang == Lang::Ar).then(|| at - 1),
        })
        .collect();
    let before = store.last_event_id().await.expect("last event");
    let results = store
        .import_stories(&batch, Actor::System)
        .await
        .expect("one transaction");
    assert_eq!(
        store.last_event_id().await.expect("last event") - before,
        (PAIRS * 2 * (1 + COMMENTS)) as i64,
        "one event per story and per comment"
    );
    results
        .into_iter()
        .map(|result| result.expect("written").story.id())
        .collect()
}

async fn events(store: &Store) -> Vec<Event> {
    store.events_after(0, 10_000).await.expect("events")
}

/// What readers and the search index see of a story, and its comments without their times.
async fn seen(store: &Store, id: i64) -> (serde_json::Value, String, Vec<(String, String, String)>) {
    let article = store
        .published_article_by_id(id)
        .await
        .expect("read")
        .expect("published");
    let indexed = store.indexable_story(id).await.expect("read").expect("indexable");
    let comments = store
        .published_comments(id)
        .await
        .expect("comments")
        .into_iter()
        .map(|c| (c.author_name, c.body, c.status.as_str().to_owned()))
        .collect();
    let indexed = format!(
        "{} {} {} {:?} {:?} {} {}",
        indexed.headline,
        indexed.dek,
        indexed.body_markdown,
        indexed.authors,
        indexed.tags,
        indexed.section_slug,
        indexed.published_at
    );
    (serde_json::to_value(article).expect("json"), indexed, comments)
}

async fn same_stories_either_way(one: Fresh, many: Fresh) {
    let furniture = furnish(&one.store).await;
    let again = furnish(&many.store).await;
    assert_eq!(
        (furniture.sections, furniture.author, furniture.image),
        (again.sections, again.author, again.image)
    );
    let stories = planned(&furniture);
    let furnished = events(&many.store).await.len();
    let singly = one_at_a_time(&one.store, &stories).await;
    let together = batched(&many.store, &stories).await;
    assert_eq!(singly, together, "the same ids, in the same order");

    for (at, &id) in together.iter().enumerate() {
        let (article, indexed, comments) = seen(&many.store, id).await;
        assert_eq!(
            (article.clone(), indexed, comments.clone()),
            seen(&one.store, id).await
        );
        assert_eq!(article["status"], "published");
        assert_eq!(comments.len(), COMMENTS);
        let partner = article["translation"]["slug"].as_str().map(str::to_owned);
        // Pairs are English then Arabic: each story's partner is its neighbour in the pair.
        let expected = stories[at ^ 1].content.slug.as_str();
        assert_eq!(partner.as_deref(), Some(expected), "linked to its translation");
        let revisions = many.store.revisions(id).await.expect("revisions");
        assert_eq!(
            revisions.len(),
            one.store.revisions(id).await.expect("revisions").len()
        );
    }

    // One event for each story and comment, naming it, and together forgetting the same pages
    // as the changes made one at a time.
    let written: Vec<Event> = events(&many.store).await.split_off(furnished);
    let mut story_events = Vec::new();
    let mut comment_events = Vec::new();
    for event in &written {
        match event.kind {
            Some(EventKind::StoryImported) => story_events.push(event.story_id.expect("a story")),
            Some(EventKind::CommentImported) => {
                assert!(event.subject_id.is_some(), "the comment is named");
                assert_eq!(
                    event.tags,
                    [PageTag::Comments(event.story_id.expect("its story"))]
                );
                comment_events.push(event.story_id.expect("its story"));
            }
            other => panic!("unexpected event {other:?}"),
        }
    }
    assert_eq!(story_events, together);
    for id in &together {
        assert_eq!(comment_events.iter().filter(|s| *s == id).count(), COMMENTS);
    }
    let tags = |events: &[Event]| -> BTreeSet<PageTag> {
        events
            .iter()
            .flat_map(|event| event.tags.iter().copied())
            .collect()
    };
    let singly_events = events(&one.store).await.split_off(furnished);
    assert_eq!(tags(&written), tags(&singly_events));
    // The search index and the page cache read the same stories from either store.
    let feed = |store: &Store| {
        let store = store.clone();
        async move {
            store
                .indexable_stories(0, 100)
                .await
                .expect("indexable")
                .into_iter()
                .map(|story| (story.id, story.headline, story.tags, story.authors))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(feed(&one.store).await, feed(&many.store).await);
}

#[tokio::test]
async fn batched_stories_match_one_at_a_time_on_sqlite() {
    same_stories_either_way(sqlite("one").await, sqlite("many").await).await;
}

#[tokio::test]
async fn batched_stories_match_one_at_a_time_on_postgres() {
    same_stories_either_way(postgres("one").await, postgres("many").await).await;
}
