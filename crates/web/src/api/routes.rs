//! The APIs' routes, each written once: the routers are built from these tables, and the
//! OpenAPI document is checked against them, so the two cannot drift apart.

use super::{admin, admin_comments, admin_webhooks, content};
use crate::App;
use axum::Router;

/// Declares a table of `(method, path)` and the function adding those routes to a router.
macro_rules! route_table {
    ($table:ident, $add:ident: $($method:ident $path:literal => $handler:path $(, body limit $limit:expr)?;)*) => {
        /// Every route: its method and path under the API's prefix.
        pub(crate) const $table: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        pub(super) fn $add(router: Router<App>) -> Router<App> {
            router $(.route($path, {
                let route = axum::routing::$method($handler);
                $(let route = route.layer(axum::extract::DefaultBodyLimit::max($limit));)?
                route
            }))*
        }
    };
}

/// Pictures arrive whole, a little over the largest the media library takes.
fn upload_limit() -> usize {
    dateline_media::Limits::default().max_bytes + 64 * 1024
}

route_table! { CONTENT_ROUTES, add_content_routes:
    get "/posts/" => content::browse_posts;
    get "/posts/{id}/" => content::read_post;
    get "/posts/slug/{slug}/" => content::read_post_by_slug;
    get "/pages/" => content::browse_pages;
    get "/pages/{id}/" => content::read_page;
    get "/pages/slug/{slug}/" => content::read_page_by_slug;
    get "/tags/" => content::browse_tags;
    get "/tags/{id}/" => content::read_tag;
    get "/tags/slug/{slug}/" => content::read_tag_by_slug;
    get "/authors/" => content::browse_authors;
    get "/authors/{id}/" => content::read_author;
    get "/authors/slug/{slug}/" => content::read_author_by_slug;
    get "/settings/" => content::settings;
}

route_table! { ADMIN_ROUTES, add_admin_routes:
    get "/posts/" => admin::browse_posts;
    post "/posts/" => admin::add_post;
    get "/posts/{id}/" => admin::read_post;
    put "/posts/{id}/" => admin::edit_post;
    delete "/posts/{id}/" => admin::delete_post;
    post "/posts/{id}/corrections/" => admin_comments::correct;
    get "/comments/" => admin_comments::browse;
    post "/comments/{id}/approve/" => admin_comments::approve;
    post "/comments/{id}/reject/" => admin_comments::reject;
    post "/images/upload/" => admin::upload_image, body limit upload_limit();
    post "/webhooks/" => admin_webhooks::add;
    put "/webhooks/{id}/" => admin_webhooks::edit;
    delete "/webhooks/{id}/" => admin_webhooks::delete;
}
