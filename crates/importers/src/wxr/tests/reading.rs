//! Every kind of record, read field by field, in every WXR version.

use super::{export, items, post, read_all};
use crate::wxr::{ItemTerm, WpAuthor, WpComment, WpItem, WpSite, WpTerm, WxrEntry};

const AUTHOR: &str = "<wp:author><wp:author_id>3</wp:author_id><wp:author_login><![CDATA[mwhite]]></wp:author_login>\
<wp:author_email>mary@gazette.example</wp:author_email><wp:author_display_name><![CDATA[Mary White]]></wp:author_display_name>\
<wp:author_first_name><![CDATA[Mary]]></wp:author_first_name><wp:author_last_name><![CDATA[White]]></wp:author_last_name></wp:author>";

const TERMS: &str = "<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>harbour</wp:category_nicename>\
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Harbour]]></wp:cat_name></wp:category>\
<wp:category><wp:term_id>6</wp:term_id><wp:category_nicename>ferries</wp:category_nicename>\
<wp:category_parent>harbour</wp:category_parent><wp:cat_name><![CDATA[Ferries &amp; boats]]></wp:cat_name>\
<wp:category_description><![CDATA[Crossings]]></wp:category_description></wp:category>\
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>tides</wp:tag_slug><wp:tag_name><![CDATA[Tides]]></wp:tag_name></wp:tag>\
<wp:term><wp:term_id>11</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>main</wp:term_slug>\
<wp:term_parent></wp:term_parent><wp:term_name><![CDATA[Main menu]]></wp:term_name>\
<wp:termmeta><wp:meta_key>colour</wp:meta_key><wp:meta_value><![CDATA[blue]]></wp:meta_value></wp:termmeta></wp:term>";

const FULL_ITEM: &str = "<item>
	<title>Ferry timetable changes</title>
	<link>https://gazette.example/2024/05/ferry/</link>
	<pubDate>Mon, 06 May 2024 09:30:00 +0000</pubDate>
	<dc:creator><![CDATA[mwhite]]></dc:creator>
	<guid isPermaLink=\"false\">https://gazette.example/?p=42</guid>
	<description></description>
	<content:encoded><![CDATA[<p>The summer timetable starts on Monday.</p>]]></content:encoded>
	<excerpt:encoded><![CDATA[New times]]></excerpt:encoded>
	<wp:post_id>42</wp:post_id>
	<wp:post_date><![CDATA[2024-05-06 10:30:00]]></wp:post_date>
	<wp:post_date_gmt><![CDATA[2024-05-06 09:30:00]]></wp:post_date_gmt>
	<wp:post_modified>2024-05-07 08:00:00</wp:post_modified>
	<wp:post_modified_gmt>2024-05-07 07:00:00</wp:post_modified_gmt>
	<wp:comment_status>open</wp:comment_status>
	<wp:ping_status>closed</wp:ping_status>
	<wp:post_name><![CDATA[ferry-%e2%9b%b4]]></wp:post_name>
	<wp:status>publish</wp:status>
	<wp:post_parent>0</wp:post_parent>
	<wp:menu_order>-1</wp:menu_order>
	<wp:post_type>post</wp:post_type>
	<wp:post_password></wp:post_password>
	<wp:is_sticky>1</wp:is_sticky>
	<category domain=\"category\" nicename=\"ferries\"><![CDATA[Ferries &amp; boats]]></category>
	<category domain=\"post_tag\" nicename=\"tides\"><![CDATA[Tides]]></category>
	<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[77]]></wp:meta_value></wp:postmeta>
	<wp:postmeta><wp:meta_key>subtitle</wp:meta_key><wp:meta_value><![CDATA[All change]]></wp:meta_value></wp:postmeta>
	<wp:comment>
		<wp:comment_id>8</wp:comment_id>
		<wp:comment_author><![CDATA[Sam]]></wp:comment_author>
		<wp:comment_author_email>sam@example.net</wp:comment_author_email>
		<wp:comment_author_url>https://sam.example.net</wp:comment_author_url>
		<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>
		<wp:comment_date>2024-05-06 11:00:00</wp:comment_date>
		<wp:comment_date_gmt>2024-05-06 10:00:00</wp:comment_date_gmt>
		<wp:comment_content><![CDATA[At last!]]></wp:comment_content>
		<wp:comment_approved>1</wp:comment_approved>
		<wp:comment_type><![CDATA[comment]]></wp:comment_type>
		<wp:comment_parent>7</wp:comment_parent>
		<wp:comment_user_id>0</wp:comment_user_id>
		<wp:commentmeta><wp:meta_key>rating</wp:meta_key><wp:meta_value>5</wp:meta_value></wp:commentmeta>
	</wp:comment>
	<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_approved>spam</wp:comment_approved><wp:comment_type/></wp:comment>
