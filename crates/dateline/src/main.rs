//! `dateline`: serve the newsroom's site, or bring its database schema up to date.

mod accounts;
mod backup;
mod media_store;
mod memory;
mod newsroom_file;
mod progress;

use accounts::{KeyCommand, UserCommand, manage_keys, manage_users};
use anyhow::Context;
use clap::{Parser, Subcommand};
use dateline_render::Renderer;
use dateline_service::Service;
use dateline_store::Store;
use dateline_web::App;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "A newsroom publishing platform: reader site, engagement and newsroom in one binary."
)]
struct Cli {
    /// Folder for the SQLite database (dateline.db) and media.
    #[arg(long, env = "DATELINE_DATA", default_value = "./data", global = true)]
    data: PathBuf,
    /// A postgres:// URL to use PostgreSQL instead of the embedded SQLite database.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// Address to listen on.
    #[arg(long, env = "DATELINE_ADDR", default_value = "127.0.0.1:8080", global = true)]
    addr: SocketAddr,
    /// The public address readers reach the site at, such as https://news.example.org; saved in
    /// the site settings and used for canonical and alternate links (default: http://<addr>).
    #[arg(long, env = "DATELINE_BASE_URL", global = true)]
    base_url: Option<String>,
    /// Behind a reverse proxy (nginx, Caddy): take readers' addresses from X-Forwarded-For,
    /// for rate limits. Only set it when every request comes through that proxy.
    #[arg(long, env = "DATELINE_TRUST_PROXY", global = true)]
    trust_proxy: bool,
    /// Folder whose templates/ and static/ files replace the default theme's, file by file
    /// (default: <data>/theme when it exists).
    #[arg(long, env = "DATELINE_THEME", global = true)]
    theme: Option<PathBuf>,
    /// How many comments one address or email may post in a burst (15 s; the hourly limit is ten
    /// times it). The default, 1, suits a newsroom; a load test raises it openly.
    #[arg(long, env = "DATELINE_COMMENT_BURST", default_value_t = 1, global = true)]
    comment_burst: u32,
    /// Memory, in MiB, that uploaded pictures being processed may take at once. An upload waits
    /// for its share (a 12-megapixel photo needs about 120 MiB); one needing more than all of it
    /// is refused. The default lets the largest accepted picture (40 megapixels) through.
    #[arg(long, env = "DATELINE_PICTURE_MEMORY_MIB", default_value_t = dateline_service::DEFAULT_PICTURE_MEMORY_MIB, global = true)]
    picture_memory_mib: u32,
    /// Memory, in MiB, for rendered pages kept to serve again. 0 keeps none, so that every
    /// request is rendered (for measuring what a page costs).
    #[arg(long, env = "DATELINE_PAGE_CACHE_MIB", default_value_t = dateline_web::DEFAULT_PAGE_CACHE_MIB, global = true)]
    page_cache_mib: u32,
    /// On SIGTERM or Ctrl-C: seconds to let requests in flight finish before the remaining
    /// connections are closed.
    #[arg(long, env = "DATELINE_DRAIN_SECONDS", default_value_t = 10, global = true)]
    drain_seconds: u64,
    /// Let webhooks call this machine's own loopback addresses (off: a hook aimed at
    /// 127.0.0.1 or localhost is refused, so it cannot reach the node's private ports).
    #[arg(long, env = "DATELINE_WEBHOOKS_TO_LOOPBACK", global = true)]
    webhooks_to_loopback: bool,
    /// How log lines are written: `text` for people, `json` (one object per line) for log
    /// shippers.
    #[arg(long, env = "DATELINE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    #[command(flatten)]
    media: media_store::MediaFlags,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (what runs when no command is given); seeds a demo newsroom into an empty store.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Rebuild the search index (<data>/search) from the published stories and exit.
    Reindex,
    /// Manage newsroom accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Manage the keys of the JSON APIs (Ghost's Content and Admin API forms).
    Key {
        #[command(subcommand)]
        action: KeyCommand,
    },
    /// Print the OpenAPI 3.1 description of the JSON APIs (kept as docs/openapi.json).
    Openapi,
    /// Copy the store and the media folder into a new folder DIR, while the site serves.
    Backup {
        /// The folder to make; it must be new or empty.
        dir: std::path::PathBuf,
    },
    /// Put a backup made by `dateline backup` into the data folder.
    Restore {
        /// The backup's folder.
        dir: std::path::PathBuf,
        /// Replace the store the data folder holds (stop its server first).
        #[arg(long)]
        replace: bool,
    },
    /// Write the whole newsroom into a new folder DIR as a Dateline export (docs/export-format.md),
    /// while the site serves.
    Export {
        /// The folder to make; it must be new or empty.
        dir: std::path::PathBuf,
    },
    /// Bring an archive in from another platform; running it again changes nothing.
    Import {
        #[command(subcommand)]
        source: ImportCommand,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A WordPress export (WXR, from Tools > Export), read as a stream.
    Wordpress {
        /// The export file.
        file: std::path::PathBuf,
        /// The edition the archive goes into: en or ar.
        #[arg(long, default_value = "en")]
        edition: String,
        /// Read and convert everything, write nothing, and report.
        #[arg(long)]
        dry_run: bool,
        /// The old site's uploads folder (wp-content/uploads), for its pictures.
        #[arg(long)]
        uploads: Option<std::path::PathBuf>,
        /// Also make a newsroom account for each of the old site's authors (an author, under
        /// their byline, without a password until `dateline user reset-password` gives one).
        #[arg(long)]
        accounts: bool,
    },
    /// A Dateline export (`dateline export`), into an empty store: the way between SQLite and
    /// PostgreSQL.
    Dateline {
        /// The export's folder.
        dir: std::path::PathBuf,
    },
    /// A Ghost export (JSON, from Settings > Labs > Export).
    Ghost {
        /// The export file.
        file: std::path::PathBuf,
        /// The edition the site goes into: en or ar.
        #[arg(long, default_value = "en")]
        edition: String,
        /// Read and convert everything, write nothing, and report.
        #[arg(long)]
        dry_run: bool,
        /// The old site's content/images folder, for its pictures.
        #[arg(long)]
        images: Option<std::path::PathBuf>,
    },
}

impl ImportCommand {
    /// Whether the import writes to the store (a dry run does not).
    fn writes(&self) -> bool {
        match self {
            ImportCommand::Wordpress { dry_run, .. } | ImportCommand::Ghost { dry_run, .. } => !dry_run,
            ImportCommand::Dateline { .. } => true,
        }
    }
}

fn main() -> std::process::ExitCode {
    // Before the runtime starts its threads.
    memory::tune_allocator();
    raise_open_file_limit();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("dateline: starting the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run());
    // Background work (an index being filled) is told to stop when its task is dropped; it is
    // given a moment to leave everything as it was.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dateline: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// How much of the log is gathered into one write.
const LOG_BUFFER_BYTES: usize = 64 * 1024;

/// Lines waiting for the log's thread, at most: a quarter of a second of a hot page's requests
/// on a two-core machine (each request logs a line of about 300 bytes), so about 5 MiB should
/// the log's file or pipe stall; past it a request waits for its line to be taken.
/// tracing-appender's own limit of 128,000 lines made a table of 4 MiB at start, and let the
/// lines waiting grow past 35 MiB.
const LOG_LINES_WAITING: usize = 16 * 1024;

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    // Lines are written by a thread of their own, many to a write when requests come fast
    // (it writes out whenever it has caught up), so a request never waits on the log's file or
    // pipe; the guard, kept to the end, writes out what is left when the process stops.
    // A server logs to standard output; a command logs to standard error, beside its progress,
    // so that what it prints (a key, an import's report) stays clean.
    let logs_builder = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .buffered_lines_limit(LOG_LINES_WAITING);
    let serving = matches!(cli.command.as_ref().unwrap_or(&Command::Serve), Command::Serve);
    let (writer, _flush_logs) = if serving {
        logs_builder.finish(std::io::BufWriter::with_capacity(
            LOG_BUFFER_BYTES,
            std::io::stdout(),
        ))
    } else {
        logs_builder.finish(std::io::BufWriter::with_capacity(
            LOG_BUFFER_BYTES,
            std::io::stderr(),
        ))
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    // A panic is logged once, as a line of the log, inside the span of the request it broke
    // (the server answers that request with the 500 page and serves on).
    std::panic::set_hook(Box::new(|panic| {
        tracing::error!(panic = %panic, "a panic");
    }));
    match cli.command.as_ref().unwrap_or(&Command::Serve) {
        Command::Migrate => {
            let store = open_store(&cli).await?;
            let ran = store.migrate().await?;
            println!("{ran} migration(s) applied to the {} store", store.backend_name());
            Ok(())
        }
        Command::Serve => serve(&cli).await,
        Command::Openapi => {
            print!("{}", dateline_web::openapi_document());
            Ok(())
        }
        Command::Reindex => {
            let store = open_store(&cli).await?;
            store.migrate().await.context("migrating the store")?;
            reindex(&cli, &store).await
        }
        Command::User { action } => {
            let store = open_store(&cli).await?;
            store.migrate().await?;
            manage_users(&command_service(&cli, &store).await?, action).await
        }
        Command::Key { action } => {
            let store = open_store(&cli).await?;
            store.migrate().await?;
            manage_keys(&command_service(&cli, &store).await?, action).await
        }
        Command::Backup { dir } => {
            let store = open_store(&cli).await?;
            let local_media = cli.media.is_local().then(|| cli.data.join("media"));
            backup::backup(&store, local_media.as_deref(), dir).await
        }
        Command::Restore { dir, replace } => backup::restore(dir, &cli.data, *replace),
        Command::Export { dir } => {
            let store = open_store(&cli).await?;
            store.migrate().await?;
            newsroom_file::export(&command_service(&cli, &store).await?, dir).await
        }
        Command::Import { source } => {
            let store = open_store(&cli).await?;
            store.migrate().await?;
            import(&command_service(&cli, &store).await?, source).await?;
            // A bulk write: PostgreSQL vacuums and analyses what the tables hold now. The import
            // has landed whatever this says: a failure is a warning, not the import's error.
            if source.writes()
                && let Err(error) = store.settle_after_bulk_write().await
            {
                eprintln!(
                    "warning: the import is complete, but PostgreSQL could not vacuum and analyse \
                     its tables ({error}); run VACUUM (ANALYZE) before the first readers"
                );
            }
            Ok(())
        }
    }
}

async fn import(service: &Service, source: &ImportCommand) -> anyhow::Result<()> {
    use dateline_importers::wordpress::Progress;
    let (file, edition, dry_run, folder, accounts) = match source {
        ImportCommand::Wordpress {
            file,
            edition,
            dry_run,
            uploads,
            accounts,
        } => (file, edition, *dry_run, uploads, *accounts),
        ImportCommand::Ghost {
            file,
            edition,
            dry_run,
            images,
        } => (file, edition, *dry_run, images, false),
        ImportCommand::Dateline { dir } => return newsroom_file::import(service, dir).await,
    };
    let edition = edition
        .parse()
        .map_err(|_| anyhow::anyhow!("--edition is en or ar, not {edition:?}"))?;
    let size = std::fs::metadata(file)
        .with_context(|| format!("opening {}", file.display()))?
        .len();
    if let Some(folder) = folder
        && !folder.is_dir()
    {
        anyhow::bail!("{} is not a folder", folder.display());
    }
    let mut bar = progress::Bar::new(size);
    let heard = |heard: Progress| match heard {
        Progress::At { bytes, items } => bar.show(bytes, items),
        Progress::Line(line) => bar.print_line(&line),
    };
    let report = if matches!(source, ImportCommand::Wordpress { .. }) {
        let options = dateline_importers::wordpress::Options {
            edition,
            dry_run,
            uploads: folder.clone(),
            accounts,
        };
        dateline_importers::wordpress::import_wordpress(service, file, options, heard).await
    } else {
        let options = dateline_importers::ghost::Options {
            edition,
            dry_run,
            images: folder.clone(),
        };
        dateline_importers::ghost::import_ghost(service, file, options, heard).await
    };
    bar.finish();
    let report = report.with_context(|| format!("importing {}", file.display()))?;
    print!("{report}");
    if dry_run {
        println!("A dry run: nothing was written.");
    }
    Ok(())
}

/// The use cases for a command run beside (or instead of) a server.
async fn command_service(cli: &Cli, store: &Store) -> anyhow::Result<Service> {
    let media = cli.media.open(&cli.data)?;
    Ok(Service::for_command(store.clone(), media).await?)
}

async fn open_store(cli: &Cli) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&cli.data)
        .with_context(|| format!("creating the data folder {}", cli.data.display()))?;
    let database_url = cli.database_url.as_deref().filter(|url| !url.is_empty());
    Store::open(database_url, &cli.data.join("dateline.db"))
        .await
        .context("opening the store")
}

/// Keeps the rendered body of every story saved before bodies were kept rendered; until then
/// such a story's page renders it each time it is made.
async fn render_saved_bodies(store: Store) {
    match store.render_saved_bodies().await {
        Ok(0) => {}
        Ok(stories) => tracing::info!(
            stories,
            "kept the rendered bodies of stories saved before they were kept"
        ),
        Err(error) => tracing::warn!(%error, "keeping the rendered bodies of earlier stories"),
    }
}

async fn serve(cli: &Cli) -> anyhow::Result<()> {
    memory::return_freed_memory();
    // Told before the database is touched: media that cannot be kept is no reason to migrate.
    let media = cli.media.open(&cli.data)?;
    if let Err(error) = media.check_reachable().await {
        // The storage error's own text holds its causes; a chain would repeat them.
        anyhow::bail!("reaching the media store, {media}: {error}");
    }
    let store = open_store(cli).await?;
    store.migrate().await.context("migrating the store")?;
    let public_url = base_url(cli)?;
    let seed_url = public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", cli.addr));
    let seeded = dateline_demo::seed_if_empty(&store, media.as_ref(), &seed_url)
        .await
        .context("seeding the demo newsroom")?;
    if let Some(base_url) = &public_url {
        Service::for_command(store.clone(), media.clone())
            .await?
            .set_public_address(base_url)
            .await?;
    }
    if let Some(login) = seeded {
        println!();
        println!("  A demo newsroom has been created.");
        println!(
            "  Admin login (shown only this once): username {}  password {}",
            login.username, login.password
        );
        println!();
    }
    let theme = theme_dir(cli);
    let renderer = Renderer::new(theme.as_deref()).context("loading the theme")?;
    let (index, opened) = open_search_index(cli)?;
    if opened == dateline_search::Opened::Fresh {
        tracing::info!("the search index was missing or unreadable; it is being built afresh");
    }
    let mut app = App::builder(store.clone(), renderer, media.clone())
        .limits(dateline_web::Limits {
            picture_memory_mib: cli.picture_memory_mib,
            ..dateline_web::Limits::with_comment_burst(cli.comment_burst.max(1))
        })
        .search_index(index)
        .page_cache_mib(cli.page_cache_mib);
    if cli.trust_proxy {
        app = app.trusting_forwarded_for();
    }
    let app = app.build().await.context("starting the app")?;
    // Readers are served while the index catches up (or fills); search finds more as it does.
    let indexer = app.clone();
    tokio::spawn(async move {
        if let Err(error) = indexer.prepare_search().await {
            tracing::error!(
                error = format!("{error:#}"),
                "bringing the search index up to date"
            );
        }
    });
    // The follower stops once the server has drained, before the store closes: its listening
    // connection is one the store waits for.
    let (stopping, mut stopped) = tokio::sync::watch::channel(false);
    let follower = tokio::spawn(dateline_web::follow_events(app.clone(), async move {
        let _ = stopped.wait_for(|stopped| *stopped).await;
    }));
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .with_context(|| format!("listening on {}", cli.addr))?;
    tracing::info!(
        connections = dateline_web::connection_cap(),
        "Dateline is serving http://{} from the {} store, media in {media}{}",
        listener.local_addr()?,
        store.backend_name(),
        theme
            .map(|dir| format!(" with theme overrides from {}", dir.display()))
            .unwrap_or_default()
    );
    tokio::spawn(publish_scheduled_stories(app.clone()));
    tokio::spawn(render_saved_bodies(store.clone()));
    tokio::spawn(dateline_web::deliver_webhooks(
        app.clone(),
        dateline_web::DeliveryPolicy::standard(cli.webhooks_to_loopback),
    ));
    dateline_web::serve(
        listener,
        app,
        shutdown_signal(),
        std::time::Duration::from_secs(cli.drain_seconds),
    )
    .await?;
    let _ = stopping.send(true);
    let _ = follower.await;
    if tokio::time::timeout(std::time::Duration::from_secs(5), store.close())
        .await
        .is_err()
    {
        tracing::warn!("the store's connections did not close within 5 s; leaving them");
    }
    Ok(())
}

/// Every few seconds, publishes the scheduled stories whose time has come (each exactly once
/// by the store, so a restart or a second node changes nothing); now and then forgets the
/// limits' counts whose windows have ended.
async fn publish_scheduled_stories(app: App) {
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(5));
    for tick in 0_u64.. {
        ticks.tick().await;
        if let Err(error) = app.service.publish_due(chrono::Utc::now()).await {
            tracing::error!(error = %error, "publishing scheduled stories");
        }
        if tick % 12 == 0
            && let Err(error) = app.service.forget_old_counts().await
        {
            tracing::warn!(error = %error, "forgetting old rate-limit counts");
        }
    }
}

