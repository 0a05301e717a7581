//! Why an upload was refused, in sentences a journalist can act on. The decoder's own words,
//! where there are any, stay in the variant's field for the log (`{:?}`), not in the sentence.

/// An upload that did not become pictures. `Display` is the sentence to show the uploader.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("The file is empty: choose the picture again and upload it.")]
    Empty,

    #[error(
        "The file is {}, over the {} limit: export a smaller JPEG or PNG and upload that.",
        megabytes(*bytes),
        megabytes(*max_bytes)
    )]
    TooLarge { bytes: usize, max_bytes: usize },

    #[error("The file is not a picture Dateline can read: upload a JPEG, PNG, WebP or GIF.")]
    NotAnImage,

    /// A picture format Dateline recognises and refuses; the field names it ("SVG", "TIFF"…).
    #[error("{}", unsupported_sentence(.0))]
    UnsupportedFormat(String),

    #[error(
        "The picture is {width} × {height} pixels ({} megapixels), over the {}-megapixel limit: \
         resize it and upload it again.",
        megapixels(u64::from(*width) * u64::from(*height)),
        megapixels(*max_pixels)
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },

    #[error(
        "The picture is {width} × {height} pixels, and no side may be longer than {max_side} \
         pixels: resize it and upload it again."
    )]
    SideTooLong { width: u32, height: u32, max_side: u32 },

    /// The file starts like a picture but could not be decoded; the field is the decoder's reason.
    #[error(
        "The picture could not be read: it may be damaged, cut short, or saved in an unusual way. \
         Export it again as a JPEG or PNG and upload the new file."
    )]
    Corrupt(String),

    /// The decoder's memory budget (a second guard behind the pixel limits) was exceeded.
    #[error(
        "The picture needs more memory to open than Dateline allows: export a smaller version and \
         upload that."
    )]
    NeedsTooMuchMemory(String),

    /// Resizing or encoding failed: a fault on Dateline's side, not the uploader's.
    #[error(
        "Dateline could not make the resized pictures: try again, and tell the technical team if \
         it keeps happening."
    )]
    Processing(String),
}

impl MediaError {
    /// The refusal as a catalog key's last part and the values its sentence names, for
    /// interfaces that tell the uploader in their own language (the `Display` text is English).
    pub fn sentence(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            MediaError::Empty => ("empty", vec![]),
            MediaError::TooLarge { bytes, max_bytes } => (
                "too_large",
                vec![("size", megabytes(*bytes)), ("max", megabytes(*max_bytes))],
            ),
            MediaError::NotAnImage => ("not_an_image", vec![]),
            MediaError::UnsupportedFormat(format) if format == "SVG" => ("svg", vec![]),
            MediaError::UnsupportedFormat(format) => ("unsupported", vec![("format", format.clone())]),
            MediaError::TooManyPixels {
                width,
                height,
                max_pixels,
            } => (
                "too_many_pixels",
                vec![
                    ("width", width.to_string()),
                    ("height", height.to_string()),
                    ("megapixels", megapixels(u64::from(*width) * u64::from(*height))),
                    ("max", megapixels(*max_pixels)),
                ],
            ),
            MediaError::SideTooLong {
                width,
                height,
                max_side,
            } => (
                "side_too_long",
                vec![
                    ("width", width.to_string()),
                    ("height", height.to_string()),
                    ("max", max_side.to_string()),
                ],
            ),
            MediaError::Corrupt(_) => ("corrupt", vec![]),
            MediaError::NeedsTooMuchMemory(_) => ("too_much_memory", vec![]),
            MediaError::Processing(_) => ("processing", vec![]),
        }
    }
}

fn unsupported_sentence(format: &str) -> String {
    if format == "SVG" {
        "SVG drawings are not accepted, because they can carry scripts: export the drawing as a \
         PNG and upload that."
            .to_owned()
    } else {
        format!("{format} pictures are not accepted: save the picture as a JPEG or PNG and upload that.")
    }
}

/// `15 MB`, `16.2 MB`: one decimal at most, in mebibytes as upload limits are usually set.
fn megabytes(bytes: usize) -> String {
    format!("{} MB", trim_decimal(bytes as f64 / (1024.0 * 1024.0)))
}

fn megapixels(pixels: u64) -> String {
    trim_decimal(pixels as f64 / 1_000_000.0)
}

fn trim_decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_the_numbers_and_the_way_out() {
        let too_large = MediaError::TooLarge {
            bytes: 17_000_000,
            max_bytes: 15 * 1024 * 1024,
        };
        assert_eq!(
            too_large.to_string(),
            "The file is 16.2 MB, over the 15 MB limit: export a smaller JPEG or PNG and upload that."
        );
        let pixels = MediaError::TooManyPixels {
            width: 50_000,
            height: 50_000,
            max_pixels: 40_000_000,
        };
        assert_eq!(
            pixels.to_string(),
            "The picture is 50000 × 50000 pixels (2500 megapixels), over the 40-megapixel limit: \
             resize it and upload it again."
        );
        assert_eq!(
            MediaError::NotAnImage.to_string(),
            "The file is not a picture Dateline can read: upload a JPEG, PNG, WebP or GIF."
        );
    }

    #[test]
    fn svg_is_refused_with_its_own_reason() {
        let svg = MediaError::UnsupportedFormat("SVG".into()).to_string();
        assert!(svg.starts_with("SVG drawings are not accepted"), "{svg}");
        let tiff = MediaError::UnsupportedFormat("TIFF".into()).to_string();
        assert!(tiff.starts_with("TIFF pictures are not accepted"), "{tiff}");
    }

    #[test]
    fn decoder_details_stay_out_of_the_sentence() {
        let corrupt = MediaError::Corrupt("unexpected EOF in huffman stream".into());
        assert!(!corrupt.to_string().contains("huffman"));
        assert!(format!("{corrupt:?}").contains("huffman"));
    }

    #[test]
    fn every_sentence_ends_with_a_full_stop() {
        let all = [
            MediaError::Empty,
            MediaError::TooLarge {
                bytes: 1,
                max_bytes: 0,
            },
            MediaError::NotAnImage,
            MediaError::UnsupportedFormat("SVG".into()),
            MediaError::UnsupportedFormat("HEIC".into()),
            MediaError::TooManyPixels {
                width: 1,
                height: 1,
                max_pixels: 0,
            },
            MediaError::SideTooLong {
                width: 1,
                height: 1,
                max_side: 0,
            },
            MediaError::Corrupt(String::new()),
            MediaError::NeedsTooMuchMemory(String::new()),
            MediaError::Processing(String::new()),
        ];
        for error in all {
            let sentence = error.to_string();
            assert!(
                sentence.starts_with(char::is_uppercase) && sentence.ends_with('.'),
                "{sentence}"
            );
        }
    }
}
