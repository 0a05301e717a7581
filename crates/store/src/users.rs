//! Newsroom accounts. Only what set-up needs so far: creating one and counting them.

use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::Utc;

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
}

impl Store {
    pub async fn create_user(&self, user: NewUser<'_>) -> StoreResult<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO users (username, display_name, password_hash, role, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.password_hash)
            .bind(user.role)
            .bind(Utc::now())
            .fetch_one(pool)
            .await?
        });
        Ok(id)
    }

    /// The stored password hash for a username, for logging in.
    pub async fn password_hash(&self, username: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT password_hash FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(hash,)| hash))
    }
}
