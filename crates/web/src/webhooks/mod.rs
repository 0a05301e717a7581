//! Delivering webhooks: every node queues the hook events the store's events set off (each
//! once, past a shared cursor) and delivers what is due, signed, with a timeout, and retried
//! with growing waits from the durable queue until delivered, given up on, or the receiver
//! says 410 Gone (the hook is then disabled).

mod payload;
mod send;

use crate::App;
use chrono::Utc;
use dateline_domain::HookEvent;
use dateline_store::StoreError;
use dateline_store::webhooks::{Outcome, QueuedDelivery};
use std::time::Duration;

/// Events read from the store at a time.
const BATCH: u32 = 200;
/// The longest wait between two tries.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(6 * 60 * 60);

/// How deliveries are made; what a server runs with is [`DeliveryPolicy::standard`].
#[derive(Debug, Clone)]
pub struct DeliveryPolicy {
    /// Whether hooks may call this machine's own loopback addresses (off unless the operator
    /// turns it on, so that a hook cannot be aimed at the node's own private ports).
    pub allow_loopback: bool,
    /// The wait after the first failed try; each next wait is four times longer.
    pub first_retry: Duration,
    /// Tries before a delivery is given up on.
    pub max_attempts: i32,
    /// How long a receiver has to answer.
    pub timeout: Duration,
    /// How often the queue is looked at.
    pub poll: Duration,
}

impl DeliveryPolicy {
    pub fn standard(allow_loopback: bool) -> Self {
        Self {
            allow_loopback,
            first_retry: Duration::from_secs(30),
            max_attempts: 8,
            timeout: Duration::from_secs(10),
            poll: Duration::from_secs(1),
        }
    }

    /// The wait before try number `attempts + 1`.
    fn retry_wait(&self, attempts: i32) -> Duration {
        let exponent = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(16);
        self.first_retry
            .saturating_mul(4u32.saturating_pow(exponent))
            .min(MAX_RETRY_WAIT)
    }
}

/// Queues and delivers webhooks for as long as the server runs.
pub async fn deliver_webhooks(app: App, policy: DeliveryPolicy) {
    loop {
        if let Err(error) = queue_new_events(&app).await {
            tracing::error!(error = format!("{error:#}"), "queueing webhook deliveries");
        }
        if let Err(error) = deliver_due(&app, &policy).await {
            tracing::error!(%error, "delivering webhooks");
        }
        tokio::time::sleep(policy.poll).await;
    }
}

/// Queues the deliveries the events past the shared cursor set off.
async fn queue_new_events(app: &App) -> anyhow::Result<()> {
    loop {
        let from = app.store.webhook_cursor().await?;
        let events = app.store.events_after(from, BATCH).await?;
        let Some(to) = events.last().map(|event| event.id) else {
            return Ok(());
        };
        let hooks: Vec<_> = app
            .store
            .webhooks()
            .await?
            .into_iter()
            .filter(|hook| hook.disabled_at.is_none())
            .collect();
        let mut deliveries = Vec::new();
        if !hooks.is_empty() {
            for event in &events {
                let Some(kind) = event.kind else { continue };
                let story = match event.story_id {
                    Some(id) => app.store.story(id).await?,
                    None => None,
                };
                let published = story.as_ref().is_some_and(|story| story.status == "published");
                for fired in HookEvent::set_off_by(kind, published) {
                    let listening: Vec<i64> = hooks
                        .iter()
                        .filter(|hook| hook.event == fired.name() && hook.after_event_id < event.id)
                        .map(|hook| hook.id)
                        .collect();
                    if listening.is_empty() {
                        continue;
                    }
                    let body = payload::body(app, fired, event, story.as_ref()).await?;
                    deliveries.extend(listening.into_iter().map(|webhook_id| QueuedDelivery {
                        webhook_id,
                        event_id: event.id,
                        body: body.clone(),
                    }));
                }
            }
        }
        // Another node that moved the cursor first queued the same deliveries.
        app.store
            .queue_deliveries(from, to, &deliveries, Utc::now())
            .await?;
        if events.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// Delivers every delivery due now, one at a time.
async fn deliver_due(app: &App, policy: &DeliveryPolicy) -> Result<(), StoreError> {
    loop {
        let now = Utc::now();
        // The claim outlasts the timeout: a node that dies mid-delivery leaves it to another.
        let claim = chrono::Duration::from_std(policy.timeout * 3).unwrap_or(chrono::Duration::MAX);
        let Some(delivery) = app.store.claim_delivery(now, now + claim).await? else {
            return Ok(());
        };
        let answer = send::send(&delivery, policy).await;
        let retry_at = || {
            (delivery.attempts < policy.max_attempts).then(|| {
                Utc::now()
                    + chrono::Duration::from_std(policy.retry_wait(delivery.attempts))
                        .unwrap_or(chrono::Duration::MAX)
            })
        };
        let outcome = match &answer {
            Ok(410) => Outcome::Gone,
            Ok(status) if (200..300).contains(status) => Outcome::Delivered { status: *status },
            Ok(status) => Outcome::Failed {
                status: Some(*status),
                error: "the receiver did not answer 2xx",
                retry_at: retry_at(),
            },
            Err(error) => Outcome::Failed {
                status: None,
                error,
                retry_at: retry_at(),
            },
        };
        tracing::info!(
            webhook = delivery.webhook_id,
            event = delivery.event,
            attempt = delivery.attempts,
            answer = ?answer,
            "webhook delivery"
        );
        app.service
            .record_webhook_delivery(delivery.id, delivery.webhook_id, outcome)
            .await?;
    }
}

#[cfg(test)]
mod tests {
    use super::DeliveryPolicy;
    use std::time::Duration;

    #[test]
    fn waits_grow_fourfold_up_to_six_hours() {
        let policy = DeliveryPolicy::standard(false);
        assert_eq!(policy.retry_wait(1), Duration::from_secs(30));
        assert_eq!(policy.retry_wait(2), Duration::from_secs(120));
        assert_eq!(policy.retry_wait(3), Duration::from_secs(480));
        assert_eq!(policy.retry_wait(40), Duration::from_secs(6 * 60 * 60));
    }
}
