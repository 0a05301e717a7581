//! Rows as the databases return them, and their checked conversion into domain types.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Figure, Lang, Section, Slug};

pub(crate) fn lang(raw: &str) -> StoreResult<Lang> {
    raw.parse()
        .map_err(|e: dateline_domain::lang::UnknownLang| StoreError::Corrupt(e.to_string()))
}

/// A `LIKE … ESCAPE '\\'` pattern matching any text that holds `text` as typed: its `%`, `_`
/// and `\\` match themselves.
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

pub(crate) fn slug(raw: &str) -> StoreResult<Slug> {
    Slug::parse(raw).map_err(|e| StoreError::Corrupt(format!("slug {raw:?}: {e}")))
}

/// The columns every story listing selects: the story, its section and its lead figure.
macro_rules! summary_select {
    () => {
        "SELECT a.id, a.edition, a.slug, a.headline, a.dek,
                COALESCE(a.published_at, a.created_at) AS published_at,
                s.id AS section_id, s.slug AS section_slug, s.name AS section_name,
                i.path AS lead_src, i.width AS lead_width, i.height AS lead_height,
                i.srcset AS lead_srcset, i.webp_srcset AS lead_webp_srcset, i.focus AS lead_focus,
                i.card_path AS lead_card,
                f.alt AS lead_alt, f.caption AS lead_caption, f.credit AS lead_credit "
    };
}
pub(crate) use summary_select;

/// The joins `summary_select!` reads from.
macro_rules! summary_from {
    () => {
        concat!("FROM articles a ", $crate::rows::summary_joins!())
    };
}
pub(crate) use summary_from;

/// What `summary_select!` reads besides the story `a`.
macro_rules! summary_joins {
    () => {
        "JOIN sections s ON s.id = a.section_id
         LEFT JOIN figures f ON f.id = a.lead_figure_id
         LEFT JOIN images i ON i.id = f.image_id "
    };
}
pub(crate) use summary_joins;

macro_rules! summary_columns {
    () => {
        concat!(summary_select!(), summary_from!())
    };
}
pub(crate) use summary_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    pub id: i64,
    pub edition: String,
    pub slug: String,
    pub headline: String,
    pub dek: String,
    pub published_at: DateTime<Utc>,
    pub section_id: i64,
    pub section_slug: String,
    pub section_name: String,
    #[sqlx(flatten)]
    pub lead: LeadColumns,
}

#[derive(sqlx::FromRow)]
pub(crate) struct LeadColumns {
    pub lead_src: Option<String>,
    pub lead_width: Option<i64>,
    pub lead_height: Option<i64>,
    pub lead_srcset: Option<String>,
    pub lead_webp_srcset: Option<String>,
    pub lead_focus: Option<String>,
    pub lead_card: Option<String>,
    pub lead_alt: Option<String>,
    pub lead_caption: Option<String>,
    pub lead_credit: Option<String>,
}

impl LeadColumns {
    pub fn into_figure(self) -> Option<Figure> {
        let src = self.lead_src?;
        let card = match self.lead_card.as_deref() {
            Some(card) if !card.is_empty() => Some(media_url(card)),
            _ if Figure::cards_take(&src) => Some(media_url(&src)),
            _ => None,
        };
        Some(Figure {
            src: media_url(&src),
            card,
            width: self.lead_width,
            height: self.lead_height,
            srcset: self.lead_srcset.filter(|set| !set.is_empty()),
            webp_srcset: self.lead_webp_srcset.filter(|set| !set.is_empty()),
            // A place the database holds is one of the nine (its CHECK); none reads as the middle.
            focus: self
                .lead_focus
                .and_then(|focus| focus.parse().ok())
                .unwrap_or_default(),
            alt: self.lead_alt.unwrap_or_default(),
            caption: self.lead_caption.unwrap_or_default(),
            credit: self.lead_credit.unwrap_or_default(),
        })
    }
}

/// Images are stored by their path under the media folder and served under `/media/`.
pub fn media_url(path: &str) -> String {
    format!("{MEDIA_PREFIX}{path}")
}

/// The path under the media folder of a picture's address (absolute or not), if it is one.
pub fn media_path(url: &str) -> Option<&str> {
    url.find(MEDIA_PREFIX).map(|at| &url[at + MEDIA_PREFIX.len()..])
}

const MEDIA_PREFIX: &str = "/media/";

pub(crate) fn section(id: i64, lang: Lang, slug_raw: &str, name: String) -> StoreResult<Section> {
    Ok(Section {
        id,
        lang,
        slug: slug(slug_raw)?,
        name,
    })
}

impl SummaryRow {
    pub fn into_summary(self) -> StoreResult<dateline_domain::ArticleSummary> {
        let lang = lang(&self.edition)?;
        Ok(dateline_domain::ArticleSummary {
            id: self.id,
            lang,
            slug: slug(&self.slug)?,
            headline: self.headline,
            dek: self.dek,
            section: section(self.section_id, lang, &self.section_slug, self.section_name)?,
            published_at: self.published_at,
            lead: self.lead.into_figure(),
        })
    }
}

pub(crate) fn summaries(rows: Vec<SummaryRow>) -> StoreResult<Vec<dateline_domain::ArticleSummary>> {
    rows.into_iter().map(SummaryRow::into_summary).collect()
}