/// Fills the search index afresh. When a server holds this data folder's index, every node is
/// asked to fill its own (an event), and the command returns at once.
async fn reindex(cli: &Cli, store: &Store) -> anyhow::Result<()> {
    match open_search_index(cli) {
        Ok((index, _)) => {
            let (count, _) = dateline_web::rebuild_index(store, Arc::new(index)).await?;
            println!("Indexed {count} published stories for search.");
        }
        Err(error)
            if error
                .downcast_ref::<dateline_search::SearchError>()
                .is_some_and(|e| e.is_locked()) =>
        {
            command_service(cli, store)
                .await?
                .request_search_rebuild()
                .await?;
            println!(
                "A server is running on this data folder: every node has been asked to index the archive afresh, and does so in the background."
            );
        }
        Err(error) => return Err(error),
    }
    Ok(())
}

/// The search index under the data folder; a missing or unreadable one is made afresh.
fn open_search_index(cli: &Cli) -> anyhow::Result<(dateline_search::SearchIndex, dateline_search::Opened)> {
    let dir = cli.data.join("search");
    dateline_search::SearchIndex::open(&dir)
        .with_context(|| format!("opening the search index in {}", dir.display()))
}

/// Lets the process open as many files (connections among them) as the system allows it:
/// the soft limit raised to the hard one.
fn raise_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct they are given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

fn base_url(cli: &Cli) -> anyhow::Result<Option<String>> {
    let Some(url) = cli.base_url.as_deref().filter(|url| !url.is_empty()) else {
        return Ok(None);
    };
    let address = dateline_service::public_address(url).ok_or_else(|| {
        anyhow::anyhow!(
            "--base-url must be an http:// or https:// address, such as https://news.example.org (got {url:?})"
        )
    })?;
    Ok(Some(address))
}

fn theme_dir(cli: &Cli) -> Option<PathBuf> {
    cli.theme
        .clone()
        .or_else(|| Some(cli.data.join("theme")).filter(|dir| Path::is_dir(dir)))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
