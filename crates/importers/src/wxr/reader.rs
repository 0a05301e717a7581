//! The stream: the XML parser's events turned into records, one record in memory at a time.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::reader::NsReader;

use super::draft::Draft;
use super::entries::{WpSite, WxrEntry};
use super::error::WxrError;
use super::names::{EntryKind, Ns, SiteField};
use super::outer::{Outer, OuterStack};
use super::parser::{self, error_position, fatal, keep_record_scope, next_event, sync_scopes};
use super::tree::{Closed, Tree};
use super::utf8::Utf8Guard;

/// Reads a WordPress export (WXR 1.0, 1.1 or 1.2) from any buffered reader, one entry at a time.
///
/// Memory stays that of one item whatever the size of the file. A record that cannot be read
/// (broken markup, bytes that are not UTF-8, a number field that is not a number) comes back as
/// [`WxrEntry::Skipped`] and reading goes on with the next; only a file that cannot be read on at
/// all (cut short, unreadable, not an export) ends in a [`WxrError`].
///
/// ```
/// use dateline_importers::wxr::{WxrEntry, WxrReader};
///
/// let export = r#"<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
///   <title>Gazette</title>
///   <item><title>Hello</title><wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type></item>
/// </channel></rss>"#;
/// let mut titles = Vec::new();
/// for entry in WxrReader::new(export.as_bytes()) {
///     match entry? {
///         WxrEntry::Site(site) => assert_eq!(site.title, "Gazette"),
///         WxrEntry::Item(item) => titles.push((item.post_id, item.title)),
///         _ => {}
///     }
/// }
/// assert_eq!(titles, [(7, "Hello".to_owned())]);
/// # Ok::<(), dateline_importers::wxr::WxrError>(())
/// ```
pub struct WxrReader<R: BufRead> {
    xml: NsReader<Utf8Guard<R>>,
    /// The parser's buffer, reused for every event.
    buf: Vec<u8>,
    tree: Tree,
    /// Elements open outside records: `rss`, `channel`, the header's fields, anything else.
    outer: OuterStack,
    /// The header, until it is sent.
    site: Option<WpSite>,
    /// A record whose start tag was read while something else had to be sent first.
    pending: Option<RecordStart>,
    /// The first byte that was not UTF-8 in the record being read.
    invalid_at: Option<u64>,
    /// The encoding the XML declaration names, when it is not UTF-8.
    declared_encoding: Option<String>,
    saw_channel: bool,
    done: bool,
}

#[derive(Debug)]
struct RecordStart {
    kind: EntryKind,
    /// The start tag's name as written, which its end tag must repeat.
    name: String,
    position: u64,
}

/// How the markup of a record ended.
enum Ending {
    /// With its end tag, well formed.
    Closed,
    /// Malformed, but over: nothing more of it is left to read.
    Broken(String),
    /// Malformed, and its end is still to be found.
    Lost(String),
}

impl<R: BufRead> WxrReader<R> {
    /// A reader of the export `reader` holds, from its first byte.
    pub fn new(reader: R) -> Self {
        Self {
            xml: parser::open(reader),
            buf: Vec::with_capacity(64 * 1024),
            tree: Tree::default(),
            outer: OuterStack::default(),
            site: Some(WpSite::default()),
            pending: None,
            invalid_at: None,
            declared_encoding: None,
            saw_channel: false,
            done: false,
        }
    }

    /// The next entry of the export; `Ok(None)` at its end. A bad item is answered as
    /// [`WxrEntry::Skipped`] and reading goes on.
    ///
    /// # Errors
    ///
    /// Only when the file cannot be read on at all: it cannot be read from, it ends inside an
    /// element, its markup is broken beyond stepping over, or it is not an export. The reader
    /// answers `Ok(None)` after that.
    pub fn next_entry(&mut self) -> Result<Option<WxrEntry>, WxrError> {
        if self.done {
            return Ok(None);
        }
        let next = self.advance();
        if !matches!(next, Ok(Some(_))) {
            self.done = true;
        }
        next
    }

    /// Bytes of the file read so far, for a progress bar against the file's size.
    ///
    /// The reader is also an [`Iterator`], whose own `position` takes a predicate: through a
    /// `&mut WxrReader` write `WxrReader::position(&reader)` to be sure of getting this one.
    pub fn position(&self) -> u64 {
        self.consumed()
    }

    fn consumed(&self) -> u64 {
        self.xml.get_ref().consumed()
    }

