//! Black-box tests: the app on port 0 with a fresh database, asserting what a reader sees.
//! Every test runs twice, on SQLite and on PostgreSQL.

mod support;

mod admin_api;
mod admin_site;
mod api_keys;
mod article_page;
mod bad_input;
mod cache_keys;
mod comments;
mod content_api;
mod contributors;
mod desk_plan;
mod discovery;
mod editions;
mod events;
mod media;
mod members;
mod moderation;
mod newsroom;
mod newsroom_export;
mod newsroom_language;
mod nodes;
mod operator;
mod page_cache;
mod reactions;
mod reader_pages;
mod redirects;
mod search;
mod security;
mod shared_media;
mod sign_in;
mod site_face;
mod store;
mod story_editor;
mod webhooks;
