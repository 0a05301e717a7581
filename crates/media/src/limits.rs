//! How big an upload may be: in bytes before anything is read, in pixels from the header
//! before anything is decoded, and in memory while decoding.

use crate::MediaError;

/// The largest upload Dateline will turn into pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The upload's size in bytes.
    pub max_bytes: usize,
    /// Width × height, as declared by the file's header.
    pub max_pixels: u64,
    /// The longer of width and height.
    pub max_side: u32,
}

impl Default for Limits {
    /// 15 MiB, 40 megapixels, 12,000 pixels a side: more than any camera or phone in a newsroom
    /// produces, far less than a decompression bomb declares.
    fn default() -> Self {
        Self {
            max_bytes: 15 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_side: 12_000,
        }
    }
}

/// The widest pixel the decoders may hand back (16-bit RGBA), to size their memory budget.
const WIDEST_PIXEL_BYTES: u64 = 8;
/// Room for the decoders' own buffers (a GIF frame, a PNG row, Huffman tables).
const DECODER_HEADROOM_BYTES: u64 = 64 * 1024 * 1024;

impl Limits {
    pub(crate) fn check_size(&self, bytes: usize) -> Result<(), MediaError> {
        match bytes {
            0 => Err(MediaError::Empty),
            n if n > self.max_bytes => Err(MediaError::TooLarge {
                bytes: n,
                max_bytes: self.max_bytes,
            }),
            _ => Ok(()),
        }
    }

    /// Checked against the header, before a single pixel is allocated.
    pub(crate) fn check_dimensions(&self, width: u32, height: u32) -> Result<(), MediaError> {
        if width == 0 || height == 0 {
            return Err(MediaError::Corrupt(format!(
                "the header declares {width} × {height} pixels"
            )));
        }
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(MediaError::TooManyPixels {
                width,
                height,
                max_pixels: self.max_pixels,
            });
        }
        if width.max(height) > self.max_side {
            return Err(MediaError::SideTooLong {
                width,
                height,
                max_side: self.max_side,
            });
        }
        Ok(())
    }

    /// The decoders' own limits: a second guard should a header lie about its size or a decoder
    /// allocate more than the picture it returns.
    pub(crate) fn decoder_limits(&self) -> image::Limits {
        let mut limits = self.decoder_memory_budget();
        limits.max_image_width = Some(self.max_side);
        limits.max_image_height = Some(self.max_side);
        limits
    }

    /// Only the memory budget, for reading the header: the dimensions are then checked here, so
    /// that the refusal can say what they were.
    pub(crate) fn decoder_memory_budget(&self) -> image::Limits {
        let mut limits = image::Limits::default();
        limits.max_image_width = None;
        limits.max_image_height = None;
        limits.max_alloc = Some(
            self.max_pixels
                .saturating_mul(WIDEST_PIXEL_BYTES)
                .saturating_add(DECODER_HEADROOM_BYTES),
        );
        limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_fifteen_mebibytes_forty_megapixels_twelve_thousand_a_side() {
        let limits = Limits::default();
        assert_eq!(limits.max_bytes, 15_728_640);
        assert_eq!(limits.max_pixels, 40_000_000);
        assert_eq!(limits.max_side, 12_000);
    }

    #[test]
    fn size_is_checked_before_anything_else() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(limits.check_size(0), Err(MediaError::Empty)));
        assert!(limits.check_size(10).is_ok());
        assert!(matches!(
            limits.check_size(11),
            Err(MediaError::TooLarge {
                bytes: 11,
                max_bytes: 10
            })
        ));
    }

    #[test]
    fn pixels_and_sides_are_bounded_without_overflow() {
        let limits = Limits::default();
        assert!(limits.check_dimensions(8000, 5000).is_ok());
        assert!(matches!(
            limits.check_dimensions(u32::MAX, u32::MAX),
            Err(MediaError::TooManyPixels { width: u32::MAX, .. })
        ));
        assert!(matches!(
            limits.check_dimensions(12_001, 10),
            Err(MediaError::SideTooLong {
                width: 12_001,
                height: 10,
                max_side: 12_000
            })
        ));
        assert!(matches!(
            limits.check_dimensions(0, 10),
            Err(MediaError::Corrupt(_))
        ));
    }

    #[test]
    fn decoder_limits_follow_ours() {
        let limits = Limits {
            max_pixels: 1_000,
            max_side: 50,
            ..Limits::default()
        }
        .decoder_limits();
        assert_eq!(limits.max_image_width, Some(50));
        assert_eq!(limits.max_image_height, Some(50));
        assert_eq!(limits.max_alloc, Some(8_000 + DECODER_HEADROOM_BYTES));
    }
}
