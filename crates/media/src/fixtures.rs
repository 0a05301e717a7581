//! Uploads for the tests, made in code: pictures in each format, a JPEG carrying EXIF GPS
//! written byte by byte, a PNG header declaring a decompression bomb, a ZIP, and noise.

use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{Delay, ExtendedColorType, Frame, ImageEncoder, RgbImage, RgbaImage};

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|window| window == needle)
}

fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x ^ y) & 0xFF) as u8,
        ])
    })
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(
            photo(width, height).as_raw(),
            width,
            height,
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// A photograph in all but origin, as a camera would hand it over (JPEG at quality 88): a sky
/// darkening upwards, a sun, rolling hills with a little texture, grain over everything, then
/// softened as a lens softens. Smooth areas, soft edges and noise are what lossy coders meet in
/// news photographs; the test pattern above, with its sharp XOR texture, is not.
pub fn photograph(width: u32, height: u32) -> Vec<u8> {
    let (w, h) = (f64::from(width), f64::from(height));
    let mut grain = noise(88, width as usize * height as usize * 3).into_iter();
    // Hills: (centre x, crest y, half-width, half-height) as fractions of the picture, and a green.
    let hills = [
        (0.15, 0.62, 0.45, 0.30, [70, 120, 50]),
        (0.70, 0.55, 0.55, 0.35, [50, 100, 40]),
        (0.40, 0.80, 0.60, 0.30, [90, 140, 60]),
        (0.95, 0.85, 0.35, 0.25, [60, 110, 35]),
    ];
    let sharp = RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (f64::from(x) / w, f64::from(y) / h);
        let mut colour = [90.0 + 80.0 * fy, 140.0 + 60.0 * fy, 220.0 - 40.0 * fy];
        let sun = ((fx - 0.78).powi(2) + ((fy - 0.18) * h / w).powi(2)).sqrt();
        if sun < 0.05 {
            colour = [255.0, 236.0, 180.0];
        } else if sun < 0.15 {
            let glow = (0.15 - sun) / 0.10 * 0.5;
            colour = colour.map(|c| c + (255.0 - c) * glow);
        }
        for (cx, crest, half_w, half_h, green) in hills {
            let dx = (fx - cx) / half_w;
            if dx.abs() < 1.0 && fy > crest + half_h * (1.0 - (1.0 - dx * dx).sqrt()) * 0.8 {
                let furrows = ((fy * h / 9.0 + dx * 3.0).sin() * 10.0).round();
                colour = green.map(|g| f64::from(g) + furrows);
            }
        }
        image::Rgb(colour.map(|c| {
            let grain = f64::from(grain.next().unwrap_or(128)) / 255.0 * 24.0 - 12.0;
            (c + grain).clamp(0.0, 255.0) as u8
        }))
    });
    let soft = image::imageops::blur(&sharp, 1.2);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 88)
        .write_image(soft.as_raw(), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// Left half fully transparent, right half opaque.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let rgba = RgbaImage::from_fn(width, height, |x, y| {
        let alpha = if x < width / 2 { 0 } else { 255 };
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, alpha])
    });
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(rgba.as_raw(), width, height, ExtendedColorType::Rgba8)
        .unwrap();
    out
}

pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            photo(width, height).as_raw(),
            width,
            height,
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// A lossy WebP (libwebp at quality 75), as phones and other sites hand them over.
pub fn lossy_webp(width: u32, height: u32) -> Vec<u8> {
    let pixels = crate::decode::Pixels {
        width,
        height,
        alpha: false,
        bytes: photo(width, height).into_raw(),
    };
    crate::encode::lossy_webp(&pixels, 75.0).unwrap()
}

pub fn gif(width: u32, height: u32) -> Vec<u8> {
    gif_of_frames(width, height, &[[30, 120, 200, 255]])
}

pub const GIF_FIRST_FRAME: [u8; 4] = [200, 40, 40, 255];

pub fn animated_gif(width: u32, height: u32) -> Vec<u8> {
    gif_of_frames(
        width,
        height,
        &[GIF_FIRST_FRAME, [40, 200, 40, 255], [40, 40, 200, 255]],
    )
}

