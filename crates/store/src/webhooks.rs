//! Webhooks, and the durable queue of their deliveries. Hooks are made, changed and removed
//! with their events; the queue is filled from the events table past a shared cursor, so that
//! however many nodes fill it, each event is queued once per hook, and is emptied by claims
//! that run out, so that a node dying mid-delivery leaves the delivery to another.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, HookEvent, HookTarget, NewEvent};
use serde::Serialize;

/// A hook as it is listed and delivered to.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Webhook {
    pub id: i64,
    pub event: String,
    pub target_url: String,
    pub name: String,
    #[serde(skip)]
    pub secret: String,
    pub api_version: String,
    /// The hook hears the events after this one: none from before it was made.
    #[serde(skip)]
    pub after_event_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub last_triggered_at: Option<DateTime<Utc>>,
    pub last_triggered_status: Option<String>,
    pub last_triggered_error: Option<String>,
}

/// What a hook is made or changed with.
pub struct WebhookFields<'a> {
    pub event: HookEvent,
    pub target: &'a HookTarget,
    pub name: &'a str,
    pub secret: &'a str,
    pub api_version: &'a str,
}

/// Why a hook was not written.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("no such webhook")]
    NotFound,
    /// Another hook calls the same address for the same event.
    #[error("this address is already called for this event")]
    Duplicate,
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

impl WebhookError {
    fn from_write(error: crate::StoreError) -> Self {
        if error.is_unique_violation() {
            WebhookError::Duplicate
        } else {
            WebhookError::Store(error)
        }
    }
}

/// A delivery to make: one event's body for one hook.
pub struct QueuedDelivery {
    pub webhook_id: i64,
    pub event_id: i64,
    pub body: String,
}

/// A delivery this node has claimed, with where it goes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub webhook_id: i64,
    pub body: String,
    /// Tries so far, this one included.
    pub attempts: i32,
    pub event: String,
    pub target_url: String,
    pub secret: String,
}

/// How a delivery went.
pub enum Outcome<'a> {
    Delivered {
        status: u16,
    },
    /// Not delivered; tried again at `retry_at`, or given up on without one.
    Failed {
        status: Option<u16>,
        error: &'a str,
        retry_at: Option<DateTime<Utc>>,
    },
    /// The receiver answered 410 Gone: the hook is disabled.
    Gone,
}

const WEBHOOK_COLUMNS: &str = "SELECT id, event, target_url, name, secret, api_version, after_event_id, created_at, updated_at, disabled_at,
        last_triggered_at, last_triggered_status, last_triggered_error FROM webhooks";

