//! Imports with pictures: a WordPress archive's from its uploads folder, and a Ghost site's
//! export with its `content/images`, each picture brought into the library once.

use crate::imports::{connect, count, import, import_from, tally, text};
use crate::node::{Node, binary};
use std::process::Command;

/// A picture in PNG, made here.
fn png(width: u32, height: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|at| [(at % 251) as u8, (at / 7 % 251) as u8, 90])
        .collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .expect("encode a PNG");
    out
}

/// An export whose post leads with a featured picture and shows another in its text; a third
/// attachment's file is missing from the uploads folder.
fn pictured_export() -> String {
    let attachment = |id: u32, file: &str, alt: &str, caption: &str| {
        format!(
            r#"<item><title>{file}</title><wp:post_id>{id}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
<wp:attachment_url>https://harbour.example.org/wp-content/uploads/2025/04/{file}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[2025/04/{file}]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta></item>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Harbour Notes</title><link>https://harbour.example.org</link><wp:base_blog_url>https://harbour.example.org</wp:base_blog_url>
<item><title>The new quay opens</title><dc:creator>editor</dc:creator>
<content:encoded><![CDATA[Boats tied up at dawn.

[caption id="attachment_31" width="300"]<img src="https://harbour.example.org/wp-content/uploads/2025/04/crane-300x200.png" alt="" width="300" /> The crane at work[/caption]

<img src="https://harbour.example.org/wp-content/uploads/2025/04/gone.png" alt="Gone" />]]></content:encoded>
<wp:post_id>40</wp:post_id><wp:post_date_gmt>2025-04-02 07:00:00</wp:post_date_gmt><wp:post_name>new-quay</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>30</wp:meta_value></wp:postmeta></item>
{}
{}
{}
</channel></rss>
"#,
        attachment(
            30,
            "quay.png",
            "Fishing boats along the new quay",
            "The quay on its first morning"
        ),
        attachment(31, "crane.png", "A yellow crane lifting a stone block", ""),
        attachment(32, "gone.png", "Nothing", ""),
    )
}

#[tokio::test]
async fn pictures_come_from_the_uploads_folder_and_lead_their_stories() {
    let data = tempfile::tempdir().expect("data folder");
    let uploads = data.path().join("uploads");
    std::fs::create_dir_all(uploads.join("2025/04")).expect("the uploads folder");
    std::fs::write(uploads.join("2025/04/quay.png"), png(640, 400)).expect("a picture");
    std::fs::write(uploads.join("2025/04/crane.png"), png(300, 200)).expect("a picture");
    let file = data.path().join("harbour.xml");
    std::fs::write(&file, pictured_export()).expect("write the export");
    let uploads_arg = uploads.display().to_string();
    let printed = import(data.path(), None, &file, &["--uploads", &uploads_arg]);
    assert_eq!(tally(&printed, "picture"), [2, 0, 0, 1], "{printed}");
    assert!(printed.contains("no file at 2025/04/gone.png"), "{printed}");
    assert_eq!(
        tally(&printed, "story"),
        [1, 0, 0, 0],
        "the story comes in without its missing picture"
    );
    assert!(
        printed.contains("1 picture(s) of the old site not in the uploads folder"),
        "{printed}"
    );

    let mut db = connect(data.path(), None).await;
    let lead = text(
        &mut db,
        "SELECT f.alt FROM articles a JOIN figures f ON f.id = a.lead_figure_id WHERE a.slug = 'new-quay'",
    )
    .await;
    assert_eq!(lead, "Fishing boats along the new quay");
    let body = text(
        &mut db,
        "SELECT body_markdown FROM articles WHERE slug = 'new-quay'",
    )
    .await;
    assert!(
        body.contains("src: /media/uploads/") && body.contains("caption: The crane at work"),
        "{body}"
    );
    assert_eq!(count(&mut db, "SELECT COUNT(*) FROM images").await, 2);

    let again = import(data.path(), None, &file, &["--uploads", &uploads_arg]);
    assert_eq!(tally(&again, "picture"), [0, 0, 2, 1], "{again}");
    assert_eq!(tally(&again, "story"), [0, 0, 1, 0], "{again}");
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM images").await,
        2,
        "no picture twice"
    );

    let node = Node::start(data.path(), None, &[]).await;
    let page = reqwest::get(format!("{}/article/new-quay", node.base))
        .await
        .expect("an answer")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("alt=\"Fishing boats along the new quay\""),
        "the lead picture is shown"
    );
    assert!(
        page.contains("alt=\"A yellow crane lifting a stone block\"") || page.contains("The crane at work")
    );
}

