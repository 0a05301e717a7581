//! The OpenAPI 3.1 description of the APIs, made from the route tables: every route gets its
//! operation here (a test fails on one without), and the document served at
//! `/ghost/api/openapi.json` is the one kept in the repository (`docs/openapi.json`, written by
//! `dateline openapi`; a test fails when they differ).

use super::openapi_schemas::{schema, schemas, string};
use super::routes::{ADMIN_ROUTES, CONTENT_ROUTES};
use super::{ADMIN_PREFIX, CONTENT_PREFIX};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

pub(super) async fn serve() -> Response {
    axum::Json(document()).into_response()
}

fn json_body(schema: Value) -> Value {
    json!({ "content": { "application/json": { "schema": schema } } })
}

fn answer(description: &str, body: Value) -> Value {
    let mut answer = json_body(body);
    answer["description"] = json!(description);
    answer
}

fn error(description: &str) -> Value {
    answer(description, schema("Errors"))
}

fn parameter(name: &str, place: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": place, "description": description, "required": place == "path", "schema": schema })
}

/// The query parameters of a Content API browse.
fn browse_parameters(filterable: &str) -> Vec<Value> {
    let mut parameters = vec![
        parameter(
            "include",
            "query",
            "Relations to include: tags, authors, count.posts.",
            string(),
        ),
        parameter(
            "fields",
            "query",
            "Only these keys of each item, comma-separated.",
            string(),
        ),
        parameter("formats", "query", "html and/or plaintext.", string()),
        parameter(
            "limit",
            "query",
            "Items per page, at most 100 (`all` is 100).",
            string(),
        ),
        parameter(
            "page",
            "query",
            "The page, from 1.",
            json!({ "type": "integer", "minimum": 1 }),
        ),
        parameter(
            "order",
            "query",
            "published_at or title, asc or desc (posts); name (tags, authors).",
            string(),
        ),
        parameter(
            "edition",
            "query",
            "Dateline's: one edition's content only.",
            json!({ "enum": ["en", "ar"] }),
        ),
    ];
    parameters.push(parameter("filter", "query", filterable, string()));
    parameters
}

/// The query parameters of an Admin API browse besides the posts'.
fn admin_browse_parameters(filterable: &str) -> Vec<Value> {
    vec![
        parameter("limit", "query", "Items per page, at most 100.", string()),
        parameter(
            "page",
            "query",
            "The page, from 1.",
            json!({ "type": "integer", "minimum": 1 }),
        ),
        edition_parameter(),
        parameter("filter", "query", filterable, string()),
    ]
}

fn edition_parameter() -> Value {
    parameter(
        "edition",
        "query",
        "Dateline's: one edition's only.",
        json!({ "enum": ["en", "ar"] }),
    )
}

fn id_parameter() -> Value {
    parameter("id", "path", "The item's 24-hex id.", string())
}

fn slug_parameter() -> Value {
    parameter("slug", "path", "The item's slug.", string())
}

fn read_errors(mut responses: Map<String, Value>) -> Value {
    responses.insert(
        "401".into(),
        error("Unknown or revoked key, or a token that does not check out."),
    );
    responses.insert(
        "403".into(),
        error("No key, or the key's role does not allow this."),
    );
    responses.insert("404".into(), error("No such item."));
    responses.insert(
        "422".into(),
        error("A parameter or body that cannot be used; the context names it."),
    );
    Value::Object(responses)
}

fn responses(pairs: &[(&str, Value)]) -> Value {
    let mut map = Map::new();
    for (status, value) in pairs {
        map.insert((*status).to_owned(), value.clone());
    }
    map.insert("400".into(), error("A request not understood (a filter, say)."));
    read_errors(map)
}

fn list_of(resource: &str, item: &str) -> Value {
    json!({
        "type": "object",
        "required": [resource],
        "properties": {
            resource: { "type": "array", "items": schema(item) },
            "meta": schema("Meta"),
        },
    })
}

