//! The Content API as an integrator meets it: Ghost's URLs, keys, JSON shapes, pagination,
//! errors and headers, over the demo newsroom.

use crate::support::{AR_PAIRED, EN_PAIRED, TestApp, on_both_databases};
use dateline_domain::ApiKeyKind;
use dateline_service::KeyHolder;
use serde_json::Value;

async fn content_key(app: &TestApp) -> String {
    let key = app
        .app
        .service
        .add_api_key(KeyHolder::Operator, ApiKeyKind::Content, "Front-end")
        .await;
    key.expect("a content key").text
}

/// GET of a Content API path (`posts/?limit=2`) with `key`, naming the version as Ghost's
/// client does: the status and the JSON.
async fn api(app: &TestApp, path_and_query: &str, key: &str) -> (u16, Value, crate::support::Page) {
    let separator = if path_and_query.contains('?') { '&' } else { '?' };
    let page = app
        .get_with(
            &format!("/ghost/api/content/{path_and_query}{separator}key={key}"),
            &[("accept-version", "v6.0")],
        )
        .await;
    let json = serde_json::from_str(&page.body).unwrap_or(Value::Null);
    (page.status, json, page)
}

fn error_of(json: &Value) -> (&str, &str, &str) {
    let error = &json["errors"][0];
    (
        error["type"].as_str().unwrap_or_default(),
        error["message"].as_str().unwrap_or_default(),
        error["context"].as_str().unwrap_or_default(),
    )
}

