//! Stories: what readers see of them (published only) and how they are stored.

use crate::authors::AuthorRow;
use crate::macros::on_db;
use crate::rows::{self, SummaryRow, summary_columns, summary_from, summary_joins, summary_select};
use crate::tags::TagRow;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{
    Article, ArticleStatus, ArticleSummary, Author, Correction, Lang, PageNumber, Paged, Slug, Tag,
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
    dateline_place: String,
    status: String,
    updated_at: Option<DateTime<Utc>>,
    comments_mode: String,
    seo_title: String,
    seo_description: String,
    translation_edition: Option<String>,
    translation_slug: Option<String>,
    translation_headline: Option<String>,
}

/// A published story as a comment posted to it sees it.
#[derive(Debug, Clone, Copy)]
pub struct CommentTarget {
    pub id: i64,
    pub comments: dateline_domain::CommentsMode,
    pub published_at: DateTime<Utc>,
}

/// A published story's row, whose `WHERE` condition is `$filter`.
macro_rules! published_article_query {
    ($filter:literal) => {
        article_query!("a.status = 'published' AND ", $filter)
    };
}

/// A story's row in any status, whose `WHERE` condition is `$status` then `$filter`.
macro_rules! article_query {
    ($status:literal, $filter:literal) => {
        concat!(
            summary_select!(),
            ", a.body_markdown, a.dateline_place, a.status, a.updated_at, a.comments_mode, a.seo_title, a.seo_description,
               t.edition AS translation_edition, t.slug AS translation_slug, t.headline AS translation_headline ",
            summary_from!(),
            "LEFT JOIN articles t ON t.id = a.translation_id AND t.status = 'published'
             WHERE ",
            $status,
            $filter
        )
    };
}

