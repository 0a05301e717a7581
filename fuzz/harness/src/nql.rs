//! Ghost's `?filter=` language, straight from the query string of public endpoints.

use dateline_nql::{MAX_INPUT_LEN, ParseErrorKind, parse};

pub fn nql(data: &[u8]) {
    let input = crate::text(data);
    match parse(&input) {
        // The canonical form is what gets stored, compared and forwarded: it must read back as
        // the same filter, unless escaping its quotes took it past the input limit.
        Ok(filter) => {
            let canonical = filter.to_string();
            let read_back = parse(&canonical);
            if canonical.len() > MAX_INPUT_LEN {
                assert_eq!(read_back.map_err(|e| e.kind), Err(ParseErrorKind::InputTooLong));
            } else {
                assert_eq!(read_back, Ok(filter), "{input:?} printed as {canonical:?}");
            }
        }
        // The error points into the input, and callers slice it there.
        Err(error) => {
            assert!(input.is_char_boundary(error.position), "{error:?} in {input:?}");
            error.to_string();
        }
    }
}
