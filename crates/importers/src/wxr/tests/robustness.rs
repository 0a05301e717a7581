//! What real exports get wrong: the bad record is passed over with a reason, the rest is read.

use std::io::{self, BufReader, Read};

use super::{export, items, post, read_all, read_until_error, skipped};
use crate::wxr::WxrReader;
use crate::wxr::{WxrEntry, WxrError};

/// Byte offset of the first `needle` in `haystack`.
fn offset_of(haystack: &[u8], needle: &[u8]) -> u64 {
    let at = haystack.windows(needle.len()).position(|window| window == needle);
    at.unwrap_or_else(|| panic!("{:?} is in the export", String::from_utf8_lossy(needle))) as u64
}

fn post_ids(entries: &[WxrEntry]) -> Vec<u64> {
    items(entries).iter().map(|item| item.post_id).collect()
}

#[test]
fn text_split_over_cdata_sections_and_escapes_is_joined_in_order() {
    let content = "<![CDATA[<p>a ]]]]><![CDATA[> b</p>]]>&amp; c &#8217;&#x2019; &lt;br&gt;<![CDATA[d]]>";
    let entries = read_all(export("1.2", &post(1, "Fish &#038; chips", content)).as_bytes());
    let items = items(&entries);
    assert_eq!(items[0].content, "<p>a ]]> b</p>& c ’’ <br>d");
    assert_eq!(items[0].title, "Fish & chips");
}

#[test]
fn unknown_entities_are_kept_as_written() {
    let entries = read_all(export("1.2", &post(1, "Fish&nbsp;&amp;&nbsp;chips &hellip;", "")).as_bytes());
    assert!(skipped(&entries).is_empty());
    assert_eq!(items(&entries)[0].title, "Fish&nbsp;&&nbsp;chips &hellip;");
}

#[test]
fn forbidden_control_characters_are_removed_and_the_item_kept() {
    let item = post(
        1,
        "Vertical\u{0B}tab",
        "<![CDATA[form\u{0C}feed and esc\u{1B}ape]]> &#11;and a ref",
    );
    let entries = read_all(export("1.2", &item).as_bytes());
    assert!(skipped(&entries).is_empty());
    let items = items(&entries);
    assert_eq!(items[0].title, "Verticaltab");
    assert_eq!(items[0].content, "formfeed and escape and a ref");
}

#[test]
fn line_ends_are_normalised() {
    let entries = read_all(export("1.2", &post(1, "t", "<![CDATA[one\r\ntwo\rthree]]>\r\nfour")).as_bytes());
    assert_eq!(items(&entries)[0].content, "one\ntwo\nthree\nfour");
}

#[test]
fn an_item_with_invalid_utf8_is_skipped_and_the_next_is_read() {
    let mut bytes = export(
        "1.2",
        &[post(1, "One", "x"), post(2, "Two", "BAD"), post(3, "Three", "z")].join("\n"),
    )
    .into_bytes();
    let bad = offset_of(&bytes, b"BAD") as usize;
    bytes.splice(bad..bad + 3, [b'L', b'a', b't', b'i', b'n', 0xE9, b' ', 0xFF]);
    let item_two = offset_of(&bytes, b"<item>\n\t<title>Two");

    let entries = read_all(&bytes);
    assert_eq!(post_ids(&entries), [1, 3]);
    assert_eq!(
        skipped(&entries),
        [(
            item_two,
            "item 2 \"Two\"",
            format!("invalid UTF-8 at byte {}", bad + 5).as_str()
        )]
    );
}

#[test]
fn invalid_utf8_in_a_latin1_export_says_what_the_file_claims() {
    let mut bytes = export("1.2", &post(1, "Caf\u{E9}", ""))
        .replacen("UTF-8", "ISO-8859-1", 1)
        .into_bytes();
    let accent = offset_of(&bytes, "é".as_bytes()) as usize;
    bytes.splice(accent..accent + 2, [0xE9]);
    let entries = read_all(&bytes);
    let reasons = skipped(&entries);
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0]
            .2
            .starts_with(&format!("invalid UTF-8 at byte {accent}")),
        "{}",
        reasons[0].2
    );
    assert!(reasons[0].2.contains("ISO-8859-1"), "{}", reasons[0].2);
}

#[test]
fn invalid_utf8_outside_records_is_dropped() {
    let mut bytes = export("1.2", &post(1, "One", "")).into_bytes();
    let title = offset_of(&bytes, b"Harbour") as usize;
    bytes.insert(title, 0xFF);
    let entries = read_all(&bytes);
    let WxrEntry::Site(site) = &entries[0] else {
        panic!("the site comes first")
    };
    assert_eq!(site.title, "The Harbour Gazette");
    assert_eq!(post_ids(&entries), [1]);
}

