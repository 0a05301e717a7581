//! The listener's loop: every connection served by hyper with a time limit on waiting for a
//! request's headers (from the first byte, and while a kept-alive connection is idle) and on
//! its body (a pause, and the whole of it), and no
//! more connections at once than the process can hold files for. When that many are open, a
//! new one takes the place of the oldest that is not in the middle of a request: a crowd of
//! slow or idle clients cannot keep others out.

use crate::{App, router::router};
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};
use tower::ServiceExt;
use tower_http::timeout::{DeadlineBody, TimeoutBody};

/// How long a client has to send a request's headers, counted from when the connection opens
/// or, kept alive, from the end of the answer before.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request's body may pause before the request is refused.
pub const BODY_PAUSE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole request body may take: the largest upload (15 MiB) at 128 KiB/s. A body
/// sent slower keeps a connection busy, and busy connections are not closed to make room.
pub const BODY_DEADLINE: Duration = Duration::from_secs(120);

/// Files kept aside for the store, the search index and the logs, whatever the connections.
const RESERVED_FILES: usize = 128;

/// One connection, as the loop knows it.
struct Live {
    /// Requests being answered on it now.
    busy: Arc<AtomicUsize>,
    /// Ends it at once, to make room.
    evict: oneshot::Sender<()>,
}

/// The open connections, oldest first.
struct Connections {
    cap: usize,
    next: u64,
    live: BTreeMap<u64, Live>,
    /// Whether making room has been logged since the connections were last under the cap.
    told: bool,
}

impl Connections {
    /// Makes room for one more if need be, by ending the oldest connection that is between
    /// requests; false when every connection is answering a request (the new one is closed).
    fn make_room(&mut self) -> bool {
        if self.live.len() < self.cap {
            self.told = false;
            return true;
        }
        let idle = self
            .live
            .iter()
            .find(|(_, live)| live.busy.load(Ordering::SeqCst) == 0)
            .map(|(id, _)| *id);
        if !self.told {
            self.told = true;
            tracing::warn!(
                cap = self.cap,
                "as many connections as the process can hold are open: the oldest idle ones are closed to make room"
            );
        }
        match idle.and_then(|id| self.live.remove(&id)) {
            Some(live) => {
                let _ = live.evict.send(());
                true
            }
            None => false,
        }
    }
}

/// How many connections may be open at once: what the process may open in files, less those
/// kept aside.
pub fn connection_cap() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    let files = if read == 0 {
        usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
    } else {
        1024
    };
    files
        .saturating_sub(RESERVED_FILES.max(files / 4))
        .clamp(64, 100_000)
}

/// Serves the site on `listener` until `shutdown` completes; then stops taking connections,
/// lets the requests in flight finish, and returns within `drain` whatever clients still hold.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> std::io::Result<()> {
    let site = router(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let connections = Arc::new(Mutex::new(Connections {
        cap: connection_cap(),
        next: 0,
        live: BTreeMap::new(),
        told: false,
    }));
    let (draining, drain_started) = watch::channel(false);
    // Each connection holds a sender: when all are dropped, every connection has ended.
    let (open, mut all_closed) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files, or a client gone before it was taken: try again shortly.
                    tracing::warn!(%error, "taking a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (evict, evicted) = oneshot::channel();
        let busy = Arc::new(AtomicUsize::new(0));
        let id = {
            let mut connections = connections.lock().unwrap_or_else(|e| e.into_inner());
            if !connections.make_room() {
                continue;
            }
            let id = connections.next;
            connections.next += 1;
            connections.live.insert(
                id,
                Live {
                    busy: busy.clone(),
                    evict,
                },
            );
            id
        };
        let site = site.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let mut request = request
                .map(|body| DeadlineBody::new(BODY_DEADLINE, TimeoutBody::new(BODY_PAUSE_TIMEOUT, body)));
            request.extensions_mut().insert(ConnectInfo(remote));
            let busy = busy.clone();
            busy.fetch_add(1, Ordering::SeqCst);
            let answered = site.clone().oneshot(request);
            async move {
                let answer = answered.await;
                busy.fetch_sub(1, Ordering::SeqCst);
                answer
            }
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let (connections, open, mut drain_started) =
            (connections.clone(), open.clone(), drain_started.clone());
        tokio::spawn(async move {
            tokio::pin!(connection);
            tokio::pin!(evicted);
            let mut asked_to_end = false;
            loop {
                tokio::select! {
                    _ = connection.as_mut() => break,
                    _ = &mut evicted => break,
                    changed = drain_started.changed(), if !asked_to_end => {
                        if changed.is_err() || *drain_started.borrow() {
                            asked_to_end = true;
                            connection.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
            connections
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .live
                .remove(&id);
            drop(open);
        });
    }
    drop(listener);
    let _ = draining.send(true);
    drop(open);
    tokio::select! {
        _ = all_closed.recv() => {}
        () = tokio::time::sleep(drain) => {
            tracing::warn!(seconds = drain.as_secs(), "requests were still open when the drain time ran out; closing them");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connections(cap: usize, busy: &[usize]) -> (Connections, Vec<oneshot::Receiver<()>>) {
        let mut live = BTreeMap::new();
        let mut told = Vec::new();
        for (id, &requests) in busy.iter().enumerate() {
            let (evict, evicted) = oneshot::channel();
            live.insert(
                id as u64,
                Live {
                    busy: Arc::new(AtomicUsize::new(requests)),
                    evict,
                },
            );
            told.push(evicted);
        }
        let next = busy.len() as u64;
        (
            Connections {
                cap,
                next,
                live,
                told: false,
            },
            told,
        )
    }

    #[test]
    fn under_the_cap_nothing_is_closed() {
        let (mut open, _) = connections(3, &[0, 0]);
        assert!(open.make_room());
        assert_eq!(open.live.len(), 2);
    }

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room() {
        let (mut open, mut told) = connections(3, &[1, 0, 0]);
        assert!(open.make_room());
        assert_eq!(
            open.live.keys().copied().collect::<Vec<_>>(),
            [0, 2],
            "the busy one stays"
        );
        assert!(told[1].try_recv().is_ok(), "the oldest idle one is told to end");
        assert!(told[0].try_recv().is_err());
    }

    #[test]
    fn when_every_connection_is_answering_the_new_one_is_turned_away() {
        let (mut open, _) = connections(2, &[1, 2]);
        assert!(!open.make_room());
        assert_eq!(open.live.len(), 2);
    }
}