/// A small Ghost export, written here: a published post with a feature image and a picture
/// in its text, a draft, a page, a public and an internal tag.
fn ghost_export() -> String {
    serde_json::json!({"db": [{"meta": {"version": "5.80.0"}, "data": {
        "settings": [{"key": "title", "value": "Quayside Weekly"}, {"key": "description", "value": "News from the docks"}],
        "users": [{"id": "6601aa0000000000000000u1", "name": "Mira Osei", "slug": "mira", "email": "mira@quayside.example"}],
        "tags": [
            {"id": "6601aa0000000000000000t1", "name": "Harbour", "slug": "harbour"},
            {"id": "6601aa0000000000000000t2", "name": "Boats", "slug": "boats"},
            {"id": "6601aa0000000000000000t3", "name": "#import-batch", "slug": "hash-import-batch"}
        ],
        "posts": [
            {"id": "6601aa0000000000000000p1", "uuid": "0b7c2a52-1111-4c4c-9b9b-000000000001", "title": "Harbour reopens after dredging",
             "slug": "harbour-reopens", "type": "post", "status": "published",
             "html": "<p>Ships return on <strong>Monday</strong>. See <a href=\"__GHOST_URL__/dredging-plan/\">the plan</a>.</p><figure class=\"kg-card kg-image-card\"><img src=\"__GHOST_URL__/content/images/size/w600/2024/03/crane.png\" alt=\"A crane over the quay\"><figcaption>Lifting the last block</figcaption></figure>",
             "feature_image": "__GHOST_URL__/content/images/2024/03/quay.png", "custom_excerpt": "Dredging is done.",
             "created_at": "2024-03-01T08:00:00.000Z", "updated_at": "2024-03-02T09:00:00.000Z", "published_at": "2024-03-01T09:00:00.000Z"},
            {"id": "6601aa0000000000000000p2", "uuid": "0b7c2a52-1111-4c4c-9b9b-000000000002", "title": "Notes for the next issue",
             "slug": "next-issue-notes", "type": "post", "status": "draft", "html": "<p>To do.</p>",
             "created_at": "2024-03-03T08:00:00.000Z", "updated_at": "2024-03-03T08:00:00.000Z", "published_at": null},
            {"id": "6601aa0000000000000000p3", "uuid": "0b7c2a52-1111-4c4c-9b9b-000000000003", "title": "Contact the desk",
             "slug": "contact", "type": "page", "status": "published", "html": "<p>Write to the desk.</p>",
             "created_at": "2024-01-01T08:00:00.000Z", "updated_at": "2024-01-01T08:00:00.000Z", "published_at": "2024-01-01T08:00:00.000Z"}
        ],
        "posts_tags": [
            {"post_id": "6601aa0000000000000000p1", "tag_id": "6601aa0000000000000000t3", "sort_order": 0},
            {"post_id": "6601aa0000000000000000p1", "tag_id": "6601aa0000000000000000t1", "sort_order": 1},
            {"post_id": "6601aa0000000000000000p1", "tag_id": "6601aa0000000000000000t2", "sort_order": 2}
        ],
        "posts_authors": [
            {"post_id": "6601aa0000000000000000p1", "author_id": "6601aa0000000000000000u1", "sort_order": 0},
            {"post_id": "6601aa0000000000000000p2", "author_id": "6601aa0000000000000000u1", "sort_order": 0}
        ],
        "posts_meta": [{"post_id": "6601aa0000000000000000p1", "feature_image_alt": "Cargo ships at the reopened quay"}]
    }}]})
    .to_string()
}

#[tokio::test]
async fn a_ghost_export_comes_in_with_its_pictures_and_old_addresses() {
    let data = tempfile::tempdir().expect("data folder");
    let images = data.path().join("images");
    std::fs::create_dir_all(images.join("2024/03")).expect("the images folder");
    std::fs::write(images.join("2024/03/quay.png"), png(640, 360)).expect("a picture");
    std::fs::write(images.join("2024/03/crane.png"), png(400, 300)).expect("a picture");
    let file = data.path().join("ghost.json");
    std::fs::write(&file, ghost_export()).expect("write the export");
    let images_arg = images.display().to_string();
    let run = |args: &[&str]| import_from("ghost", data.path(), None, &file, args);
    let printed = run(&["--images", &images_arg]);
    assert_eq!(tally(&printed, "story"), [2, 0, 0, 0], "{printed}");
    assert_eq!(tally(&printed, "page"), [1, 0, 0, 0], "{printed}");
    assert_eq!(tally(&printed, "picture"), [2, 0, 0, 0], "{printed}");

    let mut db = connect(data.path(), None).await;
    assert_eq!(
        text(&mut db, "SELECT site_name FROM editions WHERE code = 'en'").await,
        "Quayside Weekly"
    );
    let lead = text(&mut db, "SELECT f.alt FROM articles a JOIN figures f ON f.id = a.lead_figure_id WHERE a.slug = 'harbour-reopens'").await;
    assert_eq!(lead, "Cargo ships at the reopened quay");
    let body = text(
        &mut db,
        "SELECT body_markdown FROM articles WHERE slug = 'harbour-reopens'",
    )
    .await;
    assert!(
        body.contains("src: /media/uploads/") && body.contains("caption: Lifting the last block"),
        "{body}"
    );
    assert!(
        body.contains("(</dredging-plan/>)") && !body.contains("__GHOST_URL__"),
        "{body}"
    );
    assert_eq!(text(&mut db, "SELECT s.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.slug = 'harbour-reopens'").await, "harbour");
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM tags WHERE name LIKE '#%'").await,
        0,
        "internal tags stay behind"
    );
    assert_eq!(
        text(
            &mut db,
            "SELECT status FROM articles WHERE slug = 'next-issue-notes'"
        )
        .await,
        "draft"
    );
    assert_eq!(
        text(
            &mut db,
            "SELECT new_path FROM redirects WHERE old_path = '/harbour-reopens'"
        )
        .await,
        "/article/harbour-reopens"
    );
    assert_eq!(
        text(
            &mut db,
            "SELECT new_path FROM redirects WHERE old_path = '/tag/harbour'"
        )
        .await,
        "/section/harbour"
    );

    let broken = data.path().join("broken.json");
    std::fs::write(&broken, "{\"db\": [{\"data\": {\"posts\": 7}}]}").expect("write a broken export");
    let refused = Command::new(binary())
        .args(["import", "ghost"])
        .arg(&broken)
        .arg("--data")
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run dateline import ghost");
    assert!(
        !refused.status.success(),
        "an export Dateline cannot read is an error"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a Ghost export"));
    let again = run(&["--images", &images_arg]);
    assert_eq!(tally(&again, "story"), [0, 0, 2, 0], "{again}");
    assert_eq!(tally(&again, "page"), [0, 0, 1, 0], "{again}");
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM images").await,
        2,
        "no picture twice"
    );
}
