//! The XML parser as the reader drives it: configured to leave end tags to the reader, with
//! byte positions counted in the file and namespace scopes kept in step with what is open.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::reader::NsReader;

use super::error::WxrError;
use super::names::{self, Ns};
use super::outer::OuterStack;
use super::utf8::Utf8Guard;

/// A parser over `reader`, which sees only valid UTF-8 (see [`Utf8Guard`]).
pub(super) fn open<R: BufRead>(reader: R) -> NsReader<Utf8Guard<R>> {
    let mut xml = NsReader::from_reader(Utf8Guard::new(reader));
    let config = xml.config_mut();
    // End tags are checked per record (see `Tree`), so a mismatch skips one record instead of
    // ending the file; a lone `&` is text, as browsers read it.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    xml
}

/// The next event and the namespace of its name (for start, empty and end tags).
pub(super) fn next_event<'b, R: BufRead>(
    xml: &mut NsReader<Utf8Guard<R>>,
    buf: &'b mut Vec<u8>,
) -> Result<(Ns, Event<'b>), quick_xml::Error> {
    buf.clear();
    let (resolved, event) = xml.read_resolved_event_into(buf)?;
    Ok((names::namespace_of(&resolved), event))
}

/// Where the parser's last error is, in bytes of the file (the parser does not count a BOM).
pub(super) fn error_position<R: BufRead>(xml: &NsReader<Utf8Guard<R>>) -> u64 {
    let bom = xml.get_ref().consumed().saturating_sub(xml.buffer_position());
    xml.error_position() + bom
}

/// The error that ends the read, placed at the broken markup or, for a failed read, at the
/// bytes read so far.
pub(super) fn fatal<R: BufRead>(xml: &NsReader<Utf8Guard<R>>, error: quick_xml::Error) -> WxrError {
    let position = match error {
        quick_xml::Error::Io(_) => xml.get_ref().consumed(),
        _ => error_position(xml),
    };
    WxrError::from_xml(position, error)
}

/// Keeps the parser's namespace scopes inside the record whatever end tags it holds: stray ones
/// would otherwise take it out of the channel's and the root's scope, unbinding `wp` for good.
pub(super) fn keep_record_scope<R>(xml: &mut NsReader<R>, outer: &OuterStack) {
    // The record, and the scope of this end tag, which the parser leaves on its next read.
    if usize::from(xml.resolver().level()) < outer.len() + 2 {
        sync_scopes(xml, outer, 2);
    }
}

/// Sets the parser's namespace scopes to the elements really open outside records plus `extra`
/// (the record, or the scope of an end tag that the parser leaves on its next read), so that
/// broken markup never drops the root's `xmlns:wp` binding from scope.
pub(super) fn sync_scopes<R>(xml: &mut NsReader<R>, outer: &OuterStack, extra: usize) {
    let level = u16::try_from(outer.len() + extra).unwrap_or(u16::MAX);
    xml.resolver_mut().set_level(level);
}
