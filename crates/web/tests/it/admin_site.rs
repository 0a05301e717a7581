//! The Admin API's static pages, tags and users, as an integrator's script keeps them: through
//! the newsroom's own rules, with what readers see following each change.

use crate::admin_api::{admin_key, call, error_of};
use crate::support::{TestApp, eventually, on_both_databases};
use dateline_domain::Role;
use reqwest::Method;
use serde_json::{Value, json};

/// Waits until the site's page at `path` does (or does not) contain `text`.
async fn site_shows(app: &TestApp, path: &str, text: &str, shown: bool) {
    eventually(10, &format!("{path} showing {text:?}: {shown}"), || async move {
        let page = app.get(path).await;
        page.body.contains(text) == shown
    })
    .await;
}

fn first(json: &Value, resource: &str) -> Value {
    json[resource][0].clone()
}

on_both_databases! {
    async fn static_pages_are_added_edited_and_deleted_through_the_admin_api(app: TestApp) {
        let auth = admin_key(&app, Role::Editor).await.authorization();
        let page = json!({"pages": [{
            "title": "How we correct",
            "html": "<p>We correct <em>openly</em>, at the foot of the story.</p><script>alert(1)</script>",
        }]});
        let (status, json) = call(&app, Method::POST, "pages/?source=html", Some(&auth), Some(page)).await;
        assert_eq!(status, 201, "{json}");
        let added = first(&json, "pages");
        assert_eq!((added["slug"].as_str(), added["status"].as_str()), (Some("how-we-correct"), Some("published")));
        assert_eq!(added["edition"], "en");
        assert!(added["markdown"].as_str().unwrap().contains("*openly*"), "{added}");
        assert!(!added["html"].as_str().unwrap().contains("<script"), "{added}");
        let id = added["id"].as_str().unwrap().to_owned();
        site_shows(&app, "/page/how-we-correct", "at the foot of the story", true).await;

        let (status, json) = call(&app, Method::GET, "pages/slug/how-we-correct/", Some(&auth), None).await;
        assert_eq!((status, first(&json, "pages")["id"].as_str()), (200, Some(id.as_str())), "{json}");
        let (_, json) = call(&app, Method::GET, "pages/?limit=50", Some(&auth), None).await;
        let slugs: Vec<&str> = json["pages"].as_array().unwrap().iter().filter_map(|p| p["slug"].as_str()).collect();
        assert!(slugs.contains(&"how-we-correct") && slugs.contains(&"about"), "{slugs:?}");

        let untitled = json!({"pages": [{"markdown": "Words without a title."}]});
        let (status, json) = call(&app, Method::POST, "pages/", Some(&auth), Some(untitled)).await;
        assert_eq!(status, 422, "{json}");
        assert!(json["errors"][0]["context"].as_str().unwrap_or_default().starts_with("title"), "the field named: {json}");
        let again = json!({"pages": [{"title": "Another", "slug": "how-we-correct", "markdown": "Two of one."}]});
        let (status, json) = call(&app, Method::POST, "pages/", Some(&auth), Some(again)).await;
        assert_eq!(status, 422, "one page per slug and edition: {json}");

        let copy = added["updated_at"].as_str().unwrap().to_owned();
        let edit = |title: &str, at: &str| json!({"pages": [{"title": title, "updated_at": at}]});
        let (status, json) = call(&app, Method::PUT, &format!("pages/{id}/"), Some(&auth), Some(edit("How and when we correct", &copy))).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(first(&json, "pages")["title"], "How and when we correct");
        assert!(first(&json, "pages")["markdown"].as_str().unwrap().contains("openly"), "the text left alone");
        let (status, json) = call(&app, Method::PUT, &format!("pages/{id}/"), Some(&auth), Some(edit("A stale title", &copy))).await;
        assert_eq!((status, error_of(&json).0.as_str()), (409, "UpdateCollisionError"), "{json}");
        site_shows(&app, "/page/how-we-correct", "How and when we correct", true).await;
        let (_, json) = call(&app, Method::GET, &format!("pages/{id}/"), Some(&auth), None).await;
        let fresh = first(&json, "pages")["updated_at"].as_str().unwrap().to_owned();
        let moved = json!({"pages": [{"slug": "elsewhere", "updated_at": fresh}]});
        let (status, _) = call(&app, Method::PUT, &format!("pages/{id}/"), Some(&auth), Some(moved)).await;
        assert_eq!(status, 422, "a page keeps its address");

        let contributor = admin_key(&app, Role::Contributor).await.authorization();
        let (status, _) = call(&app, Method::DELETE, &format!("pages/{id}/"), Some(&contributor), None).await;
        assert_eq!(status, 403, "a contributor's key keeps no pages");
        let (_, json) = call(&app, Method::GET, "pages/slug/about/", Some(&auth), None).await;
        let about = first(&json, "pages")["id"].as_str().unwrap().to_owned();
        let (status, json) = call(&app, Method::DELETE, &format!("pages/{about}/"), Some(&auth), None).await;
        assert_eq!(status, 422, "every page links to About: {json}");
        let (status, _) = call(&app, Method::DELETE, &format!("pages/{id}/"), Some(&auth), None).await;
        assert_eq!(status, 204);
        let (status, _) = call(&app, Method::GET, &format!("pages/{id}/"), Some(&auth), None).await;
        assert_eq!(status, 404);
        eventually(10, "the deleted page gone from the site", || async {
            app.get("/page/how-we-correct").await.status == 404
        })
        .await;
        for kind in ["page.added", "page.saved", "page.deleted"] {
            let recorded = app.sql_count(&format!("SELECT id FROM events WHERE kind = '{kind}'")).await;
            assert!(recorded >= 1, "{kind} is recorded");
        }
    }

    async fn tags_and_authors_are_kept_through_the_admin_api(app: TestApp) {
        let auth = admin_key(&app, Role::Editor).await.authorization();
        let tag = json!({"tags": [{"name": "Harbour works"}]});
        let (status, json) = call(&app, Method::POST, "tags/", Some(&auth), Some(tag.clone())).await;
        assert_eq!(status, 201, "{json}");
        let added = first(&json, "tags");
        assert_eq!((added["slug"].as_str(), added["count"]["posts"].as_i64()), (Some("harbour-works"), Some(0)));
        let (status, _) = call(&app, Method::POST, "tags/", Some(&auth), Some(tag)).await;
        assert_eq!(status, 422, "the edition has that tag already");
        let (_, json) = call(&app, Method::GET, "tags/?limit=100&filter=slug:harbour-works", Some(&auth), None).await;
        assert_eq!(json["tags"].as_array().map(Vec::len), Some(1), "the newsroom sees tags on no story: {json}");

        let id = added["id"].as_str().unwrap().to_owned();
        let rename = json!({"tags": [{"name": "Harbour and quays"}]});
        let (status, json) = call(&app, Method::PUT, &format!("tags/{id}/"), Some(&auth), Some(rename)).await;
        assert_eq!((status, first(&json, "tags")["name"].as_str()), (200, Some("Harbour and quays")), "{json}");
        let moved = json!({"tags": [{"slug": "quays"}]});
        let (status, _) = call(&app, Method::PUT, &format!("tags/{id}/"), Some(&auth), Some(moved)).await;
        assert_eq!(status, 422, "a tag keeps its address");

        // Deleting a tag takes it off its story, whose page follows.
        let story = "/article/sahl-valley-marathon-draws-record-field";
        site_shows(&app, story, "/tag/running", true).await;
        let (status, json) = call(&app, Method::GET, "tags/slug/running/", Some(&auth), None).await;
        assert_eq!((status, first(&json, "tags")["count"]["posts"].as_i64()), (200, Some(1)), "{json}");
        let running = first(&json, "tags")["id"].as_str().unwrap().to_owned();
        let (status, _) = call(&app, Method::DELETE, &format!("tags/{running}/"), Some(&auth), None).await;
        assert_eq!(status, 204);
        let (status, _) = call(&app, Method::GET, &format!("tags/{running}/"), Some(&auth), None).await;
        assert_eq!(status, 404);
        site_shows(&app, story, "/tag/running", false).await;
        assert_eq!(app.sql_count("SELECT id FROM events WHERE kind = 'story.tag_removed'").await, 1);
        let contributor = admin_key(&app, Role::Contributor).await.authorization();
        let (status, _) = call(&app, Method::DELETE, &format!("tags/{id}/"), Some(&contributor), None).await;
        assert_eq!(status, 403, "a contributor's key keeps no tags");

        // Ghost's users are Dateline's bylines.
        let (status, json) = call(&app, Method::GET, "users/?limit=100", Some(&auth), None).await;
        assert_eq!(status, 200, "{json}");
        let layla = json["users"].as_array().unwrap().iter().find(|u| u["slug"] == "layla-haddad").cloned().expect("Layla");
        assert!(layla["count"]["posts"].as_i64().unwrap() > 0, "{layla}");
        assert!(layla.get("email").is_none(), "{layla}");
        let user = layla["id"].as_str().unwrap();
        let bio = json!({"users": [{"bio": "Layla Haddad covers transport and city hall in Wadi Sahl."}]});
        let (status, json) = call(&app, Method::PUT, &format!("users/{user}/"), Some(&auth), Some(bio)).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(first(&json, "users")["name"], "Layla Haddad", "the name left alone");
        assert_eq!(first(&json, "users")["profile_image"], layla["profile_image"], "the portrait left alone");
        site_shows(&app, "/author/layla-haddad", "covers transport and city hall", true).await;
        let (status, json) = call(&app, Method::GET, "users/slug/layla-haddad/", Some(&auth), None).await;
        assert_eq!((status, first(&json, "users")["id"].as_str()), (200, Some(user)), "{json}");
    }
}
