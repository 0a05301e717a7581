//! The APIs' routes, each written once: the routers are built from these tables, and the
//! OpenAPI document is checked against them, so the two cannot drift apart.

use super::{admin, admin_comments, admin_desk, admin_pages, admin_webhooks, content};
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
    get "/posts/slug/{slug}/" => admin::read_post_by_slug;
    put "/posts/{id}/" => admin::edit_post;
    delete "/posts/{id}/" => admin::delete_post;
    post "/posts/{id}/corrections/" => admin_comments::correct;
    get "/pages/" => admin_pages::browse;
    post "/pages/" => admin_pages::add;
    get "/pages/{id}/" => admin_pages::read;
    get "/pages/slug/{slug}/" => admin_pages::read_by_slug;
    put "/pages/{id}/" => admin_pages::edit;
    delete "/pages/{id}/" => admin_pages::delete;
    get "/tags/" => admin_desk::browse_tags;
    post "/tags/" => admin_desk::add_tag;
    get "/tags/{id}/" => admin_desk::read_tag;
    get "/tags/slug/{slug}/" => admin_desk::read_tag_by_slug;
    put "/tags/{id}/" => admin_desk::edit_tag;
    delete "/tags/{id}/" => admin_desk::delete_tag;
    get "/users/" => admin_desk::browse_users;
    get "/users/{id}/" => admin_desk::read_user;
    get "/users/slug/{slug}/" => admin_desk::read_user_by_slug;
    put "/users/{id}/" => admin_desk::edit_user;
    get "/comments/" => admin_comments::browse;
    post "/comments/{id}/approve/" => admin_comments::approve;
    post "/comments/{id}/reject/" => admin_comments::reject;
    post "/images/upload/" => admin::upload_image, body limit upload_limit();
    post "/webhooks/" => admin_webhooks::add;
    put "/webhooks/{id}/" => admin_webhooks::edit;
    delete "/webhooks/{id}/" => admin_webhooks::delete;
}
