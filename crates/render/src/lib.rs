//! Everything between a domain value and the bytes a reader gets: the theme's templates and
//! assets (embedded, overridable file by file from a folder), the interface text catalogs,
//! dates in each edition's language, and Markdown made into safe HTML.

mod assets;
mod catalog;
pub mod comment_text;
pub mod dates;
pub mod from_html;
pub mod numerals;
mod paths;
pub mod plural;
mod templates;
pub mod words;

pub use assets::{Asset, Assets, content_type};
pub use catalog::Catalogs;
pub use dateline_markdown as markdown;
pub use dates::digits;
pub use minijinja::value::{Serde, merge_maps};
pub use minijinja::{Value, context};
pub use paths::{PathKind, path_for};
pub use templates::{RenderError, Renderer};