/// The operation of a Content API route, if it has one.
fn content_operation(method: &str, path: &str) -> Option<Value> {
    let (summary, resource, item, mut parameters) = match path {
        "/posts/" => (
            "Browse published posts",
            "posts",
            "Post",
            browse_parameters(
                "Ghost's filter language (NQL), bound SQL: id, slug, title, custom_excerpt, edition, published_at, created_at, updated_at, tag, tags.slug, tags.name, author, authors.slug, authors.name, section, featured, visibility, status.",
            ),
        ),
        "/posts/{id}/" => (
            "Read a published post by id",
            "posts",
            "Post",
            vec![id_parameter()],
        ),
        "/posts/slug/{slug}/" => (
            "Read a published post by slug",
            "posts",
            "Post",
            vec![slug_parameter()],
        ),
        "/pages/" => (
            "Browse static pages",
            "pages",
            "Page",
            browse_parameters(
                "NQL on id, slug, title, edition, published_at, updated_at, featured, visibility, status.",
            ),
        ),
        "/pages/{id}/" => ("Read a static page by id", "pages", "Page", vec![id_parameter()]),
        "/pages/slug/{slug}/" => (
            "Read a static page by slug",
            "pages",
            "Page",
            vec![slug_parameter()],
        ),
        "/tags/" => (
            "Browse tags with published posts",
            "tags",
            "Tag",
            browse_parameters("NQL on id, slug, name, edition, visibility."),
        ),
        "/tags/{id}/" => ("Read a tag by id", "tags", "Tag", vec![id_parameter()]),
        "/tags/slug/{slug}/" => ("Read a tag by slug", "tags", "Tag", vec![slug_parameter()]),
        "/authors/" => (
            "Browse authors with published posts",
            "authors",
            "Author",
            browse_parameters("NQL on id, slug, name."),
        ),
        "/authors/{id}/" => ("Read an author by id", "authors", "Author", vec![id_parameter()]),
        "/authors/slug/{slug}/" => (
            "Read an author by slug",
            "authors",
            "Author",
            vec![slug_parameter()],
        ),
        "/settings/" => (
            "The site's settings",
            "settings",
            "Settings",
            vec![parameter(
                "edition",
                "query",
                "Dateline's: the edition's masthead.",
                json!({ "enum": ["en", "ar"] }),
            )],
        ),
        _ => return None,
    };
    if method != "get" {
        return None;
    }
    if path.contains('{') {
        parameters.push(parameter("include", "query", "Relations to include.", string()));
        parameters.push(parameter("formats", "query", "html and/or plaintext.", string()));
    }
    let body = if resource == "settings" {
        json!({ "type": "object", "required": ["settings"], "properties": { "settings": schema("Settings") } })
    } else {
        list_of(resource, item)
    };
    Some(json!({
        "operationId": format!("content_{}", operation_name(method, path)),
        "summary": summary,
        "tags": ["Content API"],
        "security": [{ "content_key": [] }],
        "parameters": parameters,
        "responses": responses(&[("200", answer("The items asked for.", body))]),
    }))
}

