//! Ghost's JSON export as it is read: lenient about what old exports wrote (numbers for ids,
//! nulls for text, `page: true` for pages), whole, since Ghost's exports are small documents.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An id as exports write it: a string, or a number in old ones.
fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        Value::Number(number) => number.to_string(),
        _ => String::new(),
    })
}

/// Text that may be missing or null.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Export {
    pub(super) db: Vec<Database>,
    pub(super) data: Option<Data>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Database {
    pub(super) data: Data,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Data {
    pub(super) posts: Vec<Post>,
    pub(super) tags: Vec<Tag>,
    pub(super) users: Vec<User>,
    pub(super) posts_tags: Vec<PostTag>,
    pub(super) posts_authors: Vec<PostAuthor>,
    pub(super) posts_meta: Vec<PostMeta>,
    pub(super) settings: Vec<Setting>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Post {
    #[serde(deserialize_with = "id")]
    pub(super) id: String,
    #[serde(deserialize_with = "text")]
    pub(super) uuid: String,
    #[serde(deserialize_with = "text")]
    pub(super) title: String,
    #[serde(deserialize_with = "text")]
    pub(super) slug: String,
    pub(super) html: Option<String>,
    pub(super) plaintext: Option<String>,
    pub(super) feature_image: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    /// Old exports say `page: true` instead of `type: "page"`.
    pub(super) page: Option<Value>,
    #[serde(deserialize_with = "text")]
    pub(super) status: String,
    pub(super) created_at: Option<String>,
    pub(super) updated_at: Option<String>,
    pub(super) published_at: Option<String>,
    pub(super) custom_excerpt: Option<String>,
    pub(super) meta_title: Option<String>,
    pub(super) meta_description: Option<String>,
    /// Old exports name one author here.
    #[serde(deserialize_with = "id")]
    pub(super) author_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Tag {
    #[serde(deserialize_with = "id")]
    pub(super) id: String,
    #[serde(deserialize_with = "text")]
    pub(super) name: String,
    #[serde(deserialize_with = "text")]
    pub(super) slug: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct User {
    #[serde(deserialize_with = "id")]
    pub(super) id: String,
    #[serde(deserialize_with = "text")]
    pub(super) name: String,
    #[serde(deserialize_with = "text")]
    pub(super) slug: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PostTag {
    #[serde(deserialize_with = "id")]
    pub(super) post_id: String,
    #[serde(deserialize_with = "id")]
    pub(super) tag_id: String,
    pub(super) sort_order: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PostAuthor {
    #[serde(deserialize_with = "id")]
    pub(super) post_id: String,
    #[serde(deserialize_with = "id")]
    pub(super) author_id: String,
    pub(super) sort_order: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PostMeta {
    #[serde(deserialize_with = "id")]
    pub(super) post_id: String,
    pub(super) feature_image_alt: Option<String>,
    pub(super) feature_image_caption: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Setting {
    #[serde(deserialize_with = "text")]
    pub(super) key: String,
    pub(super) value: Value,
}

impl Post {
    pub(super) fn is_page(&self) -> bool {
        self.kind.as_deref() == Some("page")
            || self
                .page
                .as_ref()
                .is_some_and(|page| page == &Value::Bool(true) || page.as_i64() == Some(1))
    }

    pub(super) fn described(&self) -> String {
        format!(
            "{} {} {:?}",
            if self.is_page() { "page" } else { "post" },
            self.id,
            self.title
        )
    }
}

pub(super) fn time(raw: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw?)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}
