//! What the APIs list: published stories page by page, and the tags and authors (those with
//! published stories, or all), each with how many. An edition narrows every list when given.
//! The SQL is put together from fixed fragments only; every value is a bound parameter.

use crate::authors::AuthorRow;
use crate::list_filter::{ListFilter, bind_filter};
use crate::macros::on_db;
use crate::tags::TagRow;
use crate::{Store, StoreResult, rows};
use dateline_domain::{Author, Lang, Tag};

/// The orders a story list can be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryOrder {
    NewestFirst,
    OldestFirst,
    TitleAscending,
    TitleDescending,
}

impl StoryOrder {
    fn sql(self) -> &'static str {
        match self {
            StoryOrder::NewestFirst => "a.published_at DESC, a.id DESC",
            StoryOrder::OldestFirst => "a.published_at ASC, a.id ASC",
            StoryOrder::TitleAscending => "a.headline ASC, a.id ASC",
            StoryOrder::TitleDescending => "a.headline DESC, a.id DESC",
        }
    }
}

/// One page of a list and how many there are in all.
#[derive(Debug, Clone)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// `$1` is the edition or NULL for both.
const PUBLISHED_IN_EDITION: &str = "a.status = 'published' AND (CAST($1 AS TEXT) IS NULL OR a.edition = $1)";

/// Which stories a list of tags or authors counts: the Content API's readers see only those
/// with published stories; the Admin API sees every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Published,
    Any,
}

/// Which tags or authors a list names.
#[derive(Debug, Clone, Copy)]
pub enum Pick<'a> {
    /// Every one in the list, a page at a time (limit, offset).
    Page(u32, u64),
    Id(i64),
    Slug(&'a str),
}

impl Store {
    /// The ids of one page of published stories, in `order`, narrowed by `filter`.
    pub async fn story_page(
        &self,
        edition: Option<Lang>,
        filter: Option<&ListFilter>,
        order: StoryOrder,
        limit: u32,
        offset: u64,
    ) -> StoreResult<ListPage<i64>> {
        let edition = edition.map(Lang::code);
        // The page's placeholders are $1 to $3, the count's $1: the filter's follow.
        let condition = |first: usize| filter_sql(filter, first);
        let page_sql = format!(
            "SELECT a.id FROM articles a WHERE {PUBLISHED_IN_EDITION} AND {} ORDER BY {} LIMIT $2 OFFSET $3",
            condition(4),
            order.sql()
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM articles a WHERE {PUBLISHED_IN_EDITION} AND {}",
            condition(2)
        );
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let (ids, total): (Vec<(i64,)>, (i64,)) = on_db!(self, |pool| {
            let page = sqlx::query_as(sqlx::AssertSqlSafe(page_sql.clone()))
                .bind(edition)
                .bind(i64::from(limit))
                .bind(offset);
            let count = sqlx::query_as(sqlx::AssertSqlSafe(count_sql.clone())).bind(edition);
            let (page, count) = (bind_filter!(page, filter), bind_filter!(count, filter));
            (page.fetch_all(pool).await?, count.fetch_one(pool).await?)
        });
        Ok(ListPage {
            items: ids.into_iter().map(|(id,)| id).collect(),
            total: total.0,
        })
    }

    /// Tags (those with published stories, or all) narrowed to `edition` and `filter`, by
    /// name, each with how many stories in `reach` it is on.
    pub async fn listed_tags(
        &self,
        reach: Reach,
        edition: Option<Lang>,
        pick: Pick<'_>,
        filter: Option<&ListFilter>,
    ) -> StoreResult<ListPage<(Tag, i64)>> {
        let (condition, limit, offset) = pick.condition("t");
        // Published stories are counted already (`listing_counts`, kept by the store's
        // triggers); every story, for the Admin API, is counted by its links.
        let (stories, counted) = match reach {
            Reach::Published => (
                "JOIN listing_counts c ON c.listing = 'tag' AND c.id = t.id AND c.stories > 0
                 WHERE (CAST($1 AS TEXT) IS NULL OR c.edition = $1)",
                "CAST(SUM(c.stories) AS BIGINT)",
            ),
            Reach::Any => (
                "LEFT JOIN article_tags at ON at.tag_id = t.id LEFT JOIN articles a ON a.id = at.article_id
                 WHERE (CAST($1 AS TEXT) IS NULL OR t.edition = $1)",
                "COUNT(a.id)",
            ),
        };
        let from = |first: usize| {
            format!(
                "FROM tags t {stories} AND {condition} AND {}",
                filter_sql(filter, first)
            )
        };
        let page_sql = format!(
            "SELECT t.id, t.edition, t.slug, t.name, {counted} AS stories {}
             GROUP BY t.id, t.edition, t.slug, t.name ORDER BY t.name, t.id LIMIT $3 OFFSET $4",
            from(5)
        );
        let count_sql = format!("SELECT COUNT(DISTINCT t.id) {}", from(3));
        type Row = (i64, String, String, String, i64);
        let (rows, total): (Vec<Row>, i64) = self
            .in_use_page(page_sql, count_sql, edition, pick, (limit, offset), filter)
            .await?;
        let items = rows
            .into_iter()
            .map(|(id, edition, slug, name, stories)| {
                let tag = TagRow { id, slug, name }.into_tag(rows::lang(&edition)?)?;
                Ok((tag, stories))
            })
            .collect::<StoreResult<_>>()?;
        Ok(ListPage { items, total })
    }

