//! `dateline-bench-generator`: fills a Dateline store for the benchmark (`bench/run`) with the
//! demo newsroom plus generated, published stories in English and Arabic with published
//! comments, and counts a store's comments for the benchmark's "none lost" check.

mod generate;
mod text;
mod words;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use dateline_store::Store;
use dateline_store::moderation::Queue;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "dateline-bench-generator",
    about = "Fills a Dateline store for the benchmarks."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the store is, as `dateline` finds it.
#[derive(clap::Args)]
struct StoreArgs {
    /// Folder for dateline.db (SQLite) and media/, as `dateline --data`.
    #[arg(long)]
    data: PathBuf,
    /// `postgres://user@host/db` to use PostgreSQL instead of SQLite (media stay under DATA).
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Seed the demo newsroom into an empty store and add generated stories.
    Generate {
        #[command(flatten)]
        store: StoreArgs,
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
    /// Print the number of comments stored (every status).
    CountComments {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Generate {
            store,
            stories,
            comments_per_story,
            base_url,
            seed,
        } => {
            let plan = generate::Plan {
                stories,
                comments_per_story,
                seed,
            };
            generate(&store, plan, &base_url).await
        }
        Command::CountComments { store } => {
            let store = open(&store).await?;
            println!("{}", comment_count(&store).await?);
            store.close().await;
            Ok(())
        }
    }
}

async fn open(args: &StoreArgs) -> anyhow::Result<Store> {
    let data: &Path = &args.data;
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    Store::open(args.database_url.as_deref(), &data.join("dateline.db"))
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

async fn generate(args: &StoreArgs, plan: generate::Plan, base_url: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = open(args).await?;
    store.migrate().await.context("migrating the store")?;
    let media = dateline_storage::LocalFolder::new(args.data.join("media"));
    if dateline_demo::seed_if_empty(&store, &media, base_url)
        .await
        .context("seeding the demo newsroom")?
        .is_none()
    {
        bail!("the store already holds a newsroom; generate into an empty one");
    }
    let newsroom = generate::Newsroom::load(&store).await?;
    let stories = plan.stories;
    let comments = generate::write_stories(&store, newsroom, plan).await?;
    store.close().await;
    println!(
        "generated {stories} stories and {comments} comments ({}) in {:.1} s",
        store.backend_name(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
