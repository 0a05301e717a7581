//! Whether an upload runs to its format's end marker. image decodes leniently (its JPEG decoder
//! paints whatever a cut-short file lacks in grey, its GIF decoder stops after the first frame),
//! but a picture missing its lower half, or an animation missing its end, is a failed upload to
//! be sent again, not a picture to publish. Bytes after the end marker are no concern here: the
//! decoders ignore them and none of them reach an output.

use crate::Format;

/// `Err` says where the file stops making sense, for the log.
pub(crate) fn runs_to_its_end(bytes: &[u8], format: Format) -> Result<(), String> {
    match format {
        Format::Jpeg => jpeg(bytes),
        Format::Png => png(bytes),
        Format::Gif => gif(bytes),
        Format::Webp => webp(bytes),
    }
}

fn cut_short(at: usize) -> String {
    format!("the file ends at byte {at}, before its end marker")
}

/// Segments and scans, unbroken, up to the end-of-image marker.
fn jpeg(bytes: &[u8]) -> Result<(), String> {
    const START_OF_SCAN: u8 = 0xDA;
    const END_OF_IMAGE: u8 = 0xD9;
    let mut at = 2; // past SOI
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return match bytes.get(at) {
                None => Err(cut_short(at)),
                Some(byte) => Err(format!("byte {at} is {byte:#04x} where a marker should start")),
            };
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1; // a marker and any fill bytes before it
        }
        let marker = *bytes.get(at).ok_or_else(|| cut_short(at))?;
        at += 1;
        match marker {
            END_OF_IMAGE => return Ok(()),
            0x01 | 0xD0..=0xD7 => continue, // markers without a segment
            _ => {}
        }
        let length = match bytes.get(at..at + 2) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => return Err(cut_short(bytes.len())),
        };
        if length < 2 {
            return Err(format!("a segment at byte {at} declares a length of {length}"));
        }
        at += length;
        if at > bytes.len() {
            return Err(cut_short(bytes.len()));
        }
        if marker == START_OF_SCAN {
            // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a
            // restart marker.
            loop {
                match bytes.get(at..at + 2) {
                    None => return Err(cut_short(bytes.len())),
                    Some(&[0xFF, 0x00 | 0xD0..=0xD7]) => at += 2,
                    Some(&[0xFF, _]) => break,
                    Some(_) => at += 1,
                }
            }
        }
    }
}

/// Chunks, each whole, up to IEND.
fn png(bytes: &[u8]) -> Result<(), String> {
    let mut at = 8; // past the signature
    loop {
        let header = bytes.get(at..at + 8).ok_or_else(|| cut_short(bytes.len()))?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        at = at
            .checked_add(12 + length)
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| cut_short(bytes.len()))?;
        if kind == b"IEND" {
            return Ok(());
        }
    }
}

/// Extensions and frames, each whole, up to the trailer.
fn gif(bytes: &[u8]) -> Result<(), String> {
    const EXTENSION: u8 = 0x21;
    const IMAGE: u8 = 0x2C;
    const TRAILER: u8 = 0x3B;
    let colour_table = |flags: u8| {
        if flags & 0x80 != 0 {
            3 << ((flags & 0x07) + 1)
        } else {
            0
        }
    };
    let flags = *bytes.get(10).ok_or_else(|| cut_short(bytes.len()))?;
    let mut at = 13 + colour_table(flags); // past the header and the logical screen descriptor
    loop {
        match bytes.get(at) {
            None => return Err(cut_short(bytes.len())),
            Some(&TRAILER) => return Ok(()),
            Some(&EXTENSION) => at += 2, // introducer and label
            Some(&IMAGE) => {
                let flags = *bytes.get(at + 9).ok_or_else(|| cut_short(bytes.len()))?;
                at += 10 + colour_table(flags) + 1; // descriptor, local colour table, LZW code size
            }
            Some(byte) => return Err(format!("byte {at} is {byte:#04x} where a GIF block should start")),
        }
        // Data sub-blocks, each prefixed by its size, closed by an empty one.
        loop {
            let size = usize::from(*bytes.get(at).ok_or_else(|| cut_short(bytes.len()))?);
            at += 1 + size;
            if size == 0 {
                break;
            }
        }
    }
}

/// As many bytes as the RIFF header declares.
fn webp(bytes: &[u8]) -> Result<(), String> {
    let declared = bytes.get(4..8).ok_or_else(|| cut_short(bytes.len()))?;
    let end = 8 + u32::from_le_bytes([declared[0], declared[1], declared[2], declared[3]]) as usize;
    if bytes.len() < end {
        return Err(cut_short(bytes.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn a_jpeg_is_complete_only_up_to_its_end_marker() {
        let picture = fixtures::jpeg(64, 48);
        assert_eq!(jpeg(&picture), Ok(()));
        assert_eq!(jpeg(&[&picture[..], b"trailing PK\x03\x04"].concat()), Ok(()));
        for cut in [3, 4, 20, picture.len() / 2, picture.len() - 2, picture.len() - 1] {
            assert!(jpeg(&picture[..cut]).is_err(), "cut at {cut}");
        }
        // Stuffed bytes and restart markers belong to the scan; fill bytes precede a marker.
        let scan = b"\xFF\xD8\xFF\xDA\x00\x02\x12\xFF\x00\x34\xFF\xD0\x56\xFF\xFF\xD9";
        assert_eq!(jpeg(scan), Ok(()));
        assert!(jpeg(&scan[..scan.len() - 2]).is_err());
        assert!(jpeg(b"\xFF\xD8\xFF\xE0\x00\x01\xFF\xD9").is_err());
        assert!(jpeg(b"\xFF\xD8\x00\xFF\xD9").is_err());
    }

    #[test]
    fn every_format_is_complete_whole_and_incomplete_cut() {
        for (format, whole) in [
            (Format::Jpeg, fixtures::jpeg(64, 48)),
            (Format::Png, fixtures::png(64, 48)),
            (Format::Png, fixtures::png_with_text(64, 48, b"text")),
            (Format::Gif, fixtures::animated_gif(64, 48)),
            (Format::Gif, fixtures::gif_with_comment(64, 48, b"comment")),
            (Format::Webp, fixtures::webp(64, 48)),
        ] {
            assert_eq!(runs_to_its_end(&whole, format), Ok(()), "{format:?}");
            let trailed = [&whole[..], &fixtures::zip()].concat();
            assert_eq!(
                runs_to_its_end(&trailed, format),
                Ok(()),
                "{format:?} with a trailer"
            );
            for cut in [1, 11, 14, 30, whole.len() / 2, whole.len() - 1] {
                assert!(
                    runs_to_its_end(&whole[..cut], format).is_err(),
                    "{format:?} cut at {cut}"
                );
            }
        }
    }
}