impl Store {
    /// A published story by its slug in an edition.
    pub async fn published_article(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> = on_db!(self, |pool| {
            sqlx::query_as(published_article_query!("a.edition = $1 AND a.slug = $2"))
                .bind(lang.code())
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        self.whole_article(row).await
    }

    /// A published story by its id, in whichever edition it is.
    pub async fn published_article_by_id(&self, id: i64) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> = on_db!(self, |pool| {
            sqlx::query_as(published_article_query!("a.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        self.whole_article(row).await
    }

    /// A story in whatever status it is, as it would read once published (a story not yet
    /// published reads as of when it was started).
    pub async fn story_as_article(&self, id: i64) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> = on_db!(self, |pool| {
            sqlx::query_as(article_query!("", "a.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        self.whole_article(row).await
    }

    /// The story a row begins, with its byline, tags and corrections.
    async fn whole_article(&self, row: Option<ArticleRow>) -> StoreResult<Option<Article>> {
        let Some(row) = row else { return Ok(None) };
        let lang = rows::lang(&row.summary.edition)?;
        let parts = self.article_parts(row.summary.id, lang).await?;
        assemble(row, lang, parts.authors, parts.tags, parts.corrections).map(Some)
    }

    /// Published stories by id, in the order asked, in four queries however many there are;
    /// an id whose story is not (or no longer) published is left out.
    pub async fn published_articles(&self, ids: &[i64]) -> StoreResult<Vec<Article>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (1..=ids.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let stories_sql = format!(
            concat!(article_query!("a.status = 'published' AND ", ""), "a.id IN ({})"),
            list
        );
        let bylines_sql = format!(
            "SELECT aa.article_id, au.id, au.slug, au.name, au.bio, i.path AS photo
             FROM authors au LEFT JOIN images i ON i.id = au.photo_image_id
             JOIN article_authors aa ON aa.author_id = au.id
             WHERE aa.article_id IN ({list}) ORDER BY aa.article_id, aa.position"
        );
        let tags_sql = format!(
            "SELECT at.article_id, t.id, t.slug, t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id
             WHERE at.article_id IN ({list}) ORDER BY t.name"
        );
        let corrections_sql = format!(
            "SELECT article_id, body, created_at FROM corrections
             WHERE article_id IN ({list}) ORDER BY created_at, id"
        );
        type CorrectionRow = (i64, String, DateTime<Utc>);
        let (stories, bylines, tags, corrections): (
            Vec<ArticleRow>,
            Vec<BylineRow>,
            Vec<ArticleTagRow>,
            Vec<CorrectionRow>,
        ) = on_db!(self, |pool| {
            let mut stories = sqlx::query_as(sqlx::AssertSqlSafe(stories_sql.clone()));
            let mut bylines = sqlx::query_as(sqlx::AssertSqlSafe(bylines_sql.clone()));
            let mut tags = sqlx::query_as(sqlx::AssertSqlSafe(tags_sql.clone()));
            let mut corrections = sqlx::query_as(sqlx::AssertSqlSafe(corrections_sql.clone()));
            for id in ids {
                stories = stories.bind(*id);
                bylines = bylines.bind(*id);
                tags = tags.bind(*id);
                corrections = corrections.bind(*id);
            }
            (
                stories.fetch_all(pool).await?,
                bylines.fetch_all(pool).await?,
                tags.fetch_all(pool).await?,
                corrections.fetch_all(pool).await?,
            )
        });
        use std::collections::HashMap;
        let mut by_id: HashMap<i64, ArticleRow> =
            stories.into_iter().map(|row| (row.summary.id, row)).collect();
        let mut authors_of: HashMap<i64, Vec<Author>> = HashMap::new();
        for row in bylines {
            authors_of
                .entry(row.article_id)
                .or_default()
                .push(row.author.into_author()?);
        }
        let mut tags_of: HashMap<i64, Vec<TagRow>> = HashMap::new();
        for row in tags {
            tags_of.entry(row.article_id).or_default().push(row.tag);
        }
        let mut corrections_of: HashMap<i64, Vec<Correction>> = HashMap::new();
        for (article_id, body, created_at) in corrections {
            corrections_of
                .entry(article_id)
                .or_default()
                .push(Correction { body, created_at });
        }
        let mut articles = Vec::with_capacity(by_id.len());
        for id in ids {
            let Some(row) = by_id.remove(id) else { continue };
            let lang = rows::lang(&row.summary.edition)?;
            let authors = authors_of.remove(id).unwrap_or_default();
            let story_tags = tags_of
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .map(|tag| tag.into_tag(lang))
                .collect::<StoreResult<Vec<_>>>()?;
            let story_corrections = corrections_of.remove(id).unwrap_or_default();
            articles.push(assemble(row, lang, authors, story_tags, story_corrections)?);
        }
        Ok(articles)
    }
}

#[derive(sqlx::FromRow)]
struct BylineRow {
    article_id: i64,
    #[sqlx(flatten)]
    author: AuthorRow,
}

#[derive(sqlx::FromRow)]
struct ArticleTagRow {
    article_id: i64,
    #[sqlx(flatten)]
    tag: TagRow,
}

/// A story from its row and the rows of what hangs off it.
/// One row of [`Store::article_parts`]: a byline (`part` 0, at `n`), a tag (1) or a correction
/// (2, `n` its id, `text` its words, `at` its time).
#[derive(sqlx::FromRow)]
struct PartRow {
    part: i64,
    n: i64,
    id: i64,
    slug: String,
    name: String,
    text: String,
    photo: Option<String>,
    at: Option<DateTime<Utc>>,
}

#[derive(Default)]
struct ArticleParts {
    authors: Vec<Author>,
    tags: Vec<Tag>,
    corrections: Vec<Correction>,
}

fn assemble(
    row: ArticleRow,
    lang: Lang,
    authors: Vec<Author>,
    tags: Vec<Tag>,
    corrections: Vec<Correction>,
) -> StoreResult<Article> {
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

    /// A story's byline, tags and corrections, in one query (a reader's miss waits on each
    /// round trip to the database): one row per part, its columns as the part needs them.
    async fn article_parts(&self, article_id: i64, lang: Lang) -> StoreResult<ArticleParts> {
        let rows: Vec<PartRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT CAST(0 AS BIGINT) AS part, aa.position AS n, au.id, au.slug, au.name, au.bio AS text,
                        i.path AS photo, CAST(NULL AS TIMESTAMPTZ) AS at
                 FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                 LEFT JOIN images i ON i.id = au.photo_image_id
                 WHERE aa.article_id = $1
                 UNION ALL
                 SELECT CAST(1 AS BIGINT), CAST(0 AS BIGINT), t.id, t.slug, t.name, '', CAST(NULL AS TEXT), CAST(NULL AS TIMESTAMPTZ)
                 FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = $1
                 UNION ALL
                 SELECT CAST(2 AS BIGINT), c.id, c.id, '', '', c.body, CAST(NULL AS TEXT), c.created_at
                 FROM corrections c WHERE c.article_id = $1",
            )
            .bind(article_id)
            .fetch_all(pool)
            .await?
        });
        let mut parts = ArticleParts::default();
        let (mut bylines, mut tags, mut corrections) = (Vec::new(), Vec::new(), Vec::new());
        for row in rows {
            match (row.part, row.at) {
                (0, _) => bylines.push((row.n, row.id, row.slug, row.name, row.text, row.photo)),
                (1, _) => tags.push(TagRow {
                    id: row.id,
                    slug: row.slug,
                    name: row.name,
                }),
                (_, Some(at)) => corrections.push((at, row.n, row.text)),
                (_, None) => {
                    return Err(crate::StoreError::Corrupt(format!(
                        "a correction of {article_id} has no time"
                    )));
                }
            }
        }
        bylines.sort_by_key(|byline| byline.0);
        for (_, id, slug, name, bio, photo) in bylines {
            parts.authors.push(
                AuthorRow {
                    id,
                    slug,
                    name,
                    bio,
                    photo,
                }
                .into_author()?,
            );
        }
        tags.sort_by(|a, b| a.name.cmp(&b.name));
        for tag in tags {
            parts.tags.push(tag.into_tag(lang)?);
        }
        corrections.sort_by_key(|(at, id, _)| (*at, *id));
        parts.corrections = corrections
            .into_iter()
            .map(|(created_at, _, body)| Correction { body, created_at })
            .collect();
        Ok(parts)
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
