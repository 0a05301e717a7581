//! Every route of the site, and the layers around them in the order a request meets them.

use crate::{App, api, cache, error, handlers, operator, panics, redirects, security};
use axum::Router;
use axum::routing::{get, post};
use dateline_domain::Lang;

/// The whole site: both editions' reader pages, assets and media.
pub fn router(app: App) -> Router {
    let mut readers = Router::new();
    for lang in Lang::ALL {
        readers = readers.merge(edition_routes(lang));
    }
    let readers = readers
        .route("/sitemap.xml", get(handlers::sitemaps::index))
        .route("/sitemaps/{name}", get(handlers::sitemaps::sitemap))
        .route("/robots.txt", get(handlers::sitemaps::robots));
    let readers = readers.layer(axum::middleware::from_fn_with_state(
        app.clone(),
        cache::serve_from_cache,
    ));
    // Search pages depend on every word of the query, and a reader's own part of a story is
    // theirs alone: neither is kept.
    let mut uncached = Router::new();
    for lang in Lang::ALL {
        uncached = uncached
            .route(
                &format!("{}/search", lang.path_prefix()),
                get(handlers::search::search),
            )
            .route(
                &format!("{}/article/{{slug}}/mine", lang.path_prefix()),
                get(handlers::mine::mine).layer(axum::middleware::from_fn(security::never_stored)),
            );
    }
    let routes = Router::new()
        .merge(readers)
        .merge(uncached)
        .route("/ar", get(handlers::home::arabic_without_slash))
        .route("/static/{name}", get(handlers::assets::static_asset))
        .merge(newsroom_routes())
        .merge(api::content_routes(app.clone()))
        .merge(api::admin_routes(app.clone()))
        .route("/media/{*path}", get(handlers::assets::media))
        .route("/healthz", get(operator::healthz))
        .route("/readyz", get(operator::readyz))
        .route("/metrics", get(operator::metrics))
        .route_layer(axum::middleware::from_fn(operator::name_route))
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn(security::reject_long_paths))
        .layer(axum::middleware::from_fn(panics::catch_panics))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            error::render_error_pages,
        ))
        .layer(axum::middleware::from_fn(security::security_headers))
        .layer(axum::middleware::from_fn(operator::request_span))
        .with_state(app.clone());
    // The outermost layers wrap the router as a whole, not each route (as `Router::layer`
    // does): a page in the cache is then answered before any route is matched and before a
    // route's stack of layers is cloned for the request, which was over a third of a hit's
    // time (bench/RESULTS.md). Order: as listed, the first meets the request first.
    let outer = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            operator::observe,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            redirects::follow_redirects,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::strict_transport,
        ))
        .layer(axum::middleware::from_fn_with_state(app, cache::serve_hits))
        .service(routes);
    Router::new().fallback_service(outer)
}