</item>";

fn gazette(version: &str) -> WpSite {
    WpSite {
        title: "The Harbour Gazette".into(),
        link: "https://gazette.example".into(),
        description: "News from the quay".into(),
        language: "en-GB".into(),
        wxr_version: version.into(),
        base_site_url: "https://gazette.example".into(),
        base_blog_url: "https://gazette.example".into(),
    }
}

fn term(id: u64, slug: &str, name: &str, parent: Option<&str>, description: &str) -> WpTerm {
    WpTerm {
        term_id: Some(id),
        slug: slug.into(),
        name: name.into(),
        parent: parent.map(Into::into),
        description: description.into(),
        meta: Vec::new(),
    }
}

#[test]
fn every_record_is_read_field_by_field_in_file_order() {
    let body = format!("{AUTHOR}\n{TERMS}\n{FULL_ITEM}");
    let entries = read_all(export("1.2", &body).as_bytes());
    let menu = WpTerm {
        meta: vec![("colour".into(), "blue".into())],
        ..term(11, "main", "Main menu", None, "")
    };
    let expected_item = WpItem {
        title: "Ferry timetable changes".into(),
        link: "https://gazette.example/2024/05/ferry/".into(),
        pub_date: "Mon, 06 May 2024 09:30:00 +0000".into(),
        creator: "mwhite".into(),
        guid: "https://gazette.example/?p=42".into(),
        description: String::new(),
        content: "<p>The summer timetable starts on Monday.</p>".into(),
        excerpt: "New times".into(),
        post_id: 42,
        post_date: "2024-05-06 10:30:00".into(),
        post_date_gmt: "2024-05-06 09:30:00".into(),
        post_modified: "2024-05-07 08:00:00".into(),
        post_modified_gmt: "2024-05-07 07:00:00".into(),
        comment_status: "open".into(),
        ping_status: "closed".into(),
        post_name: "ferry-%e2%9b%b4".into(),
        status: "publish".into(),
        post_parent: 0,
        menu_order: -1,
        post_type: "post".into(),
        post_password: String::new(),
        is_sticky: true,
        attachment_url: None,
        terms: vec![
            ItemTerm {
                domain: "category".into(),
                slug: "ferries".into(),
                name: "Ferries &amp; boats".into(),
            },
            ItemTerm {
                domain: "post_tag".into(),
                slug: "tides".into(),
                name: "Tides".into(),
            },
        ],
        meta: vec![
            ("_thumbnail_id".into(), "77".into()),
            ("subtitle".into(), "All change".into()),
        ],
        comments: vec![
            WpComment {
                id: 8,
                author: "Sam".into(),
                author_email: "sam@example.net".into(),
                author_url: "https://sam.example.net".into(),
                author_ip: "192.0.2.1".into(),
                date: "2024-05-06 11:00:00".into(),
                date_gmt: "2024-05-06 10:00:00".into(),
                content: "At last!".into(),
                approved: "1".into(),
                comment_type: "comment".into(),
                parent: 7,
                user_id: 0,
                meta: vec![("rating".into(), "5".into())],
            },
            WpComment {
                id: 9,
                approved: "spam".into(),
                ..WpComment::default()
            },
        ],
    };
    assert_eq!(
        entries,
        vec![
            WxrEntry::Site(gazette("1.2")),
            WxrEntry::Author(WpAuthor {
                id: Some(3),
                login: "mwhite".into(),
                email: "mary@gazette.example".into(),
                display_name: "Mary White".into(),
                first_name: "Mary".into(),
                last_name: "White".into(),
            }),
            WxrEntry::Category(term(5, "harbour", "Harbour", None, "")),
            // Inside CDATA `&amp;` is text: WordPress keeps term names escaped, and so does the export.
            WxrEntry::Category(term(
                6,
                "ferries",
                "Ferries &amp; boats",
                Some("harbour"),
                "Crossings"
            )),
            WxrEntry::Tag(term(9, "tides", "Tides", None, "")),
            WxrEntry::Term(menu, "nav_menu".into()),
            WxrEntry::Item(expected_item),
        ]
    );
}

#[test]
fn wxr_1_0_1_1_and_1_2_read_alike() {
    for version in ["1.0", "1.1", "1.2"] {
        let body = format!("{}\n{}", post(1, "Tide tables", "High water at noon"), FULL_ITEM);
        let entries = read_all(export(version, &body).as_bytes());
        assert_eq!(entries[0], WxrEntry::Site(gazette(version)), "WXR {version}");
        let items = items(&entries);
        assert_eq!(items.len(), 2, "WXR {version}");
        assert_eq!(items[0].content, "High water at noon", "WXR {version}");
        assert_eq!(items[1].excerpt, "New times", "WXR {version}");
        assert_eq!(items[1].creator, "mwhite", "WXR {version}");
        assert_eq!(items[1].comments.len(), 2, "WXR {version}");
    }
}

