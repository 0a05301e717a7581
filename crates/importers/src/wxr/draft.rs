//! A record put together from its elements' text as each element closes.

use std::mem::take;
use std::str::FromStr;

use super::entries::{ItemTerm, WpAuthor, WpComment, WpItem, WpTerm, WxrEntry};
use super::names::{EntryKind, Field};

/// The record being read, with the parts still open inside it.
#[derive(Debug)]
pub(super) struct Draft {
    kind: EntryKind,
    record: Record,
    taxonomy: String,
    comment: WpComment,
    item_term: ItemTerm,
    meta_key: String,
    meta_value: String,
    problem: Option<String>,
}

#[derive(Debug)]
#[expect(clippy::large_enum_variant, reason = "one record exists at a time")]
enum Record {
    Item(WpItem),
    Author(WpAuthor),
    Term(WpTerm),
}

impl Draft {
    pub(super) fn new(kind: EntryKind) -> Self {
        let record = match kind {
            EntryKind::Item => Record::Item(WpItem::default()),
            EntryKind::Author => Record::Author(WpAuthor::default()),
            EntryKind::Category | EntryKind::Tag | EntryKind::Term => Record::Term(WpTerm::default()),
        };
        Self {
            kind,
            record,
            taxonomy: String::new(),
            comment: WpComment::default(),
            item_term: ItemTerm::default(),
            meta_key: String::new(),
            meta_value: String::new(),
            problem: None,
        }
    }

    /// An element opens; a container starts empty.
    pub(super) fn open(&mut self, field: Field) {
        match field {
            Field::Comment => self.comment = WpComment::default(),
            Field::PostMeta | Field::CommentMeta | Field::TermMeta => {
                self.meta_key.clear();
                self.meta_value.clear();
            }
            _ => {}
        }
    }

    /// An item's `<category domain=".." nicename="..">` opens; its text is the term's name.
    pub(super) fn open_item_term(&mut self, domain: String, slug: String) {
        self.item_term = ItemTerm {
            domain,
            slug,
            name: String::new(),
        };
    }

    /// Notes why the record cannot be used; the first reason is the one reported.
    pub(super) fn refuse(&mut self, reason: String) {
        self.problem.get_or_insert(reason);
    }

    /// Why the record cannot be used, if it cannot.
    pub(super) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// An element closes with its text; `element` is its name as written, for error messages.
    pub(super) fn close(&mut self, field: Field, value: String, element: &str) {
        let outcome = match (&mut self.record, field) {
            (_, Field::MetaKey) => {
                self.meta_key = value;
                Ok(())
            }
            (_, Field::MetaValue) => {
                self.meta_value = value;
                Ok(())
            }
            (_, Field::CommentMeta) => {
                self.comment
                    .meta
                    .push((take(&mut self.meta_key), take(&mut self.meta_value)));
                Ok(())
            }
            (Record::Item(item), Field::PostMeta) => {
                item.meta
                    .push((take(&mut self.meta_key), take(&mut self.meta_value)));
                Ok(())
            }
            (Record::Term(term), Field::TermMeta) => {
                term.meta
                    .push((take(&mut self.meta_key), take(&mut self.meta_value)));
                Ok(())
            }
            (Record::Item(item), Field::Comment) => {
                item.comments.push(take(&mut self.comment));
                Ok(())
            }
            (Record::Item(item), Field::ItemTerm) => {
                self.item_term.name = value;
                item.terms.push(take(&mut self.item_term));
                Ok(())
            }
            (Record::Item(_), field) if is_comment_field(field) => {
                set_comment(&mut self.comment, field, value, element)
            }
            (Record::Item(item), field) => set_item(item, field, value, element),
            (Record::Author(author), field) => set_author(author, field, value, element),
            (Record::Term(_), Field::TermTaxonomy) => {
                self.taxonomy = value;
                Ok(())
            }
            (Record::Term(term), field) => set_term(term, field, value, element),
        };
        if let Err(reason) = outcome {
            self.refuse(reason);
        }
    }

    /// The record in a few words, for a [`WxrEntry::Skipped`]: `item 12 "Hello"`, `tag "news"`.
    pub(super) fn describe(&self) -> String {
        let noun = self.kind.noun();
        let (id, label) = match &self.record {
            Record::Item(item) => (item.post_id, item.title.as_str()),
            Record::Author(author) => (author.id.unwrap_or(0), author.login.as_str()),
            Record::Term(term) if term.slug.is_empty() => (term.term_id.unwrap_or(0), term.name.as_str()),
            Record::Term(term) => (term.term_id.unwrap_or(0), term.slug.as_str()),
        };
        let id = if id == 0 { String::new() } else { format!(" {id}") };
        let label = label.trim();
        let label = if label.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", shorten(label))
        };
        format!("{noun}{id}{label}")
    }

    /// The finished record.
    pub(super) fn finish(self) -> WxrEntry {
        match (self.record, self.kind) {
            (Record::Item(item), _) => WxrEntry::Item(item),
            (Record::Author(author), _) => WxrEntry::Author(author),
            (Record::Term(term), EntryKind::Category) => WxrEntry::Category(term),
            (Record::Term(term), EntryKind::Tag) => WxrEntry::Tag(term),
            (Record::Term(term), _) => WxrEntry::Term(term, self.taxonomy),
        }
    }
}

