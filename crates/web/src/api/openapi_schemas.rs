//! The component schemas of the OpenAPI description: the shapes the APIs answer and take.

use serde_json::{Value, json};

/// A reference to a component schema.
pub(super) fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub(super) fn string() -> Value {
    json!({ "type": "string" })
}

fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

pub(super) fn schemas() -> Value {
    // `fields` may leave out any key: nothing is required of a tag, an author or a post.
    let tag = json!({
        "type": "object",
        "properties": {
            "id": string(), "name": string(), "slug": string(), "description": nullable("string"),
            "url": string(), "edition": string(),
            "count": { "type": "object", "properties": { "posts": { "type": "integer" } } },
        },
    });
    let author = json!({
        "type": "object",
        "properties": {
            "id": string(), "name": string(), "slug": string(), "bio": nullable("string"),
            "profile_image": nullable("string"), "url": string(),
            "count": { "type": "object", "properties": { "posts": { "type": "integer" } } },
        },
    });
    let post_properties = json!({
        "id": string(), "uuid": string(), "title": string(), "slug": string(), "html": string(),
        "plaintext": string(), "feature_image": nullable("string"), "feature_image_alt": nullable("string"),
        "feature_image_caption": nullable("string"), "feature_image_credit": nullable("string"),
        "featured": { "type": "boolean" }, "visibility": string(),
        "created_at": string(), "updated_at": string(), "published_at": nullable("string"),
        "custom_excerpt": nullable("string"), "excerpt": nullable("string"), "reading_time": { "type": "integer" },
        "url": string(), "canonical_url": nullable("string"),
        "tags": { "type": "array", "items": schema("Tag") }, "authors": { "type": "array", "items": schema("Author") },
        "primary_tag": { "oneOf": [schema("Tag"), { "type": "null" }] },
        "primary_author": { "oneOf": [schema("Author"), { "type": "null" }] },
        "edition": { "enum": ["en", "ar"] }, "dek": string(), "dateline": nullable("string"),
        "section": { "type": "object" }, "corrections": { "type": "array" },
        "translation": { "type": ["object", "null"] },
    });
    let mut admin_post = post_properties.clone();
    admin_post["status"] = json!({ "enum": ["draft", "scheduled", "published"] });
    admin_post["workflow_status"] =
        json!({ "enum": ["draft", "in_review", "scheduled", "published", "unpublished"] });
    admin_post["markdown"] = string();
    let mut schemas = json!({
        "Post": { "type": "object", "properties": post_properties },
        "AdminPost": { "type": "object", "required": ["id", "title", "status", "updated_at"], "properties": admin_post },
        "Page": { "type": "object", "properties": {
            "id": string(), "title": string(), "slug": string(), "html": string(), "plaintext": string(),
            "created_at": string(), "updated_at": string(), "published_at": string(), "excerpt": nullable("string"),
            "url": string(), "edition": { "enum": ["en", "ar"] }, "reading_time": { "type": "integer" },
        }},
        "Tag": tag,
        "Author": author,
        "Settings": { "type": "object", "required": ["title", "url"], "properties": {
            "title": string(), "description": nullable("string"), "url": string(), "lang": string(),
            "timezone": string(), "navigation": { "type": "array" }, "edition": string(),
        }},
        "Meta": { "type": "object", "properties": { "pagination": {
            "type": "object",
            "required": ["page", "limit", "pages", "total", "next", "prev"],
            "properties": {
                "page": { "type": "integer" }, "limit": { "type": "integer" }, "pages": { "type": "integer" },
                "total": { "type": "integer" }, "next": nullable("integer"), "prev": nullable("integer"),
            },
        }}},
        "Errors": { "type": "object", "required": ["errors"], "properties": { "errors": {
            "type": "array", "minItems": 1,
            "items": { "type": "object", "required": ["message", "type"], "properties": {
                "message": string(), "type": string(), "context": nullable("string"), "code": nullable("string"),
                "details": {}, "property": nullable("string"), "help": nullable("string"), "id": string(),
                "ghostErrorCode": nullable("string"),
            }},
        }}},
        "PostsInput": { "type": "object", "required": ["posts"], "properties": { "posts": {
            "type": "array", "minItems": 1, "maxItems": 1,
            "items": { "type": "object", "properties": {
                "title": string(), "slug": string(), "html": string(), "markdown": string(),
                "custom_excerpt": string(), "status": { "enum": ["draft", "in_review", "scheduled", "published"] },
                "published_at": { "type": "string", "format": "date-time" },
                "updated_at": { "type": "string", "format": "date-time" },
                "tags": { "type": "array", "items": { "oneOf": [string(), { "type": "object" }] } },
                "authors": { "type": "array", "items": { "oneOf": [string(), { "type": "object" }] } },
                "feature_image": string(), "feature_image_alt": string(), "feature_image_caption": string(),
                "feature_image_credit": string(), "meta_title": string(), "meta_description": string(),
                "edition": { "enum": ["en", "ar"] }, "section": string(), "dateline": string(),
            }},
        }}},
        "ImageUpload": { "type": "object", "required": ["file", "alt"], "properties": {
            "file": { "type": "string", "contentMediaType": "application/octet-stream" },
            "alt": string(), "caption": string(), "credit": string(), "ref": string(), "purpose": string(),
        }},
        "Images": { "type": "object", "required": ["images"], "properties": { "images": {
            "type": "array", "items": { "type": "object", "required": ["url"], "properties": {
                "url": string(), "ref": nullable("string"),
            }},
        }}},
        "WebhooksInput": { "type": "object", "required": ["webhooks"], "properties": { "webhooks": {
            "type": "array", "minItems": 1, "maxItems": 1,
            "items": { "type": "object", "properties": {
                "event": { "enum": dateline_domain::HookEvent::ALL.map(|event| event.name()) },
                "target_url": { "type": "string", "format": "uri" },
                "name": string(), "secret": string(), "api_version": string(),
            }},
        }}},
        "CorrectionsInput": { "type": "object", "required": ["corrections"], "properties": { "corrections": {
            "type": "array", "minItems": 1, "maxItems": 1,
            "items": { "type": "object", "required": ["text"], "properties": { "text": string() } },
        }}},
        "ReasonInput": { "type": "object", "properties": { "comments": {
            "type": "array", "items": { "type": "object", "properties": { "reason": string() } },
        }}},
        "Comments": { "type": "object", "required": ["comments"], "properties": { "comments": {
            "type": "array", "items": { "type": "object", "required": ["id", "text", "status"], "properties": {
                "id": string(), "parent_id": nullable("string"), "post": { "type": "object" },
                "author_name": string(), "text": string(), "status": string(), "staff": { "type": "boolean" },
                "featured": { "type": "boolean" }, "created_at": string(), "rule": nullable("string"),
                "reason": nullable("string"), "reports": { "type": "array", "items": string() },
                "published_before": { "type": "integer" }, "rejected_before": { "type": "integer" },
            }},
        }}},
        "Decided": { "type": "object", "required": ["comments"], "properties": { "comments": {
            "type": "array", "items": { "type": "object", "required": ["id", "status"], "properties": {
                "id": string(), "status": { "enum": ["published", "rejected"] },
            }},
        }}},
        "Webhooks": { "type": "object", "required": ["webhooks"], "properties": { "webhooks": {
            "type": "array", "items": { "type": "object", "required": ["id", "event", "target_url", "status"], "properties": {
                "id": string(), "event": string(), "target_url": string(), "name": string(), "secret": string(),
                "api_version": string(), "integration_id": { "type": "null" }, "status": { "enum": ["available", "disabled"] },
                "last_triggered_at": nullable("string"), "last_triggered_status": nullable("string"),
                "last_triggered_error": nullable("string"), "created_at": string(), "updated_at": string(),
            }},
        }}},
    });
    if let (Value::Object(all), Value::Object(site)) = (&mut schemas, site_schemas()) {
        all.extend(site);
    }
    schemas
}