#[test]
fn a_mismatched_end_tag_skips_the_item_only() {
    let broken = "<item><wp:post_id>2</wp:post_id><title>Two</guid><wp:post_type>post</wp:post_type></item>";
    let wxr = export(
        "1.2",
        &[post(1, "One", ""), broken.to_owned(), post(3, "Three", "")].join("\n"),
    );
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [1, 3]);
    let at = offset_of(wxr.as_bytes(), b"</guid>");
    let reason = format!("malformed XML at byte {at}: <title> is closed by </guid>");
    assert_eq!(
        skipped(&entries),
        [(
            offset_of(wxr.as_bytes(), b"<item><wp:post_id>2"),
            "item 2",
            reason.as_str()
        )]
    );
}

#[test]
fn an_unterminated_cdata_section_skips_the_item_only() {
    let broken = "<item><wp:post_id>2</wp:post_id><title><![CDATA[Two</title>\
        <content:encoded><![CDATA[body]]></content:encoded><wp:post_type>post</wp:post_type></item>";
    let wxr = export(
        "1.2",
        &[post(1, "One", ""), broken.to_owned(), post(3, "Three", "")].join("\n"),
    );
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [1, 3]);
    let reasons = skipped(&entries);
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0].2.ends_with("<title> is closed by </content:encoded>"),
        "{}",
        reasons[0].2
    );
}

#[test]
fn an_item_left_open_ends_where_the_next_begins() {
    let broken = "<item><wp:post_id>2</wp:post_id><title>Two</title>";
    let wxr = export(
        "1.2",
        &[
            post(1, "One", ""),
            broken.to_owned(),
            post(3, "Three", ""),
            broken.to_owned(),
        ]
        .join("\n"),
    );
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [1, 3]);
    let reasons: Vec<&str> = skipped(&entries).iter().map(|(_, _, reason)| *reason).collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons[0].ends_with("<item> is not closed before the next <item>"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].ends_with("<item> is closed by </channel>"),
        "{}",
        reasons[1]
    );
}

#[test]
fn markup_the_parser_rejects_inside_an_item_skips_that_item() {
    let broken =
        "<item><wp:post_id>2</wp:post_id><title xmlns:xml=\"http://example.com/\">Two</title></item>";
    let wxr = export("1.2", &[broken, &post(3, "Three", "")].join("\n"));
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [3]);
    let reasons = skipped(&entries);
    assert_eq!(reasons[0].1, "item 2");
    assert!(
        reasons[0].2.starts_with("malformed XML at byte"),
        "{}",
        reasons[0].2
    );
}

#[test]
fn a_number_field_that_is_not_a_number_skips_the_item() {
    let wxr = export(
        "1.2",
        &format!(
            "{}\n{}",
            post(1, "One", "").replace(">1<", ">one<"),
            post(2, "Two", "")
        ),
    );
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [2]);
    assert_eq!(
        skipped(&entries)[0].2,
        "<wp:post_id> should be a whole number but is \"one\""
    );
}

#[test]
fn a_malformed_attribute_skips_the_item() {
    let item = "<item><wp:post_id>4</wp:post_id><category domain=\"category\" domain=\"post_tag\">x</category></item>";
    let entries = read_all(export("1.2", item).as_bytes());
    assert!(items(&entries).is_empty());
    assert!(
        skipped(&entries)[0]
            .2
            .starts_with("malformed attribute in <category>"),
        "{:?}",
        skipped(&entries)
    );
}

#[test]
fn a_literal_end_tag_inside_cdata_is_text() {
    let entries = read_all(export("1.2", &post(1, "One", "<![CDATA[</item></channel>]]>")).as_bytes());
    assert_eq!(items(&entries)[0].content, "</item></channel>");
}

#[test]
fn a_file_cut_inside_an_item_is_an_error_after_the_items_before_it() {
    let wxr = export("1.2", &[post(1, "One", ""), post(2, "Two", "")].join("\n"));
    let cut = offset_of(wxr.as_bytes(), b"<wp:post_id>2") as usize + "<wp:post_id>2".len();
    let (entries, error) = read_until_error(&wxr.as_bytes()[..cut]);
    assert_eq!(post_ids(&entries), [1]);
    assert!(
        matches!(error, WxrError::Truncated { position } if position == cut as u64),
        "{error:?}"
    );

    let cut = offset_of(wxr.as_bytes(), b"<wp:post_id>2") as usize + 5;
    let (entries, error) = read_until_error(&wxr.as_bytes()[..cut]);
    assert_eq!(post_ids(&entries), [1]);
    assert!(
        matches!(error, WxrError::Xml { position, .. } if position == cut as u64 - 5),
        "{error:?}"
    );
}

