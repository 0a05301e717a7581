//! The compressed forms of a cached page, made once when it is stored, and the choice among
//! them from the reader's `Accept-Encoding`.

use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    pub fn header_value(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }

    /// What an ETag carries to tell the variants apart (each is a different representation).
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => "-gz",
            Encoding::Brotli => "-br",
        }
    }
}

/// The encodings a request's `Accept-Encoding` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Accepted {
    brotli: bool,
    gzip: bool,
}

impl Accepted {
    pub fn of(headers: &HeaderMap) -> Self {
        let (mut brotli, mut gzip) = (false, false);
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim();
                let refused = parts.any(|param| {
                    param
                        .trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                if name.eq_ignore_ascii_case("br") {
                    brotli = true;
                } else if name.eq_ignore_ascii_case("gzip") || name == "*" {
                    gzip = true;
                }
            }
        }
        Self { brotli, gzip }
    }

    /// The smallest encoding taken: brotli, then gzip, then the bytes as they are.
    pub fn best(self) -> Encoding {
        if self.brotli {
            Encoding::Brotli
        } else if self.gzip {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The encoding a page is first compressed in for this reader: gzip wherever it is taken,
    /// since quickly made it costs a tenth of brotli's time for about 18 % more bytes
    /// (bench/RESULTS.md), and most pages of an archive are read once; the page is made in
    /// the best encoding, thoroughly, when it is read again.
    pub fn quick(self) -> Encoding {
        if self.gzip { Encoding::Gzip } else { self.best() }
    }
}

/// How hard to work at a compressed form: quickly for a page's first reader (most pages of a
/// long archive are read once before they change or expire), smaller once it is read again.
/// Measured on four 18-24 KB articles, one core (bench/RESULTS.md): libdeflate's gzip level 1
/// 29 µs for 4,778 bytes, level 6 85 µs for 4,558 (miniz_oxide's level 3, used before, 216 µs
/// for 4,659); brotli quality 6 about 300 µs for 4,060.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effort {
    Quick,
    Thorough,
}

/// Gzip made by libdeflate, which compresses a whole page held in memory in a third to a
/// seventh of the time of a streaming deflate.
pub(crate) fn gzip(body: &[u8], effort: Effort) -> Bytes {
    let (level, kept) = match effort {
        Effort::Quick => (1, &QUICK_GZIP),
        Effort::Thorough => (6, &THOROUGH_GZIP),
    };
    let taken = kept.lock().unwrap_or_else(|e| e.into_inner()).pop();
    let (mut compressor, mut scratch) = taken.unwrap_or_else(|| {
        let level = libdeflater::CompressionLvl::new(level).expect("libdeflate has levels 0 to 12");
        (libdeflater::Compressor::new(level), Vec::new())
    });
    scratch.resize(compressor.gzip_compress_bound(body.len()), 0);
    let written = compressor
        .gzip_compress(body, &mut scratch)
        .expect("the buffer holds the bound libdeflate gives");
    let compressed = Bytes::copy_from_slice(&scratch[..written]);
    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() < KEPT_GZIP && scratch.capacity() <= KEPT_SCRATCH_BYTES {
        kept.push((compressor, scratch));
    }
    compressed
}

/// How many of libdeflate's compressors, each with a buffer to write into, are kept for each
/// effort for the next page: a compressor holds about half a megabyte of tables, and a buffer
/// sized for the page and cut to the compressed form left holes between the pages kept.
/// About one per core (more compress at once only while pages come faster than the cores
/// make them).
const KEPT_GZIP: usize = 2;
/// The largest buffer kept with a compressor (a page larger than this is rare).
const KEPT_SCRATCH_BYTES: usize = 256 * 1024;
type Gzip = (libdeflater::Compressor, Vec<u8>);
static QUICK_GZIP: Mutex<Vec<Gzip>> = Mutex::new(Vec::new());
static THOROUGH_GZIP: Mutex<Vec<Gzip>> = Mutex::new(Vec::new());

/// Brotli with a window no larger than the page: the encoder clears tables the size of its
/// window for every page, which at the default window took half of the time for an article.
pub(crate) fn brotli(body: &[u8], effort: Effort) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: match effort {
            Effort::Quick => 4,
            Effort::Thorough => 6,
        },
        lgwin: window_bits(body.len()),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("writing to memory cannot fail");
    // Copied out whole rather than the buffer cut to its length, which would leave a hole
    // beside every page kept.
    Bytes::copy_from_slice(&out)
}

