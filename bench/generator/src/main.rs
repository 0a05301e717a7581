//! `dateline-bench-generator`: fills a Dateline store for the benchmark (`bench/run`) with the
//! demo newsroom plus generated, published stories in English and Arabic with published
//! comments, and counts a store's comments for the benchmark's "none lost" check.

mod text;

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, Utc};
use clap::{Parser, Subcommand};
use dateline_domain::{
    Actor, ArticleStatus, CommentBody, CommentStatus, CommenterName, CommentsMode, Email, Lang, ReaderId,
    Slug,
};
use dateline_store::Store;
use dateline_store::comments::NewComment;
use dateline_store::moderation::Queue;
use dateline_store::stories::{LeadInput, StatusChange, StoryContent};
use std::path::{Path, PathBuf};
use std::time::Instant;
use text::{Prng, Topic};

#[derive(Parser)]
#[command(
    name = "dateline-bench-generator",
    about = "Fills a Dateline store for the benchmarks."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Seed the demo newsroom into DATA (which should be empty) and add generated stories.
    Generate {
        /// Folder for dateline.db and media/, as `dateline --data`.
        #[arg(long)]
        data: PathBuf,
        /// How many stories to add, alternating English and Arabic (pairs are translations).
        #[arg(long, default_value_t = 10_000)]
        stories: usize,
        /// Published comments on each generated story.
        #[arg(long, default_value_t = 3)]
        comments_per_story: usize,
        /// The public address the demo seed records (the benchmark serves there).
        #[arg(long, default_value = "http://127.0.0.1:18080")]
        base_url: String,
        /// Seed of the text generator; the same seed gives the same store.
        #[arg(long, default_value_t = 6)]
        seed: u64,
    },
    /// Print the number of comments stored in DATA (every status).
    CountComments {
        #[arg(long)]
        data: PathBuf,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Generate {
            data,
            stories,
            comments_per_story,
            base_url,
            seed,
        } => generate(&data, stories, comments_per_story, &base_url, seed).await,
        Command::CountComments { data } => {
            let store = open(&data).await?;
            println!("{}", comment_count(&store).await?);
            store.close().await;
            Ok(())
        }
    }
}

async fn open(data: &Path) -> anyhow::Result<Store> {
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    Store::open(None, &data.join("dateline.db"))
        .await
        .context("opening the store")
}

/// Every comment row: the pending, approved and rejected queues do not overlap and cover
/// every status a comment can have.
async fn comment_count(store: &Store) -> anyhow::Result<i64> {
    Ok(store
        .queue_counts()
        .await?
        .into_iter()
        .filter(|(queue, _)| *queue != Queue::Reported)
        .map(|(_, count)| count)
        .sum())
}

/// The newsroom's furniture the generated stories are filed under.
struct Newsroom {
    sections: [Vec<i64>; 2],
    tags: [Vec<(Slug, String)>; 2],
    authors: Vec<i64>,
    images: Vec<i64>,
}

impl Newsroom {
    async fn load(store: &Store) -> anyhow::Result<Self> {
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
            for name in text::words(lang).tags {
                let slug = Slug::from_title(name).with_context(|| format!("tag {name:?}"))?;
                tags[index(lang)].push((slug, (*name).to_owned()));
            }
        }
        let authors: Vec<i64> = store.author_choices().await?.into_iter().map(|a| a.id).collect();
        let images: Vec<i64> = store
            .image_choices()
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

async fn generate(
    data: &Path,
    stories: usize,
    comments_per_story: usize,
    base_url: &str,
    seed: u64,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = open(data).await?;
    store.migrate().await.context("migrating the store")?;
    let media = dateline_storage::LocalFolder::new(data.join("media"));
    if dateline_demo::seed_if_empty(&store, &media, base_url)
        .await
        .context("seeding the demo newsroom")?
        .is_none()
    {
        bail!(
            "{} already holds a newsroom; generate into an empty folder",
            data.display()
        );
    }
    let newsroom = Newsroom::load(&store).await?;
    let mut rng = Prng::new(seed);
    let now = Utc::now();
    let mut comments = 0;
    for pair in 0..stories.div_ceil(2) {
        let topic = Topic::random(&mut rng);
        let mut ids = Vec::with_capacity(2);
        for lang in Lang::ALL {
            let number = pair * 2 + index(lang);
            if number >= stories {
                break;
            }
            // Newest first from ten minutes ago, one story every 47 minutes back from there.
            let published_at = now - Duration::minutes(10 + 47 * number as i64);
            let id = add_story(&store, &newsroom, lang, topic, number, published_at, &mut rng).await?;
            comments += add_comments(&store, id, lang, topic, number, comments_per_story, &mut rng).await?;
            ids.push(id);
        }
        if let [en, ar] = ids[..] {
            store.link_translations(en, ar, Actor::System).await?;
        }
        if (pair + 1) % 500 == 0 {
            eprintln!("  {} stories, {comments} comments", (pair + 1) * 2);
        }
    }
    store.close().await;
    println!(
        "generated {stories} stories and {comments} comments in {} in {:.1} s",
        data.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn add_story(
    store: &Store,
    newsroom: &Newsroom,
    lang: Lang,
    topic: Topic,
    number: usize,
    published_at: DateTime<Utc>,
    rng: &mut Prng,
) -> anyhow::Result<i64> {
    let story = text::story(lang, topic, rng);
    let words = text::words(lang);
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
    // Written as the newsroom writes: a draft with its first revision, then published (at a
    // time in the past), each with its event.
    let content = StoryContent {
        section_id: sections[rng.range(0, sections.len() - 1)],
        dateline_place: rng.pick(words.datelines).to_owned(),
        slug: slug.clone(),
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
    let id = store
        .create_story(lang, &content, Actor::System)
        .await
        .with_context(|| format!("storing story {number} ({slug:?})"))?;
    let publish = StatusChange {
        id,
        from: ArticleStatus::Draft,
        to: ArticleStatus::Published,
        at: Utc::now(),
        scheduled_at: None,
        original_dates: Some((published_at, None)),
    };
    store.move_story(publish, Actor::System).await?;
    Ok(id)
}

async fn add_comments(
    store: &Store,
    article_id: i64,
    lang: Lang,
    topic: Topic,
    number: usize,
    count: usize,
    rng: &mut Prng,
) -> anyhow::Result<usize> {
    for k in 0..count {
        let reader = ReaderId::parse(&rng.hex_token()).context("a generated reader id")?;
        let name = CommenterName::parse(&text::person_name(lang, rng))?;
        let email = Email::parse(&format!("reader{number}-{k}@bench.example"))?;
        let body = CommentBody::parse(&text::comment(lang, topic, rng))?;
        store
            .insert_comment(&NewComment {
                article_id,
                parent_id: None,
                reader: &reader,
                name: &name,
                email: &email,
                body: &body,
                status: CommentStatus::Published,
                staff_user_id: None,
                rule: None,
                reason: None,
                address_hash: "bench-generator",
            })
            .await?;
    }
    Ok(count)
}
