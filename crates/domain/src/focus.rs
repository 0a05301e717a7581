//! Where the subject of a picture is, so that a crop (a story card's 16:9, a square) keeps it in
//! view: one of nine places, which the theme turns into `object-position` by class (the site's
//! content security policy allows no inline style).

use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Focus {
    TopLeft,
    Top,
    TopRight,
    Left,
    #[default]
    Center,
    Right,
    BottomLeft,
    Bottom,
    BottomRight,
}

impl Focus {
    /// The nine places, row by row from the top, as a grid shows them.
    pub const ALL: [Focus; 9] = [
        Focus::TopLeft,
        Focus::Top,
        Focus::TopRight,
        Focus::Left,
        Focus::Center,
        Focus::Right,
        Focus::BottomLeft,
        Focus::Bottom,
        Focus::BottomRight,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Focus::TopLeft => "top-left",
            Focus::Top => "top",
            Focus::TopRight => "top-right",
            Focus::Left => "left",
            Focus::Center => "center",
            Focus::Right => "right",
            Focus::BottomLeft => "bottom-left",
            Focus::Bottom => "bottom",
            Focus::BottomRight => "bottom-right",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a place in a picture: {0:?}")]
pub struct UnknownFocus(pub String);

impl FromStr for Focus {
    type Err = UnknownFocus;

    fn from_str(raw: &str) -> Result<Self, UnknownFocus> {
        Focus::ALL
            .into_iter()
            .find(|focus| focus.as_str() == raw)
            .ok_or_else(|| UnknownFocus(raw.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_reads_back_and_nothing_else_does() {
        for focus in Focus::ALL {
            assert_eq!(focus.as_str().parse::<Focus>(), Ok(focus));
        }
        assert!("middle".parse::<Focus>().is_err());
        assert!("".parse::<Focus>().is_err());
    }
}
