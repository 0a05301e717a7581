//! The background follower: catches this node up with writes made elsewhere. On PostgreSQL
//! each commit is announced (`NOTIFY`) and heard at once; a lost connection is made again,
//! and the node catches up before it trusts its cached pages. A slow poll runs beside it on
//! both databases, so a missed announcement (or a command run beside a SQLite server) costs
//! a second or two, never a change. Writes this node answered before its followers took them
//! in (a held comment) wake it at once.

use crate::App;
use dateline_store::events::{CommitListener, Heard};
use std::time::Duration;

/// How often the events table is read when nothing was announced.
const POLL: Duration = Duration::from_secs(1);
/// The longest wait between attempts to listen again after PostgreSQL went away.
const MAX_RETRY: Duration = Duration::from_secs(10);

/// Follows the events until `shutdown` completes.
pub async fn follow_events(app: App, shutdown: impl Future<Output = ()>) {
    tokio::select! {
        () = follow(app) => {}
        () = shutdown => {}
    }
}

async fn follow(app: App) {
    let mut listener = listen(&app).await;
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let heard = async {
            match listener.as_mut() {
                Some(listener) => listener.next().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            heard = heard => match heard {
                Heard::Commit => catch_up(&app).await,
                Heard::ConnectionLost => {
                    tracing::warn!("lost the connection announcing other nodes' writes; cached pages are not served until this node has caught up");
                    app.cache.suspend();
                    // The lost listener's connection goes back before another is asked for.
                    drop(listener.take());
                    listener = relisten(&app).await;
                }
            },
            _ = poll.tick() => catch_up(&app).await,
            () = app.wake_follower.notified() => catch_up(&app).await,
        }
    }
}

/// A listener for other nodes' commits (none on SQLite), caught up with what was missed while
/// there was none.
async fn listen(app: &App) -> Option<CommitListener> {
    match app.store.listen_for_commits().await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "listening for other nodes' writes");
            app.cache.suspend();
            relisten(app).await
        }
    }
}

/// Listens again, waiting longer between attempts while PostgreSQL is away; once listening,
/// catches up with every event committed meanwhile and only then serves cached pages again.
async fn relisten(app: &App) -> Option<CommitListener> {
    let mut wait = Duration::from_millis(100);
    loop {
        match app.store.listen_for_commits().await {
            Ok(listener) => {
                if app.catch_up().await.is_ok() {
                    app.cache.resume();
                    tracing::info!("listening for other nodes' writes again, and caught up");
                    return listener;
                }
            }
            Err(error) => tracing::debug!(%error, "listening for other nodes' writes"),
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MAX_RETRY);
    }
}

async fn catch_up(app: &App) {
    if let Err(error) = app.catch_up().await {
        tracing::warn!(%error, "catching up with other nodes' writes");
    }
}
