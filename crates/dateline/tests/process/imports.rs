//! `dateline import wordpress` as an operator runs it: WordPress's theme unit test export comes
//! in whole on both databases, a second run changes nothing, and the site answers the old
//! addresses; a hand-made export with what real ones get wrong comes in too.

use crate::node::{Database, Node, binary, password_from};
use sqlx::{Connection, PgConnection, SqliteConnection};
use std::path::Path;
use std::process::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/wordpress/themeunittestdata.wordpress.xml"
);

/// Runs `dateline import wordpress FILE ARGS` on `data` (and `database`): what it printed.
pub(crate) fn import(data: &Path, database: Option<&str>, file: &Path, args: &[&str]) -> String {
    import_from("wordpress", data, database, file, args)
}

/// Runs `dateline import PLATFORM FILE ARGS` on `data` (and `database`), which must succeed:
/// what it printed (its report).
pub(crate) fn import_from(
    platform: &str,
    data: &Path,
    database: Option<&str>,
    file: &Path,
    args: &[&str],
) -> String {
    let mut command = Command::new(binary());
    command
        .args(["import", platform])
        .arg(file)
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("DATABASE_URL");
    if let Some(url) = database {
        command.env("DATABASE_URL", url);
    }
    let output = command.output().expect("run dateline import");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    printed
}

/// The report's numbers for `kind`: imported, updated, unchanged, skipped.
pub(crate) fn tally(printed: &str, kind: &str) -> [u64; 4] {
    printed
        .lines()
        .filter(|line| line.split_whitespace().next() == Some(kind))
        .find_map(|line| {
            let numbers: Vec<u64> = line
                .split_whitespace()
                .skip(1)
                .map_while(|n| n.parse().ok())
                .collect();
            numbers.try_into().ok()
        })
        .unwrap_or_else(|| panic!("no {kind} line in:\n{printed}"))
}