impl Store {
    pub async fn create_webhook(&self, hook: WebhookFields<'_>, actor: Actor) -> Result<i64, WebhookError> {
        let now = Utc::now();
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO webhooks (event, target_url, name, secret, api_version, created_at, updated_at, after_event_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $6, (SELECT COALESCE(MAX(id), 0) FROM events)) RETURNING id",
            )
            .bind(hook.event.name())
            .bind(hook.target.as_str())
            .bind(hook.name)
            .bind(hook.secret)
            .bind(hook.api_version)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            (id, vec![NewEvent::new(EventKind::WebhookAdded, actor).subject(id)])
        })
        .map_err(WebhookError::from_write)
    }

    /// Changes a hook; one disabled by a 410 is enabled again.
    pub async fn update_webhook(
        &self,
        id: i64,
        hook: WebhookFields<'_>,
        actor: Actor,
    ) -> Result<(), WebhookError> {
        let changed = write_with_events!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE webhooks SET event = $2, target_url = $3, name = $4, secret = $5, api_version = $6,
                        updated_at = $7, disabled_at = NULL
                 WHERE id = $1",
            )
            .bind(id)
            .bind(hook.event.name())
            .bind(hook.target.as_str())
            .bind(hook.name)
            .bind(hook.secret)
            .bind(hook.api_version)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            let events = if changed {
                vec![NewEvent::new(EventKind::WebhookEdited, actor).subject(id)]
            } else {
                Vec::new()
            };
            (changed, events)
        })
        .map_err(WebhookError::from_write)?;
        if changed {
            Ok(())
        } else {
            Err(WebhookError::NotFound)
        }
    }

    /// Removes a hook and the deliveries still queued for it.
    pub async fn delete_webhook(&self, id: i64, actor: Actor) -> Result<(), WebhookError> {
        let deleted = write_with_events!(self, |tx| {
            let deleted = sqlx::query("DELETE FROM webhooks WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            let events = if deleted {
                vec![NewEvent::new(EventKind::WebhookDeleted, actor).subject(id)]
            } else {
                Vec::new()
            };
            (deleted, events)
        })?;
        if deleted {
            Ok(())
        } else {
            Err(WebhookError::NotFound)
        }
    }

    pub async fn webhook(&self, id: i64) -> StoreResult<Option<Webhook>> {
        let query = format!("{WEBHOOK_COLUMNS} WHERE id = $1");
        Ok(on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(query.clone()))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Every hook, the newest first.
    pub async fn webhooks(&self) -> StoreResult<Vec<Webhook>> {
        let query = format!("{WEBHOOK_COLUMNS} ORDER BY id DESC");
        Ok(on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(query.clone()))
                .fetch_all(pool)
                .await?
        }))
    }

    /// The last event whose deliveries are queued.
    pub async fn webhook_cursor(&self) -> StoreResult<i64> {
        let row: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT last_event_id FROM event_cursors WHERE name = 'webhooks'")
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map_or(0, |(id,)| id))
    }

    /// Queues `deliveries` and moves the cursor from `from` to `to`, unless another node moved
    /// it first (then nothing is queued here, and false is returned).
    pub async fn queue_deliveries(
        &self,
        from: i64,
        to: i64,
        deliveries: &[QueuedDelivery],
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let moved = sqlx::query(
                "UPDATE event_cursors SET last_event_id = $2 WHERE name = 'webhooks' AND last_event_id = $1",
            )
            .bind(from)
            .bind(to)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if moved {
                for delivery in deliveries {
                    sqlx::query(
                        "INSERT INTO webhook_deliveries (webhook_id, event_id, body, next_attempt_at)
                         VALUES ($1, $2, $3, $4) ON CONFLICT (webhook_id, event_id) DO NOTHING",
                    )
                    .bind(delivery.webhook_id)
                    .bind(delivery.event_id)
                    .bind(&delivery.body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            (moved, Vec::new())
        })
    }

    /// Claims the oldest delivery due at `now` until `claim_until`, counting the try.
    pub async fn claim_delivery(
        &self,
        now: DateTime<Utc>,
        claim_until: DateTime<Utc>,
    ) -> StoreResult<Option<ClaimedDelivery>> {
        let claimed: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "UPDATE webhook_deliveries SET next_attempt_at = $2, attempts = attempts + 1
                 WHERE id = (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                             WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= $1
                               AND w.disabled_at IS NULL
                             ORDER BY d.id LIMIT 1)
                   AND next_attempt_at <= $1
                 RETURNING id",
            )
            .bind(now)
            .bind(claim_until)
            .fetch_optional(pool)
            .await?
        });
        let Some((id,)) = claimed else { return Ok(None) };
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT d.id, d.webhook_id, d.body, d.attempts, w.event, w.target_url, w.secret
                 FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Records how delivery `id` of hook `webhook_id` went, on the delivery and on the hook.
    pub async fn record_delivery(&self, id: i64, webhook_id: i64, outcome: Outcome<'_>) -> StoreResult<()> {
        let now = Utc::now();
        let (status, error) = match &outcome {
            Outcome::Delivered { status } => (Some(status.to_string()), None),
            Outcome::Failed { status, error, .. } => {
                (status.map(|s| s.to_string()), Some((*error).to_owned()))
            }
            Outcome::Gone => (
                Some("410".to_owned()),
                Some("the receiver answered 410 Gone".to_owned()),
            ),
        };
        write_with_events!(self, |tx| {
            match &outcome {
                Outcome::Delivered { .. } => {
                    sqlx::query("UPDATE webhook_deliveries SET delivered_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                Outcome::Failed {
                    retry_at: Some(at), ..
                } => {
                    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(*at)
                        .execute(&mut *tx)
                        .await?;
                }
                Outcome::Failed { retry_at: None, .. } | Outcome::Gone => {
                    sqlx::query("UPDATE webhook_deliveries SET given_up_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let gone = matches!(outcome, Outcome::Gone);
            sqlx::query(
                "UPDATE webhooks SET last_triggered_at = $2, last_triggered_status = $3, last_triggered_error = $4,
                        disabled_at = CASE WHEN $5 THEN $2 ELSE disabled_at END
                 WHERE id = $1",
            )
            .bind(webhook_id)
            .bind(now)
            .bind(status)
            .bind(error)
            .bind(gone)
            .execute(&mut *tx)
            .await?;
            let events = if gone {
                vec![NewEvent::new(EventKind::WebhookDisabled, Actor::System).subject(webhook_id)]
            } else {
                Vec::new()
            };
            ((), events)
        })
    }

    /// Deliveries not yet made nor given up on, for the operator's eyes and the tests.
    pub async fn pending_deliveries(&self) -> StoreResult<i64> {
        let (count,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL AND given_up_at IS NULL",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(count)
    }
}