/// The schemas of the Admin API's static pages, tags and users.
fn site_schemas() -> Value {
    json!({
        "AdminPage": { "type": "object", "required": ["id", "title", "status", "updated_at"], "properties": {
            "id": string(), "title": string(), "slug": string(), "html": string(), "markdown": string(),
            "status": { "enum": ["published"] }, "created_at": string(), "updated_at": string(),
            "published_at": string(), "url": string(), "edition": { "enum": ["en", "ar"] },
        }},
        "PagesInput": { "type": "object", "required": ["pages"], "properties": { "pages": {
            "type": "array", "minItems": 1, "maxItems": 1,
            "items": { "type": "object", "properties": {
                "title": string(), "slug": string(), "html": string(), "markdown": string(),
                "status": { "enum": ["published"] }, "updated_at": { "type": "string", "format": "date-time" },
                "edition": { "enum": ["en", "ar"] },
            }},
        }}},
        "TagsInput": { "type": "object", "required": ["tags"], "properties": { "tags": {
            "type": "array", "minItems": 1, "maxItems": 1,
            "items": { "type": "object", "properties": {
                "name": string(), "slug": string(), "edition": { "enum": ["en", "ar"] },
            }},
        }}},
        "UsersInput": { "type": "object", "required": ["users"], "properties": { "users": {
            "type": "array", "minItems": 1, "maxItems": 1,
            "items": { "type": "object", "properties": { "name": string(), "bio": string() } },
        }}},
    })
}
