//! Uploaded files turned into safe, resized pictures. An upload is only ever trusted for its
//! pixels: it is sniffed by its magic bytes, bounded before decoding, and every picture served
//! is a fresh encoding, so no metadata, script or appended archive of the upload survives.

mod complete;
mod decode;
mod encode;
mod error;
mod limits;
mod process;
mod resize;
mod sniff;
mod webp;

#[cfg(test)]
mod fixtures;
#[cfg(all(test, feature = "measure"))]
mod measurements;
#[cfg(test)]
mod metrics;
#[cfg(test)]
mod photographs;

pub use error::MediaError;
pub use limits::Limits;
pub use process::{Inspected, Processed, Variant, WIDTHS, inspect, process};
pub use sniff::Format;
