//! Keys for the JSON APIs: made and revoked through events, so every node's memory of the live
//! keys is forgotten as the change reaches it.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, AdminSecret, ApiKeyKind, ApiKeyName, EventKind, NewEvent, Role};

/// A key about to be stored.
pub struct NewApiKey<'a> {
    pub kind: ApiKeyKind,
    pub name: &'a ApiKeyName,
    /// The whole content key, or an admin key's id.
    pub public_id: &'a str,
    /// An admin key's secret; none for a content key.
    pub secret: Option<&'a AdminSecret>,
}

/// A key as the keys list shows it: never its secret.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiKeySummary {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub public_id: String,
    pub role: Option<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key that still works, as a request is checked against it.
#[derive(Debug, Clone)]
pub struct LiveApiKey {
    pub id: i64,
    pub kind: ApiKeyKind,
    pub public_id: String,
    /// An admin key's secret, which checks the tokens signed with it.
    pub secret: Option<String>,
    pub name: String,
    /// The account an admin key acts as.
    pub user_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct LiveRow {
    id: i64,
    kind: String,
    public_id: String,
    secret: Option<String>,
    role: Option<String>,
    name: String,
    user_id: Option<i64>,
}

impl LiveRow {
    fn into_key(self) -> StoreResult<LiveApiKey> {
        let kind = match (self.kind.as_str(), self.role.as_deref()) {
            ("content", None) => ApiKeyKind::Content,
            ("admin", Some(role)) => ApiKeyKind::Admin(
                role.parse::<Role>()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            ),
            (kind, role) => {
                return Err(StoreError::Corrupt(format!(
                    "an API key of kind {kind:?} with role {role:?}"
                )));
            }
        };
        Ok(LiveApiKey {
            id: self.id,
            kind,
            public_id: self.public_id,
            secret: self.secret,
            name: self.name,
            user_id: self.user_id,
        })
    }
}

impl Store {
    pub async fn create_api_key(&self, key: NewApiKey<'_>, actor: Actor) -> StoreResult<i64> {
        let now = Utc::now();
        write_with_events!(self, |tx| {
            // An admin key's account: no password, a username no member can be given.
            let user_id: Option<i64> = match key.kind.role() {
                Some(role) => Some(
                    sqlx::query_as::<_, (i64,)>(
                        "INSERT INTO users (username, display_name, password_hash, role, created_at)
                         VALUES ($1, $2, '', $3, $4) RETURNING id",
                    )
                    .bind(format!("key:{}", key.public_id))
                    .bind(key.name.as_str())
                    .bind(role.as_str())
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?
                    .0,
                ),
                None => None,
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO api_keys (kind, name, public_id, secret, role, created_at, user_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(key.kind.name())
            .bind(key.name.as_str())
            .bind(key.public_id)
            .bind(key.secret.map(AdminSecret::as_str))
            .bind(key.kind.role().map(Role::as_str))
            .bind(now)
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
            (id, vec![NewEvent::new(EventKind::ApiKeyAdded, actor).subject(id)])
        })
    }

    /// Stops a key working; false when there is no such key or it was already revoked.
    pub async fn revoke_api_key(&self, id: i64, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let revoked =
                sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                    .bind(Utc::now())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
            let events = if revoked {
                vec![NewEvent::new(EventKind::ApiKeyRevoked, actor).subject(id)]
            } else {
                Vec::new()
            };
            (revoked, events)
        })
    }

    /// Every key, revoked ones too, newest first.
    pub async fn api_keys(&self) -> StoreResult<Vec<ApiKeySummary>> {
        type Row = (
            i64,
            String,
            String,
            String,
            Option<String>,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
        );
        let rows: Vec<Row> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, name, public_id, role, created_at, revoked_at
                 FROM api_keys ORDER BY id DESC",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, kind, name, public_id, role, created_at, revoked_at)| ApiKeySummary {
                    id,
                    kind,
                    name,
                    public_id,
                    role,
                    created_at,
                    revoked_at,
                },
            )
            .collect())
    }

    /// The keys that still work.
    pub async fn live_api_keys(&self) -> StoreResult<Vec<LiveApiKey>> {
        let rows: Vec<LiveRow> = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, kind, public_id, secret, role, name, user_id FROM api_keys WHERE revoked_at IS NULL")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(LiveRow::into_key).collect()
    }
}
