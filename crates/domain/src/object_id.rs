//! Ids in the form Ghost's APIs give them (24 lowercase hex digits, as its ObjectIds), made
//! from Dateline's numbers and read back, so that clients checking the form accept them.

/// `id` in Ghost's form.
pub fn to_object_id(id: i64) -> String {
    format!("{id:024x}")
}

/// The number an id in Ghost's form stands for; none for anything else.
pub fn from_object_id(raw: &str) -> Option<i64> {
    if raw.len() != 24 || !raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u64::from_str_radix(raw, 16)
        .ok()
        .and_then(|id| i64::try_from(id).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_go_there_and_back() {
        assert_eq!(to_object_id(255), "0000000000000000000000ff");
        assert_eq!(from_object_id(&to_object_id(i64::MAX)), Some(i64::MAX));
        assert_eq!(
            from_object_id("0000000000000000000000FF"),
            None,
            "lower case only"
        );
        assert_eq!(
            from_object_id("ffffffffffffffffffffffff"),
            None,
            "beyond Dateline's numbers"
        );
        assert_eq!(from_object_id("ff"), None);
    }
}
