//! Dateline's stories, tags, authors and settings in the JSON shapes of Ghost's Content API,
//! key for key, with Dateline's own additions (edition, dek, dateline, section, picture credit,
//! corrections, translation) as extra keys that Ghost's clients pass through untouched.

use super::params::Options;
use dateline_domain::object_id::to_object_id;
use dateline_domain::{Article, Author, Edition, Lang, Section, StaticPage, Tag, Timestamp};
use dateline_render::markdown;
use dateline_render::{PathKind, path_for};
use serde_json::{Map, Value, json};

/// Ghost's excerpt: the first this many characters of the text when no excerpt was written.
const EXCERPT_CHARS: usize = 500;
/// The reading speed Ghost's reading time assumes.
const WORDS_PER_MINUTE: usize = 275;

/// Times as Ghost gives them: milliseconds and a numeric offset (UTC here).
pub fn time(at: Timestamp) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string()
}

/// What the shapes need of the site.
pub struct Site<'a> {
    /// The public address, without a trailing slash.
    pub base: &'a str,
    /// A stable uuid for a story, from its id.
    pub uuid: &'a dyn Fn(i64) -> String,
}

impl Site<'_> {
    fn url(&self, lang: Lang, kind: PathKind, slug: &str) -> String {
        format!("{}{}", self.base, path_for(lang, kind, slug))
    }

    pub fn media(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            path.to_owned()
        }
    }
}

fn text_or_null(text: &str) -> Value {
    if text.trim().is_empty() {
        Value::Null
    } else {
        Value::String(text.to_owned())
    }
}