fn gif_of_frames(width: u32, height: u32, colours: &[[u8; 4]]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        let frames = colours.iter().map(|&colour| {
            let pixels = RgbaImage::from_pixel(width, height, image::Rgba(colour));
            Frame::from_parts(pixels, 0, 0, Delay::from_numer_denom_ms(100, 1))
        });
        encoder.encode_frames(frames).unwrap();
    }
    out
}

/// A GIF with a comment extension holding `comment`, right after the global colour table.
pub fn gif_with_comment(width: u32, height: u32, comment: &[u8]) -> Vec<u8> {
    let gif = gif(width, height);
    let flags = gif[10];
    let colour_table = if flags & 0x80 != 0 {
        3 << ((flags & 0x07) + 1)
    } else {
        0
    };
    let at = 13 + colour_table;
    let mut extension = vec![0x21, 0xFE];
    for block in comment.chunks(255) {
        extension.push(block.len() as u8);
        extension.extend_from_slice(block);
    }
    extension.push(0);
    [&gif[..at], &extension, &gif[at..]].concat()
}

/// A PNG with a `tEXt` chunk holding `text`, right after IHDR.
pub fn png_with_text(width: u32, height: u32, text: &[u8]) -> Vec<u8> {
    let png = png(width, height);
    let after_ihdr = 8 + 8 + 13 + 4;
    let chunk = png_chunk(b"tEXt", &[b"Comment\0", text].concat());
    [&png[..after_ihdr], &chunk, &png[after_ihdr..]].concat()
}

/// A JPEG with a COM segment holding `comment`, right after SOI.
pub fn jpeg_with_comment(width: u32, height: u32, comment: &[u8]) -> Vec<u8> {
    let jpeg = jpeg(width, height);
    let length = u16::try_from(comment.len() + 2).unwrap().to_be_bytes();
    [&jpeg[..2], &[0xFF, 0xFE], &length, comment, &jpeg[2..]].concat()
}

/// 31° 46′ 30.127″ N, as three big-endian RATIONALs (numerator, denominator).
pub const GPS_LATITUDE: [u8; 24] = rationals([(31, 1), (46, 1), (30_127, 1000)]);
/// 35° 13′ 48.213″ E.
pub const GPS_LONGITUDE: [u8; 24] = rationals([(35, 1), (13, 1), (48_213, 1000)]);

const fn rationals(values: [(u32, u32); 3]) -> [u8; 24] {
    let mut out = [0; 24];
    let mut i = 0;
    while i < 3 {
        let (numerator, denominator) = (values[i].0.to_be_bytes(), values[i].1.to_be_bytes());
        let mut b = 0;
        while b < 4 {
            out[i * 8 + b] = numerator[b];
            out[i * 8 + 4 + b] = denominator[b];
            b += 1;
        }
        i += 1;
    }
    out
}

/// An APP1 Exif payload: `Exif\0\0`, then a big-endian TIFF whose IFD0 holds the orientation
/// and a GPSInfo pointer to a GPS IFD with latitude and longitude and their N/E references.
pub fn exif(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    const RATIONAL: u16 = 5;
    fn entry(tag: u16, kind: u16, count: u32, value: [u8; 4]) -> Vec<u8> {
        [
            &tag.to_be_bytes()[..],
            &kind.to_be_bytes(),
            &count.to_be_bytes(),
            &value,
        ]
        .concat()
    }
    fn ifd(entries: &[Vec<u8>]) -> Vec<u8> {
        let count = u16::try_from(entries.len()).unwrap().to_be_bytes();
        [&count[..], &entries.concat(), &0u32.to_be_bytes()].concat()
    }

    let ifd0_entries = usize::from(orientation.is_some()) + usize::from(gps);
    let gps_ifd_offset = 8 + 2 + 12 * ifd0_entries as u32 + 4;
    let latitude_offset = gps_ifd_offset + 2 + 12 * 4 + 4;
    let longitude_offset = latitude_offset + 24;

    let mut ifd0 = Vec::new();
    if let Some(orientation) = orientation {
        let [high, low] = orientation.to_be_bytes();
        ifd0.push(entry(0x0112, SHORT, 1, [high, low, 0, 0]));
    }
    if gps {
        ifd0.push(entry(0x8825, LONG, 1, gps_ifd_offset.to_be_bytes()));
    }
    let mut tiff = [&b"MM\0\x2A"[..], &8u32.to_be_bytes()].concat();
    tiff.extend(ifd(&ifd0));
    if gps {
        assert_eq!(tiff.len() as u32, gps_ifd_offset);
        tiff.extend(ifd(&[
            entry(0x0001, ASCII, 2, *b"N\0\0\0"),
            entry(0x0002, RATIONAL, 3, latitude_offset.to_be_bytes()),
            entry(0x0003, ASCII, 2, *b"E\0\0\0"),
            entry(0x0004, RATIONAL, 3, longitude_offset.to_be_bytes()),
        ]));
        assert_eq!(tiff.len() as u32, latitude_offset);
        tiff.extend(GPS_LATITUDE);
        tiff.extend(GPS_LONGITUDE);
    }
    [&b"Exif\0\0"[..], &tiff].concat()
}