/// An Admin API operation's summary, parameters, request body and answers.
type AdminParts = (&'static str, Vec<Value>, Option<Value>, Vec<(String, Value)>);

/// The operation of an Admin API route, if it has one.
fn admin_operation(method: &str, path: &str) -> Option<Value> {
    let posts_body = |status: &str, description: &str| {
        (
            status.to_owned(),
            answer(description, list_of("posts", "AdminPost")),
        )
    };
    let source = parameter(
        "source",
        "query",
        "`html`: the body's html is the post's text.",
        json!({ "enum": ["html"] }),
    );
    let items = |status: &str, description: &str, resource: &str, item: &str| {
        (status.to_owned(), answer(description, list_of(resource, item)))
    };
    let (summary, parameters, request, answers): AdminParts = match (method, path) {
        ("get", "/posts/") => (
            "Browse every post (the latest changed first unless ordered)",
            vec![
                parameter("limit", "query", "Items per page, at most 100.", string()),
                parameter(
                    "page",
                    "query",
                    "The page, from 1.",
                    json!({ "type": "integer", "minimum": 1 }),
                ),
                parameter(
                    "filter",
                    "query",
                    "NQL as on the Content API's posts, with status (draft, scheduled, published), workflow_status (Dateline's five) and the dates.",
                    string(),
                ),
                parameter(
                    "order",
                    "query",
                    "updated_at (the default, desc), published_at or title, asc or desc.",
                    string(),
                ),
            ],
            None,
            vec![posts_body("200", "A page of posts.")],
        ),
        ("post", "/posts/") => (
            "Add a post (a draft unless a status is given)",
            vec![source.clone()],
            Some(schema("PostsInput")),
            vec![posts_body("201", "The post as saved.")],
        ),
        ("get", "/posts/{id}/") => (
            "Read a post",
            vec![id_parameter()],
            None,
            vec![posts_body("200", "The post.")],
        ),
        ("get", "/posts/slug/{slug}/") => (
            "Read a post by slug (in `edition`, else the English one first)",
            vec![slug_parameter(), edition_parameter()],
            None,
            vec![posts_body("200", "The post.")],
        ),
        ("get", "/pages/") => (
            "Browse static pages",
            admin_browse_parameters("NQL on id, slug, title, edition, updated_at."),
            None,
            vec![items("200", "A page of static pages.", "pages", "AdminPage")],
        ),
        ("post", "/pages/") => (
            "Add a static page (published when saved; `edition` defaults to en)",
            vec![source.clone()],
            Some(schema("PagesInput")),
            vec![items("201", "The page as saved.", "pages", "AdminPage")],
        ),
        ("get", "/pages/{id}/") => (
            "Read a static page",
            vec![id_parameter()],
            None,
            vec![items("200", "The page.", "pages", "AdminPage")],
        ),
        ("get", "/pages/slug/{slug}/") => (
            "Read a static page by slug (in `edition`, else the English one first)",
            vec![slug_parameter(), edition_parameter()],
            None,
            vec![items("200", "The page.", "pages", "AdminPage")],
        ),
        ("put", "/pages/{id}/") => (
            "Edit a static page's title or text, given the updated_at last read",
            vec![id_parameter(), source.clone()],
            Some(schema("PagesInput")),
            vec![
                items("200", "The page as saved.", "pages", "AdminPage"),
                ("409".to_owned(), error("Someone saved the page since.")),
            ],
        ),
        ("delete", "/pages/{id}/") => (
            "Delete a static page (not About nor the Comment Policy, which every page links to)",
            vec![id_parameter()],
            None,
            vec![("204".to_owned(), json!({ "description": "Deleted." }))],
        ),
        ("get", "/tags/") => (
            "Browse every tag, with how many posts of any status carry it",
            admin_browse_parameters("NQL on id, slug, name, edition, visibility."),
            None,
            vec![items("200", "A page of tags.", "tags", "Tag")],
        ),
        ("post", "/tags/") => (
            "Add a tag (in `edition`, en unless said)",
            Vec::new(),
            Some(schema("TagsInput")),
            vec![items("201", "The tag.", "tags", "Tag")],
        ),
        ("get", "/tags/{id}/") => (
            "Read a tag",
            vec![id_parameter()],
            None,
            vec![items("200", "The tag.", "tags", "Tag")],
        ),
        ("get", "/tags/slug/{slug}/") => (
            "Read a tag by slug",
            vec![slug_parameter(), edition_parameter()],
            None,
            vec![items("200", "The tag.", "tags", "Tag")],
        ),
        ("put", "/tags/{id}/") => (
            "Rename a tag (its slug stays)",
            vec![id_parameter()],
            Some(schema("TagsInput")),
            vec![items("200", "The tag.", "tags", "Tag")],
        ),
        ("delete", "/tags/{id}/") => (
            "Take a tag off its posts and delete it",
            vec![id_parameter()],
            None,
            vec![("204".to_owned(), json!({ "description": "Deleted." }))],
        ),
        ("get", "/users/") => (
            "Browse the authors (Dateline's bylines), with how many posts of any status each wrote",
            admin_browse_parameters("NQL on id, slug, name."),
            None,
            vec![items("200", "A page of authors.", "users", "Author")],
        ),
        ("get", "/users/{id}/") => (
            "Read an author",
            vec![id_parameter()],
            None,
            vec![items("200", "The author.", "users", "Author")],
        ),
        ("get", "/users/slug/{slug}/") => (
            "Read an author by slug",
            vec![slug_parameter()],
            None,
            vec![items("200", "The author.", "users", "Author")],
        ),
        ("put", "/users/{id}/") => (
            "Change an author's name or biography",
            vec![id_parameter()],
            Some(schema("UsersInput")),
            vec![items("200", "The author.", "users", "Author")],
        ),
        ("put", "/posts/{id}/") => (
            "Edit a post, given the updated_at last read",
            vec![id_parameter(), source.clone()],
            Some(schema("PostsInput")),
            vec![
                posts_body("200", "The post as saved."),
                (
                    "409".to_owned(),
                    error("Someone saved the post since; details.changed names the fields."),
                ),
            ],
        ),
        ("delete", "/posts/{id}/") => (
            "Delete a post no reader saw",
            vec![id_parameter()],
            None,
            vec![("204".to_owned(), json!({ "description": "Deleted." }))],
        ),
        ("post", "/posts/{id}/corrections/") => (
            "Dateline's: append a correction to a published post",
            vec![id_parameter()],
            Some(schema("CorrectionsInput")),
            vec![posts_body("201", "The post, with its corrections.")],
        ),
        ("get", "/comments/") => (
            "Dateline's: readers' comments in a moderation queue",
            vec![
                parameter(
                    "queue",
                    "query",
                    "Which queue (default pending).",
                    json!({ "enum": ["pending", "reported", "approved", "rejected"] }),
                ),
                parameter(
                    "limit",
                    "query",
                    "At most this many (up to 100).",
                    json!({ "type": "integer", "minimum": 1 }),
                ),
            ],
            None,
            vec![(
                "200".to_owned(),
                answer("The queue's comments; never an email.", schema("Comments")),
            )],
        ),
        ("post", "/comments/{id}/approve/") => (
            "Dateline's: publish a comment",
            vec![id_parameter()],
            None,
            vec![(
                "200".to_owned(),
                answer("The comment's new status.", schema("Decided")),
            )],
        ),
        ("post", "/comments/{id}/reject/") => (
            "Dateline's: reject a comment, with the reason its author is told",
            vec![id_parameter()],
            Some(json!({ "content": { "application/json": { "schema": schema("ReasonInput") } } })),
            vec![(
                "200".to_owned(),
                answer("The comment's new status.", schema("Decided")),
            )],
        ),
        ("post", "/images/upload/") => (
            "Upload a picture into the media library",
            Vec::new(),
            Some(json!({ "content": { "multipart/form-data": { "schema": schema("ImageUpload") } } })),
            vec![(
                "201".to_owned(),
                answer("Where the picture is served.", schema("Images")),
            )],
        ),
        ("post", "/webhooks/") => (
            "Add a webhook",
            Vec::new(),
            Some(schema("WebhooksInput")),
            vec![("201".to_owned(), answer("The webhook.", schema("Webhooks")))],
        ),
        ("put", "/webhooks/{id}/") => (
            "Edit a webhook; fields left out stay",
            vec![id_parameter()],
            Some(schema("WebhooksInput")),
            vec![("200".to_owned(), answer("The webhook.", schema("Webhooks")))],
        ),
        ("delete", "/webhooks/{id}/") => (
            "Delete a webhook",
            vec![id_parameter()],
            None,
            vec![("204".to_owned(), json!({ "description": "Deleted." }))],
        ),
        _ => return None,
    };
    let answers: Vec<(&str, Value)> = answers
        .iter()
        .map(|(status, value)| (status.as_str(), value.clone()))
        .collect();
    let mut operation = json!({
        "operationId": format!("admin_{}", operation_name(method, path)),
        "summary": summary,
        "tags": ["Admin API"],
        "security": [{ "admin_token": [] }],
        "parameters": parameters,
        "responses": responses(&answers),
    });
    if let Some(request) = request {
        operation["requestBody"] = match request.get("content") {
            Some(_) => request,
            None => json_body(request),
        };
        operation["requestBody"]["required"] = json!(true);
    }
    Some(operation)
}

/// `get_posts_id`, from `get` and `/posts/{id}/`.
fn operation_name(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split('/')
        .filter(|part| !part.is_empty())
        .map(|part| part.trim_matches(['{', '}']))
        .collect();
    format!("{method}_{}", words.join("_"))
}

/// Every route's operation; `None` in place of one a route lacks (the tests refuse that).
fn operations() -> Vec<(String, &'static str, Option<Value>)> {
    let content = CONTENT_ROUTES.iter().map(|(method, path)| {
        (
            format!("{CONTENT_PREFIX}{path}"),
            *method,
            content_operation(method, path),
        )
    });
    let admin = ADMIN_ROUTES.iter().map(|(method, path)| {
        (
            format!("{ADMIN_PREFIX}{path}"),
            *method,
            admin_operation(method, path),
        )
    });
    content.chain(admin).collect()
}

/// The whole document, as kept in the repository.
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}

