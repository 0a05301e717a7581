//! Stories: what readers see of them (published only) and how they are stored.

use crate::authors::AuthorRow;
use crate::comments::{published_comment_parts, published_comments_from};
use crate::macros::{for_dialect, json_rows, on_db};
use crate::rows::{self, SummaryRow, summary_columns, summary_from, summary_joins, summary_select};
use crate::tags::TagRow;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{
    Article, ArticleStatus, ArticleSummary, Author, Comment, Correction, Lang, PageNumber, Paged, Slug, Tag,
    Translation,
};

/// Which stories a paged listing shows; each is limited to one edition's published stories.
#[derive(Debug, Clone, Copy)]
pub enum Listing {
    Section(i64),
    Tag(i64),
    Author(i64),
}

/// The count and page queries of a listing named `$listing` in `listing_counts`, `$1` the
/// section, tag or author and `$2` the edition. The count is the one row the store's triggers
/// keep (migration 27); the page is a range of one index of `$table` (`articles_section_edition`,
/// or a link table's `_listed` index, whose rows carry their story's edition and publication
/// time: migration 26), and only the page's stories are read in full, once it is known which
/// they are (joined before the offset, a deep page read every story it skipped).
macro_rules! listing_queries {
    ($listing:literal, $table:literal, $story:literal, $key:literal, $published:literal) => {
        (
            concat!(
                "SELECT COALESCE((SELECT stories FROM listing_counts WHERE listing = '",
                $listing,
                "' AND id = $1 AND edition = $2), 0)"
            ),
            concat!(
                summary_select!(),
                "FROM (SELECT ",
                $story,
                " AS story_id, published_at FROM ",
                $table,
                " WHERE ",
                $key,
                " = $1 AND edition = $2 AND ",
                $published,
                " ORDER BY published_at DESC, ",
                $story,
                " DESC LIMIT $3 OFFSET $4) l
                 JOIN articles a ON a.id = l.story_id ",
                summary_joins!(),
                "ORDER BY l.published_at DESC, l.story_id DESC"
            ),
        )
    };
}

impl From<Listing> for dateline_domain::PageTag {
    /// The pages a listing's stories show on.
    fn from(listing: Listing) -> Self {
        match listing {
            Listing::Section(id) => dateline_domain::PageTag::Section(id),
            Listing::Tag(id) => dateline_domain::PageTag::Topic(id),
            Listing::Author(id) => dateline_domain::PageTag::Author(id),
        }
    }
}

impl Listing {
    fn queries(self) -> (&'static str, &'static str) {
        match self {
            Listing::Section(_) => {
                listing_queries!("section", "articles", "id", "section_id", "status = 'published'")
            }
            Listing::Tag(_) => {
                listing_queries!(
                    "tag",
                    "article_tags",
                    "article_id",
                    "tag_id",
                    "published_at IS NOT NULL"
                )
            }
            Listing::Author(_) => listing_queries!(
                "author",
                "article_authors",
                "article_id",
                "author_id",
                "published_at IS NOT NULL"
            ),
        }
    }

    fn id(self) -> i64 {
        match self {
            Listing::Section(id) | Listing::Tag(id) | Listing::Author(id) => id,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    body_markdown: String,
    body_html: Option<String>,
    dateline_place: String,
    status: String,
    updated_at: Option<DateTime<Utc>>,
    comments_mode: String,
    seo_title: String,
    seo_description: String,
    translation_edition: Option<String>,
    translation_slug: Option<String>,
    translation_headline: Option<String>,
    byline_parts: String,
    tag_parts: String,
    correction_parts: String,
}

/// A published story as a comment posted to it sees it.
#[derive(Debug, Clone, Copy)]
pub struct CommentTarget {
    pub id: i64,
    pub comments: dateline_domain::CommentsMode,
    pub published_at: DateTime<Utc>,
}

/// A story's byline, tags and corrections as three JSON arrays beside its row, so that a whole
/// story is one query and one row (a reader's miss waits on each round trip to the database,
/// and on SQLite on each row a worker thread hands over): `[position, id, slug, name, bio,
/// photo]` per author, `[id, slug, name]` per tag, `[id, body, created_at]` per correction.
macro_rules! article_parts_columns {
    ($dialect:ident) => {
        concat!(
            ", COALESCE((SELECT ",
            json_rows!($dialect, "aa.position, au.id, au.slug, au.name, au.bio, i.path"),
            " FROM article_authors aa JOIN authors au ON au.id = aa.author_id
               LEFT JOIN images i ON i.id = au.photo_image_id WHERE aa.article_id = a.id), '[]') AS byline_parts",
            ", COALESCE((SELECT ",
            json_rows!($dialect, "t.id, t.slug, t.name"),
            " FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '[]') AS tag_parts",
            ", COALESCE((SELECT ",
            json_rows!($dialect, "c.id, c.body, c.created_at"),
            " FROM corrections c WHERE c.article_id = a.id), '[]') AS correction_parts "
        )
    };
}

