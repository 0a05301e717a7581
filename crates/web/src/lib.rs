//! The HTTP face of Dateline: the router, the shared application state, errors as pages,
//! security headers and the page cache that serves anonymous readers from memory.

mod api;
mod app;
mod cache;
mod comments;
mod error;
mod extract;
mod feeds;
mod follow;
mod frame;
mod handlers;
mod latest;
mod operator;
mod origin;
mod panics;
mod reader;
mod redirects;
mod router;
mod security;
mod serve;
mod staff;
mod structured;
mod webhooks;

pub use api::openapi_document;
pub use app::{App, AppBuilder, AppInner};
pub use cache::{CacheCounts, DEFAULT_PAGE_CACHE_MIB, PageCache};
pub use dateline_service::Limits;
pub use error::AppError;
pub use follow::listen::follow_events;
pub use follow::rebuild_index;
pub use router::router;
pub use serve::{BODY_DEADLINE, BODY_PAUSE_TIMEOUT, HEADER_READ_TIMEOUT, connection_cap, serve};
pub use webhooks::{DeliveryPolicy, deliver_webhooks};
