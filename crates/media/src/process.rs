//! An upload in, a set of freshly encoded pictures out: bounded, sniffed, decoded, resized and
//! re-encoded, in that order, so that each step only sees what the one before let through.

use std::fmt;

use crate::decode::{self, Pixels};
use crate::encode::{Encoding, encode};
use crate::resize::downscale;
use crate::sniff::{sniff, webp_is_lossy};
use crate::{Format, Limits, MediaError};

/// The widths, in pixels, of the smaller copies made of every picture wider than them.
pub const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];

/// One stored picture: a fresh encoding of the upload's pixels, nothing else of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("format", &self.format)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// An accepted upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The picture's size as shown, after any EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// What the upload's magic bytes said it was.
    pub original_format: Format,
    /// By width, narrowest first; at each width the original format's variant, then WebP when
    /// every WebP is smaller than the variant beside it (a WebP upload: one WebP a width).
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The variants at one width, in either format.
    pub fn at_width(&self, width: u32) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |variant| variant.width == width)
    }
}

/// Turns an upload into pictures Dateline can serve, or says why it cannot.
///
/// The upload is refused when it is over `limits.max_bytes`, when its magic bytes are not those
/// of a JPEG, PNG, WebP or GIF (a name or declared content type is never consulted), when its
/// header declares more than `limits.max_pixels` or a side over `limits.max_side` (checked
/// before any pixel is allocated), or when it does not decode completely.
///
/// An accepted upload is decoded (an animated GIF to its first frame), turned upright by its
/// EXIF orientation, and encoded afresh at each width in [`WIDTHS`] narrower than it and at its
/// own width, never wider: once in its own format — JPEG at quality 82, PNG, and PNG for a GIF,
/// as Dateline writes no GIFs — and once as WebP: lossy for a photograph (a JPEG), lossless for
/// a PNG or GIF (drawings, screenshots, sharp edges). The WebPs are kept only when each is
/// smaller than the variant beside it, since readers' browsers take the WebP whenever there is
/// one. A WebP upload becomes one WebP a width, lossy or lossless as the upload was. Only pixels
/// reach the encoders, so no variant carries the upload's metadata (EXIF, GPS, comments) or
/// anything appended to it.
pub fn process(upload: &[u8], limits: &Limits) -> Result<Processed, MediaError> {
    let original_format = inspect(upload, limits)?.format;
    let original = decode::decode(upload, original_format, limits)?;
    let (own, webp) = encodings(original_format, upload);

    let mut variants = Vec::new();
    let mut webp_is_smaller = true;
    for width in variant_widths(original.width) {
        let resized;
        let pixels: &Pixels = if width == original.width {
            &original
        } else {
            resized = downscale(&original, width)?;
            &resized
        };
        let variant = |encoding: Encoding| -> Result<Variant, MediaError> {
            Ok(Variant {
                width: pixels.width,
                height: pixels.height,
                format: encoding.format(),
                bytes: encode(pixels, encoding)?,
            })
        };
        match own {
            Some(own) => {
                let own = variant(own)?;
                let webp = variant(webp)?;
                webp_is_smaller &= webp.bytes.len() < own.bytes.len();
                variants.extend([own, webp]);
            }
            None => variants.push(variant(webp)?),
        }
    }
    if !webp_is_smaller {
        // One WebP larger than its neighbour and none is offered: a browser taking WebP picks
        // among the WebP widths only, so a partial set would send it a wider picture instead.
        variants.retain(|variant| variant.format != Format::Webp);
    }
    Ok(Processed {
        width: original.width,
        height: original.height,
        original_format,
        variants,
    })
}

/// How each width of an upload is written: in its own format (none for a WebP upload, whose
/// own format is WebP), and as WebP.
fn encodings(original_format: Format, upload: &[u8]) -> (Option<Encoding>, Encoding) {
    match original_format {
        Format::Jpeg => (Some(Encoding::Jpeg), Encoding::LossyWebp),
        Format::Png | Format::Gif => (Some(Encoding::Png), Encoding::LosslessWebp),
        Format::Webp if webp_is_lossy(upload) => (None, Encoding::LossyWebp),
        Format::Webp => (None, Encoding::LosslessWebp),
    }
}

