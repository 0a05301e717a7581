//! Exports of any size: one item in memory at a time, and a position to show progress by.

use std::io::{self, BufReader, Read};

use super::{export, post};
use crate::wxr::{WxrEntry, WxrReader};

/// An export of `count` posts, written out only as it is read.
struct GeneratedExport {
    count: u64,
    next: u64,
    /// What has been written and not yet read.
    pending: Vec<u8>,
    at: usize,
    footer: Option<Vec<u8>>,
}

impl GeneratedExport {
    fn new(count: u64) -> Self {
        let whole = export("1.2", "<!-- items -->");
        let (header, footer) = whole
            .split_once("<!-- items -->")
            .expect("the marker is in the export");
        Self {
            count,
            next: 1,
            pending: header.as_bytes().to_vec(),
            at: 0,
            footer: Some(footer.as_bytes().to_vec()),
        }
    }

    fn len(count: u64) -> u64 {
        let mut all = Vec::new();
        Self::new(count)
            .read_to_end(&mut all)
            .expect("reading from memory");
        all.len() as u64
    }
}

impl Read for GeneratedExport {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.pending.len() {
            self.at = 0;
            self.pending.clear();
            if self.next <= self.count {
                let id = self.next;
                self.next += 1;
                let body = format!("<![CDATA[<p>Report number {id}.</p>]]>");
                self.pending
                    .extend_from_slice(post(id, &format!("Report {id}"), &body).as_bytes());
            } else if let Some(footer) = self.footer.take() {
                self.pending = footer;
            }
        }
        let n = out.len().min(self.pending.len() - self.at);
        out[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn thousands_of_items_stream_through_in_order() {
    const COUNT: u64 = 5_000;
    let mut reader = WxrReader::new(BufReader::with_capacity(8 * 1024, GeneratedExport::new(COUNT)));
    let mut expected = 1;
    let mut last_position = 0;
    while let Some(entry) = reader.next_entry().expect("the generated export reads") {
        let position = reader.position();
        assert!(position >= last_position, "the position only grows");
        last_position = position;
        match entry {
            WxrEntry::Site(site) => assert_eq!(expected, 1, "the site comes first: {site:?}"),
            WxrEntry::Item(item) => {
                assert_eq!(item.post_id, expected);
                assert_eq!(item.title, format!("Report {expected}"));
                assert_eq!(item.content, format!("<p>Report number {expected}.</p>"));
                expected += 1;
            }
            other => panic!("only the site and items are in the export: {other:?}"),
        }
    }
    assert_eq!(expected, COUNT + 1, "every item was read");
    assert_eq!(
        reader.position(),
        GeneratedExport::len(COUNT),
        "the whole file was read"
    );
}

#[test]
fn the_position_follows_the_items() {
    let wxr = export("1.2", &[post(1, "One", ""), post(2, "Two", "")].join("\n"));
    let mut reader = WxrReader::new(wxr.as_bytes());
    let mut seen = Vec::new();
    while let Some(entry) = reader.next_entry().expect("the export reads") {
        seen.push((matches!(entry, WxrEntry::Item(_)), reader.position()));
    }
    let end_of = |id: &str| {
        let at = wxr
            .find(&format!("<wp:post_id>{id}"))
            .expect("the item is in the export");
        (at + wxr[at..].find("</item>").expect("the item ends") + "</item>".len()) as u64
    };
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[1], (true, end_of("1")));
    assert_eq!(seen[2], (true, end_of("2")));
    assert_eq!(reader.position(), wxr.len() as u64);
}
