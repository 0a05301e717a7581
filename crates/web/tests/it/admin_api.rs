//! The Admin API as an integrator's script meets it: Ghost's tokens, posts written through the
//! newsroom's workflow as the key's role allows, edit collisions, deletes and image uploads.

use crate::support::{EN_PAIRED, TestApp, eventually, on_both_databases};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dateline_domain::{ApiKeyKind, Role};
use dateline_service::KeyHolder;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

pub(crate) struct AdminKey {
    id: i64,
    public: String,
    secret: String,
}

pub(crate) async fn admin_key(app: &TestApp, role: Role) -> AdminKey {
    let issued = app
        .app
        .service
        .add_api_key(KeyHolder::Operator, ApiKeyKind::Admin(role), "Wire desk script")
        .await
        .expect("an admin key");
    let (public, secret) = issued.text.split_once(':').expect("id:secret");
    AdminKey {
        id: issued.id,
        public: public.to_owned(),
        secret: secret.to_owned(),
    }
}

/// A token as Ghost's admin client signs it, `age` seconds old and good for five minutes.
fn token(kid: &str, secret_hex: &str, audience: &str, age: i64) -> String {
    let now = chrono::Utc::now().timestamp() - age;
    let header = json!({"alg": "HS256", "typ": "JWT", "kid": kid}).to_string();
    let claims = json!({"iat": now, "exp": now + 300, "aud": audience}).to_string();
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let secret: Vec<u8> = (0..secret_hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&secret_hex[at..at + 2], 16).expect("hex"))
        .collect();
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret).expect("a key");
    mac.update(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

impl AdminKey {
    pub(crate) fn authorization(&self) -> String {
        format!("Ghost {}", token(&self.public, &self.secret, "/admin/", 0))
    }
}

/// A request to the Admin API path (`posts/`) with `authorization`; the status and the JSON.
pub(crate) async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    authorization: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app
        .client
        .request(method, format!("{}/ghost/api/admin/{path}", app.base));
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub(crate) fn error_of(json: &Value) -> (String, String) {
    let error = &json["errors"][0];
    (
        error["type"].as_str().unwrap_or_default().to_owned(),
        error["code"].as_str().unwrap_or_default().to_owned(),
    )
}

on_both_databases! {
    async fn admin_tokens_are_checked_as_ghost_checks_them(app: TestApp) {
        let key = admin_key(&app, Role::Editor).await;
        let get = reqwest::Method::GET;
        let (status, json) = call(&app, get.clone(), "posts/", None, None).await;
        assert_eq!((status, error_of(&json).0.as_str()), (403, "NoPermissionError"), "{json}");
        let (status, json) = call(&app, get.clone(), "posts/", Some("Bearer abc"), None).await;
        assert_eq!((status, error_of(&json).1.as_str()), (401, "INVALID_AUTH_HEADER"), "{json}");
        let (status, json) = call(&app, get.clone(), "posts/", Some("Ghost not.a.token"), None).await;
        assert_eq!((status, error_of(&json).1.as_str()), (401, "INVALID_JWT"), "{json}");
        let unknown = format!("Ghost {}", token(&"0".repeat(24), &key.secret, "/admin/", 0));
        let (status, json) = call(&app, get.clone(), "posts/", Some(&unknown), None).await;
        assert_eq!((status, error_of(&json).1.as_str()), (401, "UNKNOWN_ADMIN_API_KEY"), "{json}");
        let forged = format!("Ghost {}", token(&key.public, &"ab".repeat(32), "/admin/", 0));
        let (status, json) = call(&app, get.clone(), "posts/", Some(&forged), None).await;
        assert_eq!((status, error_of(&json).1.as_str()), (401, "INVALID_JWT"), "{json}");
        let stale = format!("Ghost {}", token(&key.public, &key.secret, "/admin/", 600));
        let (status, _) = call(&app, get.clone(), "posts/", Some(&stale), None).await;
        assert_eq!(status, 401, "a token older than five minutes");
        let members = format!("Ghost {}", token(&key.public, &key.secret, "/members/", 0));
        let (status, _) = call(&app, get.clone(), "posts/", Some(&members), None).await;
        assert_eq!(status, 401, "a token for another audience");

        let (status, json) = call(&app, get.clone(), "posts/?limit=3", Some(&key.authorization()), None).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["posts"].as_array().map(Vec::len), Some(3));
        assert!(json["posts"][0]["status"].is_string(), "{json}");

        app.app.service.revoke_api_key(KeyHolder::Operator, key.id).await.expect("revoked");
        let (status, json) = call(&app, get, "posts/", Some(&key.authorization()), None).await;
        assert_eq!((status, error_of(&json).1.as_str()), (401, "UNKNOWN_ADMIN_API_KEY"), "{json}");
    }

    async fn an_editor_key_writes_edits_publishes_and_collides_as_ghost_does(app: TestApp) {
        let key = admin_key(&app, Role::Editor).await;
        let auth = key.authorization();
        let post = json!({"posts": [{
            "title": "Ferry timetable changes from Monday",
            "html": "<p>The <strong>early</strong> crossing moves to 06:10.</p><script>alert(1)</script>",
            "tags": ["Transport"],
            "custom_excerpt": "Commuters gain a later boat in the evening."
        }]});
        let (status, json) = call(&app, reqwest::Method::POST, "posts/?source=html", Some(&auth), Some(post)).await;
        assert_eq!(status, 201, "{json}");
        let created = &json["posts"][0];
        assert_eq!(created["status"], "draft");
        assert_eq!(created["title"], "Ferry timetable changes from Monday");
        assert!(created["html"].as_str().unwrap().contains("<strong>early</strong>"), "{created}");
        assert!(!created["html"].as_str().unwrap().contains("<script"), "{created}");
        assert_eq!(created["tags"][0]["name"], "Transport");
        assert!(created["authors"].as_array().is_some_and(|a| !a.is_empty()), "a byline: {created}");
        let id = created["id"].as_str().unwrap().to_owned();
        let first_copy = created["updated_at"].as_str().unwrap().to_owned();

        // Someone in the newsroom saves first; the script's copy is now stale.
        let edit = |title: &str, updated_at: &str| json!({"posts": [{"title": title, "updated_at": updated_at}]});
        let (status, json) = call(&app, reqwest::Method::PUT, &format!("posts/{id}/"), Some(&auth),
                                  Some(edit("Ferry timetable: early boat moves", &first_copy))).await;
        assert_eq!(status, 200, "{json}");
        let second_copy = json["posts"][0]["updated_at"].as_str().unwrap().to_owned();
        assert_ne!(second_copy, first_copy, "a save changes updated_at");
        let (status, json) = call(&app, reqwest::Method::PUT, &format!("posts/{id}/"), Some(&auth),
                                  Some(edit("A stale title", &first_copy))).await;
        assert_eq!(status, 409, "{json}");
        assert_eq!(error_of(&json).0, "UpdateCollisionError");
        assert_eq!(json["errors"][0]["details"]["changed"], json!(["title"]), "{json}");
        let (_, read) = call(&app, reqwest::Method::GET, &format!("posts/{id}/"), Some(&auth), None).await;
        assert_eq!(read["posts"][0]["title"], "Ferry timetable: early boat moves", "the stale edit lost nothing");

        let publish = json!({"posts": [{"status": "published", "updated_at": second_copy}]});
        let (status, json) = call(&app, reqwest::Method::PUT, &format!("posts/{id}/"), Some(&auth), Some(publish)).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["posts"][0]["status"], "published");
        let url = json["posts"][0]["url"].as_str().unwrap().to_owned();
        let after_scheme = url.find("://").map_or(0, |at| at + 3);
        let path = url[after_scheme..].find('/').map(|at| url[after_scheme + at..].to_owned()).expect("a path");
        eventually(10, "the published story on the site", || {
            let app = &app;
            let path = path.clone();
            async move { app.get(&path).await.body.contains("Ferry timetable: early boat moves") }
        })
        .await;

        let (status, json) = call(&app, reqwest::Method::DELETE, &format!("posts/{id}/"), Some(&auth), None).await;
        assert_eq!(status, 422, "a published story is unpublished, not deleted: {json}");
        let draft = json!({"posts": [{"title": "A draft to throw away", "markdown": "Nothing here."}]});
        let (_, json) = call(&app, reqwest::Method::POST, "posts/", Some(&auth), Some(draft)).await;
        let draft_id = json["posts"][0]["id"].as_str().unwrap().to_owned();
        let (status, _) = call(&app, reqwest::Method::DELETE, &format!("posts/{draft_id}/"), Some(&auth), None).await;
        assert_eq!(status, 204);
        let (status, _) = call(&app, reqwest::Method::GET, &format!("posts/{draft_id}/"), Some(&auth), None).await;
        assert_eq!(status, 404);
    }

    async fn a_contributor_key_writes_drafts_but_does_not_publish(app: TestApp) {
        let key = admin_key(&app, Role::Contributor).await;
        let auth = key.authorization();
        let published = json!({"posts": [{"title": "Straight to the front page", "markdown": "Text.", "status": "published"}]});
        let (status, json) = call(&app, reqwest::Method::POST, "posts/", Some(&auth), Some(published)).await;
        assert_eq!((status, error_of(&json).0.as_str()), (403, "NoPermissionError"), "{json}");
        assert_eq!(app.sql_count("SELECT id FROM articles WHERE headline = 'Straight to the front page'").await, 0);
        let review = json!({"posts": [{"title": "For the desk to look at", "markdown": "Text.", "status": "in_review"}]});
        let (status, json) = call(&app, reqwest::Method::POST, "posts/", Some(&auth), Some(review)).await;
        assert_eq!(status, 201, "{json}");
        assert_eq!(json["posts"][0]["workflow_status"], "in_review");
        assert_eq!(json["posts"][0]["status"], "draft", "Ghost's name for it");
        let own = json["posts"][0]["id"].as_str().expect("an id").to_owned();
        // A contributor's key sees its own work only, as a contributor in the newsroom does.
        let (status, json) = call(&app, reqwest::Method::GET, "posts/?limit=all", Some(&auth), None).await;
        assert_eq!(status, 200, "{json}");
        let listed: Vec<&str> = json["posts"].as_array().expect("posts").iter().filter_map(|post| post["id"].as_str()).collect();
        assert_eq!(listed, vec![own.as_str()], "{json}");
        assert_eq!(json["meta"]["pagination"]["total"], 1);
        let demo_story = dateline_domain::object_id::to_object_id(app.paired_story_id().await);
        let (status, _) = call(&app, reqwest::Method::GET, &format!("posts/{demo_story}/"), Some(&auth), None).await;
        assert_eq!(status, 404, "another's story is not there for it");
        let (status, _) = call(&app, reqwest::Method::GET, &format!("posts/slug/{EN_PAIRED}/"), Some(&auth), None).await;
        assert_eq!(status, 404);
        let (status, _) = call(&app, reqwest::Method::GET, &format!("posts/{own}/"), Some(&auth), None).await;
        assert_eq!(status, 200);
        let editor = admin_key(&app, Role::Editor).await;
        let (status, _) = call(&app, reqwest::Method::GET, &format!("posts/{demo_story}/"), Some(&editor.authorization()), None).await;
        assert_eq!(status, 200, "an editor's key sees every story");
    }

    async fn bad_posts_get_a_validation_error_naming_the_field(app: TestApp) {
        let key = admin_key(&app, Role::Editor).await;
        let auth = key.authorization();
        let bodies = [
            json!({"posts": [{"title": ""}]}),
            json!({"posts": [{"title": 42}]}),
            json!({"posts": []}),
            json!({"posts": [{"title": "Two"}, {"title": "Posts"}]}),
            json!({"posts": [{"title": "No such section", "section": "nowhere"}]}),
            json!({"posts": [{"title": "Unknown author", "authors": [{"id": "ffffffffffffffffffffffff"}]}]}),
            json!({"posts": [{"title": "Lexical only", "lexical": "{}"}]}),
            json!({"posts": [{"title": "Html without source", "html": "<p>x</p>"}]}),
            json!({"posts": [{"title": "Scheduled in the past", "status": "scheduled", "published_at": "2001-01-01T00:00:00.000Z"}]}),
            json!({"posts": [{"title": "Strange status", "status": "sent"}]}),
            json!("not even an object"),
        ];
        for body in bodies {
            let (status, json) = call(&app, reqwest::Method::POST, "posts/?source=", Some(&auth), Some(body.clone())).await;
            assert_eq!((status, error_of(&json).0.as_str()), (422, "ValidationError"), "{body} → {json}");
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/naughty-strings/blns.json");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("the naughty strings at {path}: {e}"));
        let naughty: Vec<String> = serde_json::from_str(&text).expect("a list of strings");
        assert!(naughty.len() > 400, "the whole list");
        for line in &naughty {
            let body = json!({"posts": [{"title": line, "html": line, "tags": [line], "slug": line}]});
            let (status, json) = call(&app, reqwest::Method::POST, "posts/?source=html", Some(&auth), Some(body)).await;
            assert!(status == 201 || status == 422, "{line:?} → {status} {json}");
            if status == 201 {
                assert!(!json["posts"][0]["html"].as_str().unwrap_or_default().contains("<script"), "{line:?}");
            }
        }
    }

    async fn images_upload_into_the_library_and_lead_a_post(app: TestApp) {
        let key = admin_key(&app, Role::Author).await;
        let upload = |alt: Option<&'static str>| {
            let jpeg = crate::media::jpeg_with_location(640, 400);
            let mut form = reqwest::multipart::Form::new()
                .part("file", reqwest::multipart::Part::bytes(jpeg).file_name("quay.jpg").mime_str("image/jpeg").unwrap())
                .text("purpose", "image")
                .text("ref", "quay.jpg");
            if let Some(alt) = alt {
                form = form.text("alt", alt);
            }
            app.client
                .post(format!("{}/ghost/api/admin/images/upload/", app.base))
                .header("authorization", key.authorization())
                .multipart(form)
                .send()
        };
        let response = upload(None).await.expect("answered");
        assert_eq!(response.status().as_u16(), 422, "Dateline asks for alt text");
        let response = upload(Some("Cranes over the new quay")).await.expect("answered");
        assert_eq!(response.status().as_u16(), 201);
        let json: Value = serde_json::from_str(&response.text().await.expect("a body")).expect("json");
        let url = json["images"][0]["url"].as_str().expect("a url").to_owned();
        assert_eq!(json["images"][0]["ref"], "quay.jpg");
        let path = url.find("/media/").map(|at| url[at..].to_owned()).unwrap_or_else(|| panic!("under /media/: {url}"));
        assert_eq!(app.get(&path).await.status, 200, "the picture is served");

        let post = json!({"posts": [{"title": "The quay rises", "markdown": "Work goes on.", "feature_image": url,
                                      "feature_image_caption": "Tuesday morning", "status": "published"}]});
        let (status, json) = call(&app, reqwest::Method::POST, "posts/", Some(&key.authorization()), Some(post)).await;
        assert_eq!(status, 201, "{json}");
        assert_eq!(json["posts"][0]["feature_image"], url.as_str());
        assert_eq!(json["posts"][0]["feature_image_alt"], "Cranes over the new quay", "the library's words");
    }

    async fn comments_are_moderated_and_corrections_appended_through_the_extension(app: TestApp) {
        let article = format!("/article/{EN_PAIRED}");
        let held = app.comment(&article, "Nadia K.", "nadia.k@example.org", "The early ferry suits the market traders.").await;
        let first = TestApp::comment_id(&held);
        let other = app.comment(&article, "Omar T.", "omar.t@example.org", "Will the winter timetable change too?").await;
        let second = TestApp::comment_id(&other);
        let key = admin_key(&app, Role::Editor).await;
        let auth = key.authorization();
        let (status, json) = call(&app, reqwest::Method::GET, "comments/?queue=pending", Some(&auth), None).await;
        assert_eq!(status, 200, "{json}");
        let texts: Vec<&str> = json["comments"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
        assert!(texts.contains(&"The early ferry suits the market traders."), "{json}");
        assert!(!json.to_string().contains("@example.org"), "never an email: {json}");

        let oid = |id: i64| dateline_domain::object_id::to_object_id(id);
        let (status, json) = call(&app, reqwest::Method::POST, &format!("comments/{}/approve/", oid(first)), Some(&auth), None).await;
        assert_eq!((status, json["comments"][0]["status"].as_str()), (200, Some("published")), "{json}");
        let reason = json!({"comments": [{"reason": "Answered in the story"}]});
        let (status, _) = call(&app, reqwest::Method::POST, &format!("comments/{}/reject/", oid(second)), Some(&auth), Some(reason)).await;
        assert_eq!(status, 200);
        let rejected = app.app.store.queue(dateline_store::moderation::Queue::Rejected, 10, 0).await.unwrap();
        assert_eq!(rejected[0].reason.as_deref(), Some("Answered in the story"));
        eventually(10, "the approved comment on the story's page", || async {
            app.get(&article).await.body.contains("The early ferry suits the market traders.")
        })
        .await;

        let (_, read) = call(&app, reqwest::Method::GET, "posts/?limit=100", Some(&auth), None).await;
        let post = read["posts"].as_array().unwrap().iter().find(|p| p["slug"] == EN_PAIRED).expect("the story").clone();
        let id = post["id"].as_str().unwrap();
        let correction = json!({"corrections": [{"text": "The crossing takes 40 minutes, not 30."}]});
        let (status, json) = call(&app, reqwest::Method::POST, &format!("posts/{id}/corrections/"), Some(&auth), Some(correction)).await;
        assert_eq!(status, 201, "{json}");
        assert_eq!(json["posts"][0]["corrections"][0]["text"], "The crossing takes 40 minutes, not 30.");

        let contributor = admin_key(&app, Role::Contributor).await;
        let (status, _) = call(&app, reqwest::Method::GET, "comments/", Some(&contributor.authorization()), None).await;
        assert_eq!(status, 403, "contributors do not moderate");
        let (status, _) = call(&app, reqwest::Method::POST, &format!("comments/{}/approve/", oid(9_999_999)), Some(&auth), None).await;
        assert_eq!(status, 404);
    }

    async fn the_admin_list_of_posts_takes_filters(app: TestApp) {
        let key = admin_key(&app, Role::Editor).await;
        let auth = key.authorization();
        for (title, status) in [("Draft about tides", "draft"), ("Review about tides", "in_review"), ("Published about tides", "published")] {
            let body = json!({"posts": [{"title": title, "markdown": "Words.", "status": status}]});
            let (created, json) = call(&app, reqwest::Method::POST, "posts/", Some(&auth), Some(body)).await;
            assert_eq!(created, 201, "{json}");
        }
        let titles = |json: &Value| -> Vec<String> {
            json["posts"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap().to_owned()).collect()
        };
        let (status, drafts) = call(&app, reqwest::Method::GET, "posts/?limit=100&filter=status:draft%2Btitle:~'tides'", Some(&auth), None).await;
        assert_eq!(status, 200, "{drafts}");
        let mut found = titles(&drafts);
        found.sort();
        assert_eq!(found, ["Draft about tides", "Review about tides"], "Ghost calls both drafts");
        let (_, review) = call(&app, reqwest::Method::GET, "posts/?filter=workflow_status:in_review", Some(&auth), None).await;
        assert_eq!(titles(&review), ["Review about tides"]);
        let (_, published) = call(&app, reqwest::Method::GET, "posts/?limit=100&filter=status:published%2Btitle:~'tides'", Some(&auth), None).await;
        assert_eq!(titles(&published), ["Published about tides"]);
        assert_eq!(published["meta"]["pagination"]["total"], 1);
        let (_, by_title) = call(&app, reqwest::Method::GET, "posts/?filter=title:~'tides'&order=title%20asc", Some(&auth), None).await;
        assert_eq!(titles(&by_title), ["Draft about tides", "Published about tides", "Review about tides"]);
        let (_, reversed) = call(&app, reqwest::Method::GET, "posts/?filter=title:~'tides'&order=title%20desc", Some(&auth), None).await;
        assert_eq!(titles(&reversed), ["Review about tides", "Published about tides", "Draft about tides"]);
        let (status, _) = call(&app, reqwest::Method::GET, "posts/?order=nonsense", Some(&auth), None).await;
        assert_eq!(status, 422);
        let (status, json) = call(&app, reqwest::Method::GET, "posts/?filter=status:%5Bdraft", Some(&auth), None).await;
        assert_eq!((status, error_of(&json).0.as_str()), (400, "BadRequestError"), "{json}");
    }
}
