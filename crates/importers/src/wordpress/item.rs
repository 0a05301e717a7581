//! One WordPress post or page read into what Dateline keeps of it, before anything is written:
//! its status and dates, slug, words, terms and old addresses.

use super::body::{Converted, body_to_markdown};
use crate::wxr::{WpItem, gmt_time};
use chrono::{DateTime, Datelike, Utc};
use dateline_domain::{ArticleStatus, OldAddress, Slug};

/// What a post's WordPress status becomes; `None` for one not imported (trash, auto-draft,
/// inherit), with the reason.
pub fn status(item: &WpItem) -> Result<ArticleStatus, String> {
    if !item.post_password.is_empty() {
        // A post behind a password was not for every reader: it waits in the newsroom.
        return Ok(ArticleStatus::Draft);
    }
    match item.status.as_str() {
        "publish" => Ok(ArticleStatus::Published),
        "future" => Ok(ArticleStatus::Scheduled),
        "pending" => Ok(ArticleStatus::InReview),
        "draft" | "private" => Ok(ArticleStatus::Draft),
        other => Err(format!("its status is {other:?}")),
    }
}

/// When the post was written (WordPress's GMT time, else its local time taken as UTC).
pub fn written_at(item: &WpItem) -> Option<DateTime<Utc>> {
    gmt_time(&item.post_date_gmt).or_else(|| gmt_time(&item.post_date))
}

/// When the post was last changed, if later than written.
pub fn changed_at(item: &WpItem) -> Option<DateTime<Utc>> {
    let changed = gmt_time(&item.post_modified_gmt).or_else(|| gmt_time(&item.post_modified))?;
    (Some(changed) > written_at(item)).then_some(changed)
}

pub use dateline_domain::redirect::percent_decoded as decoded;

/// The slug: WordPress's (decoded), else one made from the title, else `post-ID`.
pub fn slug(item: &WpItem) -> Option<Slug> {
    let exported = decoded(&item.post_name);
    Slug::parse(&exported)
        .or_else(|_| Slug::from_title(&exported))
        .or_else(|_| Slug::from_title(&item.title))
        .or_else(|_| Slug::from_title(&format!("{}-{}", item.post_type, item.post_id)))
        .ok()
}

/// The title, or for a post without one, words saying so.
pub fn title(item: &WpItem) -> String {
    match item.title.trim() {
        "" => format!("Untitled ({} {})", item.post_type, item.post_id),
        title => title.to_owned(),
    }
}

/// The words of the body, and the dek from the excerpt (as plain words).
pub fn words(item: &WpItem) -> (Converted, String) {
    let body = body_to_markdown(&item.content);
    let dek = dateline_render::markdown::to_plain_text(&dateline_render::from_html::html_to_markdown(
        &item.excerpt,
    ));
    (body, dek.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The addresses the post answered at on the old site: its permalink, `/?p=ID` (`?page_id=`
/// for a page), and the common permalink forms `/YYYY/MM/DD/slug/` and `/slug/`.
pub fn old_addresses(item: &WpItem) -> Vec<OldAddress> {
    let id_query = if item.post_type == "page" { "page_id" } else { "p" };
    let mut candidates = vec![item.link.clone(), format!("/?{id_query}={}", item.post_id)];
    if !item.post_name.is_empty() {
        if item.post_type == "post"
            && let Some(at) = written_at(item)
        {
            candidates.push(format!(
                "/{}/{:02}/{:02}/{}/",
                at.year(),
                at.month(),
                at.day(),
                item.post_name
            ));
        }
        candidates.push(format!("/{}/", item.post_name));
    }
    crate::shared::old_addresses(&candidates)
}

/// A digest of what the archive holds for the post (its comments aside: they are imported,
/// and compared, each on its own).
pub fn digest(item: &WpItem) -> String {
    let without_comments = WpItem {
        comments: Vec::new(),
        ..item.clone()
    };
    dateline_domain::digest::keyed_digest("wordpress-item", &format!("{without_comments:?}"))
}
