//! Smaller copies of the decoded pixels, never larger ones.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use crate::MediaError;
use crate::decode::Pixels;

/// The height that keeps the aspect ratio at `width`, rounded, at least one pixel.
pub(crate) fn height_at(original: &Pixels, width: u32) -> u32 {
    let scaled = (u64::from(original.height) * u64::from(width) + u64::from(original.width) / 2)
        / u64::from(original.width);
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// A copy `width` pixels wide (Lanczos3, alpha-aware); `width` must not exceed the original's.
pub(crate) fn downscale(original: &Pixels, width: u32) -> Result<Pixels, MediaError> {
    debug_assert!(width <= original.width, "never upscale");
    let height = height_at(original, width);
    let pixel_type = if original.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let source = ImageRef::new(original.width, original.height, &original.bytes, pixel_type)
        .map_err(|error| MediaError::Processing(error.to_string()))?;
    let mut target = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|error| MediaError::Processing(error.to_string()))?;
    Ok(Pixels {
        width,
        height,
        alpha: original.alpha,
        bytes: target.into_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(width: u32, height: u32, alpha: bool) -> Pixels {
        let channels = if alpha { 4 } else { 3 };
        let bytes = [200u8, 30, 60, 255][..channels].repeat((width * height) as usize);
        Pixels {
            width,
            height,
            alpha,
            bytes,
        }
    }

    #[test]
    fn the_aspect_ratio_is_kept() {
        let photo = solid(1600, 900, false);
        assert_eq!(height_at(&photo, 800), 450);
        assert_eq!(height_at(&photo, 480), 270);
        assert_eq!(height_at(&solid(3000, 1, false), 480), 1);
    }

    #[test]
    fn a_downscaled_copy_has_the_asked_size_and_layout() {
        for alpha in [false, true] {
            let small = downscale(&solid(100, 50, alpha), 40).unwrap();
            assert_eq!((small.width, small.height, small.alpha), (40, 20, alpha));
            assert_eq!(small.bytes.len(), 40 * 20 * if alpha { 4 } else { 3 });
            assert_eq!(&small.bytes[..3], &[200, 30, 60]);
        }
    }
}
