//! Authors: the people in bylines, each with a page of their own.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Actor, Author, EventKind, NewEvent, PageTag, Slug};

/// The columns an author is read from, with the portrait's path.
macro_rules! author_columns {
    () => {
        "SELECT au.id, au.slug, au.name, au.bio, i.path AS photo
         FROM authors au LEFT JOIN images i ON i.id = au.photo_image_id "
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuthorRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub photo: Option<String>,
}

impl AuthorRow {
    pub fn into_author(self) -> StoreResult<Author> {
        Ok(Author {
            id: self.id,
            slug: rows::slug(&self.slug)?,
            name: self.name,
            bio: self.bio,
            photo: self.photo.as_deref().map(rows::media_url),
        })
    }
}

/// A byline entry to be stored.
pub struct NewAuthor<'a> {
    pub slug: &'a Slug,
    pub name: &'a str,
    pub bio: &'a str,
    pub photo_image_id: Option<i64>,
}

impl Store {
    pub async fn author(&self, slug: &Slug) -> StoreResult<Option<Author>> {
        let row: Option<AuthorRow> = on_db!(self, |pool| {
            sqlx::query_as(concat!(author_columns!(), "WHERE au.slug = $1"))
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(AuthorRow::into_author).transpose()
    }

    pub async fn create_author(&self, author: NewAuthor<'_>, actor: Actor) -> StoreResult<i64> {
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO authors (slug, name, bio, photo_image_id) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(author.slug.as_str())
            .bind(author.name)
            .bind(author.bio)
            .bind(author.photo_image_id)
            .fetch_one(&mut *tx)
            .await?;
            let event = NewEvent::new(EventKind::AuthorAdded, actor)
                .subject(id)
                .tagged([PageTag::Site]);
            (id, vec![event])
        })
    }

    /// The library picture an author's portrait is, if any; `None` when there is no such
    /// author.
    pub async fn author_portrait(&self, id: i64) -> StoreResult<Option<Option<i64>>> {
        let found: Option<(Option<i64>,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT photo_image_id FROM authors WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(found.map(|(photo,)| photo))
    }

    /// Every author, for the newsroom's desk.
    pub async fn authors(&self) -> StoreResult<Vec<Author>> {
        let rows: Vec<AuthorRow> = on_db!(self, |pool| {
            sqlx::query_as(concat!(author_columns!(), "ORDER BY au.name"))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(AuthorRow::into_author).collect()
    }

    /// Changes an author's name, biography or portrait; false when there is no such author.
    pub async fn update_author(
        &self,
        id: i64,
        name: &str,
        bio: &str,
        photo_image_id: Option<i64>,
        actor: Actor,
    ) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let changed =
                sqlx::query("UPDATE authors SET name = $2, bio = $3, photo_image_id = $4 WHERE id = $1")
                    .bind(id)
                    .bind(name)
                    .bind(bio)
                    .bind(photo_image_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            let events = (changed > 0)
                .then(|| {
                    NewEvent::new(EventKind::AuthorEdited, actor)
                        .subject(id)
                        .tagged([PageTag::Site])
                })
                .into_iter()
                .collect();
            (changed > 0, events)
        })
    }
}