fn is_comment_field(field: Field) -> bool {
    matches!(
        field,
        Field::CommentId
            | Field::CommentAuthor
            | Field::CommentAuthorEmail
            | Field::CommentAuthorUrl
            | Field::CommentAuthorIp
            | Field::CommentDate
            | Field::CommentDateGmt
            | Field::CommentContent
            | Field::CommentApproved
            | Field::CommentType
            | Field::CommentParent
            | Field::CommentUserId
    )
}

fn set_item(item: &mut WpItem, field: Field, value: String, element: &str) -> Result<(), String> {
    match field {
        Field::Title => item.title = value,
        Field::Link => item.link = value,
        Field::PubDate => item.pub_date = value,
        Field::Creator => item.creator = value,
        Field::Guid => item.guid = value,
        Field::Description => item.description = value,
        Field::Content => item.content = value,
        Field::Excerpt => item.excerpt = value,
        Field::PostId => item.post_id = number(&value, element)?,
        Field::PostDate => item.post_date = value,
        Field::PostDateGmt => item.post_date_gmt = value,
        Field::PostModified => item.post_modified = value,
        Field::PostModifiedGmt => item.post_modified_gmt = value,
        Field::CommentStatus => item.comment_status = value,
        Field::PingStatus => item.ping_status = value,
        Field::PostName => item.post_name = value,
        Field::Status => item.status = value,
        Field::PostParent => item.post_parent = number(&value, element)?,
        Field::MenuOrder => item.menu_order = number(&value, element)?,
        Field::PostType => item.post_type = value,
        Field::PostPassword => item.post_password = value,
        Field::IsSticky => item.is_sticky = value.trim() == "1",
        Field::AttachmentUrl => item.attachment_url = Some(value).filter(|url| !url.trim().is_empty()),
        _ => {}
    }
    Ok(())
}

fn set_comment(comment: &mut WpComment, field: Field, value: String, element: &str) -> Result<(), String> {
    match field {
        Field::CommentId => comment.id = number(&value, element)?,
        Field::CommentAuthor => comment.author = value,
        Field::CommentAuthorEmail => comment.author_email = value,
        Field::CommentAuthorUrl => comment.author_url = value,
        Field::CommentAuthorIp => comment.author_ip = value,
        Field::CommentDate => comment.date = value,
        Field::CommentDateGmt => comment.date_gmt = value,
        Field::CommentContent => comment.content = value,
        Field::CommentApproved => comment.approved = value,
        Field::CommentType => comment.comment_type = value,
        Field::CommentParent => comment.parent = number(&value, element)?,
        Field::CommentUserId => comment.user_id = number(&value, element)?,
        _ => {}
    }
    Ok(())
}

fn set_author(author: &mut WpAuthor, field: Field, value: String, element: &str) -> Result<(), String> {
    match field {
        Field::AuthorId => author.id = optional_number(&value, element)?,
        Field::AuthorLogin => author.login = value,
        Field::AuthorEmail => author.email = value,
        Field::AuthorDisplayName => author.display_name = value,
        Field::AuthorFirstName => author.first_name = value,
        Field::AuthorLastName => author.last_name = value,
        _ => {}
    }
    Ok(())
}

fn set_term(term: &mut WpTerm, field: Field, value: String, element: &str) -> Result<(), String> {
    match field {
        Field::TermId => term.term_id = optional_number(&value, element)?,
        Field::TermSlug => term.slug = value,
        Field::TermName => term.name = value,
        Field::TermParent => term.parent = Some(value).filter(|parent| !parent.trim().is_empty()),
        Field::TermDescription => term.description = value,
        _ => {}
    }
    Ok(())
}

/// A number field; empty means 0, as WordPress reads it.
fn number<T: FromStr + Default>(value: &str, element: &str) -> Result<T, String> {
    Ok(optional_number(value, element)?.unwrap_or_default())
}

/// A number field that may be empty.
fn optional_number<T: FromStr>(value: &str, element: &str) -> Result<Option<T>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|_| {
        format!(
            "<{element}> should be a whole number but is \"{}\"",
            shorten(value)
        )
    })
}

/// At most 60 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
