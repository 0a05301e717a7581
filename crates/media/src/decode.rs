//! From bytes to pixels, within bounds: the header's dimensions are checked before the decoder
//! allocates anything, and the decoder runs under a memory budget of its own.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageReader};

use crate::{Format, Limits, MediaError, complete};

/// Decoded pixels, turned upright, in the layout the resizer and the encoders share.
pub(crate) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    /// Row-major RGBA8 when `alpha`, RGB8 otherwise.
    pub bytes: Vec<u8>,
}

/// What the header declares, read without decoding the image.
pub(crate) struct Header {
    pub width: u32,
    pub height: u32,
    /// Bytes a decoded pixel takes before it is turned into RGB8 or RGBA8.
    pub pixel_bytes: u16,
    /// Whether the decoded pixels are already RGB8 or RGBA8 (no copy to convert them).
    pub eight_bit_rgb: bool,
}

pub(crate) fn header(upload: &[u8], format: Format, limits: &Limits) -> Result<Header, MediaError> {
    let mut reader = ImageReader::with_format(Cursor::new(upload), format.image_format());
    reader.limits(limits.decoder_memory_budget());
    let decoder = reader.into_decoder().map_err(decoding_error)?;
    let (width, height) = decoder.dimensions();
    let color = decoder.color_type();
    Ok(Header {
        width,
        height,
        pixel_bytes: color.bytes_per_pixel().into(),
        eight_bit_rgb: matches!(color, image::ColorType::Rgb8 | image::ColorType::Rgba8),
    })
}

/// The whole image, the first frame of an animation, with any EXIF orientation applied.
/// The header must already have passed `Limits::check_dimensions`.
pub(crate) fn decode(upload: &[u8], format: Format, limits: &Limits) -> Result<Pixels, MediaError> {
    complete::runs_to_its_end(upload, format).map_err(MediaError::Corrupt)?;
    let mut reader = ImageReader::with_format(Cursor::new(upload), format.image_format());
    reader.limits(limits.decoder_limits());
    let mut decoder = reader.into_decoder().map_err(decoding_error)?;
    // `ImageReader::decode` reserves the output buffer against the budget; going through
    // `into_decoder` (to read the orientation first) means doing so here.
    limits
        .decoder_limits()
        .reserve(decoder.total_bytes())
        .map_err(decoding_error)?;
    // An unreadable orientation is no reason to refuse the picture: it stays as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(decoding_error)?;
    image.apply_orientation(orientation);

    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let bytes = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Pixels {
        width,
        height,
        alpha,
        bytes,
    })
}

fn decoding_error(error: ImageError) -> MediaError {
    match error {
        ImageError::Limits(limit) => MediaError::NeedsTooMuchMemory(limit.to_string()),
        other => MediaError::Corrupt(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn the_header_is_read_without_decoding() {
        let png = fixtures::png_declaring(50_000, 50_000);
        let header = header(&png, Format::Png, &Limits::default()).unwrap();
        assert_eq!((header.width, header.height), (50_000, 50_000));
        assert_eq!((header.pixel_bytes, header.eight_bit_rgb), (4, true), "RGBA8");
    }

    #[test]
    fn the_decoders_own_limits_are_a_second_guard() {
        // Limits that a header check would have refused, handed straight to the decoder.
        let png = fixtures::png(64, 64);
        let tight = Limits {
            max_side: 32,
            ..Limits::default()
        };
        assert!(matches!(
            decode(&png, Format::Png, &tight),
            Err(MediaError::NeedsTooMuchMemory(_))
        ));
        let jpeg = fixtures::jpeg(64, 64);
        assert!(matches!(
            decode(&jpeg, Format::Jpeg, &tight),
            Err(MediaError::NeedsTooMuchMemory(_))
        ));
    }

    #[test]
    fn pixels_keep_alpha_only_where_the_source_has_it() {
        let opaque = decode(&fixtures::jpeg(10, 6), Format::Jpeg, &Limits::default()).unwrap();
        assert_eq!((opaque.width, opaque.height, opaque.alpha), (10, 6, false));
        assert_eq!(opaque.bytes.len(), 10 * 6 * 3);
        let clear = decode(&fixtures::png(10, 6), Format::Png, &Limits::default()).unwrap();
        assert!(clear.alpha);
        assert_eq!(clear.bytes.len(), 10 * 6 * 4);
    }

    #[test]
    fn exif_orientation_turns_the_picture_upright() {
        // Orientation 6: stored landscape, shown rotated 90° clockwise.
        let jpeg = fixtures::with_exif(&fixtures::jpeg(40, 20), &fixtures::exif(Some(6), false));
        let pixels = decode(&jpeg, Format::Jpeg, &Limits::default()).unwrap();
        assert_eq!((pixels.width, pixels.height), (20, 40));
    }
}
