//! Redirects from old addresses to new ones, answered with a 301 where the site has no page.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, NewAddress, NewEvent, OldAddress};

/// Who made a redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectOrigin {
    Newsroom,
    WordPress,
    Ghost,
}

impl RedirectOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOrigin::Newsroom => "newsroom",
            RedirectOrigin::WordPress => "wordpress",
            RedirectOrigin::Ghost => "ghost",
        }
    }
}

/// A redirect as the newsroom lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Redirect {
    pub id: i64,
    pub old_path: String,
    pub new_path: String,
    pub origin: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Where the first of `addresses` that has a redirect now lives.
    pub async fn redirect_for(&self, addresses: &[OldAddress]) -> StoreResult<Option<String>> {
        for address in addresses {
            let found: Option<(String,)> = on_db!(self, |pool| {
                sqlx::query_as("SELECT new_path FROM redirects WHERE old_path = $1")
                    .bind(address.as_str())
                    .fetch_optional(pool)
                    .await?
            });
            if let Some((new_path,)) = found {
                return Ok(Some(new_path));
            }
        }
        Ok(None)
    }

    /// Sends `old` to `new`: a new redirect, or the one `old` had sent somewhere else (which
    /// becomes `origin`'s). Returns its id, and whether it is new.
    pub async fn put_redirect(
        &self,
        old: &OldAddress,
        new: &NewAddress,
        origin: RedirectOrigin,
        actor: Actor,
    ) -> StoreResult<(i64, bool)> {
        write_with_events!(self, |tx| {
            let existed: Option<(i64,)> = sqlx::query_as("SELECT id FROM redirects WHERE old_path = $1")
                .bind(old.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO redirects (old_path, new_path, origin, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (old_path) DO UPDATE SET new_path = excluded.new_path, origin = excluded.origin
                 RETURNING id",
            )
            .bind(old.as_str())
            .bind(new.as_str())
            .bind(origin.as_str())
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            let kind = if existed.is_some() {
                EventKind::RedirectChanged
            } else {
                EventKind::RedirectAdded
            };
            (
                (id, existed.is_none()),
                vec![NewEvent::new(kind, actor).subject(id)],
            )
        })
    }

    /// Deletes a redirect; false when there was none.
    pub async fn delete_redirect(&self, id: i64, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let deleted = sqlx::query("DELETE FROM redirects WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            let events = deleted
                .then(|| NewEvent::new(EventKind::RedirectDeleted, actor).subject(id))
                .into_iter()
                .collect();
            (deleted, events)
        })
    }

    /// The redirects whose old or new address contains `search` (all when empty), newest
    /// first, at most `limit`; and how many match in all.
    pub async fn redirects(&self, search: &str, limit: i64) -> StoreResult<(Vec<Redirect>, i64)> {
        let pattern = crate::rows::contains_pattern(search);
        let (rows, (total,)): (Vec<Redirect>, (i64,)) = on_db!(self, |pool| {
            let rows = sqlx::query_as(
                "SELECT id, old_path, new_path, origin, created_at FROM redirects
                 WHERE old_path LIKE $1 ESCAPE '\\' OR new_path LIKE $1 ESCAPE '\\'
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(&pattern)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_as(
                "SELECT COUNT(*) FROM redirects WHERE old_path LIKE $1 ESCAPE '\\' OR new_path LIKE $1 ESCAPE '\\'",
            )
            .bind(&pattern)
            .fetch_one(pool)
            .await?;
            (rows, total)
        });
        Ok((rows, total))
    }
}
