//! WordPress's theme unit test export (WXR 1.2, the data WordPress itself tests themes against),
//! read whole: exact counts of what it holds and a few records checked field by field.
//! The counts were taken from the file with an independent XML parser.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use dateline_importers::wxr::{ItemTerm, WpComment, WpItem, WpSite, WpTerm, WxrEntry, WxrReader, gmt_time};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/wordpress/themeunittestdata.wordpress.xml"
);

/// Everything the fixture holds, by kind.
#[derive(Default)]
struct Export {
    sites: Vec<WpSite>,
    authors: Vec<String>,
    categories: Vec<WpTerm>,
    tags: Vec<WpTerm>,
    terms: Vec<(WpTerm, String)>,
    items: Vec<WpItem>,
    skipped: Vec<String>,
    /// `position()` after each entry, and the file's size.
    positions: Vec<u64>,
    size: u64,
}

fn read_fixture() -> Export {
    let path = Path::new(FIXTURE);
    let file = File::open(path).unwrap_or_else(|error| {
        panic!(
            "the WordPress fixture should be at {} (shared/ beside the repository): {error}",
            path.display()
        )
    });
    let size = file.metadata().expect("the fixture's size").len();
    let mut reader = WxrReader::new(BufReader::new(file));
    let mut export = Export {
        size,
        ..Export::default()
    };
    while let Some(entry) = reader.next_entry().expect("the fixture reads to its end") {
        export.positions.push(reader.position());
        match entry {
            WxrEntry::Site(site) => export.sites.push(site),
            WxrEntry::Author(author) => export.authors.push(author.login),
            WxrEntry::Category(term) => export.categories.push(term),
            WxrEntry::Tag(term) => export.tags.push(term),
            WxrEntry::Term(term, taxonomy) => export.terms.push((term, taxonomy)),
            WxrEntry::Item(item) => export.items.push(item),
            WxrEntry::Skipped {
                position,
                what,
                reason,
            } => export.skipped.push(format!("{what} at {position}: {reason}")),
        }
    }
    export
}

fn count_by<'a, T>(
    values: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> &str,
) -> BTreeMap<String, usize>
where
    T: 'a,
{
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(key(value).to_owned()).or_insert(0) += 1;
    }
    counts
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs
        .iter()
        .map(|(key, count)| ((*key).to_owned(), *count))
        .collect()
}

fn item(export: &Export, post_id: u64) -> &WpItem {
    export
        .items
        .iter()
        .find(|item| item.post_id == post_id)
        .unwrap_or_else(|| panic!("item {post_id} is in the fixture"))
}

fn comment(export: &Export, id: u64) -> &WpComment {
    export
        .items
        .iter()
        .flat_map(|item| &item.comments)
        .find(|comment| comment.id == id)
        .unwrap_or_else(|| panic!("comment {id} is in the fixture"))
}

#[test]
fn the_theme_unit_test_export_reads_whole() {
    let export = read_fixture();
    assert!(
        export.skipped.is_empty(),
        "nothing is skipped: {:?}",
        export.skipped
    );

    assert_eq!(export.sites.len(), 1);
    let site = &export.sites[0];
    assert_eq!(site.title, "Theme Unit Test Data");
    assert_eq!(site.wxr_version, "1.2");
    assert_eq!(site.language, "en");
    assert_eq!(site.base_site_url, "https://wordpress.com/");
    assert_eq!(site.base_blog_url, "https://wpthemetestdata.wordpress.com");

    assert_eq!(export.authors, ["themedemos", "themereviewteam"]);
    assert_eq!(export.categories.len(), 68);
    assert_eq!(
        export
            .categories
            .iter()
            .filter(|term| term.parent.is_some())
            .count(),
        10
    );
    assert_eq!(export.tags.len(), 110);
    assert_eq!(export.terms.len(), 7);
    assert_eq!(
        count_by(export.terms.iter().map(|(_, taxonomy)| taxonomy), |taxonomy| {
            taxonomy.as_str()
        }),
        counts(&[("category", 1), ("nav_menu", 6)])
    );

    assert_eq!(export.items.len(), 186);
    assert_eq!(
        count_by(&export.items, |item| &item.post_type),
        counts(&[
            ("attachment", 37),
            ("nav_menu_item", 70),
            ("page", 21),
            ("post", 58)
        ])
    );
    assert_eq!(
        count_by(&export.items, |item| &item.status),
        counts(&[("draft", 1), ("future", 1), ("inherit", 37), ("publish", 147)])
    );
    assert_eq!(
        export
            .items
            .iter()
            .filter(|item| item.attachment_url.is_some())
            .count(),
        37
    );
    assert_eq!(
        export.items.iter().map(|item| item.terms.len()).sum::<usize>(),
        446
    );
    assert_eq!(
        export.items.iter().map(|item| item.meta.len()).sum::<usize>(),
        737
    );

    let comments: Vec<&WpComment> = export.items.iter().flat_map(|item| &item.comments).collect();
    assert_eq!(comments.len(), 33);
    assert_eq!(
        count_by(comments.iter().copied(), |c| &c.approved),
        counts(&[("0", 3), ("1", 30)])
    );
    assert_eq!(
        count_by(comments.iter().copied(), |c| &c.comment_type),
        counts(&[("", 28), ("comment", 1), ("pingback", 2), ("trackback", 2)])
    );
    assert_eq!(comments.iter().filter(|c| c.parent != 0).count(), 10);
}

