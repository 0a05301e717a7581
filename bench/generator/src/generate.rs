//! Generated stories, written through the store's batched import path: a thread composes the
//! stories of one transaction while the store writes the previous one, and each transaction
//! holds `BATCH_PAIRS` pairs (English and Arabic, linked as translations) with their comments,
//! each story and comment with its event, as every write of the store does.

use crate::text::{self, Prng, Topic};
use crate::words;
use anyhow::{Context, bail};
use chrono::{DateTime, Duration, Utc};
use dateline_domain::{Actor, ArticleStatus, CommentStatus, CommentsMode, Email, Lang, NewAddress, Slug};
use dateline_store::Store;
use dateline_store::imports::CommentImport;
use dateline_store::redirects::RedirectOrigin;
use dateline_store::stories::{LeadInput, StoryContent, StoryImport, StoryImportDates};
use std::time::Instant;
use tokio::sync::mpsc;

/// Pairs of stories written in one transaction (so 500 stories and their comments): large
/// enough that the sync each commit waits for is shared by many stories, small enough that
/// SQLite's write lock is never held for long.
const BATCH_PAIRS: usize = 250;

/// Progress is reported, and PostgreSQL's tables vacuumed and analysed, every this many stories.
const REPORT_EVERY: usize = 20_000;

/// The newsroom's furniture the generated stories are filed under.
pub struct Newsroom {
    sections: [Vec<i64>; 2],
    tags: [Vec<(Slug, String)>; 2],
    authors: Vec<i64>,
    images: Vec<i64>,
}

impl Newsroom {
    pub async fn load(store: &Store) -> anyhow::Result<Self> {
        let mut sections = [Vec::new(), Vec::new()];
        for (edition, choice) in store.section_choices().await? {
            match edition.as_str() {
                "en" => sections[0].push(choice.id),
                "ar" => sections[1].push(choice.id),
                _ => {}
            }
        }
        let mut tags = [Vec::new(), Vec::new()];
        for lang in Lang::ALL {
            for name in words::of(lang).tags {
                let slug = Slug::from_title(name).with_context(|| format!("tag {name:?}"))?;
                tags[index(lang)].push((slug, (*name).to_owned()));
            }
        }
        let authors: Vec<i64> = store.author_choices().await?.into_iter().map(|a| a.id).collect();
        let images: Vec<i64> = store
            .image_choices(&[])
            .await?
            .into_iter()
            .filter(|image| !image.label.contains("author-"))
            .map(|image| image.id)
            .collect();
        if sections.iter().any(Vec::is_empty) || authors.is_empty() || images.is_empty() {
            bail!("the demo newsroom has no sections, authors or pictures to file stories under");
        }
        Ok(Self {
            sections,
            tags,
            authors,
            images,
        })
    }
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Ar => 1,
    }
}

/// One generated story with what the import path borrows from it.
struct Story {
    number: usize,
    lang: Lang,
    content: StoryContent,
    dates: StoryImportDates,
    address: NewAddress,
    comments: Vec<Comment>,
    /// The place in its batch of the story it translates (the English one of its pair).
    translation: Option<usize>,
}

struct Comment {
    name: String,
    email: Email,
    body: String,
    created_at: DateTime<Utc>,
}

/// What to generate.
pub struct Plan {
    pub stories: usize,
    pub comments_per_story: usize,
    pub seed: u64,
}

/// Writes the planned stories; returns how many comments were written.
pub async fn write_stories(store: &Store, newsroom: Newsroom, plan: Plan) -> anyhow::Result<usize> {
    let (sender, mut batches) = mpsc::channel::<anyhow::Result<Vec<Story>>>(2);
    let total = plan.stories;
    let composer = std::thread::spawn(move || compose(&newsroom, &plan, &sender));
    let started = Instant::now();
    let (mut written, mut comments, mut reported) = (0, 0, 0);
    while let Some(batch) = batches.recv().await {
        let batch = batch?;
        comments += write_batch(store, &batch).await?;
        written += batch.len();
        if written - reported >= REPORT_EVERY || written == total {
            reported = written;
            // What autovacuum does in its own time on a server that runs it: without it every
            // later batch, and the bench's first reader, is planned for the empty tables (each
            // vacuum reads only the pages written since the last).
            store.settle_after_bulk_write().await?;
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "  {written} stories, {comments} comments, {seconds:.0} s ({:.0} stories/s)",
                written as f64 / seconds.max(0.001)
            );
        }
    }
    composer
        .join()
        .map_err(|_| anyhow::anyhow!("the thread composing stories panicked"))?;
    Ok(comments)
}