/// `jpeg` with an APP1 segment carrying `exif` inserted right after its SOI marker.
pub fn with_exif(jpeg: &[u8], exif: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8]);
    let length = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
    [&jpeg[..2], &[0xFF, 0xE1], &length, exif, &jpeg[2..]].concat()
}

/// A valid PNG header declaring `width` × `height` RGBA pixels, with a token IDAT: tiny on disk,
/// gigabytes if anyone allocated what it declares.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let ihdr = [&width.to_be_bytes()[..], &height.to_be_bytes(), &[8, 6, 0, 0, 0]].concat();
    // A zlib stream of one stored block holding a single zero byte.
    let idat = [
        0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01,
    ];
    [
        &b"\x89PNG\r\n\x1a\n"[..],
        &png_chunk(b"IHDR", &ihdr),
        &png_chunk(b"IDAT", &idat),
        &png_chunk(b"IEND", &[]),
    ]
    .concat()
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let length = u32::try_from(data.len()).unwrap().to_be_bytes();
    let crc = crc32(&[&kind[..], data].concat()).to_be_bytes();
    [&length[..], kind, data, &crc].concat()
}

/// CRC-32 (ISO-HDLC), as PNG chunks and ZIP entries use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub const ZIP_ENTRY_NAME: &[u8] = b"payload/index.html";

/// A one-entry, stored (uncompressed) ZIP archive, complete with central directory.
pub fn zip() -> Vec<u8> {
    let content = b"<html><script>alert(1)</script></html>";
    let crc = crc32(content).to_le_bytes();
    let size = u32::try_from(content.len()).unwrap().to_le_bytes();
    let name_length = u16::try_from(ZIP_ENTRY_NAME.len()).unwrap().to_le_bytes();
    let common = [
        &[20, 0, 0, 0, 0, 0, 0, 0, 0, 0][..],
        &crc,
        &size,
        &size,
        &name_length,
        &[0, 0],
    ]
    .concat();
    let local = [&b"PK\x03\x04"[..], &common, ZIP_ENTRY_NAME, content].concat();
    let central = [
        &b"PK\x01\x02"[..],
        &[20, 0],
        &common,
        // Comment length, disk, internal and external attributes, then the local header's offset.
        &[0; 10],
        &0u32.to_le_bytes(),
        ZIP_ENTRY_NAME,
    ]
    .concat();
    let end = [
        &b"PK\x05\x06"[..],
        &[0, 0, 0, 0, 1, 0, 1, 0],
        &u32::try_from(central.len()).unwrap().to_le_bytes(),
        &u32::try_from(local.len()).unwrap().to_le_bytes(),
        &[0, 0],
    ]
    .concat();
    [local, central, end].concat()
}

/// Deterministic noise (xorshift), so that a failure can be replayed.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn crc32_matches_the_reference_value() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}

#[test]
fn the_fixtures_are_what_they_claim() {
    let gps = with_exif(&jpeg(64, 48), &exif(Some(1), true));
    assert_eq!(image::load_from_memory(&gps).unwrap().width(), 64);
    let bomb = png_declaring(50_000, 50_000);
    let reader = image::ImageReader::new(Cursor::new(&bomb))
        .with_guessed_format()
        .unwrap();
    assert_eq!(reader.into_dimensions().unwrap(), (50_000, 50_000));
    for upload in [
        gif_with_comment(20, 10, b"hi"),
        png_with_text(20, 10, b"hi"),
        jpeg_with_comment(20, 10, b"hi"),
    ] {
        assert_eq!(image::load_from_memory(&upload).unwrap().width(), 20);
    }
}