    fn advance(&mut self) -> Result<Option<WxrEntry>, WxrError> {
        if let Some(start) = self.pending.take() {
            return self.begin(start);
        }
        loop {
            let position = self.consumed();
            // Bytes outside records that were not UTF-8 are dropped with their stand-ins.
            self.xml.get_mut().take_invalid(0, position);
            let (ns, event) = match next_event(&mut self.xml, &mut self.buf) {
                Ok(next) => next,
                // Outside records nothing is lost by stepping over a recoverable slip.
                Err(quick_xml::Error::IllFormed(_)) => continue,
                Err(error) => return Err(fatal(&self.xml, error)),
            };
            match event {
                Event::Start(start) => {
                    let local = start.local_name();
                    if let Some(kind) = EntryKind::of(ns, local.as_ref())
                        && self.outer.return_to_channel()
                    {
                        let name = start.name().as_ref().to_owned();
                        return self.begin(RecordStart { kind, name, position });
                    }
                    let opened = match (self.outer.top(), ns, local.as_ref()) {
                        (Some(Outer::Channel), ..) => {
                            match SiteField::of(ns, local.as_ref()).filter(|_| self.site.is_some()) {
                                Some(field) => Outer::Site(field, self.tree.text.mark()),
                                None => Outer::Other,
                            }
                        }
                        (None, Ns::Rss, "rss") => Outer::Rss,
                        (None | Some(Outer::Rss), Ns::Rss, "channel") => {
                            self.saw_channel = true;
                            Outer::Channel
                        }
                        _ => Outer::Other,
                    };
                    self.outer.push(opened, start.name().as_ref());
                }
                Event::End(end) => {
                    let closed = self.outer.close(end.name().as_ref());
                    if let (Some(Outer::Site(field, mark)), Some(site)) = (closed, self.site.as_mut()) {
                        set_site(site, field, self.tree.text.take_from(mark));
                    }
                    // The parser leaves the scope of every end tag, matched or not: keep its
                    // namespace scopes in step with what is really open.
                    sync_scopes(&mut self.xml, &self.outer, 1);
                }
                Event::Text(text) if in_site_field(&self.outer) => self.tree.text.push_raw(&text),
                Event::CData(text) if in_site_field(&self.outer) => self.tree.text.push_raw(&text),
                Event::GeneralRef(name) if in_site_field(&self.outer) => self.tree.text.push_reference(&name),
                Event::Decl(declaration) => {
                    if let Some(Ok(encoding)) = declaration.encoding()
                        && !matches!(encoding.to_ascii_lowercase().as_str(), "utf-8" | "utf8")
                    {
                        self.declared_encoding = Some(encoding.into_owned());
                    }
                }
                Event::Eof => return self.end_of_file(position),
                _ => {}
            }
        }
    }

    /// A record starts; the header goes first if it has not been sent.
    fn begin(&mut self, start: RecordStart) -> Result<Option<WxrEntry>, WxrError> {
        if let Some(site) = self.site.take() {
            self.pending = Some(start);
            return Ok(Some(WxrEntry::Site(site)));
        }
        self.read_record(&start).map(Some)
    }

    fn end_of_file(&mut self, position: u64) -> Result<Option<WxrEntry>, WxrError> {
        if !self.outer.is_empty() {
            return Err(WxrError::Truncated { position });
        }
        if !self.saw_channel {
            return Err(WxrError::NotAnExport { position });
        }
        Ok(self.site.take().map(WxrEntry::Site))
    }

    /// Reads the record whose start tag was just read, up to and with its end tag.
    fn read_record(&mut self, start: &RecordStart) -> Result<WxrEntry, WxrError> {
        let mut draft = Draft::new(start.kind);
        sync_scopes(&mut self.xml, &self.outer, 1);
        self.tree.clear();
        self.invalid_at = None;
        self.xml.get_mut().take_invalid(0, start.position);
        let ending = match self.read_markup(start, &mut draft)? {
            Ending::Lost(reason) => {
                self.find_end(start)?;
                Ending::Broken(reason)
            }
            ending => ending,
        };
        // A broken record may have left elements open, or closed more than it opened.
        sync_scopes(&mut self.xml, &self.outer, 1);
        self.note_invalid(start.position);
        let reason = match ending {
            Ending::Broken(reason) | Ending::Lost(reason) => Some(reason),
            Ending::Closed => self
                .invalid_at
                .map(|at| self.invalid_utf8(at))
                .or_else(|| draft.problem().map(str::to_owned)),
        };
        Ok(match reason {
            Some(reason) => WxrEntry::Skipped {
                position: start.position,
                what: draft.describe(),
                reason,
            },
            None => draft.finish(),
        })
    }

