//! A reader whose comments came in with a WordPress archive asks for their data, then to be
//! forgotten: a moderator of the new site finds every imported comment by the reader's email
//! (however its letters were cased on the old site) and erases them.

use crate::imports::{import, tally};
use crate::node::{Node, csrf_of, newsroom_page, password_from, signed_in};

const EXPORT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old market blog</title><wp:base_blog_url>https://market.example.org</wp:base_blog_url>
<item><title>Night market returns to the square</title><dc:creator>editor</dc:creator>
<content:encoded><![CDATA[Stalls are back on Thursday evenings.]]></content:encoded>
<wp:post_id>31</wp:post_id><wp:post_date_gmt>2026-11-20 17:00:00</wp:post_date_gmt><wp:post_name>night-market-returns</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="city">City</category>
<wp:comment><wp:comment_id>501</wp:comment_id><wp:comment_author>Salma</wp:comment_author><wp:comment_author_email>Salma.Q@Market.Example</wp:comment_author_email><wp:comment_date_gmt>2026-11-21 08:00:00</wp:comment_date_gmt><wp:comment_content>The lamb skewers stall was the best part.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>502</wp:comment_id><wp:comment_author>Salma</wp:comment_author><wp:comment_author_email>salma.q@market.example</wp:comment_author_email><wp:comment_date_gmt>2026-11-21 09:00:00</wp:comment_date_gmt><wp:comment_content>Also, please keep the square lit until late.</wp:comment_content><wp:comment_approved>0</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>503</wp:comment_id><wp:comment_author>Tariq</wp:comment_author><wp:comment_author_email>tariq@market.example</wp:comment_author_email><wp:comment_date_gmt>2026-11-21 10:00:00</wp:comment_date_gmt><wp:comment_content>Parking was hard to find.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
</channel></rss>"#;

#[tokio::test]
async fn a_data_request_finds_and_erases_imported_comments() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &[]).await;
    let file = data.path().join("market.xml");
    std::fs::write(&file, EXPORT).expect("write the export");
    let printed = import(data.path(), None, &file, &[]);
    assert_eq!(tally(&printed, "comment"), [3, 0, 0, 0], "{printed}");

    let story_page = || async {
        reqwest::get(format!("{}/article/night-market-returns", node.base))
            .await
            .expect("an answer")
            .text()
            .await
            .expect("a page")
    };
    assert!(
        story_page().await.contains("lamb skewers"),
        "the imported comment shows"
    );

    let password = password_from(data.path(), &["add", "moderator", "--role", "editor"]);
    let (client, cookie) = signed_in(&node, "moderator", &password).await;

    let asked = client
        .get(format!(
            "{}/newsroom/moderation/export?email=SALMA.Q@market.example",
            node.base
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("an answer");
    assert_eq!(asked.status(), 200);
    let answer: serde_json::Value = serde_json::from_str(&asked.text().await.expect("a body")).expect("JSON");
    let bodies: Vec<&str> = answer["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .filter_map(|comment| comment["body"].as_str())
        .collect();
    assert_eq!(
        bodies.len(),
        2,
        "both of Salma's comments, published and held: {answer}"
    );
    assert!(
        bodies.iter().any(|body| body.contains("lamb skewers")),
        "{answer}"
    );

    let newsroom = newsroom_page(&client, &node, &cookie, "/newsroom/moderation").await;
    let erased = client
        .post(format!("{}/newsroom/moderation/erase", node.base))
        .header("cookie", &cookie)
        .header("origin", &node.base)
        .form(&[
            ("csrf", csrf_of(&newsroom).as_str()),
            ("email", "salma.q@market.example"),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(erased.status(), 303);
    let story = story_page().await;
    assert!(
        !story.contains("lamb skewers"),
        "the erased comment is gone from the story"
    );
    assert!(
        story.contains("Parking was hard to find."),
        "another reader's stays"
    );
}