/// The store an import wrote to, read back with SQL.
pub(crate) enum Db {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub(crate) async fn connect(data: &Path, database: Option<&str>) -> Db {
    match database {
        Some(url) => Db::Pg(PgConnection::connect(url).await.expect("connect to PostgreSQL")),
        None => {
            let url = format!("sqlite://{}", data.join("dateline.db").display());
            Db::Sqlite(
                SqliteConnection::connect(&url)
                    .await
                    .expect("open the SQLite store"),
            )
        }
    }
}

/// The rows of a query of two text columns.
async fn pairs(db: &mut Db, sql: &str) -> Vec<(String, String)> {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match db {
        Db::Sqlite(c) => sqlx::query_as(sql).fetch_all(c).await,
        Db::Pg(c) => sqlx::query_as(sql).fetch_all(c).await,
    }
    .expect("rows")
}

pub(crate) async fn count(db: &mut Db, sql: &str) -> i64 {
    let query = sqlx::AssertSqlSafe(sql.to_owned());
    let (count,): (i64,) = match db {
        Db::Sqlite(c) => sqlx::query_as(query).fetch_one(c).await,
        Db::Pg(c) => sqlx::query_as(query).fetch_one(c).await,
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
    count
}

pub(crate) async fn text(db: &mut Db, sql: &str) -> String {
    let query = sqlx::AssertSqlSafe(sql.to_owned());
    let (text,): (String,) = match db {
        Db::Sqlite(c) => sqlx::query_as(query).fetch_one(c).await,
        Db::Pg(c) => sqlx::query_as(query).fetch_one(c).await,
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
    text
}

/// Whether Markdown holds raw HTML: a `<` opening a tag anywhere but a link's `](<…>)`, an
/// escaped `\<` or code.
fn holds_raw_html(markdown: &str) -> bool {
    let mut in_code_block = false;
    markdown.lines().any(|line| {
        if line.starts_with("```") {
            in_code_block = !in_code_block;
        }
        let outside_code: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        !in_code_block
            && outside_code.match_indices('<').any(|(at, _)| {
                outside_code[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic())
                    && !outside_code[..at].ends_with("](")
                    && !outside_code[..at].ends_with('\\')
            })
    })
}

async fn the_theme_unit_test_export_comes_in_once(database: Option<&str>) {
    let data = tempfile::tempdir().expect("data folder");
    let fixture = Path::new(FIXTURE);
    assert!(fixture.exists(), "the WordPress fixture at {FIXTURE}");
    let first = import(data.path(), database, fixture, &[]);
    assert_eq!(tally(&first, "story"), [58, 0, 0, 0], "{first}");
    assert_eq!(
        tally(&first, "page"),
        [20, 0, 0, 1],
        "About exists already: {first}"
    );
    assert_eq!(
        tally(&first, "comment"),
        [24, 0, 0, 9],
        "pingbacks, trackbacks and comments on pages: {first}"
    );
    assert_eq!(tally(&first, "attachment"), [0, 0, 0, 37]);
    assert_eq!(tally(&first, "other"), [0, 0, 0, 70], "menu items");
    assert_eq!(
        tally(&first, "section"),
        [5, 0, 0, 0],
        "the first categories of the posts"
    );
    assert_eq!(tally(&first, "author"), [3, 0, 0, 0]);
    assert!(
        first.contains("Template: Password Protected"),
        "the password-protected post is named: {first}"
    );
    assert!(first.contains("kept as text or left out: table"), "{first}");

    let mut db = connect(data.path(), database).await;
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) FROM articles WHERE status = 'published'"
        )
        .await,
        55
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) FROM articles WHERE status = 'scheduled'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM articles WHERE status = 'draft'").await,
        2
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) FROM comments WHERE status = 'published'"
        )
        .await,
        23
    );
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM comments WHERE status = 'pending'").await,
        1
    );
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM comments WHERE author_email = ''").await,
        0,
        "emails kept"
    );
    let caption = text(
        &mut db,
        "SELECT body_markdown FROM articles WHERE slug = 'post-format-image-caption'",
    )
    .await;
    assert!(
        caption.contains("```figure") && caption.contains("\ncaption: "),
        "{caption}"
    );
    let bodies = pairs(&mut db, "SELECT slug, body_markdown FROM articles").await;
    for (slug, body) in &bodies {
        assert!(!holds_raw_html(body), "{slug} holds raw HTML:\n{body}");
    }
    let redirects = count(&mut db, "SELECT COUNT(*) FROM redirects").await;
    let events = count(&mut db, "SELECT COUNT(*) FROM events").await;
    assert!(redirects > 150, "{redirects} redirects");

    let second = import(data.path(), database, fixture, &[]);
    assert_eq!(tally(&second, "story"), [0, 0, 58, 0], "{second}");
    assert_eq!(tally(&second, "comment"), [0, 0, 24, 9], "{second}");
    assert_eq!(tally(&second, "page"), [0, 0, 20, 1], "{second}");
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM events").await,
        events,
        "a second run writes nothing"
    );
    assert_eq!(count(&mut db, "SELECT COUNT(*) FROM redirects").await, redirects);
    drop(db);

    // The site answers the old addresses and shows what came in.
    let node = Node::start(data.path(), database, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let old = client
        .get(format!("{}/?p=1163", node.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(old.status(), 301);
    assert_eq!(old.headers()["location"], "/article/post-format-image-caption");
    let permalink = client
        .get(format!("{}/2010/08/07/post-format-image-caption/", node.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        permalink.headers()["location"],
        "/article/post-format-image-caption"
    );
    let story = client
        .get(format!("{}/article/post-format-image-caption", node.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(story.status(), 200);
    assert!(
        story
            .text()
            .await
            .unwrap_or_default()
            .contains("Post Format: Image (Caption)")
    );
}

#[tokio::test]
async fn the_theme_unit_test_export_comes_in_once_on_sqlite() {
    the_theme_unit_test_export_comes_in_once(None).await;
}

#[tokio::test]
async fn the_theme_unit_test_export_comes_in_once_on_postgres() {
    let database = Database::fresh().await;
    the_theme_unit_test_export_comes_in_once(Some(&database.url)).await;
}

/// A small Arabic blog's export, written here, with what real exports get wrong: a title
/// split over CDATA sections, a control character, an item with invalid UTF-8, replies two
/// levels deep, a post to come, and a pingback.
fn arabic_export(body: &str) -> Vec<u8> {
    let mut file = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>صحيفة الوادي</title><link>https://wadi.example.org</link><description>أخبار الوادي</description>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://wadi.example.org</wp:base_site_url><wp:base_blog_url>https://wadi.example.org</wp:base_blog_url>
<wp:author><wp:author_id>3</wp:author_id><wp:author_login><![CDATA[salma]]></wp:author_login><wp:author_email><![CDATA[salma@wadi.example.org]]></wp:author_email><wp:author_display_name><![CDATA[سلمى ناصر]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[%d9%85%d8%ad%d9%84%d9%8a]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[محلي]]></wp:cat_name></wp:category>
<item>
<title><![CDATA[افتتاح ]]><![CDATA[الجسر الجديد]]></title><link>https://wadi.example.org/2026/03/02/%d8%a7%d9%84%d8%ac%d8%b3%d8%b1/</link>
<dc:creator><![CDATA[salma]]></dc:creator><content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>10</wp:post_id><wp:post_date><![CDATA[2026-03-02 09:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2026-03-02 06:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:post_name><![CDATA[%d8%a7%d9%84%d8%ac%d8%b3%d8%b1]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_parent>0</wp:post_parent><wp:post_type><![CDATA[post]]></wp:post_type><wp:post_password><![CDATA[]]></wp:post_password><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="%d9%85%d8%ad%d9%84%d9%8a"><![CDATA[محلي]]></category>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[كريم]]></wp:comment_author><wp:comment_author_email><![CDATA[karim@example.org]]></wp:comment_author_email><wp:comment_date_gmt><![CDATA[2026-03-02 08:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[خبر سار.]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author><![CDATA[هدى]]></wp:comment_author><wp:comment_author_email><![CDATA[huda@example.org]]></wp:comment_author_email><wp:comment_date_gmt><![CDATA[2026-03-02 08:30:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[متى يفتح للسيارات؟]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[]]></wp:comment_type><wp:comment_parent>1</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author><![CDATA[كريم]]></wp:comment_author><wp:comment_author_email><![CDATA[ Karim@Example.ORG ]]></wp:comment_author_email><wp:comment_date_gmt><![CDATA[2026-03-02 09:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[الأسبوع القادم.]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[]]></wp:comment_type><wp:comment_parent>2</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>4</wp:comment_id><wp:comment_author><![CDATA[spam bot]]></wp:comment_author><wp:comment_author_email><![CDATA[bot@spam.example]]></wp:comment_author_email><wp:comment_date_gmt><![CDATA[2026-03-02 09:10:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[cheap watches]]></wp:comment_content><wp:comment_approved><![CDATA[spam]]></wp:comment_approved><wp:comment_type><![CDATA[]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[Other blog]]></wp:comment_author><wp:comment_content><![CDATA[linked]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[pingback]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
<item>
<title>Road works</title><dc:creator>salma</dc:creator><content:encoded><![CDATA[Lanes close at night.]]></content:encoded>
<wp:post_id>11</wp:post_id><wp:post_date_gmt>2099-01-01 06:00:00</wp:post_date_gmt><wp:post_name>road-works</wp:post_name><wp:status>future</wp:status><wp:post_type>post</wp:post_type>
</item>
<item>
<title>Road works, again</title><dc:creator>salma</dc:creator><content:encoded><![CDATA[A second post under the same slug.]]></content:encoded>
<wp:post_id>14</wp:post_id><wp:post_date_gmt>2026-03-04 06:00:00</wp:post_date_gmt><wp:post_name>road-works</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
</item>
"#
    )
    .into_bytes();
    // An item holding bytes that are not UTF-8, and one with a control character.
    file.extend_from_slice(b"<item><title>Broken \xff\xfe title</title><wp:post_id>12</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>\n");
    file.extend_from_slice("<item><title>Bell\u{7} in the title</title><wp:post_id>13</wp:post_id><wp:post_name>bell</wp:post_name><wp:post_date_gmt>2026-03-03 06:00:00</wp:post_date_gmt><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>\n</channel></rss>\n".as_bytes());
    file
}

async fn an_arabic_blog_with_broken_bits_comes_in(database: Option<&str>) {
    let data = tempfile::tempdir().expect("data folder");
    let file = data.path().join("wadi.xml");
    std::fs::write(&file, arabic_export("<p>يفتح الجسر يوم الأحد.</p>")).expect("write the export");
    let dry = import(data.path(), database, &file, &["--edition", "ar", "--dry-run"]);
    assert!(dry.contains("nothing was written"), "{dry}");
    let mut db = connect(data.path(), database).await;
    assert_eq!(
        count(&mut db, "SELECT COUNT(*) FROM articles").await,
        0,
        "a dry run writes nothing"
    );
    drop(db);
    let printed = import(data.path(), database, &file, &["--edition", "ar"]);
    assert_eq!(tally(&printed, "story"), [3, 0, 0, 1], "{printed}");
    assert!(
        printed.contains(
            "skipped post 14 \"Road works, again\": another story of the edition has the slug road-works"
        ),
        "a duplicate slug is skipped with a line saying so: {printed}"
    );
    assert_eq!(
        tally(&printed, "item"),
        [0, 0, 0, 1],
        "the item with invalid UTF-8: {printed}"
    );
    assert!(printed.contains("invalid UTF-8"), "{printed}");
    assert_eq!(tally(&printed, "comment"), [4, 0, 0, 1], "{printed}");

    let mut db = connect(data.path(), database).await;
    let title = text(&mut db, "SELECT headline FROM articles WHERE slug = 'الجسر'").await;
    assert_eq!(title, "افتتاح الجسر الجديد", "CDATA sections joined");
    assert_eq!(
        text(&mut db, "SELECT edition FROM articles WHERE slug = 'الجسر'").await,
        "ar"
    );
    assert_eq!(
        text(&mut db, "SELECT headline FROM articles WHERE slug = 'bell'").await,
        "Bell in the title"
    );
    assert_eq!(
        text(&mut db, "SELECT status FROM articles WHERE slug = 'road-works'").await,
        "scheduled"
    );
    assert_eq!(
        text(&mut db, "SELECT name FROM authors WHERE slug = 'سلمى-ناصر'").await,
        "سلمى ناصر"
    );
    assert_eq!(
        text(
            &mut db,
            "SELECT name FROM sections WHERE edition = 'ar' AND slug = 'محلي'"
        )
        .await,
        "محلي"
    );
    // The reply to a reply joins the thread of the first comment.
    let threaded = count(
        &mut db,
        "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE p.parent_id IS NULL AND p.author_name = 'كريم'",
    )
    .await;
    assert_eq!(threaded, 2);
    assert_eq!(
        text(&mut db, "SELECT reason FROM comments WHERE status = 'rejected'").await,
        "spam"
    );
    // One spelling of an address, as readers' data requests (export, erasure) look it up.
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) FROM comments WHERE author_email = 'karim@example.org'"
        )
        .await,
        2
    );

    // An edit on the old site comes in on the next run; nothing else changes.
    std::fs::write(&file, arabic_export("<p>يفتح الجسر يوم الاثنين.</p>")).expect("write the export");
    let again = import(data.path(), database, &file, &["--edition", "ar"]);
    assert_eq!(tally(&again, "story"), [0, 1, 2, 1], "{again}");
    assert!(
        text(&mut db, "SELECT body_markdown FROM articles WHERE slug = 'الجسر'")
            .await
            .contains("الاثنين")
    );
    assert_eq!(count(&mut db, "SELECT COUNT(*) FROM comments").await, 4);

    let node = Node::start(data.path(), database, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let old = client
        .get(format!(
            "{}/2026/03/02/%D8%A7%D9%84%D8%AC%D8%B3%D8%B1/",
            node.base
        ))
        .send()
        .await
        .expect("an answer");
    assert_eq!(old.status(), 301);
    let location = old.headers()["location"].to_str().unwrap_or_default().to_owned();
    assert!(location.starts_with("/ar/article/"), "{location}");
    let story = client
        .get(format!("{}{location}", node.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(story.status(), 200);
    let page = story.text().await.unwrap_or_default();
    assert!(
        page.contains("افتتاح الجسر الجديد") && page.contains("متى يفتح للسيارات؟"),
        "{page}"
    );
}

#[tokio::test]
async fn an_arabic_blog_with_broken_bits_comes_into_the_arabic_edition_on_sqlite() {
    an_arabic_blog_with_broken_bits_comes_in(None).await;
}

#[tokio::test]
async fn an_arabic_blog_with_broken_bits_comes_into_the_arabic_edition_on_postgres() {
    let database = Database::fresh().await;
    an_arabic_blog_with_broken_bits_comes_in(Some(&database.url)).await;
}

#[tokio::test]
async fn an_import_cut_short_goes_on_where_it_stopped() {
    let data = tempfile::tempdir().expect("data folder");
    let whole = std::fs::read(FIXTURE).expect("the WordPress fixture");
    let cut = data.path().join("cut.xml");
    std::fs::write(&cut, &whole[..whole.len() * 2 / 3]).expect("write half an export");
    let output = Command::new(binary())
        .args(["import", "wordpress"])
        .arg(&cut)
        .arg("--data")
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run dateline import");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a file cut short is an error");
    assert!(stderr.contains("could not be read on"), "{stderr}");
    let mut db = connect(data.path(), None).await;
    let kept = count(&mut db, "SELECT COUNT(*) FROM articles").await;
    assert!(kept > 10, "what was read before the cut is kept: {kept}");
    let fixture = Path::new(FIXTURE);
    let rest = import(data.path(), None, fixture, &[]);
    let [added, updated, unchanged, skipped] = tally(&rest, "story");
    assert_eq!((unchanged, updated, skipped), (kept as u64, 0, 0), "{rest}");
    assert_eq!(added + unchanged, 58, "{rest}");
}

#[tokio::test]
async fn a_running_site_shows_an_import_without_a_restart() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &[]).await;
    let search = format!("{}/search?q=dredging", node.base);
    let before = reqwest::get(&search)
        .await
        .expect("an answer")
        .text()
        .await
        .unwrap_or_default();
    assert!(!before.contains("/article/harbour-reopens"), "not there yet");
    let home_before = reqwest::get(&node.base)
        .await
        .expect("an answer")
        .text()
        .await
        .unwrap_or_default();
    let file = data.path().join("harbour.xml");
    let export = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old harbour blog</title><wp:base_blog_url>https://harbour.example.org</wp:base_blog_url>
<item><title>Harbour reopens after the dredging</title><dc:creator>editor</dc:creator>
<content:encoded><![CDATA[The dredging of the channel is done and boats are back.]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2026-12-01 06:00:00</wp:post_date_gmt><wp:post_name>harbour-reopens</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="news">News</category></item>
</channel></rss>"#;
    std::fs::write(&file, export).expect("write the export");
    // Imported beside the running server, into the same store.
    let printed = import(data.path(), None, &file, &[]);
    assert_eq!(tally(&printed, "story"), [1, 0, 0, 0], "{printed}");
    crate::node::eventually(
        15,
        "the running site's search finds the imported story",
        || async {
            let page = reqwest::get(&search)
                .await
                .expect("an answer")
                .text()
                .await
                .unwrap_or_default();
            page.contains("/article/harbour-reopens")
        },
    )
    .await;
    crate::node::eventually(
        15,
        "its home page, from the page cache, shows the story",
        || async {
            let page = reqwest::get(&node.base)
                .await
                .expect("an answer")
                .text()
                .await
                .unwrap_or_default();
            page != home_before && page.contains("/article/harbour-reopens")
        },
    )
    .await;
    crate::node::eventually(15, "its sitemap lists the story", || async {
        let index = reqwest::get(format!("{}/sitemap.xml", node.base))
            .await
            .expect("an answer")
            .text()
            .await
            .unwrap_or_default();
        let mut found = false;
        for part in index.split("<loc>").skip(1) {
            let url = part.split("</loc>").next().unwrap_or_default();
            let path = url.find("/sitemaps/").map(|at| &url[at..]).unwrap_or_default();
            let map = reqwest::get(format!("{}{path}", node.base))
                .await
                .expect("an answer")
                .text()
                .await
                .unwrap_or_default();
            found |= map.contains("/article/harbour-reopens");
        }
        found
    })
    .await;
}

#[tokio::test]
async fn the_old_sites_authors_come_in_as_accounts_when_asked() {
    let data = tempfile::tempdir().expect("data folder");
    let file = data.path().join("authors.xml");
    let post = |id: u32, login: &str, slug: &str| {
        format!(
            "<item><title>Post {id}</title><dc:creator>{login}</dc:creator>\
             <content:encoded><![CDATA[Words of post {id}.]]></content:encoded>\
             <wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2026-11-0{id} 08:00:00</wp:post_date_gmt>\
             <wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
        )
    };
    let export = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Valley notes</title><wp:base_blog_url>https://notes.example.org</wp:base_blog_url>
<wp:author><wp:author_id>4</wp:author_id><wp:author_login><![CDATA[rana]]></wp:author_login><wp:author_display_name><![CDATA[Rana Haddad]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>5</wp:author_id><wp:author_login><![CDATA[old editor]]></wp:author_login><wp:author_display_name><![CDATA[The Old Editor]]></wp:author_display_name></wp:author>
{}{}
</channel></rss>"#,
        post(1, "rana", "river-walk"),
        post(2, "old editor", "bridge-repairs")
    );
    std::fs::write(&file, export).expect("write the export");
    let bylines_only = import(data.path(), None, &file, &[]);
    assert_eq!(tally(&bylines_only, "author"), [2, 0, 0, 0], "{bylines_only}");
    assert!(
        !bylines_only.contains("account"),
        "accounts only when asked: {bylines_only}"
    );
    let first = import(data.path(), None, &file, &["--accounts"]);
    assert_eq!(tally(&first, "account"), [1, 0, 0, 1], "{first}");
    assert!(first.contains("\"old editor\": a username here is"), "{first}");
    let again = import(data.path(), None, &file, &["--accounts"]);
    assert_eq!(tally(&again, "story"), [0, 0, 2, 0], "{again}");
    assert_eq!(
        tally(&again, "account"),
        [0, 0, 1, 1],
        "a third run changes nothing: {again}"
    );

    let mut db = connect(data.path(), None).await;
    let linked = count(
        &mut db,
        "SELECT COUNT(*) FROM users u JOIN authors a ON a.id = u.author_id
         WHERE u.username = 'rana' AND u.role = 'author' AND a.name = 'Rana Haddad'",
    )
    .await;
    assert_eq!(linked, 1, "rana writes under her byline, as an author");

    let node = Node::start(data.path(), None, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let sign_in = |password: String| {
        let (client, base) = (client.clone(), node.base.clone());
        async move {
            client
                .post(format!("{base}/newsroom/login"))
                .header("origin", &base)
                .form(&[("username", "rana"), ("password", password.as_str())])
                .send()
                .await
                .expect("an answer")
                .status()
        }
    };
    assert_ne!(
        sign_in("!".to_owned()).await,
        303,
        "no password signs in before one is given"
    );
    let password = password_from(data.path(), &["reset-password", "rana"]);
    assert_eq!(
        sign_in(password).await,
        303,
        "with the password given, rana signs in"
    );
}