#[test]
fn records_of_the_fixture_read_field_by_field() {
    let export = read_fixture();

    assert_eq!(
        export.categories.iter().find(|term| term.slug == "sub"),
        Some(&WpTerm {
            term_id: Some(30849),
            slug: "sub".into(),
            name: "sub".into(),
            parent: Some("aciform".into()),
            ..WpTerm::default()
        })
    );
    assert_eq!(export.tags[0].name, "8BIT");
    assert_eq!(export.tags[0].description, "Tags posts about 8BIT.");

    let caption = item(&export, 1163);
    assert_eq!(caption.title, "Post Format: Image (Caption)");
    assert!(
        caption
            .content
            .starts_with("[caption id=\"attachment_754\" align=\"alignnone\" width=\"604\"]")
    );
    assert!(caption.terms.contains(&ItemTerm {
        domain: "post_format".into(),
        slug: "post-format-image".into(),
        name: "Image".into()
    }));
    assert_eq!(caption.meta, [("_thumbnail_id".to_owned(), "1628".to_owned())]);

    let blocks = item(&export, 1745);
    assert_eq!(blocks.title, "Block: Cover");
    assert!(
        blocks.content.trim_start().starts_with("<!-- wp:cover {\"url\":"),
        "{}",
        &blocks.content[..80]
    );

    let page = item(&export, 172);
    assert_eq!(
        (page.title.as_str(), page.post_type.as_str(), page.post_parent),
        ("Level 3", "page", 173)
    );

    let sticky: Vec<u64> = export
        .items
        .iter()
        .filter(|item| item.is_sticky)
        .map(|item| item.post_id)
        .collect();
    assert_eq!(sticky, [1241]);
    assert_eq!(item(&export, 1241).terms.len(), 4);
    assert_eq!(item(&export, 1241).creator, "themedemos");
    assert_eq!(item(&export, 1168).post_password, "enter");
    assert!(
        item(&export, 1811).post_name.starts_with("%ce%b5%cf%80"),
        "slugs stay percent-encoded"
    );

    let reply = comment(&export, 905);
    assert_eq!((reply.parent, reply.author.as_str()), (904, "Jane Bloggs"));
    assert_eq!(reply.content, "Comment Depth 02");
    assert_eq!(
        gmt_time(&reply.date_gmt).map(|time| time.to_rfc3339()).as_deref(),
        Some("2013-03-14T15:01:21+00:00")
    );
    let held = comment(&export, 1017);
    assert_eq!((held.parent, held.approved.as_str()), (168, "0"));
}

#[test]
fn the_position_grows_to_the_size_of_the_file() {
    let export = read_fixture();
    assert!(
        export.positions.windows(2).all(|pair| pair[0] <= pair[1]),
        "the position only grows"
    );
    let last = *export.positions.last().expect("the fixture has entries");
    assert!(
        last + 64 >= export.size && last <= export.size,
        "{last} of {} bytes",
        export.size
    );
    assert_eq!(export.positions.len(), 1 + 2 + 68 + 110 + 7 + 186);
}
