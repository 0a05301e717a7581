//! Readers of other publishing platforms' exports, for bringing a newsroom's archive into Dateline.
//!
//! Each reader streams its file: it holds one record at a time, so a many-gigabyte export reads
//! in the same memory as a small one, and a record that cannot be read is reported and passed
//! over rather than ending the import.
//!
//! - [`wxr`]: WordPress's WXR export (RSS 2.0 with the `wp:` namespace, versions 1.0 to 1.2).
//! - [`wordpress`]: what is read there, written into Dateline through the import use cases.
//! - [`ghost`]: Ghost's JSON export, written in through the same use cases.

mod desk;
pub mod ghost;
pub mod report;
mod shared;
pub mod wordpress;
pub mod wxr;