on_both_databases! {
    async fn posts_are_listed_and_read_in_ghosts_shapes(app: TestApp) {
        let key = content_key(&app).await;
        let (status, json, page) = api(&app, "posts/?include=tags,authors", &key).await;
        assert_eq!(status, 200, "{}", page.body);
        assert_eq!(page.header("content-version"), "v6.0");
        assert_eq!(page.header("access-control-allow-origin"), "*");
        let posts = json["posts"].as_array().expect("posts");
        assert_eq!(posts.len(), 15, "Ghost's default page size");
        let pagination = &json["meta"]["pagination"];
        assert_eq!((pagination["page"].as_i64(), pagination["limit"].as_i64()), (Some(1), Some(15)));
        assert_eq!(pagination["prev"], Value::Null);
        let total = pagination["total"].as_i64().expect("total");
        assert!(total > 15, "the demo has more than one page: {pagination}");
        assert_eq!(pagination["next"].as_i64(), Some(2));
        let first = &posts[0];
        for key in ["id", "uuid", "title", "slug", "html", "feature_image", "featured", "visibility", "created_at",
                    "updated_at", "published_at", "custom_excerpt", "url", "excerpt", "reading_time", "tags",
                    "authors", "primary_tag", "primary_author", "meta_title", "og_image", "edition", "section"] {
            assert!(first.get(key).is_some(), "posts carry {key}: {first}");
        }
        assert_eq!(first["id"].as_str().map(str::len), Some(24));
        assert!(first["published_at"].as_str().unwrap().ends_with("+00:00"));
        assert!(first["url"].as_str().unwrap().starts_with("http"), "absolute: {}", first["url"]);
        let newest_first: Vec<&str> = posts.iter().map(|p| p["published_at"].as_str().unwrap()).collect();
        assert!(newest_first.windows(2).all(|w| w[0] >= w[1]), "newest first: {newest_first:?}");
        assert!(!page.body.contains("@example"), "no commenter's email in the API");

        let (status, by_slug, page) = api(&app, &format!("posts/slug/{EN_PAIRED}/"), &key).await;
        assert_eq!(status, 200, "{}", page.body);
        assert!(by_slug.get("meta").is_none(), "a read has no meta: the clients rely on it");
        let post = &by_slug["posts"][0];
        assert_eq!(post["slug"], EN_PAIRED);
        assert_eq!(post["translation"]["edition"], "ar");
        assert!(post.get("tags").is_none(), "relations only when included");
        let id = post["id"].as_str().unwrap();
        let (_, by_id, _) = api(&app, &format!("posts/{id}/"), &key).await;
        assert_eq!(by_id["posts"][0]["title"], post["title"]);
        assert_eq!(by_id["posts"][0]["uuid"], post["uuid"], "a story's uuid is stable");

        let (_, arabic, _) = api(&app, &format!("posts/slug/{}/?edition=ar", urlencoding(AR_PAIRED)), &key).await;
        assert_eq!(arabic["posts"][0]["edition"], "ar");
        let (_, only_ar, _) = api(&app, "posts/?edition=ar&limit=all", &key).await;
        assert!(only_ar["posts"].as_array().unwrap().iter().all(|p| p["edition"] == "ar"));
    }

    async fn pages_fields_formats_and_orders_are_as_ghosts(app: TestApp) {
        let key = content_key(&app).await;
        let (_, all, _) = api(&app, "posts/?limit=all", &key).await;
        let total = all["meta"]["pagination"]["total"].as_i64().unwrap();
        assert_eq!(all["meta"]["pagination"]["limit"].as_i64(), Some(100), "limit=all is capped as in Ghost 6");
        assert_eq!(all["posts"].as_array().unwrap().len() as i64, total.min(100));
        let (_, second, _) = api(&app, "posts/?limit=2&page=2&order=published_at%20asc", &key).await;
        let pagination = &second["meta"]["pagination"];
        assert_eq!((pagination["prev"].as_i64(), pagination["next"].as_i64()), (Some(1), Some(3)));
        assert_eq!(pagination["pages"].as_i64(), Some((total + 1) / 2));
        let (_, oldest, _) = api(&app, "posts/?limit=3&order=published_at%20asc", &key).await;
        assert_eq!(second["posts"][0]["id"], oldest["posts"][2]["id"], "page 2 of 2 follows page 1");

        let (_, trimmed, _) = api(&app, "posts/?fields=title,slug&limit=1", &key).await;
        let keys: Vec<&String> = trimmed["posts"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["slug", "title"]);
        let (_, plain, _) = api(&app, "posts/?formats=plaintext&limit=1", &key).await;
        assert!(plain["posts"][0].get("html").is_none() && plain["posts"][0]["plaintext"].is_string());

        let (_, tags, _) = api(&app, "tags/?include=count.posts&limit=all", &key).await;
        let tags = tags["tags"].as_array().unwrap();
        assert!(!tags.is_empty() && tags.iter().all(|t| t["count"]["posts"].as_i64() >= Some(1)), "{tags:?}");
        let slug = tags[0]["slug"].as_str().unwrap();
        let (_, tagged, _) = api(&app, &format!("posts/?filter=tag:{}&limit=all", urlencoding(slug)), &key).await;
        assert_eq!(Some(tagged["posts"].as_array().unwrap().len() as i64), tags[0]["count"]["posts"].as_i64(), "a tag counts its posts");
        let (status, tag, _) = api(&app, &format!("tags/slug/{}/", urlencoding(slug)), &key).await;
        assert_eq!((status, &tag["tags"][0]["slug"]), (200, &tags[0]["slug"]));
        let (_, authors, _) = api(&app, "authors/?include=count.posts", &key).await;
        let author = &authors["authors"][0];
        assert!(author["count"]["posts"].as_i64() >= Some(1) && author["url"].as_str().unwrap().contains("/author/"));
        let by = format!("posts/?filter=author:{}&limit=all", author["slug"].as_str().unwrap());
        let (_, written, _) = api(&app, &by, &key).await;
        assert_eq!(Some(written["posts"].as_array().unwrap().len() as i64), author["count"]["posts"].as_i64(), "an author counts their posts in both editions");
        let id = author["id"].as_str().unwrap();
        let (status, by_id, _) = api(&app, &format!("authors/{id}/"), &key).await;
        assert_eq!((status, &by_id["authors"][0]["name"]), (200, &author["name"]));

        let (status, settings, _) = api(&app, "settings/", &key).await;
        assert_eq!(status, 200);
        assert!(settings["settings"]["title"].is_string() && settings["settings"]["url"].as_str().unwrap().ends_with('/'));
        assert_eq!(settings["meta"], serde_json::json!({}));
        let (_, arabic, _) = api(&app, "settings/?edition=ar", &key).await;
        assert_eq!(arabic["settings"]["lang"], "ar");
        assert_ne!(arabic["settings"]["title"], settings["settings"]["title"]);
    }

    async fn filters_narrow_the_posts_as_ghosts_do(app: TestApp) {
        let key = content_key(&app).await;
        let total_of = |json: &Value| json["meta"]["pagination"]["total"].as_i64().expect("total");
        let slugs_of = |json: &Value| -> Vec<String> {
            json["posts"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap().to_owned()).collect()
        };
        let filtered = |filter: String| {
            let app = &app;
            let key = key.clone();
            async move {
                let (status, json, page) = api(app, &format!("posts/?limit=all&include=tags,authors&filter={}", urlencoding(&filter)), &key).await;
                assert_eq!(status, 200, "{filter}: {}", page.body);
                json
            }
        };
        let (_, all, _) = api(&app, "posts/?limit=all", &key).await;
        let total = total_of(&all);
        let other = slugs_of(&all).into_iter().find(|slug| slug != EN_PAIRED).unwrap();
        let (_, ferry, _) = api(&app, &format!("posts/slug/{EN_PAIRED}/?include=tags,authors"), &key).await;
        let ferry = &ferry["posts"][0];
        let tag = ferry["tags"][0]["slug"].as_str().expect("the ferry story has a tag").to_owned();
        let author = ferry["authors"][0]["slug"].as_str().unwrap().to_owned();
        let word = ferry["title"].as_str().unwrap().split_whitespace().next().unwrap().to_lowercase();

        assert_eq!(slugs_of(&filtered(format!("slug:{EN_PAIRED}")).await), [EN_PAIRED]);
        assert_eq!(total_of(&filtered(format!("slug:[{EN_PAIRED},{other}]")).await), 2);
        assert_eq!(total_of(&filtered(format!("slug:{EN_PAIRED},slug:{other}")).await), 2);
        assert_eq!(total_of(&filtered(format!("slug:-{EN_PAIRED}")).await), total - 1);
        assert_eq!(total_of(&filtered(format!("(slug:{EN_PAIRED},slug:{other})+slug:-{other}")).await), 1);
        assert_eq!(total_of(&filtered(format!("id:{}", ferry["id"].as_str().unwrap())).await), 1);
        let (_, arabic, _) = api(&app, "posts/?edition=ar", &key).await;
        assert_eq!(total_of(&filtered("edition:ar".to_owned()).await), total_of(&arabic));

        let tagged = filtered(format!("tag:{tag}")).await;
        assert!(slugs_of(&tagged).contains(&EN_PAIRED.to_owned()));
        assert!(tagged["posts"].as_array().unwrap().iter().all(|p| p["tags"].as_array().unwrap().iter().any(|t| t["slug"] == tag.as_str())));
        let untagged = filtered(format!("tags.slug:-{tag}")).await;
        assert!(!slugs_of(&untagged).contains(&EN_PAIRED.to_owned()));
        assert_eq!(total_of(&tagged) + total_of(&untagged), total, "with and without the tag: every post once");
        let by_author = filtered(format!("author:{author}")).await;
        assert!(by_author["posts"].as_array().unwrap().iter().all(|p| p["authors"].as_array().unwrap().iter().any(|a| a["slug"] == author.as_str())));
        assert!(slugs_of(&filtered(format!("title:~'{word}'")).await).contains(&EN_PAIRED.to_owned()));

        assert_eq!(total_of(&filtered("published_at:>now-1000y".to_owned()).await), total);
        assert_eq!(total_of(&filtered("published_at:<now-1000y".to_owned()).await), 0);
        assert_eq!(total_of(&filtered("published_at:<='2000-01-01'".to_owned()).await), 0);
        assert_eq!(total_of(&filtered("featured:true".to_owned()).await), 0);
        assert_eq!(total_of(&filtered("featured:false+visibility:public".to_owned()).await), total);
        assert_eq!(total_of(&filtered("slug:'%'".to_owned()).await), 0, "a % is a character, not a wildcard");
        assert_eq!(total_of(&filtered("title:~'%'".to_owned()).await), 0);
        assert_eq!(total_of(&filtered("slug:'x\\' OR 1=1 --'".to_owned()).await), 0);

        for (filter, says) in [("nonsense:1", "posts cannot be filtered by nonsense"), ("published_at:>tomorrow", "a date"),
                               ("title:>a", "title takes"), ("tag:[news", "character")] {
            let (status, json, _) = api(&app, &format!("posts/?filter={}", urlencoding(filter)), &key).await;
            assert_eq!(status, 400, "{filter}");
            assert!(error_of(&json).2.contains(says), "{filter}: {json}");
        }
    }

    async fn bad_keys_and_bad_requests_get_ghosts_errors(app: TestApp) {
        let key = content_key(&app).await;
        let no_key = app.get("/ghost/api/content/posts/").await;
        let json: Value = serde_json::from_str(&no_key.body).unwrap();
        assert_eq!((no_key.status, error_of(&json).0), (403, "NoPermissionError"));
        for wrong in ["0123456789abcdef0123456789", "short", "%3Cscript%3E"] {
            let (status, json, _) = api(&app, "posts/", wrong).await;
            assert_eq!((status, error_of(&json).1), (401, "Unknown Content API Key"), "{wrong}");
            assert_eq!(json["errors"][0]["code"], "UNKNOWN_CONTENT_API_KEY");
        }
        let (status, json, _) = api(&app, &format!("posts/?key={key}"), &key).await;
        assert_eq!((status, error_of(&json).0), (400, "BadRequestError"), "a key given twice");

        let unslashed = app.get(&format!("/ghost/api/content/posts?key={key}&limit=2")).await;
        assert_eq!(unslashed.status, 301);
        assert_eq!(unslashed.header("location"), format!("/ghost/api/content/posts/?key={key}&limit=2"));
        assert_eq!(app.get("/ghost/api/content/posts").await.status, 403, "the key is checked first");

        let (status, json, _) = api(&app, "posts/slug/no-such-story/", &key).await;
        assert_eq!((status, error_of(&json)), (404, ("NotFoundError", "Resource not found error, cannot read post.", "Post not found.")));
        let (status, json, _) = api(&app, "posts/not-an-id/", &key).await;
        assert_eq!((status, error_of(&json).0), (422, "ValidationError"));
        let (status, json, _) = api(&app, "tags/?filter=title:news", &key).await;
        assert_eq!(status, 400, "tags have no title");
        assert!(error_of(&json).2.contains("tags cannot be filtered by title"), "{json}");
        let (status, json, _) = api(&app, "posts/?filter=tag:%5Bnews", &key).await;
        let (kind, message, context) = error_of(&json);
        assert_eq!((status, kind, message), (400, "BadRequestError", "Request not understood error, cannot list posts."));
        assert!(context.contains("character"), "where it went wrong: {context}");
        for (query, parameter) in [("order=nonsense", "order"), ("page=0", "page"), ("formats=pdf", "formats"), ("edition=fr", "edition")] {
            let (status, json, _) = api(&app, &format!("posts/?{query}"), &key).await;
            assert_eq!(status, 422, "{query}");
            assert!(error_of(&json).2.contains(parameter), "{query}: {json}");
        }
        let (status, json, _) = api(&app, "members/", &key).await;
        assert_eq!((status, error_of(&json).0), (404, "NotFoundError"));

        app.app.service.revoke_api_key(KeyHolder::Operator, 1).await.unwrap();
        let (status, _, _) = api(&app, "posts/", &key).await;
        assert_eq!(status, 401, "a revoked key stops working at once");
    }

    async fn browsers_and_caches_are_answered_as_ghost_answers_them(app: TestApp) {
        let key = content_key(&app).await;
        let (_, _, first) = api(&app, "posts/?limit=1", &key).await;
        let etag = first.header("etag");
        assert!(etag.starts_with("W/\""), "{etag}");
        let again = app
            .get_with(&format!("/ghost/api/content/posts/?limit=1&key={key}"), &[("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, 304);
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, format!("{}/ghost/api/content/posts/", app.base))
            .header("origin", "https://front.example")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "accept-version")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status(), 204);
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
        assert_eq!(preflight.headers()["access-control-allow-headers"], "accept-version");

        // Accept-Version as Ghost answers it: any version up to Ghost 6's is served, a later
        // one is told to wait for an update, and no version asked gets no version said.
        let posts = format!("/ghost/api/content/posts/?limit=1&key={key}");
        let plain = app.get(&posts).await;
        assert_eq!((plain.status, plain.headers.get("content-version")), (200, None));
        for older in ["v5.8", "v6", "canary"] {
            let page = app.get_with(&posts, &[("accept-version", older)]).await;
            assert_eq!((page.status, page.header("content-version").as_str()), (200, "v6.0"), "{older}");
        }
        let ahead = app.get_with(&posts, &[("accept-version", "v7.2")]).await;
        assert_eq!(ahead.status, 406, "{}", ahead.body);
        let json: Value = serde_json::from_str(&ahead.body).unwrap_or(Value::Null);
        assert_eq!(json["errors"][0]["type"], "RequestNotAcceptableError");
        assert_eq!(json["errors"][0]["code"], "UPDATE_GHOST");
        assert_eq!(ahead.header("access-control-allow-origin"), "*", "a browser client can read the error");
        let unreadable = app.get_with(&posts, &[("accept-version", "<script>")]).await;
        assert_eq!(unreadable.status, 400, "{}", unreadable.body);
    }

    async fn hostile_parameters_get_an_answer_never_a_failure(app: TestApp) {
        let key = content_key(&app).await;
        let hostile = ["'; DROP TABLE articles; --", "%00", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "<script>alert(1)</script>",
                       "limit=-1", "9999999999999999999999", "((((((((((((a:1))))))))))))", "%F0%9F%92%A9"];
        for value in hostile {
            for path in [format!("posts/slug/{value}/"), format!("posts/?filter={value}"), format!("posts/?limit={value}"),
                         format!("posts/?page={value}"), format!("tags/slug/{value}/"), format!("authors/{value}/"),
                         format!("posts/?fields={value}"), format!("posts/?order={value}")] {
                let (status, json, page) = api(&app, &path, &key).await;
                assert!(status < 500, "{path}: {status} {}", page.body);
                if status >= 400 {
                    assert!(json["errors"][0]["message"].is_string(), "{path}: a Ghost error, not {}", page.body);
                }
            }
        }
    }
}