/// The whole document.
fn document() -> Value {
    let mut paths = Map::new();
    for (path, method, operation) in operations() {
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method] = operation.unwrap_or_else(|| json!({ "summary": "undocumented", "responses": {} }));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Dateline's JSON APIs",
            "version": super::GHOST_VERSION,
            "description": "Ghost's Content and Admin APIs as Dateline answers them, with Dateline's additions (editions, sections, corrections, translations, workflow status). See the README's \"JSON APIs\".",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "content_key": { "type": "apiKey", "in": "query", "name": "key", "description": "A content key: 26 hex digits." },
                "admin_token": { "type": "apiKey", "in": "header", "name": "Authorization", "description": "`Ghost <token>`: a JWT signed (HS256) with an admin key's secret, kid the key's id, audience /admin/, at most five minutes old." },
            },
            "schemas": schemas(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_operation() {
        let undocumented: Vec<String> = operations()
            .into_iter()
            .filter(|(_, _, operation)| operation.is_none())
            .map(|(path, method, _)| format!("{method} {path}"))
            .collect();
        assert!(
            undocumented.is_empty(),
            "routes without an operation: {undocumented:?}"
        );
    }

    #[test]
    fn the_document_in_the_repository_is_the_one_served() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
        let kept = std::fs::read_to_string(path).unwrap_or_default();
        let kept: Value = serde_json::from_str(&kept).unwrap_or(Value::Null);
        assert!(
            kept == document(),
            "{path} is not the document served: write it anew with `cargo run -- openapi > docs/openapi.json`"
        );
    }
}
