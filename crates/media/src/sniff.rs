//! What an upload is, told from its first bytes only: a file name or a declared content type
//! is the uploader's claim, the magic bytes are what the decoders will act on.

use crate::MediaError;

/// A picture format Dateline reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Format {
    /// The file extension for stored variants, without the dot.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
        }
    }

    /// The `Content-Type` to serve the format with.
    pub fn content_type(&self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
        }
    }

    pub(crate) fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
            Format::Gif => image::ImageFormat::Gif,
        }
    }
}

/// The accepted format the upload's magic bytes announce; anything else is refused, naming the
/// picture formats people commonly try (so the refusal can say so) and calling the rest
/// (HTML, PDF, ZIP, text, noise) not a picture.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(Format::Gif);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Format::Webp);
    }
    match refused_picture_format(bytes) {
        Some(name) => Err(MediaError::UnsupportedFormat(name.to_owned())),
        None => Err(MediaError::NotAnImage),
    }
}

/// Whether a WebP upload was coded lossily (a photograph, most likely), read from its chunks:
/// the first image chunk, at the top level or in an animation's first frame, is `VP8 ` (lossy,
/// with any alpha in an `ALPH` before it) or `VP8L` (lossless). Anything unreadable counts as
/// lossless, which keeps every pixel.
pub(crate) fn webp_is_lossy(bytes: &[u8]) -> bool {
    let mut at = 12;
    while let Some(header) = bytes.get(at..at + 8) {
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        match &header[..4] {
            b"VP8 " | b"ALPH" => return true,
            b"VP8L" => return false,
            // A frame: 16 bytes of position, size and timing, then its own image chunks.
            b"ANMF" => {
                return bytes
                    .get(at + 24..at + 28)
                    .is_some_and(|kind| kind == b"VP8 " || kind == b"ALPH");
            }
            _ => at = at.saturating_add(8).saturating_add(size).saturating_add(size & 1),
        }
    }
    false
}

fn refused_picture_format(bytes: &[u8]) -> Option<&'static str> {
    if looks_like_svg(bytes) {
        return Some("SVG");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some("TIFF");
    }
    if bytes.starts_with(b"8BPS") {
        return Some("Photoshop");
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0cJXL \r\n\x87\n") {
        return Some("JPEG XL");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"avif" | b"avis" => Some("AVIF"),
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => Some("HEIC"),
            _ => None,
        };
    }
    // "BM" alone starts too many words; the DIB header that follows has one of a few sizes.
    if bytes.len() >= 18 && bytes.starts_with(b"BM") {
        let dib_header = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]);
        if matches!(dib_header, 12 | 40 | 52 | 56 | 64 | 108 | 124) {
            return Some("BMP");
        }
    }
    None
}

