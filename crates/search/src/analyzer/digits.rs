//! Decimal digits of any common script folded to ASCII, so "٢٠٢٦", "۲۰۲۶" and "2026" are one term.

/// The zero of each Unicode decimal-digit block a newsroom is likely to meet; the other nine
/// digits follow it in order.
const ZEROS: [u32; 18] = [
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
    0x07C0, // NKo
    0x0966, // Devanagari
    0x09E6, // Bengali
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Oriya
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x0E50, // Thai
    0x0ED0, // Lao
    0x0F20, // Tibetan
    0x1040, // Myanmar
    0x17E0, // Khmer
    0xFF10, // Fullwidth
];

/// The ASCII digit `c` stands for, or `c` itself when it is not a decimal digit we know.
pub fn to_ascii(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| char::from_digit(code - zero, 10))
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::to_ascii;

    fn fold(s: &str) -> String {
        s.chars().map(to_ascii).collect()
    }

    #[test]
    fn arabic_indic_and_persian_digits_become_ascii() {
        assert_eq!(fold("٢٠٢٦"), "2026");
        assert_eq!(fold("۲۰۲۶"), "2026");
        assert_eq!(fold("०१९"), "019");
        assert_eq!(fold("１２"), "12");
    }

    #[test]
    fn other_characters_are_left_alone() {
        assert_eq!(fold("abc مدرسة 42"), "abc مدرسة 42");
    }
}
