//! The HTTP face of Dateline: the router, the shared application state, errors as pages,
//! security headers and the page cache that serves anonymous readers from memory.

mod app;
mod cache;
mod comments;
mod error;
mod extract;
mod feeds;
mod follow;
mod frame;
mod handlers;
mod limits;
mod origin;
mod reader;
mod router;
mod security;
mod settings_memo;
mod staff;
mod structured;
mod throttle;
mod word_lists;

pub use app::{App, AppBuilder, AppInner};
pub use cache::PageCache;
pub use error::AppError;
pub use follow::listen::follow_events;
pub use follow::rebuild_index;
pub use limits::Limits;
pub use router::{router, serve};
pub use throttle::Throttle;