#[test]
fn namespaces_are_matched_by_uri_not_by_prefix() {
    let wxr = "<rss xmlns:wordpress=\"https://wordpress.org/export/1.2\" xmlns:ex=\"http://wordpress.org/export/1.2/excerpt/\" \
        xmlns:body=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://example.com/not-wordpress/\"><channel>\
        <wordpress:wxr_version>1.2</wordpress:wxr_version>\
        <item><title>Renamed</title><wordpress:post_id>5</wordpress:post_id><wp:post_id>999</wp:post_id>\
        <body:encoded>Body</body:encoded><ex:encoded>Short</ex:encoded>\
        <wordpress:post_type>page</wordpress:post_type></item></channel></rss>";
    let entries = read_all(wxr.as_bytes());
    let WxrEntry::Site(site) = &entries[0] else {
        panic!("the site comes first: {entries:?}")
    };
    assert_eq!(site.wxr_version, "1.2");
    let items = items(&entries);
    assert_eq!((items[0].post_id, items[0].post_type.as_str()), (5, "page"));
    assert_eq!(
        (items[0].content.as_str(), items[0].excerpt.as_str()),
        ("Body", "Short")
    );
}

#[test]
fn items_of_every_post_type_are_returned() {
    let types = [
        "post",
        "page",
        "attachment",
        "nav_menu_item",
        "revision",
        "wp_block",
        "gazette_event",
    ];
    let body: String = types
        .iter()
        .enumerate()
        .map(|(i, post_type)| {
            format!(
                "<item><wp:post_id>{i}</wp:post_id><wp:post_type>{post_type}</wp:post_type>\
                 <wp:attachment_url>{}</wp:attachment_url></item>",
                if *post_type == "attachment" {
                    "https://gazette.example/quay.jpg"
                } else {
                    ""
                }
            )
        })
        .collect();
    let entries = read_all(export("1.2", &body).as_bytes());
    let read: Vec<&str> = items(&entries)
        .iter()
        .map(|item| item.post_type.as_str())
        .collect();
    assert_eq!(read, types);
    let urls: Vec<Option<&str>> = items(&entries)
        .iter()
        .map(|item| item.attachment_url.as_deref())
        .collect();
    assert_eq!(urls[2], Some("https://gazette.example/quay.jpg"));
    assert_eq!(urls.iter().filter(|url| url.is_some()).count(), 1);
}

#[test]
fn the_site_is_sent_before_the_first_record_or_at_the_end() {
    let entries = read_all(export("1.1", "").as_bytes());
    assert_eq!(entries, [WxrEntry::Site(gazette("1.1"))]);

    // Header fields after the first record are not the header's.
    let body = format!("{}\n<title>Not the site</title>", post(1, "First", ""));
    let entries = read_all(export("1.2", &body).as_bytes());
    assert_eq!(entries[0], WxrEntry::Site(gazette("1.2")));
    assert_eq!(items(&entries).len(), 1);
    assert_eq!(entries.len(), 2);
}

#[test]
fn text_interrupted_by_an_unknown_child_is_kept_whole_and_other_elements_are_ignored() {
    let item = "<item><title>Before <b>bold</b> after</title><wp:post_id>3</wp:post_id>\
        <wp:unknown_field><wp:post_id>99</wp:post_id></wp:unknown_field><media:thumbnail xmlns:media=\"http://search.yahoo.com/mrss/\" url=\"x\"/></item>";
    let entries = read_all(export("1.2", item).as_bytes());
    let items = items(&entries);
    assert_eq!(items[0].title, "Before bold after");
    assert_eq!(items[0].post_id, 3);
}

#[test]
fn wxr_1_0_records_without_ids_read() {
    let body = "<wp:author><wp:author_login>old</wp:author_login></wp:author>\
        <wp:category><wp:category_nicename>news</wp:category_nicename><wp:category_parent/><wp:cat_name>News</wp:cat_name></wp:category>";
    let entries = read_all(export("1.0", body).as_bytes());
    assert_eq!(
        entries[1],
        WxrEntry::Author(WpAuthor {
            login: "old".into(),
            ..WpAuthor::default()
        })
    );
    assert_eq!(
        entries[2],
        WxrEntry::Category(WpTerm {
            slug: "news".into(),
            name: "News".into(),
            ..WpTerm::default()
        })
    );
}
