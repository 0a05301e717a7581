//! A post's comments as they come in: states mapped (approved → published, held → pending,
//! spam and trash → rejected with that reason), pingbacks and trackbacks passed over, and a
//! reply to a reply joined to the thread it is in.

use super::Importer;
use crate::report::Outcome;
use crate::wxr::{WpComment, WpItem, gmt_time};
use dateline_domain::{CommentStatus, Email};
use dateline_store::imports::{CommentImport, ImportKey};
use std::collections::HashMap;

impl Importer<'_> {
    /// The post's comments, ready to be written (pingbacks and trackbacks counted and passed
    /// over); a reply to a reply joins the thread it is in.
    pub(super) fn prepare_comments(&mut self, item: &WpItem) -> Vec<PreparedComment> {
        // Where each comment's thread starts, among those prepared.
        let mut threads: HashMap<u64, usize> = HashMap::new();
        let mut prepared = Vec::new();
        for comment in &item.comments {
            if matches!(comment.comment_type.as_str(), "pingback" | "trackback") {
                self.report.count("comment", Outcome::Skipped);
                continue;
            }
            let Some((status, reason)) = comment_status(comment) else {
                let line = format!(
                    "comment {} on {}: its state is {:?}",
                    comment.id,
                    Self::described(item),
                    comment.approved
                );
                self.report.skip("comment", line);
                continue;
            };
            let thread = threads.get(&comment.parent).copied();
            if comment.parent != 0 && thread.is_none() {
                self.report.note(format!(
                    "comment {} on {}: its parent {} was not imported; kept as a thread of its own",
                    comment.id,
                    Self::described(item),
                    comment.parent
                ));
            }
            threads.insert(comment.id, thread.unwrap_or(prepared.len()));
            let name = match comment.author.trim() {
                "" => "Reader",
                name => name,
            };
            prepared.push(PreparedComment {
                external_id: comment.id.to_string(),
                digest: dateline_domain::digest::keyed_digest("wordpress-comment", &format!("{comment:?}")),
                thread,
                name: name.to_owned(),
                email: Email::parse(&comment.author_email).ok(),
                body: comment_text(&comment.content),
                status,
                reason,
                created_at: gmt_time(&comment.date_gmt)
                    .or_else(|| gmt_time(&comment.date))
                    .unwrap_or_else(chrono::Utc::now),
            });
        }
        prepared
    }
}

/// A comment read and converted, waiting to be written.
pub(super) struct PreparedComment {
    external_id: String,
    digest: String,
    thread: Option<usize>,
    name: String,
    email: Option<Email>,
    body: String,
    status: CommentStatus,
    reason: Option<&'static str>,
    created_at: chrono::DateTime<chrono::Utc>,
}

/// The comments as the store takes them, from the archive `source`.
pub(super) fn comment_imports<'a>(
    source: &'a str,
    comments: &'a [PreparedComment],
) -> Vec<CommentImport<'a>> {
    comments
        .iter()
        .map(|comment| CommentImport {
            key: Some(ImportKey {
                source,
                kind: "comment",
                external_id: &comment.external_id,
            }),
            digest: &comment.digest,
            thread: comment.thread,
            name: &comment.name,
            email: comment.email.as_ref(),
            body: &comment.body,
            status: comment.status,
            reason: comment.reason,
            created_at: comment.created_at,
        })
        .collect()
}

/// A comment's state here, and why a rejected one was.
fn comment_status(comment: &WpComment) -> Option<(CommentStatus, Option<&'static str>)> {
    match comment.approved.as_str() {
        "1" | "approve" => Some((CommentStatus::Published, None)),
        "0" | "hold" => Some((CommentStatus::Pending, None)),
        "spam" => Some((CommentStatus::Rejected, Some("spam"))),
        "trash" | "post-trashed" => Some((CommentStatus::Rejected, Some("trash"))),
        _ => None,
    }
}

/// A comment's words as plain text, its paragraphs kept.
fn comment_text(html: &str) -> String {
    let markdown = dateline_render::from_html::html_to_markdown(&html.replace("\n\n", "<br><br>"));
    dateline_render::markdown::to_plain_text(&markdown)
        .trim()
        .to_owned()
}