/// The smallest brotli window that holds `len` bytes, at least 2^18 (smaller windows made
/// quality 5 and 6 slower, not faster, when measured) and at most 2^22.
fn window_bits(len: usize) -> i32 {
    let mut bits = 18;
    while bits < 22 && (1usize << bits) - 16 < len {
        bits += 1;
    }
    bits
}

/// What a reader sending `Accept-Encoding: {value}` takes, for the cache's tests.
#[cfg(test)]
pub(crate) fn accepting(value: &str) -> Accepted {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(
        axum::http::header::ACCEPT_ENCODING,
        axum::http::HeaderValue::from_str(value).unwrap(),
    );
    Accepted::of(&headers)
}

#[cfg(test)]
mod tests {
    use super::{Accepted, Encoding, accepting};
    use axum::http::HeaderMap;

    fn preferred(accept: &str) -> Encoding {
        accepting(accept).best()
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_refusals_are_honoured() {
        assert_eq!(preferred("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(preferred("gzip"), Encoding::Gzip);
        assert_eq!(preferred("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(preferred("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(preferred("identity"), Encoding::Identity);
        assert_eq!(Accepted::of(&HeaderMap::new()).best(), Encoding::Identity);
    }

    #[test]
    fn a_first_reader_gets_gzip_where_taken() {
        assert_eq!(accepting("gzip, deflate, br, zstd").quick(), Encoding::Gzip);
        assert_eq!(accepting("br").quick(), Encoding::Brotli);
        assert_eq!(accepting("br, gzip;q=0").quick(), Encoding::Brotli);
        assert_eq!(accepting("identity").quick(), Encoding::Identity);
    }

    #[test]
    fn compressed_forms_decode_to_the_page() {
        for effort in [super::Effort::Quick, super::Effort::Thorough] {
            decode_to_the_page(effort);
        }
        // A page larger than the smallest window.
        let long: String = (0..40_000).map(|n| format!("<p>Tide {n}</p>")).collect();
        let mut unbrotlied = Vec::new();
        brotli::BrotliDecompress(
            &mut &super::brotli(long.as_bytes(), super::Effort::Quick)[..],
            &mut unbrotlied,
        )
        .unwrap();
        assert_eq!(unbrotlied, long.as_bytes());
        for page in [long.as_str(), ""] {
            for effort in [super::Effort::Quick, super::Effort::Thorough] {
                let mut unzipped = String::new();
                std::io::Read::read_to_string(
                    &mut flate2::read::GzDecoder::new(&super::gzip(page.as_bytes(), effort)[..]),
                    &mut unzipped,
                )
                .unwrap();
                assert_eq!(unzipped, page);
            }
        }
    }

    #[test]
    fn the_window_fits_the_page() {
        assert_eq!(super::window_bits(0), 18);
        assert_eq!(super::window_bits(24_000), 18);
        assert_eq!(super::window_bits((1 << 18) - 16), 18);
        assert_eq!(super::window_bits((1 << 18) - 15), 19);
        assert_eq!(super::window_bits(2 * 1024 * 1024), 22);
        assert_eq!(super::window_bits(usize::MAX), 22);
    }

    fn decode_to_the_page(effort: super::Effort) {
        use std::io::Read;
        let page = "<p>Harbour ferries ran late on Monday.</p>".repeat(50);
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&super::gzip(page.as_bytes(), effort)[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, page);
        let mut unbrotlied = Vec::new();
        brotli::BrotliDecompress(&mut &super::brotli(page.as_bytes(), effort)[..], &mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, page.as_bytes());
    }
}