/// What an upload's header declares, once it has passed the limits that need no decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// The most memory [`process`] takes for it, in bytes.
    pub working_memory: u64,
}

/// Memory that processing takes per pixel beyond the decoded pixels and their conversion: the
/// resized copies and the encoders' buffers. Measured: a 6,300 × 6,300 RGBA PNG (4 bytes a
/// decoded pixel, no conversion) peaked at 9.1 bytes a pixel in all; a 6,000 × 4,000 JPEG (3
/// bytes a pixel), whose WebPs libwebp's lossy coder writes from YUV (1.5 bytes a pixel), at
/// 5.8 (`measurements::peak_memory`; 9.1 with the lossless coder it replaced).
const ENCODING_BYTES_PER_PIXEL: u64 = 6;
/// Memory processing takes whatever the picture's size: tables, small buffers, the output.
const WORKING_MEMORY_BASE: u64 = 16 * 1024 * 1024;

/// Checks an upload as far as can be done without decoding it: its size, its magic bytes, and
/// the dimensions its header declares. Says how much memory processing it will take, so that
/// a server can hold it back until that much is free.
pub fn inspect(upload: &[u8], limits: &Limits) -> Result<Inspected, MediaError> {
    limits.check_size(upload.len())?;
    let format = sniff(upload)?;
    let header = decode::header(upload, format, limits)?;
    limits.check_dimensions(header.width, header.height)?;
    let conversion = if header.eight_bit_rgb { 0 } else { 4 };
    let per_pixel = u64::from(header.pixel_bytes) + conversion + ENCODING_BYTES_PER_PIXEL;
    let pixels = u64::from(header.width) * u64::from(header.height);
    Ok(Inspected {
        format,
        width: header.width,
        height: header.height,
        working_memory: pixels
            .saturating_mul(per_pixel)
            .saturating_add(WORKING_MEMORY_BASE),
    })
}