    /// Reads the record's elements into `draft` until its end tag, or until its markup is
    /// found broken.
    fn read_markup(&mut self, start: &RecordStart, draft: &mut Draft) -> Result<Ending, WxrError> {
        loop {
            self.note_invalid(start.position);
            let position = self.consumed();
            let (ns, event) = match next_event(&mut self.xml, &mut self.buf) {
                Ok(next) => next,
                Err(error @ (quick_xml::Error::IllFormed(_) | quick_xml::Error::Namespace(_))) => {
                    let at = error_position(&self.xml);
                    return Ok(Ending::Lost(format!("malformed XML at byte {at}: {error}")));
                }
                Err(error) => return Err(fatal(&self.xml, error)),
            };
            match event {
                Event::Start(element) => {
                    if let Some(kind) = EntryKind::of(ns, element.local_name().as_ref()) {
                        let name = element.name().as_ref().to_owned();
                        let reason = format!(
                            "malformed XML at byte {position}: <{}> is not closed before the next <{name}>",
                            start.name
                        );
                        self.pending = Some(RecordStart { kind, name, position });
                        return Ok(Ending::Broken(reason));
                    }
                    self.tree.open(start.kind, ns, &element, draft);
                }
                Event::Empty(element) => self.tree.open_and_close(start.kind, ns, &element, draft),
                Event::End(end) => {
                    keep_record_scope(&mut self.xml, &self.outer);
                    let name = end.name();
                    match self.tree.close(name.as_ref(), &start.name, draft) {
                        Closed::Element => {}
                        Closed::Record => return Ok(Ending::Closed),
                        Closed::Mismatch(what) => {
                            let reason = format!("malformed XML at byte {position}: {what}");
                            // Its own end tag, or the channel's: the record is over all the same.
                            if name.as_ref() == start.name || self.outer.close(name.as_ref()).is_some() {
                                return Ok(Ending::Broken(reason));
                            }
                            return Ok(Ending::Lost(reason));
                        }
                    }
                }
                Event::Text(text) => self.tree.text.push_raw(&text),
                Event::CData(text) => self.tree.text.push_raw(&text),
                Event::GeneralRef(name) => self.tree.text.push_reference(&name),
                Event::Eof => return Err(WxrError::Truncated { position }),
                _ => {}
            }
        }
    }

    /// Reads on past a broken record: to its end tag, to the next record's start, or to the
    /// end of the channel, whichever comes first.
    fn find_end(&mut self, start: &RecordStart) -> Result<(), WxrError> {
        loop {
            self.note_invalid(start.position);
            let position = self.consumed();
            let (ns, event) = match next_event(&mut self.xml, &mut self.buf) {
                Ok(next) => next,
                Err(quick_xml::Error::IllFormed(_) | quick_xml::Error::Namespace(_)) => continue,
                Err(error) => return Err(fatal(&self.xml, error)),
            };
            match event {
                Event::Start(element) => {
                    if let Some(kind) = EntryKind::of(ns, element.local_name().as_ref()) {
                        let name = element.name().as_ref().to_owned();
                        self.pending = Some(RecordStart { kind, name, position });
                        return Ok(());
                    }
                }
                Event::End(end) => {
                    keep_record_scope(&mut self.xml, &self.outer);
                    let over =
                        end.name().as_ref() == start.name || self.outer.close(end.name().as_ref()).is_some();
                    if over {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(WxrError::Truncated { position }),
                _ => {}
            }
        }
    }

    /// Notes the first byte of the record that was not UTF-8, among those read so far.
    fn note_invalid(&mut self, record_start: u64) {
        let upto = self.consumed();
        if let Some(at) = self.xml.get_mut().take_invalid(record_start, upto) {
            self.invalid_at.get_or_insert(at);
        }
    }

    fn invalid_utf8(&self, at: u64) -> String {
        match &self.declared_encoding {
            Some(encoding) => format!(
                "invalid UTF-8 at byte {at} (the file says it is {encoding}; only UTF-8 exports can be read)"
            ),
            None => format!("invalid UTF-8 at byte {at}"),
        }
    }
}

impl<R: BufRead> Iterator for WxrReader<R> {
    type Item = Result<WxrEntry, WxrError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry().transpose()
    }
}

fn in_site_field(outer: &OuterStack) -> bool {
    matches!(outer.top(), Some(Outer::Site(..)))
}

fn set_site(site: &mut WpSite, field: SiteField, value: String) {
    match field {
        SiteField::Title => site.title = value,
        SiteField::Link => site.link = value,
        SiteField::Description => site.description = value,
        SiteField::Language => site.language = value,
        SiteField::WxrVersion => site.wxr_version = value,
        SiteField::BaseSiteUrl => site.base_site_url = value,
        SiteField::BaseBlogUrl => site.base_blog_url = value,
    }
}