    /// Authors (those with published stories, or all) narrowed to `filter`, by name, each with
    /// how many stories in `reach` and `edition` they wrote.
    pub async fn listed_authors(
        &self,
        reach: Reach,
        edition: Option<Lang>,
        pick: Pick<'_>,
        filter: Option<&ListFilter>,
    ) -> StoreResult<ListPage<(Author, i64)>> {
        let (condition, limit, offset) = pick.condition("au");
        // As for tags: published stories from `listing_counts` (an author's, per edition).
        let (stories, counted) = match reach {
            Reach::Published => (
                "JOIN listing_counts c ON c.listing = 'author' AND c.id = au.id AND c.stories > 0
                 WHERE (CAST($1 AS TEXT) IS NULL OR c.edition = $1)",
                "CAST(SUM(c.stories) AS BIGINT)",
            ),
            // Authors write for both editions: the edition narrows only what is counted.
            Reach::Any => (
                "LEFT JOIN article_authors aa ON aa.author_id = au.id
                 LEFT JOIN articles a ON a.id = aa.article_id AND (CAST($1 AS TEXT) IS NULL OR a.edition = $1)
                 WHERE 1 = 1",
                "COUNT(a.id)",
            ),
        };
        let from = |first: usize| {
            format!(
                "FROM authors au LEFT JOIN images i ON i.id = au.photo_image_id {stories} AND {condition} AND {}",
                filter_sql(filter, first)
            )
        };
        let page_sql = format!(
            "SELECT au.id, au.slug, au.name, au.bio, i.path AS photo, {counted} AS stories {}
             GROUP BY au.id, au.slug, au.name, au.bio, i.path ORDER BY au.name, au.id LIMIT $3 OFFSET $4",
            from(5)
        );
        let count_sql = format!("SELECT COUNT(DISTINCT au.id) {}", from(3));
        type Row = (i64, String, String, String, Option<String>, i64);
        let (rows, total): (Vec<Row>, i64) = self
            .in_use_page(page_sql, count_sql, edition, pick, (limit, offset), filter)
            .await?;
        let items = rows
            .into_iter()
            .map(|(id, slug, name, bio, photo, stories)| {
                Ok((
                    AuthorRow {
                        id,
                        slug,
                        name,
                        bio,
                        photo,
                    }
                    .into_author()?,
                    stories,
                ))
            })
            .collect::<StoreResult<_>>()?;
        Ok(ListPage { items, total })
    }
    /// One page of tags or authors in use (`page_sql`, with `$3` and `$4` the limit and offset,
    /// and the filter's from `$5`) and how many there are in all (`count_sql`, the filter's
    /// from `$3`); `$1` is the edition, `$2` the pick's value.
    async fn in_use_page<Row>(
        &self,
        page_sql: String,
        count_sql: String,
        edition: Option<Lang>,
        pick: Pick<'_>,
        (limit, offset): (i64, i64),
        filter: Option<&ListFilter>,
    ) -> StoreResult<(Vec<Row>, i64)>
    where
        Row: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        let edition = edition.map(Lang::code);
        let (rows, (total,)): (Vec<Row>, (i64,)) = on_db!(self, |pool| {
            let page = pick
                .bind(sqlx::query_as(sqlx::AssertSqlSafe(page_sql)).bind(edition))
                .bind(limit)
                .bind(offset);
            let count = pick.bind(sqlx::query_as(sqlx::AssertSqlSafe(count_sql)).bind(edition));
            let (page, count) = (bind_filter!(page, filter), bind_filter!(count, filter));
            (page.fetch_all(pool).await?, count.fetch_one(pool).await?)
        });
        Ok((rows, total))
    }
}

/// A filter's SQL with its placeholders from `$first`, or a condition always true.
pub(crate) fn filter_sql(filter: Option<&ListFilter>, first: usize) -> String {
    filter.map_or_else(|| "1 = 1".to_owned(), |filter| filter.sql(first))
}

impl Pick<'_> {
    /// The condition on `table` (with `$2` its parameter) and the limit and offset it implies.
    fn condition(self, table: &str) -> (String, i64, i64) {
        match self {
            Pick::Page(limit, offset) => (
                "CAST($2 AS TEXT) IS NULL".to_owned(),
                i64::from(limit),
                i64::try_from(offset).unwrap_or(i64::MAX),
            ),
            Pick::Id(_) => (format!("{table}.id = $2"), 1, 0),
            Pick::Slug(_) => (format!("{table}.slug = $2"), 1, 0),
        }
    }

    /// Binds `$2`, the parameter of [`Self::condition`].
    fn bind<'q, DB, O>(
        self,
        query: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>,
    ) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>
    where
        DB: sqlx::Database,
        i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        match self {
            Pick::Page(..) => query.bind(None::<String>),
            Pick::Id(id) => query.bind(id),
            Pick::Slug(slug) => query.bind(Some(slug.to_owned())),
        }
    }
}