/// A published story's row in `$dialect`, whose `WHERE` condition is `$filter`.
macro_rules! published_article_query {
    ($dialect:ident, $filter:literal) => {
        article_query!($dialect, [], "a.status = 'published' AND ", $filter)
    };
}

/// A story's row in any status in `$dialect` (`sqlite` or `pg`), with the columns `$more` adds
/// (each part followed by a comma), whose `WHERE` condition is `$status` then `$filter`.
macro_rules! article_query {
    ($dialect:ident, [$($more:tt)*], $status:literal, $filter:literal) => {
        concat!(
            summary_select!(),
            ", a.body_markdown, a.body_html, a.dateline_place, a.status, a.updated_at, a.comments_mode, a.seo_title, a.seo_description,
               t.edition AS translation_edition, t.slug AS translation_slug, t.headline AS translation_headline",
            article_parts_columns!($dialect),
            $($more)*
            summary_from!(),
            "LEFT JOIN articles t ON t.id = a.translation_id AND t.status = 'published'
             WHERE ",
            $status,
            $filter
        )
    };
}

/// A published story by edition (`$1`) and slug (`$2`) in `$dialect`, with its published
/// comments as a column: the whole of what a reader's page shows of it in one query.
macro_rules! published_article_page_query {
    ($dialect:ident,) => {
        article_query!(
            $dialect,
            [
                ", ",
                published_comment_parts!($dialect, "a.id"),
                " AS comment_parts ",
            ],
            "a.status = 'published' AND ",
            "a.edition = $1 AND a.slug = $2"
        )
    };
}

/// [`published_article_page_query`]'s row.
#[derive(sqlx::FromRow)]
struct ArticlePageRow {
    #[sqlx(flatten)]
    article: ArticleRow,
    comment_parts: String,
}

