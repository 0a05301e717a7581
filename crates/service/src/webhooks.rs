//! Webhooks as integrators set them up (through the Admin API, with an admin-role key): an
//! event, an address, and a secret that signs every delivery.

use crate::Service;
use chrono::{DateTime, Utc};
use dateline_domain::{Action, Actor, HookEvent, HookTarget};
use dateline_store::StoreError;
use dateline_store::users::StaffUser;
use dateline_store::webhooks::{Outcome, QueuedDelivery, WebhookError as StoreWebhookError, WebhookFields};

/// The longest name and secret taken.
const MAX_TEXT_CHARS: usize = 200;

/// A hook as an integrator sent it, every field as text.
#[derive(Debug, Clone, Default)]
pub struct WebhookDraft {
    pub event: String,
    pub target_url: String,
    pub name: String,
    pub secret: String,
    pub api_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("only admins manage webhooks")]
    NotAllowed,
    #[error("no such event: {0:?}")]
    UnknownEvent(String),
    #[error(transparent)]
    Target(#[from] dateline_domain::webhook::HookTargetError),
    #[error("a webhook's name and secret are at most {MAX_TEXT_CHARS} characters of one line")]
    TextInvalid,
    #[error("this address is already called for this event")]
    Duplicate,
    #[error("no such webhook")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<StoreWebhookError> for WebhookError {
    fn from(error: StoreWebhookError) -> Self {
        match error {
            StoreWebhookError::NotFound => WebhookError::NotFound,
            StoreWebhookError::Duplicate => WebhookError::Duplicate,
            StoreWebhookError::Store(error) => WebhookError::Store(error),
        }
    }
}

fn allowed(user: &StaffUser) -> Result<Actor, WebhookError> {
    if user.role.can(Action::ManageSiteSettings) {
        Ok(Actor::Member(user.id))
    } else {
        Err(WebhookError::NotAllowed)
    }
}

fn one_line(text: &str) -> Result<&str, WebhookError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS || text.chars().any(char::is_control) {
        return Err(WebhookError::TextInvalid);
    }
    Ok(text)
}

impl Service {
    pub async fn add_webhook(&self, user: &StaffUser, draft: &WebhookDraft) -> Result<i64, WebhookError> {
        let actor = allowed(user)?;
        let event = HookEvent::parse(draft.event.trim())
            .ok_or_else(|| WebhookError::UnknownEvent(draft.event.clone()))?;
        let target = HookTarget::parse(&draft.target_url)?;
        let api_version = match one_line(&draft.api_version)? {
            "" => "v6",
            version => version,
        };
        let fields = WebhookFields {
            event,
            target: &target,
            name: one_line(&draft.name)?,
            secret: one_line(&draft.secret)?,
            api_version,
        };
        let id = self.store().create_webhook(fields, actor).await?;
        self.committed().await;
        Ok(id)
    }

    /// Changes hook `id`: what `draft` leaves empty stays as it was.
    pub async fn edit_webhook(
        &self,
        user: &StaffUser,
        id: i64,
        draft: &WebhookDraft,
    ) -> Result<(), WebhookError> {
        let actor = allowed(user)?;
        let hook = self.store().webhook(id).await?.ok_or(WebhookError::NotFound)?;
        let or_kept = |typed: &str, kept: &str| match typed.trim() {
            "" => kept.to_owned(),
            typed => typed.to_owned(),
        };
        let event_name = or_kept(&draft.event, &hook.event);
        let event = HookEvent::parse(&event_name).ok_or(WebhookError::UnknownEvent(event_name))?;
        let target = HookTarget::parse(&or_kept(&draft.target_url, &hook.target_url))?;
        let name = or_kept(&draft.name, &hook.name);
        let secret = or_kept(&draft.secret, &hook.secret);
        let api_version = or_kept(&draft.api_version, &hook.api_version);
        let fields = WebhookFields {
            event,
            target: &target,
            name: one_line(&name)?,
            secret: one_line(&secret)?,
            api_version: one_line(&api_version)?,
        };
        self.store().update_webhook(id, fields, actor).await?;
        self.committed().await;
        Ok(())
    }

    pub async fn delete_webhook(&self, user: &StaffUser, id: i64) -> Result<(), WebhookError> {
        let actor = allowed(user)?;
        self.store().delete_webhook(id, actor).await?;
        self.committed().await;
        Ok(())
    }

    /// Queues the deliveries the events from `from` to `to` set off, unless another node has
    /// queued them first; whether this call did.
    pub async fn queue_webhook_deliveries(
        &self,
        from: i64,
        to: i64,
        deliveries: &[QueuedDelivery],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.store().queue_deliveries(from, to, deliveries, now).await
    }

    /// Records how a delivery went; a 410 disables its hook, with its event.
    pub async fn record_webhook_delivery(
        &self,
        id: i64,
        webhook_id: i64,
        outcome: Outcome<'_>,
    ) -> Result<(), StoreError> {
        let disables = matches!(outcome, Outcome::Gone);
        self.store().record_delivery(id, webhook_id, outcome).await?;
        if disables {
            self.committed().await;
        }
        Ok(())
    }
}
