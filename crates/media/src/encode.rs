//! Pixels written out as new files. Nothing of the upload but its pixels reaches an encoder, so
//! no metadata (EXIF, GPS, comments, text chunks) and no trailing data survives.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder};

use crate::decode::Pixels;
use crate::{Format, MediaError};

/// Good for news photographs at a fraction of the size of higher settings.
const JPEG_QUALITY: u8 = 82;

/// libwebp's quality for photographs: the lowest that keeps the likeness (SSIM) of the JPEG at
/// [`JPEG_QUALITY`] beside it at the widths readers are sent most (480 to 1,200), in 22-43%
/// fewer bytes at every width (bench/RESULTS.md, "WebP variants (2026-12-06)"); lower settings
/// smooth away more of a photograph's grain.
pub(crate) const WEBP_QUALITY: f32 = 92.0;

/// How a picture is written: a format, and for WebP whether it may lose detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// At [`JPEG_QUALITY`], without alpha.
    Jpeg,
    Png,
    /// libwebp's lossy coder at [`WEBP_QUALITY`] (alpha kept losslessly): for photographs.
    LossyWebp,
    /// Every pixel kept: for drawings, screenshots and anything with sharp edges.
    LosslessWebp,
}

impl Encoding {
    pub(crate) fn format(self) -> Format {
        match self {
            Encoding::Jpeg => Format::Jpeg,
            Encoding::Png => Format::Png,
            Encoding::LossyWebp | Encoding::LosslessWebp => Format::Webp,
        }
    }
}

/// `pixels` as a file written the `encoding` way.
pub(crate) fn encode(pixels: &Pixels, encoding: Encoding) -> Result<Vec<u8>, MediaError> {
    fits(pixels)?;
    let mut out = Vec::new();
    let color = if pixels.alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let (width, height) = (pixels.width, pixels.height);
    let written = match encoding {
        Encoding::Jpeg if pixels.alpha => {
            // JPEG has no alpha; the caller only asks for JPEG from JPEG, which has none either.
            let opaque = image::RgbaImage::from_raw(width, height, pixels.bytes.clone())
                .map(|rgba| image::DynamicImage::ImageRgba8(rgba).into_rgb8().into_raw())
                .ok_or_else(|| MediaError::Processing("pixel buffer does not match its size".into()))?;
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
                &opaque,
                width,
                height,
                ExtendedColorType::Rgb8,
            )
        }
        Encoding::Jpeg => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
            &pixels.bytes,
            width,
            height,
            color,
        ),
        Encoding::Png => PngEncoder::new(&mut out).write_image(&pixels.bytes, width, height, color),
        Encoding::LossyWebp => return lossy_webp(pixels, WEBP_QUALITY),
        Encoding::LosslessWebp => {
            WebPEncoder::new_lossless(&mut out).write_image(&pixels.bytes, width, height, color)
        }
    };
    written.map_err(|error| MediaError::Processing(error.to_string()))?;
    Ok(out)
}

/// The encoders (and libwebp's bindings) panic on a buffer that does not match its size; a
/// mismatch would be our fault, and an error rather than a panic.
fn fits(pixels: &Pixels) -> Result<(), MediaError> {
    let channels: usize = if pixels.alpha { 4 } else { 3 };
    let expected = (pixels.width as usize)
        .saturating_mul(pixels.height as usize)
        .saturating_mul(channels);
    if pixels.bytes.len() == expected {
        Ok(())
    } else {
        Err(MediaError::Processing(
            "pixel buffer does not match its size".into(),
        ))
    }
}

/// `pixels` through libwebp's lossy coder at `quality` (0 to 100), its other settings libwebp's
/// defaults (its sharper RGB-to-YUV conversion cost a grainy photograph up to 60% more bytes
/// for no better SSIM).
pub(crate) fn lossy_webp(pixels: &Pixels, quality: f32) -> Result<Vec<u8>, MediaError> {
    fits(pixels)?;
    crate::webp::lossy(pixels, quality)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sniff::sniff;

    fn gradient(alpha: bool) -> Pixels {
        let channels = if alpha { 4 } else { 3 };
        let bytes = (0..16 * 8 * channels).map(|i| (i * 7) as u8).collect();
        Pixels {
            width: 16,
            height: 8,
            alpha,
            bytes,
        }
    }

    const ALL: [Encoding; 4] = [
        Encoding::Jpeg,
        Encoding::Png,
        Encoding::LossyWebp,
        Encoding::LosslessWebp,
    ];

    #[test]
    fn each_output_format_is_what_it_says() {
        for alpha in [false, true] {
            for encoding in ALL {
                let bytes = encode(&gradient(alpha), encoding).unwrap();
                assert_eq!(sniff(&bytes).unwrap(), encoding.format());
                let back = image::load_from_memory(&bytes).unwrap();
                assert_eq!((back.width(), back.height()), (16, 8));
            }
        }
    }

    #[test]
    fn lossless_webp_and_png_keep_every_pixel() {
        let pixels = gradient(true);
        for encoding in [Encoding::Png, Encoding::LosslessWebp] {
            let back = image::load_from_memory(&encode(&pixels, encoding).unwrap()).unwrap();
            assert_eq!(back.into_rgba8().into_raw(), pixels.bytes);
        }
    }

    #[test]
    fn lossy_webp_is_lossy_and_keeps_alpha() {
        let pixels = gradient(true);
        let bytes = encode(&pixels, Encoding::LossyWebp).unwrap();
        assert!(crate::sniff::webp_is_lossy(&bytes));
        let back = image::load_from_memory(&bytes).unwrap();
        assert!(back.color().has_alpha());
        let alpha: Vec<u8> = back.into_rgba8().pixels().map(|p| p[3]).collect();
        let expected: Vec<u8> = pixels.bytes.chunks(4).map(|p| p[3]).collect();
        assert_eq!(alpha, expected, "alpha is kept exactly");
    }

    #[test]
    fn a_buffer_that_does_not_match_its_size_is_an_error_not_a_panic() {
        let mut pixels = gradient(false);
        pixels.bytes.pop();
        for encoding in ALL {
            assert!(
                matches!(encode(&pixels, encoding), Err(MediaError::Processing(_))),
                "{encoding:?}"
            );
        }
    }
}