impl Store {
    /// A published story by its slug in an edition.
    pub async fn published_article(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<Article>> {
        let sql = for_dialect!(self, published_article_query!("a.edition = $1 AND a.slug = $2"));
        let row: Option<ArticleRow> = on_db!(self, |pool| {
            sqlx::query_as(sql)
                .bind(lang.code())
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(assemble).transpose()
    }

    /// A published story by its slug in an edition and its published comments (as
    /// [`Store::published_comments`] orders them), in one query: a reader's page.
    pub async fn published_article_and_comments(
        &self,
        lang: Lang,
        slug: &Slug,
    ) -> StoreResult<Option<(Article, Vec<Comment>)>> {
        let sql = for_dialect!(self, published_article_page_query!());
        let row: Option<ArticlePageRow> = on_db!(self, |pool| {
            sqlx::query_as(sql)
                .bind(lang.code())
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let comments = published_comments_from(&row.comment_parts, row.article.summary.id)?;
        Ok(Some((assemble(row.article)?, comments)))
    }

    /// A published story by its id, in whichever edition it is.
    pub async fn published_article_by_id(&self, id: i64) -> StoreResult<Option<Article>> {
        let sql = for_dialect!(self, published_article_query!("a.id = $1"));
        let row: Option<ArticleRow> = on_db!(self, |pool| {
            sqlx::query_as(sql).bind(id).fetch_optional(pool).await?
        });
        row.map(assemble).transpose()
    }

    /// A story in whatever status it is, as it would read once published (a story not yet
    /// published reads as of when it was started).
    pub async fn story_as_article(&self, id: i64) -> StoreResult<Option<Article>> {
        let sql = for_dialect!(self, article_query!([], "", "a.id = $1"));
        let row: Option<ArticleRow> = on_db!(self, |pool| {
            sqlx::query_as(sql).bind(id).fetch_optional(pool).await?
        });
        row.map(assemble).transpose()
    }

    /// Published stories by id, in the order asked, in one query however many there are; an
    /// id whose story is not (or no longer) published is left out.
    pub async fn published_articles(&self, ids: &[i64]) -> StoreResult<Vec<Article>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (1..=ids.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "{}a.id IN ({list})",
            for_dialect!(self, published_article_query!(""))
        );
        let rows: Vec<ArticleRow> = on_db!(self, |pool| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for id in ids {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        let mut by_id: std::collections::HashMap<i64, ArticleRow> =
            rows.into_iter().map(|row| (row.summary.id, row)).collect();
        ids.iter()
            .filter_map(|id| by_id.remove(id))
            .map(assemble)
            .collect()
    }
}

/// An author of [`article_parts_columns`]'s `byline_parts`: position, id, slug, name, bio,
/// photo.
#[derive(serde::Deserialize)]
struct BylinePart(i64, i64, String, String, String, Option<String>);

/// A tag of `tag_parts`: id, slug, name.
#[derive(serde::Deserialize)]
struct TagPart(i64, String, String);

/// A correction of `correction_parts`: id, words, time.
#[derive(serde::Deserialize)]
struct CorrectionPart(i64, String, DateTime<Utc>);

/// One of a story's JSON part columns, read.
fn parts<T: serde::de::DeserializeOwned>(json: &str, what: &str, article_id: i64) -> StoreResult<Vec<T>> {
    serde_json::from_str(json)
        .map_err(|e| crate::StoreError::Corrupt(format!("the {what} of story {article_id}: {e}")))
}

/// A story from its row: bylines in their order, tags by name, corrections oldest first.
fn assemble(row: ArticleRow) -> StoreResult<Article> {
    let id = row.summary.id;
    let lang = rows::lang(&row.summary.edition)?;
    let mut bylines: Vec<BylinePart> = parts(&row.byline_parts, "byline", id)?;
    bylines.sort_by_key(|byline| byline.0);
    let authors = bylines
        .into_iter()
        .map(|BylinePart(_, id, slug, name, bio, photo)| {
            AuthorRow {
                id,
                slug,
                name,
                bio,
                photo,
            }
            .into_author()
        })
        .collect::<StoreResult<Vec<Author>>>()?;
    let mut tags: Vec<TagPart> = parts(&row.tag_parts, "tags", id)?;
    tags.sort_by(|a, b| a.2.cmp(&b.2));
    let tags = tags
        .into_iter()
        .map(|TagPart(id, slug, name)| TagRow { id, slug, name }.into_tag(lang))
        .collect::<StoreResult<Vec<Tag>>>()?;
    let mut corrections: Vec<CorrectionPart> = parts(&row.correction_parts, "corrections", id)?;
    corrections.sort_by_key(|correction| (correction.2, correction.0));
    let corrections = corrections
        .into_iter()
        .map(|CorrectionPart(_, body, created_at)| Correction { body, created_at })
        .collect();
    let translation = match (
        row.translation_edition,
        row.translation_slug,
        row.translation_headline,
    ) {
        (Some(edition), Some(slug), Some(headline)) => Some(Translation {
            lang: rows::lang(&edition)?,
            slug: rows::slug(&slug)?,
            headline,
        }),
        _ => None,
    };
    let status = row
        .status
        .parse::<ArticleStatus>()
        .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    let summary = row.summary.into_summary()?;
    Ok(Article {
        id: summary.id,
        lang,
        slug: summary.slug,
        headline: summary.headline,
        dek: summary.dek,
        // A story saved before bodies were kept rendered, until `render_saved_bodies` reaches it.
        body_html: row
            .body_html
            .unwrap_or_else(|| dateline_markdown::to_html(&row.body_markdown)),
        body_markdown: row.body_markdown,
        dateline_place: row.dateline_place,
        status,
        section: summary.section,
        authors,
        tags,
        lead: summary.lead,
        published_at: summary.published_at,
        updated_at: row.updated_at,
        translation,
        comments: row
            .comments_mode
            .parse()
            .map_err(|e: dateline_domain::comment::UnknownValue| crate::StoreError::Corrupt(e.to_string()))?,
        corrections,
        seo_title: row.seo_title,
        seo_description: row.seo_description,
    })
}

impl Store {
    /// The newest published stories of an edition, newest first.
    pub async fn latest_articles(&self, lang: Lang, limit: u32) -> StoreResult<Vec<ArticleSummary>> {
        let rows: Vec<SummaryRow> = on_db!(self, |pool| {
            sqlx::query_as(concat!(
                summary_columns!(),
                "WHERE a.edition = $1 AND a.status = 'published'
                 ORDER BY a.published_at DESC, a.id DESC LIMIT $2"
            ))
            .bind(lang.code())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows::summaries(rows)
    }

    /// The newest published stories of one section, newest first.
    pub async fn latest_in_section(&self, section_id: i64, limit: u32) -> StoreResult<Vec<ArticleSummary>> {
        let rows: Vec<SummaryRow> = on_db!(self, |pool| {
            sqlx::query_as(concat!(
                summary_columns!(),
                "WHERE a.section_id = $1 AND a.status = 'published'
                 ORDER BY a.published_at DESC, a.id DESC LIMIT $2"
            ))
            .bind(section_id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows::summaries(rows)
    }

    /// One page of a section's, tag's or author's published stories in an edition, newest first.
    pub async fn listing(
        &self,
        lang: Lang,
        listing: Listing,
        page: PageNumber,
        per_page: u32,
    ) -> StoreResult<Paged<ArticleSummary>> {
        let (count_sql, list_sql) = listing.queries();
        let (total, rows): (i64, Vec<SummaryRow>) = on_db!(self, |pool| {
            let (total,): (i64,) = sqlx::query_as(count_sql)
                .bind(listing.id())
                .bind(lang.code())
                .fetch_one(pool)
                .await?;
            let rows = sqlx::query_as(list_sql)
                .bind(listing.id())
                .bind(lang.code())
                .bind(i64::from(per_page))
                .bind(page.offset(per_page))
                .fetch_all(pool)
                .await?;
            (total, rows)
        });
        Ok(Paged::new(rows::summaries(rows)?, page, per_page, total))
    }

    /// What a comment needs of the published story it is posted to: less than the whole story.
    pub async fn comment_target(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<CommentTarget>> {
        let row: Option<(i64, String, Option<DateTime<Utc>>)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, comments_mode, published_at FROM articles
                 WHERE edition = $1 AND slug = $2 AND status = 'published'",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .fetch_optional(pool)
            .await?
        });
        let Some((id, mode, published_at)) = row else {
            return Ok(None);
        };
        Ok(Some(CommentTarget {
            id,
            comments: mode
                .parse()
                .map_err(|e: dateline_domain::comment::UnknownValue| {
                    crate::StoreError::Corrupt(e.to_string())
                })?,
            published_at: published_at.unwrap_or_else(Utc::now),
        }))
    }

    /// The id of a published story, for readers' reactions and comments.
    pub async fn published_article_id(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id FROM articles WHERE edition = $1 AND slug = $2 AND status = 'published'",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(id,)| id))
    }

    /// Whether the site has never been set up (a first run). Settings are written last when
    /// the site is set up, so a set-up cut short is not taken for a finished one.
    pub async fn is_empty(&self) -> StoreResult<bool> {
        Ok(self.site_settings().await?.is_none())
    }
}
