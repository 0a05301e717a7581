//! How a photograph's WebP variants compare with the JPEGs beside them: fewer bytes at every
//! width, for at least the JPEG's likeness to the pixels both were made from.

use crate::decode::{self, Pixels};
use crate::encode::{Encoding, encode};
use crate::fixtures;
use crate::metrics::{decoded_rgb, psnr, ssim};
use crate::resize::downscale;
use crate::{Format, Limits, process};

/// The pixels both variants at `width` are made from, as `process` makes them.
pub(crate) fn source_at(upload: &[u8], format: Format, width: u32) -> Pixels {
    let original = decode::decode(upload, format, &Limits::default()).unwrap();
    if width == original.width {
        original
    } else {
        downscale(&original, width).unwrap()
    }
}

#[test]
fn every_webp_of_a_photograph_is_smaller_than_its_jpeg_and_as_like_the_source() {
    let upload = fixtures::photograph(1800, 1200);
    let processed = process(&upload, &Limits::default()).unwrap();
    let widths: Vec<u32> = processed.variants.iter().map(|v| v.width).collect();
    assert_eq!(widths, [480, 480, 800, 800, 1200, 1200, 1600, 1600, 1800, 1800]);
    for width in [480, 800, 1200, 1600, 1800] {
        let [jpeg, webp] = [Format::Jpeg, Format::Webp].map(|format| {
            processed
                .at_width(width)
                .find(|v| v.format == format)
                .unwrap_or_else(|| panic!("no {format:?} at {width}"))
        });
        assert!(
            webp.bytes.len() < jpeg.bytes.len(),
            "at {width}: WebP {} bytes, JPEG {}",
            webp.bytes.len(),
            jpeg.bytes.len()
        );
        let back = decoded_rgb(&webp.bytes);
        assert_eq!((back.width, back.height), (webp.width, webp.height));
        assert_eq!((webp.width, webp.height), (jpeg.width, jpeg.height));
        let source = source_at(&upload, Format::Jpeg, width);
        // Within 0.006 of the JPEG's SSIM (at quality 90 the full width falls 0.0063 short, at
        // 80 0.012; the full-width JPEG is re-encoded on its source's own 8 × 8 grid), and over
        // 40 dB.
        let (webp_ssim, jpeg_ssim) = (ssim(&source, &back), ssim(&source, &decoded_rgb(&jpeg.bytes)));
        assert!(
            webp_ssim >= jpeg_ssim - 0.006,
            "at {width}: WebP SSIM {webp_ssim:.4}, JPEG {jpeg_ssim:.4}"
        );
        assert!(psnr(&source, &back) > 40.0, "at {width}");
    }
}

#[test]
fn a_lossy_webp_upload_becomes_one_lossy_webp_a_width() {
    let processed = process(&fixtures::lossy_webp(900, 600), &Limits::default()).unwrap();
    let sizes: Vec<_> = processed
        .variants
        .iter()
        .map(|v| (v.width, v.height, v.format))
        .collect();
    assert_eq!(
        sizes,
        [
            (480, 320, Format::Webp),
            (800, 533, Format::Webp),
            (900, 600, Format::Webp)
        ]
    );
    for variant in &processed.variants {
        assert!(crate::sniff::webp_is_lossy(&variant.bytes), "{variant:?}");
    }
}

/// Faint grain on flat grey (an overcast sky, pushed): libwebp at quality 92 keeps more of it
/// than the JPEG does and comes out larger, so no WebP is kept at any width.
#[test]
fn no_webp_is_kept_when_one_is_not_smaller_than_its_jpeg() {
    let (width, height) = (520, 40);
    let faint: Vec<u8> = fixtures::noise(5, (width * height * 3) as usize)
        .into_iter()
        .map(|byte| 120 + byte / 16)
        .collect();
    let grain = image::RgbImage::from_raw(width, height, faint).unwrap();
    let mut upload = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut upload, 95)
        .encode_image(&grain)
        .unwrap();
    let larger = [480, 520].into_iter().any(|width| {
        let source = source_at(&upload, Format::Jpeg, width);
        let own = encode(&source, Encoding::Jpeg).unwrap().len();
        encode(&source, Encoding::LossyWebp).unwrap().len() >= own
    });
    assert!(larger, "the fixture must give a WebP no smaller than its JPEG");
    let processed = process(&upload, &Limits::default()).unwrap();
    let formats: Vec<_> = processed.variants.iter().map(|v| (v.width, v.format)).collect();
    assert_eq!(formats, [(480, Format::Jpeg), (520, Format::Jpeg)]);
}
