//! Keys name media inside the media namespace: relative and slash-separated, with no part that
//! is empty or starts with '.', so no key is hidden or leads out (`..`) of the folder or prefix.

use std::fmt;

/// A checked media key, such as `uploads/3f9c…/800.jpg`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a media key is not empty")]
    Empty,
    #[error("a media key has no empty part (no leading, trailing or doubled '/')")]
    EmptyPart,
    #[error("no part of a media key starts with '.' (hidden names and '..' stay out)")]
    HiddenPart,
    #[error("a media key holds no backslash or control character")]
    ForbiddenCharacter,
}

impl MediaKey {
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        if raw.is_empty() {
            return Err(KeyError::Empty);
        }
        for part in raw.split('/') {
            if part.is_empty() {
                return Err(KeyError::EmptyPart);
            }
            if part.starts_with('.') {
                return Err(KeyError::HiddenPart);
            }
            if part.chars().any(|c| c == '\\' || c.is_control()) {
                return Err(KeyError::ForbiddenCharacter);
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }

    /// The key of `name` inside this one, taken as a folder.
    pub fn child(&self, name: &str) -> Result<Self, KeyError> {
        Self::parse(&format!("{}/{name}", self.0))
    }

    /// The folder-like key this one sits in; none for a key of one part.
    pub fn parent(&self) -> Option<Self> {
        self.0.rsplit_once('/').map(|(parent, _)| Self(parent.to_owned()))
    }
}

impl fmt::Display for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_uploads_and_demo_pictures_are_taken() {
        for raw in [
            "uploads/3f9c/800.jpg",
            "demo/river-ferry.svg",
            "a",
            "سهل/صورة.webp",
        ] {
            assert_eq!(MediaKey::parse(raw).map(|k| k.to_string()), Ok(raw.to_owned()));
        }
    }

    #[test]
    fn keys_that_could_leave_the_namespace_or_hide_are_refused() {
        let cases = [
            ("", KeyError::Empty),
            ("/etc/passwd", KeyError::EmptyPart),
            ("uploads//x.jpg", KeyError::EmptyPart),
            ("uploads/", KeyError::EmptyPart),
            ("../dateline.db", KeyError::HiddenPart),
            ("demo/../../dateline.db", KeyError::HiddenPart),
            ("uploads/.incoming-1/x.jpg", KeyError::HiddenPart),
            ("demo/..", KeyError::HiddenPart),
            ("demo\\..\\x", KeyError::ForbiddenCharacter),
            ("demo/x\0.svg", KeyError::ForbiddenCharacter),
            ("demo/x\n.svg", KeyError::ForbiddenCharacter),
        ];
        for (raw, error) in cases {
            assert_eq!(MediaKey::parse(raw), Err(error), "{raw:?}");
        }
    }

    #[test]
    fn a_key_knows_its_folder_and_children() {
        let file = MediaKey::parse("uploads/3f9c/800.jpg").unwrap();
        let folder = file.parent().unwrap();
        assert_eq!(folder.as_str(), "uploads/3f9c");
        assert_eq!(folder.child("800.jpg"), Ok(file));
        assert_eq!(folder.child("../x"), Err(KeyError::HiddenPart));
        assert_eq!(MediaKey::parse("uploads").unwrap().parent(), None);
    }
}