fn newsroom_routes() -> Router<App> {
    use handlers::newsroom::{
        autosave, bans, bulk, desk, keys, language, login, media, moderation, planning, preview, redirects,
        site, stories, users, workflow,
    };
    let upload_limit =
        || axum::extract::DefaultBodyLimit::max(dateline_media::Limits::default().max_bytes + 64 * 1024);
    Router::new()
        .route("/newsroom", get(stories::list))
        .route("/newsroom/stories/new", get(stories::new_story))
        .route("/newsroom/stories", get(stories::list).post(stories::create))
        .route("/newsroom/stories/{id}", get(stories::edit).post(stories::save))
        .route("/newsroom/stories/bulk", post(bulk::apply))
        .route("/newsroom/planning", get(planning::planning))
        .route("/newsroom/stories/preview", post(preview::preview_new))
        .route("/newsroom/stories/{id}/preview", post(preview::preview_story))
        .route("/newsroom/stories/autosave", post(autosave::keep_new))
        .route("/newsroom/stories/{id}/autosave", post(autosave::keep_story))
        .route("/newsroom/stories/autosave/discard", post(autosave::discard_new))
        .route(
            "/newsroom/stories/{id}/autosave/discard",
            post(autosave::discard_story),
        )
        .route("/newsroom/stories/{id}/status", post(workflow::move_story))
        .route("/newsroom/stories/{id}/corrections", post(workflow::correct))
        .route("/newsroom/stories/{id}/notes", post(workflow::note))
        .route("/newsroom/stories/{id}/revisions", get(workflow::revisions))
        .route(
            "/newsroom/stories/{id}/revisions/{version}/restore",
            post(workflow::restore),
        )
        .route("/newsroom/login", get(login::login_page).post(login::log_in))
        .route(
            "/newsroom/media",
            get(media::library).post(media::upload).layer(upload_limit()),
        )
        .route(
            "/newsroom/media/insert",
            post(media::insert).layer(upload_limit()),
        )
        .route("/newsroom/media/{id}", get(media::picture))
        .route("/newsroom/media/{id}/delete", post(media::delete))
        .route("/newsroom/media/{id}/focus", post(media::set_focus))
        .route("/newsroom/desk", get(desk::desk).post(desk::change))
        .route("/newsroom/pages", get(site::pages).post(site::add_page))
        .route(
            "/newsroom/pages/{lang}/{slug}",
            get(site::edit_page).post(site::save_page),
        )
        .route(
            "/newsroom/settings",
            get(site::settings).post(site::save_settings),
        )
        .route("/newsroom/settings/face/{lang}", post(site::save_face))
        .route("/newsroom/keys", get(keys::list).post(keys::add))
        .route("/newsroom/keys/{id}/revoke", post(keys::revoke))
        .route("/newsroom/redirects", get(redirects::list).post(redirects::add))
        .route("/newsroom/redirects/{id}/delete", post(redirects::delete))
        .route("/newsroom/users", get(users::list))
        .route("/newsroom/users/invite", post(users::invite))
        .route("/newsroom/users/role", post(users::change_role))
        .route("/newsroom/users/active", post(users::set_active))
        .route(
            "/newsroom/welcome/{token}",
            get(users::welcome).post(users::set_password),
        )
        .route("/newsroom/logout", post(login::log_out))
        .route("/newsroom/language", post(language::choose))
        .route("/newsroom/moderation", get(moderation::queue_page))
        .route("/newsroom/moderation/decide", post(moderation::decide))
        .route("/newsroom/moderation/ban", post(moderation::ban))
        .route(
            "/newsroom/moderation/settings",
            get(moderation::settings).post(moderation::save_settings),
        )
        .route("/newsroom/moderation/log", get(moderation::log))
        .route("/newsroom/moderation/bans", get(bans::list))
        .route("/newsroom/moderation/bans/{id}/lift", post(bans::lift))
        .route("/newsroom/reactions", get(moderation::reactions))
        .route("/newsroom/moderation/export", get(moderation::export))
        .route("/newsroom/moderation/erase", post(moderation::erase))
        .layer(axum::middleware::from_fn(security::never_stored))
}

fn edition_routes(lang: Lang) -> Router<App> {
    let at = |path: &str| format!("{}{path}", lang.path_prefix());
    Router::new()
        .route(&at("/"), get(handlers::home::home))
        .route(&at("/section/{slug}"), get(handlers::listings::section))
        .route(&at("/tag/{slug}"), get(handlers::listings::tag))
        .route(&at("/author/{slug}"), get(handlers::listings::author))
        .route(&at("/article/{slug}"), get(handlers::article::article))
        .route(&at("/article/{slug}/reaction"), post(handlers::reaction::react))
        .route(
            &at("/article/{slug}/comments"),
            post(handlers::comments::post_comment),
        )
        .route(
            &at("/article/{slug}/comments/{id}/report"),
            post(handlers::comments::report_comment),
        )
        .route(&at("/page/{slug}"), get(handlers::static_page::static_page))
        .route(&at("/rss.xml"), get(handlers::feeds::edition_feed))
        .route(&at("/atom.xml"), get(handlers::feeds::edition_feed))
        .route(&at("/section/{slug}/rss.xml"), get(handlers::feeds::section_feed))
        .route(
            &at("/section/{slug}/atom.xml"),
            get(handlers::feeds::section_feed),
        )
        .route(&at("/tag/{slug}/rss.xml"), get(handlers::feeds::tag_feed))
        .route(&at("/tag/{slug}/atom.xml"), get(handlers::feeds::tag_feed))
        .route(&at("/author/{slug}/rss.xml"), get(handlers::feeds::author_feed))
        .route(&at("/author/{slug}/atom.xml"), get(handlers::feeds::author_feed))
}
