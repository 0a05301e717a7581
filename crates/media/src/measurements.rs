//! Measurements behind the "WebP variants (2026-12-06)" table in bench/RESULTS.md, kept out of
//! the suite (they print figures, they assert nothing a reader would notice):
//! `cargo test -p dateline-media --release --features measure -- --nocapture measurements`

use crate::decode;
use crate::encode::{Encoding, encode, lossy_webp};
use crate::fixtures;
use crate::metrics::{decoded_rgb, psnr, ssim};
use crate::photographs::source_at;
use crate::{Format, Limits, WIDTHS, process};
/// The table in bench/RESULTS.md, "WebP variants (2026-12-06)": bytes, PSNR and SSIM of the
/// JPEG and of WebP at several settings, at each width of the test photograph (and of
/// `DATELINE_PHOTO`, a JPEG file, when set).
/// `cargo test -p dateline-media --release --features measure -- --nocapture webp_table`
#[test]
fn webp_table() {
    let mut sources = vec![(
        "photograph 1800x1200".to_owned(),
        fixtures::photograph(1800, 1200),
    )];
    if let Ok(path) = std::env::var("DATELINE_PHOTO") {
        sources.push((path.clone(), std::fs::read(&path).unwrap()));
    }
    for (name, upload) in sources {
        let original = decode::decode(&upload, Format::Jpeg, &Limits::default()).unwrap();
        println!("\n{name}");
        println!("width | coder | bytes | PSNR dB | SSIM");
        for width in WIDTHS
            .into_iter()
            .filter(|&w| w < original.width)
            .chain([original.width])
        {
            let source = source_at(&upload, Format::Jpeg, width);
            let row = |coder: &str, bytes: &[u8]| {
                let back = decoded_rgb(bytes);
                println!(
                    "{width} | {coder} | {} | {:.2} | {:.4}",
                    bytes.len(),
                    psnr(&source, &back),
                    ssim(&source, &back)
                );
            };
            row("JPEG q82", &encode(&source, Encoding::Jpeg).unwrap());
            println!(
                "{width} | WebP lossless (image) | {} | | ",
                encode(&source, Encoding::LosslessWebp).unwrap().len()
            );
            for quality in [75.0, 80.0, 85.0, 88.0, 90.0, 92.0] {
                row(
                    &format!("WebP q{quality}"),
                    &lossy_webp(&source, quality).unwrap(),
                );
            }
        }
    }
}

/// Peak memory of processing a 24-megapixel photograph, beyond the upload, against the price
/// [`crate::inspect`] puts on it. Linux only; run alone so that no other test shares the peak.
/// `cargo test -p dateline-media --release --features measure -- --nocapture --exact measurements::peak_memory`
#[test]
fn peak_memory() {
    let status = |field: &str| -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|line| line.starts_with(field)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
    };
    let upload = fixtures::photograph(6000, 4000);
    let priced = crate::inspect(&upload, &Limits::default())
        .unwrap()
        .working_memory;
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status("VmRSS:");
    let processed = process(&upload, &Limits::default()).unwrap();
    let peak = status("VmHWM:") - before;
    println!(
        "6000x4000 JPEG: peak {} MiB ({:.1} bytes a pixel), priced {} MiB, {} variants",
        peak >> 20,
        peak as f64 / 24e6,
        priced >> 20,
        processed.variants.len()
    );
}
