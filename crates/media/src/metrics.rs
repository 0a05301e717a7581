//! How close an encoding looks to the pixels it was made from, for the tests that choose and
//! hold the lossy settings: PSNR over RGB, and SSIM over luma (8 × 8 windows, 4 pixels apart).
//! Plain definitions, not a perceptual model: enough to say that one coder at one setting keeps
//! as much of a picture as another.

use crate::decode::Pixels;

/// An encoded file decoded back to opaque RGB8, the layout [`psnr`] and [`ssim`] compare.
pub fn decoded_rgb(encoded: &[u8]) -> Pixels {
    let image = image::load_from_memory(encoded).expect("an encoding decodes");
    Pixels {
        width: image.width(),
        height: image.height(),
        alpha: false,
        bytes: image.into_rgb8().into_raw(),
    }
}

fn same_shape(a: &Pixels, b: &Pixels) {
    assert_eq!(
        (a.width, a.height),
        (b.width, b.height),
        "compared pictures differ in size"
    );
    assert!(!a.alpha && !b.alpha, "compare opaque RGB8");
}

/// Peak signal-to-noise ratio in decibels; infinite for identical pictures.
pub fn psnr(a: &Pixels, b: &Pixels) -> f64 {
    same_shape(a, b);
    let squared: f64 = a
        .bytes
        .iter()
        .zip(&b.bytes)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    let mean = squared / a.bytes.len() as f64;
    10.0 * (255.0f64 * 255.0 / mean).log10()
}

fn luma(pixels: &Pixels) -> Vec<f64> {
    pixels
        .bytes
        .chunks_exact(3)
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect()
}

/// Mean structural similarity of the luma, 1.0 for identical pictures.
pub fn ssim(a: &Pixels, b: &Pixels) -> f64 {
    const WINDOW: usize = 8;
    const STEP: usize = 4;
    const C1: f64 = (0.01 * 255.0) * (0.01 * 255.0);
    const C2: f64 = (0.03 * 255.0) * (0.03 * 255.0);
    same_shape(a, b);
    let (width, height) = (a.width as usize, a.height as usize);
    assert!(width >= WINDOW && height >= WINDOW, "too small to compare");
    let (la, lb) = (luma(a), luma(b));
    let n = (WINDOW * WINDOW) as f64;
    let (mut total, mut windows) = (0.0, 0usize);
    for top in (0..=height - WINDOW).step_by(STEP) {
        for left in (0..=width - WINDOW).step_by(STEP) {
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for y in top..top + WINDOW {
                for x in left..left + WINDOW {
                    let (p, q) = (la[y * width + x], lb[y * width + x]);
                    sa += p;
                    sb += q;
                    saa += p * p;
                    sbb += q * q;
                    sab += p * q;
                }
            }
            let (ma, mb) = (sa / n, sb / n);
            let (va, vb) = (saa / n - ma * ma, sbb / n - mb * mb);
            let cov = sab / n - ma * mb;
            total += ((2.0 * ma * mb + C1) * (2.0 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            windows += 1;
        }
    }
    total / windows as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(seed: u64) -> Pixels {
        Pixels {
            width: 32,
            height: 16,
            alpha: false,
            bytes: crate::fixtures::noise(seed, 32 * 16 * 3),
        }
    }

    #[test]
    fn identical_pictures_score_perfectly() {
        let a = picture(1);
        assert_eq!(psnr(&a, &picture(1)), f64::INFINITY);
        assert!((ssim(&a, &picture(1)) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn unrelated_pictures_score_poorly() {
        let (a, b) = (picture(1), picture(2));
        assert!(psnr(&a, &b) < 12.0, "{}", psnr(&a, &b));
        assert!(ssim(&a, &b) < 0.2, "{}", ssim(&a, &b));
    }

    #[test]
    fn a_small_error_scores_between() {
        let a = picture(3);
        let mut b = picture(3);
        for byte in b.bytes.iter_mut().step_by(7) {
            *byte = byte.saturating_add(6);
        }
        let (p, s) = (psnr(&a, &b), ssim(&a, &b));
        assert!(p > 30.0 && p.is_finite(), "{p}");
        assert!(s > 0.95 && s < 1.0, "{s}");
    }
}
