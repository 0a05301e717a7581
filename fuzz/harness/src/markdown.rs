//! Story and page bodies: any Markdown an editor (or an import) writes renders to HTML with no
//! script in it, and to plain text for the index without panicking.

use dateline_render::markdown::{to_html, to_plain_text};

pub fn markdown(data: &[u8]) {
    let body = crate::text(data);
    crate::html::assert_safe(&to_html(&body));
    to_plain_text(&body);
}