#[test]
fn a_file_cut_between_items_is_an_error_too() {
    let wxr = export("1.2", &post(1, "One", ""));
    let cut = offset_of(wxr.as_bytes(), b"</channel>") as usize;
    let (entries, error) = read_until_error(&wxr.as_bytes()[..cut]);
    assert_eq!(post_ids(&entries), [1]);
    assert!(matches!(error, WxrError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().contains("cut short"), "{error}");
}

#[test]
fn a_file_that_is_not_an_export_is_an_error() {
    let (entries, error) = read_until_error(b"<html><body>Not a feed</body></html>");
    assert!(entries.is_empty());
    assert!(
        matches!(error, WxrError::NotAnExport { position: 36 }),
        "{error:?}"
    );
    let (_, error) = read_until_error(b"");
    assert!(
        matches!(error, WxrError::NotAnExport { position: 0 }),
        "{error:?}"
    );
}

#[test]
fn positions_count_a_byte_order_mark() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(export("1.2", &post(1, "One", "<![CDATA[\u{FEFF}kept]]>")).as_bytes());
    let bad = offset_of(&bytes, b"One") as usize;
    bytes[bad] = 0xC0;
    let entries = read_all(&bytes);
    let item = offset_of(&bytes, b"<item>");
    // The title lost its first letter to the stand-in, which is dropped like any control character.
    assert_eq!(
        skipped(&entries),
        [(
            item,
            "item 1 \"ne\"",
            format!("invalid UTF-8 at byte {bad}").as_str()
        )]
    );
}

#[test]
fn stray_end_tags_in_an_item_do_not_unbind_the_namespaces_of_the_items_after_it() {
    let broken = "<item><wp:post_id>2</wp:post_id></guid></link></description></item>";
    let wxr = export(
        "1.2",
        &[
            post(1, "One", ""),
            broken.to_owned(),
            post(3, "Three", ""),
            post(4, "Four", ""),
        ]
        .join("\n"),
    );
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [1, 3, 4]);
    assert!(
        skipped(&entries)[0].2.ends_with("<item> is closed by </guid>"),
        "{:?}",
        skipped(&entries)
    );
    assert!(items(&entries).iter().all(|item| item.post_type == "post"));
}

#[test]
fn a_stray_end_tag_in_the_header_is_ignored() {
    let wxr = export("1.2", &post(1, "One", "")).replacen("</language>", "</language></link></channel-x>", 1);
    let entries = read_all(wxr.as_bytes());
    let WxrEntry::Site(site) = &entries[0] else {
        panic!("the site comes first")
    };
    assert_eq!(
        (site.language.as_str(), site.wxr_version.as_str()),
        ("en-GB", "1.2")
    );
    assert_eq!(post_ids(&entries), [1]);
}

#[test]
fn a_header_element_left_open_does_not_hide_the_records() {
    let wxr =
        export("1.2", &[post(1, "One", ""), post(2, "Two", "")].join("\n")).replacen("</description>", "", 1);
    let entries = read_all(wxr.as_bytes());
    assert_eq!(post_ids(&entries), [1, 2]);
    assert!(matches!(entries[0], WxrEntry::Site(_)));
}

/// A file whose reading fails once its bytes are used up, as a dropped network mount does.
struct FailingFile<'a>(&'a [u8]);

impl Read for FailingFile<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("the network share went away"));
        }
        let n = out.len().min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_read_that_fails_is_an_error_with_the_bytes_read() {
    let wxr = export("1.2", &[post(1, "One", ""), post(2, "Two", "")].join("\n"));
    let cut = offset_of(wxr.as_bytes(), b"<item>\n\t<title>Two") as usize;
    let mut reader = WxrReader::new(BufReader::new(FailingFile(&wxr.as_bytes()[..cut])));
    let entries: Vec<_> = reader.by_ref().collect();
    assert_eq!(
        entries.len(),
        3,
        "the site, the first item, then the error: {entries:?}"
    );
    match &entries[2] {
        Err(WxrError::Read { position, source }) => {
            assert_eq!(*position, cut as u64);
            assert_eq!(source.to_string(), "the network share went away");
        }
        other => panic!("a read error was expected: {other:?}"),
    }
    assert!(reader.next().is_none(), "nothing follows an error");
}