/// Each of [`WIDTHS`] narrower than the original, then the original's own width.
fn variant_widths(original_width: u32) -> impl Iterator<Item = u32> {
    WIDTHS
        .into_iter()
        .filter(move |&width| width < original_width)
        .chain([original_width])
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::fixtures::{self, contains};

    fn accepted(upload: &[u8]) -> Processed {
        process(upload, &Limits::default()).unwrap_or_else(|error| panic!("refused: {error:?}"))
    }

    fn no_variant_contains(processed: &Processed, needle: &[u8]) {
        for variant in &processed.variants {
            assert!(
                !contains(&variant.bytes, needle),
                "{variant:?} contains {:?}",
                String::from_utf8_lossy(needle)
            );
        }
    }

    fn variants_decode_to_their_size(processed: &Processed) {
        for variant in &processed.variants {
            let decoded = image::load_from_memory(&variant.bytes).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (variant.width, variant.height),
                "{variant:?}"
            );
            let sniffed = sniff(&variant.bytes).unwrap();
            assert_eq!(sniffed, variant.format);
        }
    }

    fn formats_at(processed: &Processed, width: u32) -> Vec<Format> {
        processed.at_width(width).map(|variant| variant.format).collect()
    }

    #[test]
    fn widths_stop_at_the_original_and_never_upscale() {
        assert_eq!(variant_widths(300).collect::<Vec<_>>(), [300]);
        assert_eq!(variant_widths(480).collect::<Vec<_>>(), [480]);
        assert_eq!(variant_widths(1000).collect::<Vec<_>>(), [480, 800, 1000]);
        assert_eq!(variant_widths(1600).collect::<Vec<_>>(), [480, 800, 1200, 1600]);
        assert_eq!(
            variant_widths(4000).collect::<Vec<_>>(),
            [480, 800, 1200, 1600, 4000]
        );
    }

    #[test]
    fn a_jpeg_becomes_jpegs_and_webps_at_every_smaller_width() {
        let processed = accepted(&fixtures::jpeg(1000, 600));
        assert_eq!(
            (processed.width, processed.height, processed.original_format),
            (1000, 600, Format::Jpeg)
        );
        let sizes: Vec<_> = processed
            .variants
            .iter()
            .map(|v| (v.width, v.height, v.format))
            .collect();
        assert_eq!(
            sizes,
            [
                (480, 288, Format::Jpeg),
                (480, 288, Format::Webp),
                (800, 480, Format::Jpeg),
                (800, 480, Format::Webp),
                (1000, 600, Format::Jpeg),
                (1000, 600, Format::Webp),
            ]
        );
        variants_decode_to_their_size(&processed);
    }

    #[test]
    fn a_small_picture_is_kept_at_its_own_size() {
        let processed = accepted(&fixtures::png(300, 200));
        assert_eq!(processed.variants.len(), 2);
        assert!(
            processed
                .variants
                .iter()
                .all(|v| (v.width, v.height) == (300, 200))
        );
        assert!(processed.variants.iter().all(|v| v.width <= processed.width));
    }

    #[test]
    fn a_png_keeps_its_transparency() {
        let processed = accepted(&fixtures::png(900, 300));
        assert_eq!(processed.original_format, Format::Png);
        assert_eq!(formats_at(&processed, 480), [Format::Png, Format::Webp]);
        assert_eq!(formats_at(&processed, 900), [Format::Png, Format::Webp]);
        variants_decode_to_their_size(&processed);
        for variant in processed.at_width(480) {
            let decoded = image::load_from_memory(&variant.bytes).unwrap();
            assert!(decoded.color().has_alpha(), "{variant:?}");
            // The fixture's left half is see-through, its right half opaque.
            let rgba = decoded.into_rgba8();
            assert_eq!(rgba.get_pixel(10, 10)[3], 0);
            assert_eq!(rgba.get_pixel(470, 10)[3], 255);
        }
    }

    #[test]
    fn a_webp_becomes_one_webp_a_width() {
        let processed = accepted(&fixtures::webp(640, 480));
        assert_eq!(
            (processed.width, processed.height, processed.original_format),
            (640, 480, Format::Webp)
        );
        assert_eq!(formats_at(&processed, 480), [Format::Webp]);
        assert_eq!(formats_at(&processed, 640), [Format::Webp]);
        assert_eq!(processed.variants.len(), 2);
        variants_decode_to_their_size(&processed);
        // A lossless upload stays lossless: every pixel of it at its own width.
        let own = processed.at_width(640).next().unwrap();
        let upload = image::load_from_memory(&fixtures::webp(640, 480)).unwrap();
        let back = image::load_from_memory(&own.bytes).unwrap();
        assert_eq!(back.into_rgb8().into_raw(), upload.into_rgb8().into_raw());
    }

    /// GIFs come out as PNG and WebP: Dateline writes no GIFs, and only the first frame is kept.
    #[test]
    fn a_gif_becomes_pngs_of_its_first_frame() {
        let processed = accepted(&fixtures::animated_gif(500, 100));
        assert_eq!(processed.original_format, Format::Gif);
        assert_eq!(formats_at(&processed, 480), [Format::Png, Format::Webp]);
        assert_eq!(formats_at(&processed, 500), [Format::Png, Format::Webp]);
        variants_decode_to_their_size(&processed);
        let first = processed.at_width(500).next().unwrap();
        let rgba = image::load_from_memory(&first.bytes).unwrap().into_rgba8();
        assert_eq!(rgba.get_pixel(250, 50).0, fixtures::GIF_FIRST_FRAME);
    }

    #[test]
    fn exif_with_gps_is_stripped_from_every_variant() {
        let exif = fixtures::exif(None, true);
        let upload = fixtures::with_exif(&fixtures::jpeg(900, 600), &exif);
        assert!(contains(&upload, b"Exif\0\0"));
        assert!(contains(&upload, &fixtures::GPS_LATITUDE));
        assert!(contains(&upload, &fixtures::GPS_LONGITUDE));
        assert!(
            image::load_from_memory(&upload).is_ok(),
            "the fixture itself must be a valid JPEG"
        );

        let processed = accepted(&upload);
        assert_eq!(processed.variants.len(), 6);
        no_variant_contains(&processed, b"Exif");
        no_variant_contains(&processed, &fixtures::GPS_LATITUDE);
        no_variant_contains(&processed, &fixtures::GPS_LONGITUDE);
        no_variant_contains(&processed, &exif[6..14]);
    }

    #[test]
    fn exif_orientation_is_applied_then_stripped() {
        let upload = fixtures::with_exif(&fixtures::jpeg(1000, 500), &fixtures::exif(Some(6), true));
        let processed = accepted(&upload);
        assert_eq!((processed.width, processed.height), (500, 1000));
        assert_eq!(formats_at(&processed, 480), [Format::Jpeg, Format::Webp]);
        assert!(processed.at_width(480).all(|v| v.height == 960));
        no_variant_contains(&processed, b"Exif");
    }

    #[test]
    fn a_declared_decompression_bomb_is_refused_from_its_header() {
        let bomb = fixtures::png_declaring(50_000, 50_000);
        assert!(bomb.len() < 100);
        let started = Instant::now();
        let refused = process(&bomb, &Limits::default());
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
        match refused {
            Err(MediaError::TooManyPixels {
                width: 50_000,
                height: 50_000,
                max_pixels: 40_000_000,
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn inspection_reads_the_header_and_prices_the_work_by_its_pixels() {
        let small = inspect(&fixtures::png(100, 50), &Limits::default()).unwrap();
        assert_eq!((small.format, small.width, small.height), (Format::Png, 100, 50));
        // RGBA8 as decoded: 4 bytes a pixel, no conversion, then the encoders' share.
        assert_eq!(small.working_memory, 5_000 * 10 + WORKING_MEMORY_BASE);
        let large = inspect(&fixtures::jpeg(400, 300), &Limits::default()).unwrap();
        assert_eq!(large.working_memory, 120_000 * 9 + WORKING_MEMORY_BASE);
        assert!(matches!(
            inspect(&fixtures::png_declaring(50_000, 50_000), &Limits::default()),
            Err(MediaError::TooManyPixels { .. })
        ));
    }

    #[test]
    fn a_side_over_the_limit_is_refused_from_its_header() {
        let ribbon = fixtures::png_declaring(12_001, 1);
        assert!(matches!(
            process(&ribbon, &Limits::default()),
            Err(MediaError::SideTooLong {
                width: 12_001,
                height: 1,
                max_side: 12_000
            })
        ));
    }

    #[test]
    fn a_truncated_jpeg_is_corrupt() {
        let jpeg = fixtures::jpeg(640, 480);
        for cut in [jpeg.len() / 2, jpeg.len() - 40, 200] {
            match process(&jpeg[..cut], &Limits::default()) {
                Err(MediaError::Corrupt(_)) => {}
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_truncated_png_webp_or_gif_is_corrupt() {
        for (name, upload) in [
            ("png", fixtures::png(640, 480)),
            ("webp", fixtures::webp(640, 480)),
            ("gif", fixtures::gif(640, 480)),
            ("animated gif", fixtures::animated_gif(640, 480)),
        ] {
            for cut in [20, upload.len() / 2, upload.len() - 20] {
                match process(&upload[..cut], &Limits::default()) {
                    Err(MediaError::Corrupt(_)) => {}
                    other => panic!("{name} cut at {cut} of {}: {other:?}", upload.len()),
                }
            }
        }
    }

    #[test]
    fn svg_with_a_script_is_refused() {
        let svg = br#"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <script>fetch('/newsroom').then(r => r.text()).then(alert)</script>
  <rect width="100" height="100" fill="red"/>
</svg>"#;
        match process(svg, &Limits::default()) {
            Err(error @ MediaError::UnsupportedFormat(_)) => {
                assert!(error.to_string().contains("SVG drawings are not accepted"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_is_refused() {
        let html = b"<!DOCTYPE html><html><head><title>photo.jpg</title></head>\
                     <body><script>alert(document.cookie)</script></body></html>";
        assert!(matches!(
            process(html, &Limits::default()),
            Err(MediaError::NotAnImage)
        ));
    }

    #[test]
    fn pdf_and_zip_are_refused() {
        assert!(matches!(
            process(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", &Limits::default()),
            Err(MediaError::NotAnImage)
        ));
        assert!(matches!(
            process(&fixtures::zip(), &Limits::default()),
            Err(MediaError::NotAnImage)
        ));
    }

    #[test]
    fn random_bytes_are_refused() {
        for seed in 1..=20 {
            let noise = fixtures::noise(seed, 4096);
            assert!(process(&noise, &Limits::default()).is_err(), "seed {seed}");
        }
        assert!(matches!(
            process(&fixtures::noise(7, 4096), &Limits::default()),
            Err(MediaError::NotAnImage)
        ));
    }

    #[test]
    fn random_bytes_behind_a_magic_number_are_corrupt_not_a_panic() {
        for magic in [
            &b"\xFF\xD8\xFF\xE0"[..],
            b"\x89PNG\r\n\x1a\n",
            b"GIF89a",
            b"RIFF\0\x10\0\0WEBPVP8L",
        ] {
            let upload = [magic, &fixtures::noise(3, 2048)].concat();
            match process(&upload, &Limits::default()) {
                Err(
                    MediaError::Corrupt(_)
                    | MediaError::TooManyPixels { .. }
                    | MediaError::SideTooLong { .. },
                ) => {}
                other => panic!("{magic:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert!(matches!(process(b"", &Limits::default()), Err(MediaError::Empty)));
    }

    #[test]
    fn a_file_over_the_byte_limit_is_refused_before_decoding() {
        // Not a picture at all: only the size can have refused it.
        let limits = Limits {
            max_bytes: 1024,
            ..Limits::default()
        };
        let big = vec![b'x'; 1025];
        assert!(matches!(
            process(&big, &limits),
            Err(MediaError::TooLarge {
                bytes: 1025,
                max_bytes: 1024
            })
        ));
        let jpeg = fixtures::jpeg(800, 600);
        let limits = Limits {
            max_bytes: jpeg.len() - 1,
            ..Limits::default()
        };
        assert!(matches!(
            process(&jpeg, &limits),
            Err(MediaError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_gif_with_a_script_appended_comes_out_without_it() {
        // GIF89a opens like a JavaScript identifier: a GIF/JS or GIF/HTML polyglot is a real trick.
        let script = b"<script>alert(document.domain)</script>";
        let upload = [&fixtures::gif(600, 400)[..], b"*/=1;", script].concat();
        assert!(contains(&upload, script));
        let processed = accepted(&upload);
        no_variant_contains(&processed, b"<script");
        no_variant_contains(&processed, b"alert(");
        variants_decode_to_their_size(&processed);
    }

    #[test]
    fn a_jpeg_with_a_zip_appended_comes_out_without_it() {
        let zip = fixtures::zip();
        let upload = [fixtures::jpeg(600, 400), zip.clone()].concat();
        let processed = accepted(&upload);
        no_variant_contains(&processed, b"PK\x03\x04");
        no_variant_contains(&processed, b"PK\x05\x06");
        no_variant_contains(&processed, fixtures::ZIP_ENTRY_NAME);
        variants_decode_to_their_size(&processed);
    }

    #[test]
    fn scripts_hidden_in_metadata_do_not_survive() {
        let script = b"<script>alert(1)</script>";
        for upload in [
            fixtures::gif_with_comment(200, 100, script),
            fixtures::png_with_text(200, 100, script),
            fixtures::jpeg_with_comment(200, 100, script),
        ] {
            assert!(contains(&upload, script));
            let processed = accepted(&upload);
            no_variant_contains(&processed, b"<script");
        }
    }

    #[test]
    fn a_picture_appended_to_html_is_still_html() {
        let upload = [
            &b"<html><body><script>alert(1)</script></body></html>"[..],
            &fixtures::gif(10, 10),
        ]
        .concat();
        assert!(matches!(
            process(&upload, &Limits::default()),
            Err(MediaError::NotAnImage)
        ));
    }
}
