//! The elements open inside the record being read, checked tag by tag, and their text.
//!
//! The XML parser is told not to check end tags (a mismatch would be its error for the whole
//! file); they are checked here instead, so a broken record can be passed over on its own.

use quick_xml::events::BytesStart;

use super::draft::Draft;
use super::names::{EntryKind, Field, Ns};
use super::text::{TextBuf, attribute_value};

/// The open elements of one record, innermost last.
#[derive(Debug, Default)]
pub(super) struct Tree {
    open: Vec<Open>,
    /// The open elements' names as written, end to end.
    names: String,
    /// Text of the open elements (and of the channel header's fields, outside records).
    pub(super) text: TextBuf,
}

#[derive(Debug)]
struct Open {
    field: Field,
    /// Where its name starts in `names`.
    name_at: usize,
    /// Where its text starts in `text`.
    text_at: usize,
}

/// What an end tag closed.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Closed {
    /// An element inside the record.
    Element,
    /// The record itself.
    Record,
    /// Not the element that is open: the record is malformed. Says which was open.
    Mismatch(String),
}

impl Tree {
    /// Starts on a new record.
    pub(super) fn clear(&mut self) {
        self.open.clear();
        self.names.clear();
        self.text.clear();
    }

    /// A start tag inside a record of `kind`.
    pub(super) fn open(&mut self, kind: EntryKind, ns: Ns, start: &BytesStart<'_>, draft: &mut Draft) {
        let parent = self.open.last().map(|open| open.field);
        let field = Field::of(kind, parent, ns, start.local_name().as_ref());
        if field == Field::ItemTerm {
            match item_term_attributes(start) {
                Ok((domain, slug)) => draft.open_item_term(domain, slug),
                Err(reason) => draft.refuse(reason),
            }
        }
        draft.open(field);
        self.open.push(Open {
            field,
            name_at: self.names.len(),
            text_at: self.text.mark(),
        });
        self.names.push_str(start.name().as_ref());
    }

    /// An end tag named `name` inside the record whose own tag is `record`.
    pub(super) fn close(&mut self, name: &str, record: &str, draft: &mut Draft) -> Closed {
        let Some(top) = self.open.last() else {
            if name == record {
                return Closed::Record;
            }
            return Closed::Mismatch(format!("<{record}> is closed by </{name}>"));
        };
        let open_name = &self.names[top.name_at..];
        if open_name != name {
            return Closed::Mismatch(format!("<{open_name}> is closed by </{name}>"));
        }
        let value = match top.field {
            // An unknown element's text stays with its parent, as in `<title>a <b>b</b></title>`.
            Field::Unused => String::new(),
            field if field.is_container() => {
                self.text.truncate(top.text_at);
                String::new()
            }
            _ => self.text.take_from(top.text_at),
        };
        draft.close(top.field, value, name);
        self.names.truncate(top.name_at);
        self.open.pop();
        Closed::Element
    }

    /// A self-closed tag, `<wp:post_password/>`: opens and closes at once.
    pub(super) fn open_and_close(
        &mut self,
        kind: EntryKind,
        ns: Ns,
        start: &BytesStart<'_>,
        draft: &mut Draft,
    ) {
        self.open(kind, ns, start, draft);
        let name = start.name();
        self.close(name.as_ref(), "", draft);
    }
}

/// `domain` and `nicename` of an item's `<category>`.
fn item_term_attributes(start: &BytesStart<'_>) -> Result<(String, String), String> {
    let mut domain = String::new();
    let mut slug = String::new();
    for attribute in start.attributes() {
        let attribute = attribute
            .map_err(|error| format!("malformed attribute in <{}>: {error}", start.name().as_ref()))?;
        match attribute.key.as_ref() {
            "domain" => domain = attribute_value(&attribute.value),
            "nicename" => slug = attribute_value(&attribute.value),
            _ => {}
        }
    }
    Ok((domain, slug))
}