/// Composes the stories batch by batch and sends them; stops when the writer stops listening.
fn compose(newsroom: &Newsroom, plan: &Plan, sender: &mpsc::Sender<anyhow::Result<Vec<Story>>>) {
    let mut rng = Prng::new(plan.seed);
    let now = Utc::now();
    let pairs = plan.stories.div_ceil(2);
    for first_pair in (0..pairs).step_by(BATCH_PAIRS) {
        let mut batch = Vec::with_capacity(BATCH_PAIRS * 2);
        for pair in first_pair..(first_pair + BATCH_PAIRS).min(pairs) {
            let topic = Topic::random(&mut rng);
            for lang in Lang::ALL {
                let number = pair * 2 + index(lang);
                if number >= plan.stories {
                    break;
                }
                // Newest first from ten minutes ago, one story every 47 minutes back from there.
                let published_at = now - Duration::minutes(10 + 47 * number as i64);
                let translation = (lang == Lang::Ar).then(|| batch.len() - 1);
                let story = story(
                    newsroom,
                    lang,
                    topic,
                    number,
                    published_at,
                    plan.comments_per_story,
                    &mut rng,
                )
                .map(|story| Story { translation, ..story });
                match story {
                    Ok(story) => batch.push(story),
                    Err(error) => {
                        let _ = sender.blocking_send(Err(error));
                        return;
                    }
                }
            }
        }
        if sender.blocking_send(Ok(batch)).is_err() {
            return;
        }
    }
}

fn story(
    newsroom: &Newsroom,
    lang: Lang,
    topic: Topic,
    number: usize,
    published_at: DateTime<Utc>,
    comments: usize,
    rng: &mut Prng,
) -> anyhow::Result<Story> {
    let story = text::story(lang, topic, rng);
    let words = words::of(lang);
    let sections = &newsroom.sections[index(lang)];
    let tags = &newsroom.tags[index(lang)];
    let first_tag = rng.range(0, tags.len() - 1);
    let tag_names = vec![
        tags[first_tag].clone(),
        tags[(first_tag + 1) % tags.len()].clone(),
    ];
    let first_author = rng.range(0, newsroom.authors.len() - 1);
    let author_ids: Vec<i64> = (0..rng.range(1, 2))
        .map(|k| newsroom.authors[(first_author + k) % newsroom.authors.len()])
        .collect();
    let lead = LeadInput {
        image_id: newsroom.images[rng.range(0, newsroom.images.len() - 1)],
        alt: story.alt.clone(),
        caption: story.caption.clone(),
        credit: story.credit.clone(),
    };
    let headline_slug = Slug::from_title(&story.headline).context("slug of a generated headline")?;
    let base: String = headline_slug.as_str().chars().take(90).collect();
    let slug = Slug::parse(&format!("{}-{number}", base.trim_end_matches('-')))?;
    let prefix = match lang {
        Lang::En => "",
        Lang::Ar => "/ar",
    };
    let address = NewAddress::parse(&format!("{prefix}/article/{}", slug.as_str()))?;
    let content = StoryContent {
        section_id: sections[rng.range(0, sections.len() - 1)],
        dateline_place: rng.pick(words.datelines).to_owned(),
        slug,
        headline: story.headline,
        dek: story.dek,
        body_markdown: story.body,
        tag_names,
        author_ids,
        lead: Some(lead),
        comments: CommentsMode::Open,
        seo_title: String::new(),
        seo_description: String::new(),
        translation_id: None,
    };
    let comments = (0..comments)
        .map(|k| {
            Ok(Comment {
                name: text::person_name(lang, rng),
                email: Email::parse(&format!("reader{number}-{k}@bench.example"))?,
                body: text::comment(lang, topic, rng),
                created_at: published_at + Duration::minutes(13 * (k as i64 + 1)),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Story {
        number,
        lang,
        content,
        dates: StoryImportDates {
            created_at: published_at,
            published_at: Some(published_at),
            updated_at: None,
            scheduled_at: None,
        },
        address,
        comments,
        translation: None,
    })
}

/// Writes one batch in one transaction; returns how many comments it held.
async fn write_batch(store: &Store, batch: &[Story]) -> anyhow::Result<usize> {
    let comments: Vec<Vec<CommentImport<'_>>> = batch
        .iter()
        .map(|story| {
            story
                .comments
                .iter()
                .map(|comment| CommentImport {
                    key: None,
                    digest: "",
                    thread: None,
                    name: &comment.name,
                    email: Some(&comment.email),
                    body: &comment.body,
                    status: CommentStatus::Published,
                    reason: None,
                    created_at: comment.created_at,
                })
                .collect()
        })
        .collect();
    let imports: Vec<StoryImport<'_>> = batch
        .iter()
        .zip(&comments)
        .map(|(story, comments)| StoryImport {
            key: None,
            digest: "",
            lang: story.lang,
            content: &story.content,
            status: ArticleStatus::Published,
            dates: story.dates,
            address: &story.address,
            old_addresses: &[],
            origin: RedirectOrigin::Newsroom,
            comments,
            translation: story.translation,
        })
        .collect();
    let results = store.import_stories(&imports, Actor::System).await?;
    let mut count = 0;
    for (story, result) in batch.iter().zip(results) {
        let done = result
            .with_context(|| format!("storing story {} ({})", story.number, story.content.slug.as_str()))?;
        count += done.comments.len();
    }
    Ok(count)
}
