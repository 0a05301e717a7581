//! Webhooks as an integrator meets them: set up through the Admin API, delivered to a real
//! receiver on loopback, signed, retried after a failure, delivered by another node after the
//! first stopped, disabled by a 410, and kept off loopback unless the operator allows it.

use crate::admin_api::{admin_key, call, error_of};
use crate::support::{TestApp, eventually, on_both_databases};
use axum::http::{HeaderMap, StatusCode};
use dateline_domain::Role;
use dateline_web::DeliveryPolicy;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request a receiver got: its signature header, its body, and the status it answered.
type Received = (Option<String>, String, u16);

/// What a receiver got, and what it answers.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    answer: Arc<AtomicU16>,
}

impl Receiver {
    /// A receiver on 127.0.0.1 answering `status` until told otherwise; its address.
    async fn start(status: u16) -> (Self, String) {
        let receiver = Receiver::default();
        receiver.answer.store(status, Ordering::SeqCst);
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    let status = state.answer.load(Ordering::SeqCst);
                    let signature = headers
                        .get("x-ghost-signature")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    state.got.lock().unwrap().push((signature, body, status));
                    StatusCode::from_u16(status).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let address = listener.local_addr().expect("bound");
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, format!("http://{address}/hook"))
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

fn quick(allow_loopback: bool) -> DeliveryPolicy {
    DeliveryPolicy {
        allow_loopback,
        first_retry: Duration::from_millis(200),
        max_attempts: 5,
        timeout: Duration::from_secs(2),
        poll: Duration::from_millis(20),
    }
}

async fn add_hook(app: &TestApp, auth: &str, event: &str, target: &str, secret: &str) -> String {
    let body =
        json!({"webhooks": [{"event": event, "target_url": target, "secret": secret, "name": "Rebuild"}]});
    let (status, json) = call(app, reqwest::Method::POST, "webhooks/", Some(auth), Some(body)).await;
    assert_eq!(status, 201, "{json}");
    json["webhooks"][0]["id"].as_str().expect("an id").to_owned()
}

async fn publish(app: &TestApp, auth: &str, title: &str) {
    let body = json!({"posts": [{"title": title, "markdown": "Words.", "status": "published"}]});
    let (status, json) = call(app, reqwest::Method::POST, "posts/", Some(auth), Some(body)).await;
    assert_eq!(status, 201, "{json}");
}

/// Whether `signature` (`sha256=<hex>, t=<ms>`) is the HMAC of `body` then the time.
fn signed_by(secret: &str, signature: &str, body: &str) -> bool {
    let Some((hash, time)) = signature.split_once(", t=") else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    mac.update(time.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hash == format!("sha256={hex}")
}

on_both_databases! {
    async fn deliveries_are_signed_retried_and_outlive_the_node_that_queued_them(app: TestApp) {
        let key = admin_key(&app, Role::Admin).await;
        let (receiver, target) = Receiver::start(500).await;
        add_hook(&app, &key.authorization(), "post.published", &target, "s3cret").await;
        let first = tokio::spawn(dateline_web::deliver_webhooks(app.app.clone(), quick(true)));
        publish(&app, &key.authorization(), "Harbour lights switched on").await;
        eventually(20, "a failed try and its retry", || async { receiver.got().len() >= 2 }).await;
        first.abort();
        let _ = first.await;
        assert_eq!(app.app.store.pending_deliveries().await.unwrap(), 1, "kept for a later try");

        // The first node is gone; another delivers once the receiver is back.
        receiver.answer.store(200, Ordering::SeqCst);
        let other = app.another_node(None).await;
        let second = tokio::spawn(dateline_web::deliver_webhooks(other.app.clone(), quick(true)));
        eventually(30, "the delivery after the receiver came back, recorded", || async {
            receiver.got().last().is_some_and(|(_, _, status)| *status == 200)
                && app.app.store.pending_deliveries().await.unwrap() == 0
        })
        .await;
        second.abort();
        let got = receiver.got();
        let (signature, body, _) = got.last().unwrap();
        assert!(signed_by("s3cret", signature.as_deref().expect("signed"), body), "{signature:?}");
        let body: Value = serde_json::from_str(body).expect("json");
        assert_eq!(body["post"]["current"]["title"], "Harbour lights switched on");
        assert_eq!(body["post"]["current"]["status"], "published");
        assert!(got.iter().all(|(_, b, _)| b == got[0].1.as_str()), "every try carries the same body");
        let hook = app.app.store.webhooks().await.unwrap().remove(0);
        assert_eq!(hook.last_triggered_status.as_deref(), Some("200"));
    }

    async fn a_gone_receiver_disables_its_hook(app: TestApp) {
        let key = admin_key(&app, Role::Admin).await;
        let (receiver, target) = Receiver::start(410).await;
        add_hook(&app, &key.authorization(), "site.changed", &target, "").await;
        let worker = tokio::spawn(dateline_web::deliver_webhooks(app.app.clone(), quick(true)));
        publish(&app, &key.authorization(), "Tide tables for the week").await;
        eventually(20, "the hook disabled", || async {
            app.app.store.webhooks().await.unwrap()[0].disabled_at.is_some()
        })
        .await;
        publish(&app, &key.authorization(), "Another change after the hook went").await;
        let last = app.app.store.last_event_id().await.unwrap();
        eventually(20, "the later events looked at, and nothing left to deliver", || async {
            app.app.store.webhook_cursor().await.unwrap() >= last
                && app.app.store.pending_deliveries().await.unwrap() == 0
        })
        .await;
        worker.abort();
        let got = receiver.got();
        assert_eq!(got.len(), 1, "called once, then never again");
        assert_eq!(got[0].0, None, "no secret, no signature");
    }

    async fn hooks_never_call_loopback_unless_the_operator_allows_it(app: TestApp) {
        let key = admin_key(&app, Role::Admin).await;
        let (receiver, target) = Receiver::start(200).await;
        add_hook(&app, &key.authorization(), "post.published", &target, "").await;
        let worker = tokio::spawn(dateline_web::deliver_webhooks(app.app.clone(), quick(false)));
        publish(&app, &key.authorization(), "Ferry strike called off").await;
        eventually(20, "the refusal recorded on the hook", || async {
            app.app.store.webhooks().await.unwrap()[0]
                .last_triggered_error
                .as_deref()
                .is_some_and(|error| error.contains("own address"))
        })
        .await;
        worker.abort();
        assert!(receiver.got().is_empty(), "nothing reached the loopback receiver");
        let admin = app.signed_in("ada", Role::Admin).await;
        let page = app.get_with("/newsroom/keys", &[("cookie", &admin.cookie)]).await;
        let rows = page.texts(".webhooks-table tbody tr");
        assert!(rows.iter().any(|row| row.contains("post.published") && row.contains("own address")), "{rows:?}");
    }

    async fn webhooks_are_managed_by_admin_keys_with_clear_refusals(app: TestApp) {
        let key = admin_key(&app, Role::Admin).await;
        let auth = key.authorization();
        let id = add_hook(&app, &auth, "post.published", "https://hooks.example.org/a", "x").await;
        let refusals = [
            json!({"webhooks": [{"event": "post.exploded", "target_url": "https://hooks.example.org/b"}]}),
            json!({"webhooks": [{"event": "post.published", "target_url": "ftp://hooks.example.org/"}]}),
            json!({"webhooks": [{"event": "post.published", "target_url": "https://hooks.example.org/a"}]}),
            json!({"webhooks": []}),
            json!({"nothing": true}),
        ];
        for body in refusals {
            let (status, json) = call(&app, reqwest::Method::POST, "webhooks/", Some(&auth), Some(body.clone())).await;
            assert_eq!((status, error_of(&json).0.as_str()), (422, "ValidationError"), "{body} → {json}");
        }
        let editor = admin_key(&app, Role::Editor).await;
        let body = json!({"webhooks": [{"event": "site.changed", "target_url": "https://hooks.example.org/c"}]});
        let (status, _) = call(&app, reqwest::Method::POST, "webhooks/", Some(&editor.authorization()), Some(body)).await;
        assert_eq!(status, 403, "webhooks take an admin key");

        let rename = json!({"webhooks": [{"name": "Static rebuild"}]});
        let (status, json) = call(&app, reqwest::Method::PUT, &format!("webhooks/{id}/"), Some(&auth), Some(rename)).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["webhooks"][0]["name"], "Static rebuild");
        assert_eq!(json["webhooks"][0]["target_url"], "https://hooks.example.org/a", "kept");
        let (status, _) = call(&app, reqwest::Method::DELETE, &format!("webhooks/{id}/"), Some(&auth), None).await;
        assert_eq!(status, 204);
        let (status, _) = call(&app, reqwest::Method::DELETE, &format!("webhooks/{id}/"), Some(&auth), None).await;
        assert_eq!(status, 404);
    }
}