/// An `<svg` root, possibly behind a byte-order mark, an XML declaration, comments or a doctype.
/// HTML that merely embeds an `<svg>` is not a drawing but a page, and is not a picture at all.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    if head.starts_with(b"<svg") {
        return true;
    }
    let prologue =
        head.starts_with(b"<?xml") || head.starts_with(b"<!--") || head.starts_with(b"<!doctype svg");
    prologue && contains(&head, b"<svg") && !contains(&head, b"<html")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_formats_are_told_by_their_magic_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest").unwrap(), Format::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest").unwrap(), Format::Png);
        assert_eq!(sniff(b"GIF87arest").unwrap(), Format::Gif);
        assert_eq!(sniff(b"GIF89arest").unwrap(), Format::Gif);
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8L").unwrap(), Format::Webp);
    }

    #[test]
    fn a_webp_says_whether_it_is_lossy() {
        let chunk = |kind: &[u8; 4], data: &[u8]| {
            let size = u32::try_from(data.len()).unwrap().to_le_bytes();
            [
                &kind[..],
                &size,
                data,
                if data.len() % 2 == 1 { &[0][..] } else { &[] },
            ]
            .concat()
        };
        let riff = |chunks: &[Vec<u8>]| [&b"RIFF\0\0\0\0WEBP"[..], &chunks.concat()].concat();
        assert!(webp_is_lossy(&riff(&[chunk(b"VP8 ", b"frame")])));
        assert!(!webp_is_lossy(&riff(&[chunk(b"VP8L", b"frame")])));
        let extended = chunk(b"VP8X", &[0; 10]);
        let icc = chunk(b"ICCP", b"odd");
        assert!(webp_is_lossy(&riff(&[
            extended.clone(),
            icc.clone(),
            chunk(b"ALPH", b"a")
        ])));
        assert!(!webp_is_lossy(&riff(&[
            extended.clone(),
            icc,
            chunk(b"VP8L", b"x")
        ])));
        let frame = |inner: &[u8; 4]| chunk(b"ANMF", &[&[0; 16][..], &chunk(inner, b"f")].concat());
        assert!(webp_is_lossy(&riff(&[
            extended.clone(),
            chunk(b"ANIM", &[0; 6]),
            frame(b"VP8 ")
        ])));
        assert!(!webp_is_lossy(&riff(&[extended, frame(b"VP8L")])));
        assert!(!webp_is_lossy(b"RIFF\0\0\0\0WEBPVP8"));
        assert!(!webp_is_lossy(&riff(&[chunk(b"VP8X", &[0; 10])])));
        assert!(webp_is_lossy(&crate::fixtures::lossy_webp(64, 48)));
        assert!(!webp_is_lossy(&crate::fixtures::webp(64, 48)));
    }

    #[test]
    fn a_name_is_no_evidence() {
        // What an uploader might call "photo.jpg": only the bytes count.
        assert!(matches!(
            sniff(b"<html><body>photo.jpg</body></html>"),
            Err(MediaError::NotAnImage)
        ));
        assert!(matches!(
            sniff(b"RIFF\x10\0\0\0WAVEfmt "),
            Err(MediaError::NotAnImage)
        ));
        assert!(matches!(sniff(b"\xFF\xD8"), Err(MediaError::NotAnImage)));
    }

    #[test]
    fn svg_is_refused_by_name_in_any_of_its_openings() {
        for svg in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"[..],
            b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<svg></svg>",
            b"<!-- drawn by hand -->\n<SVG></SVG>",
            b"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\"><svg/>",
        ] {
            match sniff(svg) {
                Err(MediaError::UnsupportedFormat(name)) => assert_eq!(name, "SVG"),
                other => panic!("{other:?} for {}", String::from_utf8_lossy(svg)),
            }
        }
    }

    #[test]
    fn documents_and_archives_are_not_pictures() {
        for not_a_picture in [
            &b"<!DOCTYPE html><html><body><svg></svg></body></html>"[..],
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
            b"PK\x03\x04\x14\0\0\0\x08\0",
            b"just some text",
            b"BMW press photo",
        ] {
            assert!(
                matches!(sniff(not_a_picture), Err(MediaError::NotAnImage)),
                "{not_a_picture:?}"
            );
        }
    }

    #[test]
    fn other_picture_formats_are_named_in_the_refusal() {
        let named = |bytes: &[u8]| match sniff(bytes) {
            Err(MediaError::UnsupportedFormat(name)) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(named(b"II*\0\x08\0\0\0"), "TIFF");
        assert_eq!(named(b"\0\0\0\x18ftypheic\0\0\0\0"), "HEIC");
        assert_eq!(named(b"\0\0\0\x1cftypavif\0\0\0\0"), "AVIF");
        assert_eq!(named(b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0"), "BMP");
    }

    #[test]
    fn extensions_and_content_types() {
        let all = [Format::Jpeg, Format::Png, Format::Webp, Format::Gif];
        let extensions: Vec<_> = all.iter().map(Format::extension).collect();
        assert_eq!(extensions, ["jpg", "png", "webp", "gif"]);
        let types: Vec<_> = all.iter().map(Format::content_type).collect();
        assert_eq!(types, ["image/jpeg", "image/png", "image/webp", "image/gif"]);
    }
}
