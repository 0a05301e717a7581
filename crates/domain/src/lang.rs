//! The editions Dateline publishes: English (left to right) and Arabic (right to left).

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// Text direction, as HTML's `dir` attribute spells it.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    /// Where the edition lives on the site: English at the root, Arabic under `/ar`.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Ar => "/ar",
        }
    }

    /// The edition a request path belongs to.
    pub fn of_path(path: &str) -> Lang {
        if path == "/ar" || path.starts_with("/ar/") {
            Lang::Ar
        } else {
            Lang::En
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ar,
            Lang::Ar => Lang::En,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown edition {0:?}: expected \"en\" or \"ar\"")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        match code {
            "en" => Ok(Lang::En),
            "ar" => Ok(Lang::Ar),
            other => Err(UnknownLang(other.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn arabic_is_right_to_left_under_ar() {
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::of_path("/ar/article/x"), Lang::Ar);
        assert_eq!(Lang::of_path("/ar"), Lang::Ar);
        assert_eq!(Lang::of_path("/arabic"), Lang::En);
        assert_eq!(Lang::of_path("/"), Lang::En);
    }
}
