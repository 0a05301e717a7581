//! Why an export cannot be read on at all. A single bad record is not an error: it is answered as
//! [`WxrEntry::Skipped`](super::WxrEntry::Skipped).

use std::io;
use std::sync::Arc;

/// The export cannot be read past this point; no further entries follow.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    /// The file could not be read from (disk, network or decompression failure).
    #[error("the export could not be read at byte {position}: {source}")]
    Read {
        /// Bytes of the file read before the failure.
        position: u64,
        /// What the reader underneath reported.
        #[source]
        source: io::Error,
    },
    /// The XML is broken in a way the reader cannot step over, such as a tag left open at the
    /// end of the file or a declaration that is not XML.
    #[error("the export cannot be read on from byte {position}: {source}")]
    Xml {
        /// Byte offset of the broken markup.
        position: u64,
        /// What the XML parser found.
        #[source]
        source: quick_xml::Error,
    },
    /// The file ends inside an element: it was most likely cut short while being copied.
    #[error("the export ends at byte {position} before its elements are closed: the file looks cut short")]
    Truncated {
        /// The size of what was read.
        position: u64,
    },
    /// The file holds no RSS `<channel>`, so it is not a WordPress export.
    #[error("this is not a WordPress export: its {position} bytes hold no RSS <channel>")]
    NotAnExport {
        /// The size of what was read.
        position: u64,
    },
}

impl WxrError {
    /// Wraps an error of the XML parser found at `position`.
    pub(super) fn from_xml(position: u64, error: quick_xml::Error) -> Self {
        match error {
            quick_xml::Error::Io(shared) => Self::Read {
                position,
                source: Arc::try_unwrap(shared)
                    .unwrap_or_else(|shared| io::Error::new(shared.kind(), shared.to_string())),
            },
            other => Self::Xml {
                position,
                source: other,
            },
        }
    }
}
