//! SIGTERM with requests in flight: each is answered, and the node exits even while a client
//! holds a request it never finishes sending.

use crate::node::Node;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const STORY: &str = "/article/ferry-service-returns-to-the-sahl-river";

/// A comment whose request is under way: its headers are sent and the server has started on
/// it (it asked for the body with `100 Continue`), but its body is not sent yet.
struct CommentInFlight {
    stream: TcpStream,
    body: String,
}

impl CommentInFlight {
    async fn start(node: &Node, n: usize) -> CommentInFlight {
        let body = format!(
            "name=Reader+{n}&email=reader{n}%40example.org&body=Sent+as+the+node+was+stopping%2C+number+{n}."
        );
        let mut stream = TcpStream::connect(&node.address).await.expect("connect");
        let head = format!(
            "POST {STORY}/comments HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\
             Expect: 100-continue\r\nConnection: close\r\n\r\n",
            host = node.address,
            length = body.len()
        );
        stream.write_all(head.as_bytes()).await.expect("send the head");
        let mut interim = [0u8; 25];
        stream.read_exact(&mut interim).await.expect("read 100 Continue");
        assert!(
            interim.starts_with(b"HTTP/1.1 100 Continue"),
            "{}",
            String::from_utf8_lossy(&interim)
        );
        CommentInFlight { stream, body }
    }

    /// Sends the body and reads the whole answer.
    async fn finish(mut self) -> String {
        self.stream
            .write_all(self.body.as_bytes())
            .await
            .expect("send the body");
        let mut answer = Vec::new();
        self.stream
            .read_to_end(&mut answer)
            .await
            .expect("read the answer");
        String::from_utf8_lossy(&answer).into_owned()
    }
}

#[tokio::test]
async fn sigterm_answers_every_request_in_flight_and_exits_despite_a_stalled_client() {
    let data = tempfile::tempdir().expect("data folder");
    let mut node = Node::start(
        data.path(),
        None,
        &["--comment-burst", "100", "--drain-seconds", "3"],
    )
    .await;
    let mut in_flight = Vec::new();
    for n in 0..6 {
        in_flight.push(CommentInFlight::start(&node, n).await);
    }
    // A client that sends half a request line and then nothing, ever.
    let mut stalled = TcpStream::connect(&node.address).await.expect("connect");
    stalled
        .write_all(b"GET / HTTP/1.1\r\nHost: loc")
        .await
        .expect("send half a head");

    node.terminate();
    // Once the node stops taking connections, a new one is refused.
    crate::node::eventually(10, "the node stops taking new connections", || async {
        TcpStream::connect(&node.address).await.is_err()
    })
    .await;
    for request in in_flight {
        let answer = request.finish().await;
        assert!(
            answer.starts_with("HTTP/1.1 303"),
            "a comment in flight is answered: {answer}"
        );
        assert!(answer.contains("#comment-"), "{answer}");
    }
    let status = node.exited(30).await;
    assert!(status.success(), "a clean exit: {status:?}\n{}", node.logged());
    assert!(!node.logged().contains("panicked"), "{}", node.logged());
    drop(stalled);

    // Every comment answered was kept.
    let store = dateline_store::Store::open_sqlite(&data.path().join("dateline.db"))
        .await
        .expect("store");
    let held = store
        .queue(dateline_store::moderation::Queue::Pending, 100, 0)
        .await
        .expect("queue");
    assert_eq!(held.len(), 6, "the six comments answered are all there");
}