fn urlencoding(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

on_both_databases! {
    async fn static_pages_read_as_ghosts_pages(app: TestApp) {
        let key = content_key(&app).await;
        let (status, json, page) = api(&app, "pages/", &key).await;
        assert_eq!(status, 200, "{}", page.body);
        let pages = json["pages"].as_array().expect("pages");
        assert_eq!(pages.len(), 4, "About and the comment policy, in both editions: {json}");
        assert_eq!(json["meta"]["pagination"]["total"], 4);
        let (_, english, _) = api(&app, "pages/?edition=en&fields=slug,title,url", &key).await;
        let slugs: Vec<&str> = english["pages"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap()).collect();
        assert_eq!(slugs.len(), 2);
        assert!(slugs.contains(&"about") && slugs.contains(&"comment-policy"), "{slugs:?}");
        assert!(english["pages"][0].get("html").is_none(), "fields narrow each page");

        let (status, about, _) = api(&app, "pages/slug/about/", &key).await;
        assert_eq!(status, 200);
        let about = &about["pages"][0];
        assert_eq!(about["edition"], "en", "English first when no edition is asked for");
        assert!(about["html"].as_str().unwrap().contains("<p>"), "{about}");
        assert!(about["url"].as_str().unwrap().starts_with("http"), "{about}");
        let id = about["id"].as_str().unwrap();
        let (_, by_id, _) = api(&app, &format!("pages/{id}/"), &key).await;
        assert_eq!(by_id["pages"][0]["title"], about["title"]);
        let (_, arabic, _) = api(&app, "pages/slug/about/?edition=ar", &key).await;
        assert_eq!(arabic["pages"][0]["edition"], "ar");
        let (status, json, _) = api(&app, "pages/slug/no-such-page/", &key).await;
        assert_eq!((status, error_of(&json).0), (404, "NotFoundError"));
        let (status, _, _) = api(&app, "pages/?order=published_at%20desc", &key).await;
        assert_eq!(status, 422, "pages are listed by title");
    }

    async fn tags_authors_and_pages_take_filters_too(app: TestApp) {
        let key = content_key(&app).await;
        let (_, all_tags, _) = api(&app, "tags/?limit=all", &key).await;
        let tags = all_tags["tags"].as_array().unwrap();
        assert!(tags.len() >= 3, "{all_tags}");
        let (first, second) = (tags[0]["slug"].as_str().unwrap(), tags[1]["slug"].as_str().unwrap());
        let count = |json: &serde_json::Value, list: &str| json[list].as_array().map_or(0, Vec::len);
        let (status, one, page) = api(&app, &format!("tags/?filter=slug:{first}"), &key).await;
        assert_eq!(status, 200, "{}", page.body);
        assert_eq!((count(&one, "tags"), one["meta"]["pagination"]["total"].as_i64()), (1, Some(1)));
        let (_, two, _) = api(&app, &format!("tags/?filter=slug:[{first},{second}]%2Bvisibility:public"), &key).await;
        assert_eq!(count(&two, "tags"), 2, "{two}");
        let (_, others, _) = api(&app, &format!("tags/?limit=all&filter=slug:-{first}"), &key).await;
        assert_eq!(count(&others, "tags"), tags.len() - 1);
        let (_, filtered, _) = api(&app, "tags/?limit=all&filter=edition:ar", &key).await;
        let (_, narrowed, _) = api(&app, "tags/?limit=all&edition=ar", &key).await;
        assert!(count(&filtered, "tags") > 0 && count(&filtered, "tags") < tags.len(), "{filtered}");
        assert_eq!(filtered["tags"], narrowed["tags"], "the filter and the parameter agree");

        let (_, authors, _) = api(&app, "authors/?limit=all", &key).await;
        let author = &authors["authors"][0];
        let name = author["name"].as_str().unwrap();
        let prefix: String = name.chars().take(3).collect();
        let (status, found, _) = api(&app, &format!("authors/?filter=name:~%5E'{}'", urlencoding(&prefix)), &key).await;
        assert_eq!(status, 200, "{found}");
        assert!(found["authors"].as_array().unwrap().iter().any(|a| a["slug"] == author["slug"]), "{found}");
        let (_, by_id, _) = api(&app, &format!("authors/?filter=id:{}", author["id"].as_str().unwrap()), &key).await;
        assert_eq!(count(&by_id, "authors"), 1);

        let (_, about, _) = api(&app, "pages/?filter=slug:about%2Bedition:en", &key).await;
        assert_eq!(count(&about, "pages"), 1, "{about}");
        let (_, none, _) = api(&app, "pages/?filter=slug:'x%27%20OR%201=1%20--'", &key).await;
        assert_eq!(count(&none, "pages"), 0, "values are bound, never pasted");
        let (status, _, _) = api(&app, "pages/?filter=tag:news", &key).await;
        assert_eq!(status, 400, "pages have no tags");
    }

    async fn answers_come_from_the_page_cache_until_a_change_readers_see(app: TestApp) {
        let key = content_key(&app).await;
        let other = content_key(&app).await;
        let (_, first, page) = api(&app, "posts/?limit=3&fields=title", &key).await;
        assert_eq!(page.header("x-cache"), "miss");
        let (_, again, page) = api(&app, "posts/?fields=title&limit=3", &other).await;
        assert_eq!(page.header("x-cache"), "hit", "the same question, whatever the key or the order");
        assert_eq!(first, again);
        assert_eq!(page.header("content-version"), "v6.0", "Ghost's headers on a hit too");

        // A comment changes nothing the API shows; a story published does.
        app.comment(&format!("/article/{EN_PAIRED}"), "Rana S.", "rana.s@example.org", "Good to see the ferry back.").await;
        let (_, _, page) = api(&app, "posts/?limit=3&fields=title", &key).await;
        assert_eq!(page.header("x-cache"), "hit");
        let admin = crate::admin_api::admin_key(&app, dateline_domain::Role::Editor).await;
        let story = serde_json::json!({"posts": [{"title": "Lighthouse keepers return", "markdown": "Both towers.", "status": "published"}]});
        let (status, _) = crate::admin_api::call(&app, reqwest::Method::POST, "posts/", Some(&admin.authorization()), Some(story)).await;
        assert_eq!(status, 201);
        let (_, fresh, page) = api(&app, "posts/?limit=3&fields=title", &key).await;
        assert_eq!(page.header("x-cache"), "miss");
        assert_eq!(fresh["posts"][0]["title"], "Lighthouse keepers return");

        let id = app.app.store.api_keys().await.unwrap().into_iter().find(|k| k.public_id == other).unwrap().id;
        app.app.service.revoke_api_key(KeyHolder::Operator, id).await.unwrap();
        let (status, _, _) = api(&app, "posts/?limit=3&fields=title", &other).await;
        assert_eq!(status, 401, "the key is checked before the cache");
    }

    async fn a_page_of_posts_reads_as_each_post_does(app: TestApp) {
        let key = content_key(&app).await;
        let admin = crate::admin_api::admin_key(&app, dateline_domain::Role::Editor).await;
        let (_, all, _) = api(&app, "posts/?limit=100&include=tags,authors", &key).await;
        let ferry = all["posts"].as_array().unwrap().iter().find(|p| p["slug"] == EN_PAIRED).unwrap();
        let correction = serde_json::json!({"corrections": [{"text": "The pier is on the east bank."}]});
        let path = format!("posts/{}/corrections/", ferry["id"].as_str().unwrap());
        let (status, _) = crate::admin_api::call(&app, reqwest::Method::POST, &path, Some(&admin.authorization()), Some(correction)).await;
        assert_eq!(status, 201);
        let (_, page, _) = api(&app, "posts/?limit=100&include=tags,authors&formats=html,plaintext", &key).await;
        let posts = page["posts"].as_array().unwrap();
        assert!(posts.len() > 15, "a long page: {}", posts.len());
        assert!(posts.iter().any(|p| p["corrections"].as_array().is_some_and(|c| !c.is_empty())));
        for post in posts {
            let id = post["id"].as_str().unwrap();
            let (_, one, _) = api(&app, &format!("posts/{id}/?include=tags,authors&formats=html,plaintext"), &key).await;
            assert_eq!(&one["posts"][0], post, "the page and the read agree on {id}");
        }
    }
}
