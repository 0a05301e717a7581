//! Text as XML means it: pieces of text, CDATA sections and references joined in order, line
//! ends normalised, and the control characters XML 1.0 forbids left out.
//!
//! References: the five XML entities and numeric character references (`&#8217;`, `&#x2019;`)
//! are decoded. Any other name (`&nbsp;`, from a plugin that wrote HTML into the export) is not
//! an error: it is kept as written, `&nbsp;`, which means the same once the text is used as HTML.
//! A numeric reference to a forbidden control character is left out like the character itself;
//! one that names no character at all (`&#xD800;`) is kept as written.

/// The text of the elements being read, one growing string for all of them.
///
/// An element notes the [`mark`](Self::mark) where its text starts and takes its text from there
/// when it closes, so text interrupted by a child element still comes out whole.
#[derive(Debug, Default)]
pub(super) struct TextBuf {
    text: String,
}

impl TextBuf {
    pub(super) fn clear(&mut self) {
        self.text.clear();
    }

    /// Where the next text will start.
    pub(super) fn mark(&self) -> usize {
        self.text.len()
    }

    /// The text since `mark`, removed from the buffer.
    pub(super) fn take_from(&mut self, mark: usize) -> String {
        if mark >= self.text.len() {
            return String::new();
        }
        self.text.split_off(mark)
    }

    /// Forgets the text since `mark`.
    pub(super) fn truncate(&mut self, mark: usize) {
        if mark < self.text.len() {
            self.text.truncate(mark);
        }
    }

    /// Adds text or CDATA as it stands in the file.
    ///
    /// Each piece comes from one stretch of the file between markup, so a `\r\n` split over two
    /// pieces was not adjacent in the file and is rightly not joined.
    pub(super) fn push_raw(&mut self, raw: &str) {
        if !raw.bytes().any(needs_care) {
            self.text.push_str(raw);
            return;
        }
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                self.text.push('\n');
            } else if is_xml_char(c) {
                self.text.push(c);
            }
        }
    }

    /// Adds the text of the reference `&name;`.
    pub(super) fn push_reference(&mut self, name: &str) {
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name.strip_prefix('#').and_then(char_reference),
        };
        match decoded {
            Some(c) if is_xml_char(c) => self.text.push(c),
            Some(_) => {}
            None => {
                self.text.push('&');
                self.push_raw(name);
                self.text.push(';');
            }
        }
    }
}

/// Reads an attribute's value as written in the file, with its references decoded.
pub(super) fn attribute_value(raw: &str) -> String {
    let mut text = TextBuf::default();
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        text.push_raw(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';') {
            Some(semi) if is_reference_name(&after[..semi]) => {
                text.push_reference(&after[..semi]);
                rest = &after[semi + 1..];
            }
            _ => {
                text.push_raw("&");
                rest = after;
            }
        }
    }
    text.push_raw(rest);
    text.text
}

/// The character of a numeric reference without its `&#` and `;`: `8217` or `x2019`.
fn char_reference(number: &str) -> Option<char> {
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse::<u32>().ok()?,
    };
    char::from_u32(code)
}

fn is_reference_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 32 && !name.contains(|c: char| c.is_whitespace() || c == '&')
}

/// Whether a piece of text needs the careful path: a carriage return, a control character, or
/// the lead byte of U+FFFE and U+FFFF (0xEF, shared by other characters of that block).
fn needs_care(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t' && byte != b'\n') || byte == 0xEF
}

/// The characters XML 1.0 allows in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(pieces: &[&str]) -> String {
        let mut text = TextBuf::default();
        for piece in pieces {
            match piece.strip_prefix('&') {
                Some(name) => text.push_reference(name),
                None => text.push_raw(piece),
            }
        }
        text.take_from(0)
    }

    #[test]
    fn references_are_decoded_and_unknown_names_kept() {
        assert_eq!(
            joined(&[
                "Tom ", "&amp", " Jerry", "&#8217", "s ", "&#x2019", "&lt", "b", "&gt"
            ]),
            "Tom & Jerry’s ’<b>"
        );
        assert_eq!(joined(&["a", "&nbsp", "b", "&#xD800", "c"]), "a&nbsp;b&#xD800;c");
    }

    #[test]
    fn forbidden_control_characters_are_left_out() {
        assert_eq!(
            joined(&["a\u{0B}b\u{0C}c\u{1B}d\u{0}e", "&#11", "f\u{FFFE}g\u{FFFF}"]),
            "abcdefg"
        );
        assert_eq!(
            joined(&["tab\tnew\nline ﬀ \u{FEFF}"]),
            "tab\tnew\nline ﬀ \u{FEFF}"
        );
    }

    #[test]
    fn line_ends_are_normalised_but_a_referenced_return_is_kept() {
        assert_eq!(joined(&["a\r\nb\rc", "&#13", "d"]), "a\nb\nc\rd");
    }

    #[test]
    fn text_is_taken_from_a_mark() {
        let mut text = TextBuf::default();
        text.push_raw("outer ");
        let mark = text.mark();
        text.push_raw("inner");
        assert_eq!(text.take_from(mark), "inner");
        assert_eq!(text.take_from(text.mark()), "");
        assert_eq!(text.take_from(0), "outer ");
    }

    #[test]
    fn attribute_values_are_decoded() {
        assert_eq!(
            attribute_value("fish &amp; chips &#38; &unknown; & alone;"),
            "fish & chips & &unknown; & alone;"
        );
        assert_eq!(attribute_value("caf&#xE9;\u{1B}"), "café");
    }
}
