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

/// `pixels` as a file in `format`. WebP is lossless: image 0.25 encodes no lossy WebP. GIF is
/// not an output format: the caller asks for PNG instead.
pub(crate) fn encode(pixels: &Pixels, format: Format) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let color = if pixels.alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let (width, height) = (pixels.width, pixels.height);
    let written = match format {
        Format::Jpeg if pixels.alpha => {
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
        Format::Jpeg => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
            &pixels.bytes,
            width,
            height,
            color,
        ),
        Format::Png => PngEncoder::new(&mut out).write_image(&pixels.bytes, width, height, color),
        Format::Webp => WebPEncoder::new_lossless(&mut out).write_image(&pixels.bytes, width, height, color),
        Format::Gif => return Err(MediaError::Processing("GIF is not an output format".into())),
    };
    written.map_err(|error| MediaError::Processing(error.to_string()))?;
    Ok(out)
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

    #[test]
    fn each_output_format_is_what_it_says() {
        for alpha in [false, true] {
            for format in [Format::Jpeg, Format::Png, Format::Webp] {
                let bytes = encode(&gradient(alpha), format).unwrap();
                assert_eq!(sniff(&bytes).unwrap(), format);
                let back = image::load_from_memory(&bytes).unwrap();
                assert_eq!((back.width(), back.height()), (16, 8));
            }
        }
    }

    #[test]
    fn webp_and_png_are_lossless() {
        let pixels = gradient(true);
        for format in [Format::Png, Format::Webp] {
            let back = image::load_from_memory(&encode(&pixels, format).unwrap()).unwrap();
            assert_eq!(back.into_rgba8().into_raw(), pixels.bytes);
        }
    }

    #[test]
    fn gif_is_never_written() {
        assert!(matches!(
            encode(&gradient(false), Format::Gif),
            Err(MediaError::Processing(_))
        ));
    }
}
