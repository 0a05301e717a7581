//! An operator deactivates a member from the command line while the site serves: the member's
//! open session ends at once and their password no longer signs in, until reactivated.

use crate::node::{Node, password_from, run, signed_in};

#[tokio::test]
async fn the_command_line_deactivates_and_reactivates_a_member_of_a_running_site() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &[]).await;
    let password = password_from(data.path(), &["add", "amal", "--role", "author"]);
    let (client, cookie) = signed_in(&node, "amal", &password).await;
    let newsroom = |cookie: String| {
        let client = client.clone();
        let url = format!("{}/newsroom", node.base);
        async move {
            client
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .expect("an answer")
                .status()
                .as_u16()
        }
    };
    assert_eq!(newsroom(cookie.clone()).await, 200);

    let (done, printed) = run(data.path(), None, &["user", "deactivate", "amal"]);
    assert!(done && printed.contains("amal is deactivated"), "{printed}");
    assert_eq!(newsroom(cookie).await, 303, "the open session ended");
    let (_, listed) = run(data.path(), None, &["user", "list"]);
    let line = listed
        .lines()
        .find(|line| line.starts_with("amal "))
        .expect("amal is listed");
    assert!(line.contains("deactivated"), "{line}");
    let refused = client
        .post(format!("{}/newsroom/login", node.base))
        .header("origin", &node.base)
        .form(&[("username", "amal"), ("password", password.as_str())])
        .send()
        .await
        .expect("an answer");
    assert_eq!(refused.status().as_u16(), 401, "the password no longer signs in");

    let (done, printed) = run(data.path(), None, &["user", "reactivate", "amal"]);
    assert!(done && printed.contains("amal may sign in again"), "{printed}");
    let (_, again) = signed_in(&node, "amal", &password).await;
    assert_eq!(newsroom(again).await, 200);
    let (done, printed) = run(data.path(), None, &["user", "deactivate", "nobody"]);
    assert!(!done && printed.contains("no such member"), "{printed}");
}
