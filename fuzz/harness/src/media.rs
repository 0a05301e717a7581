//! Uploads: any bytes are sniffed, bounded and decoded, or refused, never a panic.

use dateline_media::{Limits, process};

/// Small enough that an accepted picture is re-encoded in milliseconds (one width, under the
/// smallest of `WIDTHS`), so the run spends its time in the sniffer and the decoders.
const LIMITS: Limits = Limits {
    max_bytes: 256 * 1024,
    max_pixels: 128 * 128,
    max_side: 128,
};

pub fn media(data: &[u8]) {
    let Ok(picture) = process(data, &LIMITS) else {
        return;
    };
    assert!(
        picture.width <= LIMITS.max_side && picture.height <= LIMITS.max_side,
        "{picture:?} is over the limits"
    );
    assert!(!picture.variants.is_empty(), "{picture:?} has no variants");
    for variant in &picture.variants {
        assert!(
            variant.width <= picture.width && !variant.bytes.is_empty(),
            "{picture:?}"
        );
    }
}