/// Keeps only the keys asked for with `fields`, when it was given.
fn project(object: Map<String, Value>, options: &Options) -> Value {
    match &options.fields {
        Some(fields) => Value::Object(
            object
                .into_iter()
                .filter(|(key, _)| fields.contains(key))
                .collect(),
        ),
        None => Value::Object(object),
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn post(site: &Site<'_>, article: &Article, comments_open: bool, options: &Options) -> Value {
    let plaintext = markdown::to_plain_text(&article.body_markdown);
    let words = plaintext.split_whitespace().count();
    let excerpt = if article.dek.trim().is_empty() {
        let cut: String = plaintext.chars().take(EXCERPT_CHARS).collect();
        text_or_null(&cut)
    } else {
        Value::String(article.dek.clone())
    };
    let lead = article.lead.as_ref();
    let updated = article.updated_at.unwrap_or(article.published_at);
    let mut post = object(json!({
        "id": to_object_id(article.id),
        "uuid": (site.uuid)(article.id),
        "title": article.headline,
        "slug": article.slug.as_str(),
    }));
    if options.html {
        post.insert(
            "html".into(),
            Value::String(crate::feeds::absolute_body(site.base, article)),
        );
    }
    post.extend(object(json!({
        "comment_id": to_object_id(article.id),
        "feature_image": lead.map(|figure| site.media(&figure.src)),
        "featured": false,
        "visibility": "public",
        "created_at": time(article.published_at),
        "updated_at": time(updated),
        "published_at": time(article.published_at),
        "custom_excerpt": text_or_null(&article.dek),
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "custom_template": null,
        "canonical_url": null,
    })));
    if options.includes("tags") {
        let tags: Vec<Value> = article
            .tags
            .iter()
            .map(|t| tag(site, t, None, options_without_fields()))
            .collect();
        post.insert("primary_tag".into(), tags.first().cloned().unwrap_or(Value::Null));
        post.insert("tags".into(), Value::Array(tags));
    }
    if options.includes("authors") {
        let authors: Vec<Value> = article
            .authors
            .iter()
            .map(|a| author(site, a, None, options_without_fields()))
            .collect();
        post.insert(
            "primary_author".into(),
            authors.first().cloned().unwrap_or(Value::Null),
        );
        post.insert("authors".into(), Value::Array(authors));
    }
    post.extend(object(json!({
        "url": site.url(article.lang, PathKind::Article, article.slug.as_str()),
        "excerpt": excerpt,
        "reading_time": words.div_ceil(WORDS_PER_MINUTE).max(1),
        "access": true,
        "comments": comments_open,
        "og_image": null,
        "og_title": null,
        "og_description": null,
        "twitter_image": null,
        "twitter_title": null,
        "twitter_description": null,
        "meta_title": text_or_null(&article.seo_title),
        "meta_description": text_or_null(&article.seo_description),
        "email_subject": null,
        "frontmatter": null,
        "feature_image_alt": lead.map(|figure| figure.alt.clone()),
        "feature_image_caption": lead.map(|figure| text_or_null(&figure.caption)),
    })));
    if options.plaintext {
        post.insert("plaintext".into(), Value::String(plaintext));
    }
    // Dateline's own.
    post.extend(object(json!({
        "edition": article.lang.code(),
        "dek": article.dek,
        "dateline": text_or_null(&article.dateline_place),
        "feature_image_credit": lead.map(|figure| text_or_null(&figure.credit)),
        "section": section(site, &article.section),
        "corrections": article.corrections.iter().map(|c| json!({
            "text": c.body,
            "created_at": time(c.created_at),
        })).collect::<Vec<_>>(),
        "translation": article.translation.as_ref().map(|t| json!({
            "edition": t.lang.code(),
            "slug": t.slug.as_str(),
            "title": t.headline,
            "url": site.url(t.lang, PathKind::Article, t.slug.as_str()),
        })),
    })));
    project(post, options)
}

/// A static page (About, the comment policy) in the shape of Ghost's pages: a post without
/// byline, tags or publication workflow. `id` is the page's own number.
pub fn page(site: &Site<'_>, id: i64, page: &StaticPage, options: &Options) -> Value {
    let plaintext = markdown::to_plain_text(&page.body_markdown);
    let words = plaintext.split_whitespace().count();
    let mut object = object(json!({
        "id": to_object_id(id),
        "uuid": null,
        "title": page.title,
        "slug": page.slug.as_str(),
    }));
    if options.html {
        let html = markdown::to_html(&page.body_markdown)
            .replace("href=\"/", &format!("href=\"{}/", site.base))
            .replace("src=\"/", &format!("src=\"{}/", site.base));
        object.insert("html".into(), Value::String(html));
    }
    if options.plaintext {
        object.insert("plaintext".into(), Value::String(plaintext.clone()));
    }
    let excerpt: String = plaintext.chars().take(EXCERPT_CHARS).collect();
    object.extend(self::object(json!({
        "comment_id": null,
        "feature_image": null,
        "featured": false,
        "visibility": "public",
        "created_at": time(page.updated_at),
        "updated_at": time(page.updated_at),
        "published_at": time(page.updated_at),
        "custom_excerpt": null,
        "excerpt": text_or_null(&excerpt),
        "reading_time": words.div_ceil(WORDS_PER_MINUTE).max(1),
        "url": site.url(page.lang, PathKind::Page, page.slug.as_str()),
        "canonical_url": null,
        "meta_title": null,
        "meta_description": null,
        "edition": page.lang.code(),
    })));
    if options.includes("tags") {
        object.insert("tags".into(), json!([]));
        object.insert("primary_tag".into(), Value::Null);
    }
    if options.includes("authors") {
        object.insert("authors".into(), json!([]));
        object.insert("primary_author".into(), Value::Null);
    }
    project(object, options)
}

/// Options for an object inside another (a post's tags): whole, whatever `fields` said.
fn options_without_fields() -> &'static Options {
    static WHOLE: std::sync::OnceLock<Options> = std::sync::OnceLock::new();
    WHOLE.get_or_init(|| super::params::options(&[], "read").expect("no parameters are valid"))
}

fn section(site: &Site<'_>, section: &Section) -> Value {
    json!({
        "id": to_object_id(section.id),
        "slug": section.slug.as_str(),
        "name": section.name,
        "url": site.url(section.lang, PathKind::Section, section.slug.as_str()),
    })
}

pub fn tag(site: &Site<'_>, tag: &Tag, count: Option<i64>, options: &Options) -> Value {
    let mut object = object(json!({
        "id": to_object_id(tag.id),
        "name": tag.name,
        "slug": tag.slug.as_str(),
        "description": null,
        "feature_image": null,
        "visibility": "public",
        "og_image": null,
        "og_title": null,
        "og_description": null,
        "twitter_image": null,
        "twitter_title": null,
        "twitter_description": null,
        "meta_title": null,
        "meta_description": null,
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "canonical_url": null,
        "accent_color": null,
    }));
    if let Some(count) = count.filter(|_| options.includes("count.posts")) {
        object.insert("count".into(), json!({ "posts": count }));
    }
    object.insert(
        "url".into(),
        Value::String(site.url(tag.lang, PathKind::Tag, tag.slug.as_str())),
    );
    object.insert("edition".into(), Value::String(tag.lang.code().to_owned()));
    project(object, options)
}

pub fn author(site: &Site<'_>, author: &Author, count: Option<i64>, options: &Options) -> Value {
    let mut object = object(json!({
        "id": to_object_id(author.id),
        "name": author.name,
        "slug": author.slug.as_str(),
        "profile_image": author.photo.as_deref().map(|photo| site.media(photo)),
        "cover_image": null,
        "bio": text_or_null(&author.bio),
        "website": null,
        "location": null,
        "facebook": null,
        "twitter": null,
        "threads": null,
        "bluesky": null,
        "mastodon": null,
        "tiktok": null,
        "youtube": null,
        "instagram": null,
        "linkedin": null,
        "meta_title": null,
        "meta_description": null,
    }));
    if let Some(count) = count.filter(|_| options.includes("count.posts")) {
        object.insert("count".into(), json!({ "posts": count }));
    }
    // Authors write for both editions; their page in the first one is their address.
    object.insert(
        "url".into(),
        Value::String(site.url(Lang::En, PathKind::Author, author.slug.as_str())),
    );
    project(object, options)
}

/// The site's settings in Ghost's keys, for `edition` (its name, tagline and sections); the
/// members, portal and newsletter keys say that Dateline offers none of Ghost's.
pub fn settings(
    site: &Site<'_>,
    edition: &Edition,
    editions: &[Edition],
    sections: &[Section],
    time_zone: &str,
) -> Value {
    let lang = edition.lang.code();
    let mut settings = object(json!({
        "title": edition.site_name,
        "description": edition.tagline,
        "logo": null,
        "icon": null,
        "accent_color": null,
        "cover_image": null,
        "facebook": null,
        "twitter": null,
        "lang": lang,
        "locale": lang,
        "timezone": time_zone,
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "navigation": sections.iter().map(|s| json!({
            "label": s.name,
            "url": path_for(s.lang, PathKind::Section, s.slug.as_str()),
        })).collect::<Vec<_>>(),
        "secondary_navigation": [],
        "meta_title": null,
        "meta_description": null,
        "og_image": null,
        "og_title": null,
        "og_description": null,
        "twitter_image": null,
        "twitter_title": null,
        "twitter_description": null,
    }));
    settings.extend(object(json!({
        "members_support_address": "noreply",
        "members_enabled": false,
        "allow_self_signup": false,
        "members_invite_only": false,
        "members_signup_access": "none",
        "paid_members_enabled": false,
        "firstpromoter_account": null,
        "portal_button_style": "icon-and-text",
        "portal_button_signup_text": "",
        "portal_button_icon": null,
        "portal_signup_terms_html": null,
        "portal_signup_checkbox_required": false,
        "portal_plans": ["free"],
        "portal_default_plan": "yearly",
        "portal_name": false,
        "portal_button": false,
        "comments_enabled": "off",
        "recommendations_enabled": false,
        "outbound_link_tagging": false,
        "default_email_address": "",
        "support_email_address": "",
        "editor_default_email_recipients": "disabled",
        "labs": {},
    })));
    settings.extend(object(json!({
        "url": format!("{}{}", site.base, path_for(edition.lang, PathKind::Home, "")),
        "version": super::GHOST_VERSION,
        "edition": lang,
        "editions": editions.iter().map(|e| json!({
            "edition": e.lang.code(),
            "title": e.site_name,
            "description": e.tagline,
            "url": format!("{}{}", site.base, path_for(e.lang, PathKind::Home, "")),
        })).collect::<Vec<_>>(),
    })));
    Value::Object(settings)
}
