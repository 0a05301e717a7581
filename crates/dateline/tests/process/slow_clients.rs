//! Clients that open connections and never finish a request cannot take the site down: with
//! few files to open, hundreds of half-sent requests still leave it answering others, and a
//! connection that sends nothing is closed.

use crate::node::{Node, eventually};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Lets this test process hold the connections it opens.
fn raise_own_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct they are given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[tokio::test]
async fn half_sent_requests_leave_the_site_answering_others() {
    raise_own_file_limit();
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start_with_file_limit(data.path(), 256).await;
    let mut held = Vec::new();
    for _ in 0..400 {
        let Ok(mut stream) = TcpStream::connect(&node.address) else {
            break;
        };
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: slow.example\r\n");
        held.push(stream);
    }
    assert!(held.len() >= 300, "{} connections held", held.len());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .expect("a client");
    let health = format!("{}/healthz", node.base);
    eventually(
        30,
        "another client is answered beside 400 half-sent requests",
        || async {
            client
                .get(&health)
                .send()
                .await
                .is_ok_and(|answer| answer.status() == 200)
        },
    )
    .await;
    eventually(10, "the operator is told the connections are full", || async {
        node.logged()
            .contains("the oldest idle ones are closed to make room")
    })
    .await;
    drop(held);
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &[]).await;
    let mut silent = TcpStream::connect(&node.address).expect("a connection");
    let wait = dateline_web::HEADER_READ_TIMEOUT + Duration::from_secs(20);
    silent.set_read_timeout(Some(wait)).expect("a read timeout");
    let began = Instant::now();
    let mut byte = [0_u8; 1];
    let read = silent.read(&mut byte);
    assert!(
        matches!(read, Ok(0))
            || read
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "the server closed it ({read:?} after {:?})",
        began.elapsed()
    );
}

#[tokio::test]
async fn a_body_that_stops_coming_is_refused() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &[]).await;
    let mut stalled = TcpStream::connect(&node.address).expect("a connection");
    let head = format!(
        "POST /newsroom/login HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=ada",
        node.address
    );
    stalled
        .write_all(head.as_bytes())
        .expect("a head and the start of a body");
    let wait = dateline_web::BODY_PAUSE_TIMEOUT + Duration::from_secs(20);
    stalled.set_read_timeout(Some(wait)).expect("a read timeout");
    let mut answer = Vec::new();
    let read = stalled.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        read.is_ok() && answer.starts_with("HTTP/1.1 400"),
        "the request is refused and the connection closed ({read:?}): {answer}"
    );
}
