//! What an edition shows around every page besides its masthead and sections, set by an admin
//! in Site settings without touching the theme: a logo, links added to the navigation, words
//! in the footer, and links to the newsroom's accounts elsewhere. Links are kept as lines of
//! text and read into values that can only hold a safe address.

use serde::Serialize;

/// Links added after the sections, at most.
pub const MAX_NAV_LINKS: usize = 12;
/// The longest label of a navigation link, in characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// Accounts elsewhere, at most.
pub const MAX_SOCIAL_LINKS: usize = 12;
/// The footer's words, in characters.
pub const MAX_FOOTER_CHARS: usize = 600;

/// An address a reader's browser may be sent to from every page: a path of this site
/// (`/page/events`) or an http(s) address elsewhere. Never `//host`, `/\host`, a script or a
/// space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Href(String);

impl Href {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let plain = |text: &str| {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '\\' | '"' | '<' | '>'))
        };
        let local = raw.starts_with('/') && !raw.starts_with("//") && plain(raw);
        let remote = ["https://", "http://"].iter().any(|scheme| {
            raw.strip_prefix(scheme)
                .is_some_and(|rest| plain(rest) && !rest.starts_with('/') && !rest.starts_with('.'))
        });
        (local || remote).then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host of an address elsewhere, without `www.`; none for a path of this site.
    fn host(&self) -> Option<&str> {
        let rest = self
            .0
            .strip_prefix("https://")
            .or_else(|| self.0.strip_prefix("http://"))?;
        let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?;
        let host = host.split(':').next()?;
        Some(host.strip_prefix("www.").unwrap_or(host))
    }
}

/// A link added to an edition's navigation, after its sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NavLink {
    pub label: String,
    pub href: Href,
}

/// A link to one of the newsroom's accounts elsewhere, named after the network it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SocialLink {
    /// The network's name, or the address's host for one this list does not know.
    pub network: String,
    pub href: Href,
}

/// Networks known by their host, with the name readers know them by.
const NETWORKS: &[(&str, &str)] = &[
    ("x.com", "X"),
    ("twitter.com", "X"),
    ("facebook.com", "Facebook"),
    ("instagram.com", "Instagram"),
    ("youtube.com", "YouTube"),
    ("tiktok.com", "TikTok"),
    ("linkedin.com", "LinkedIn"),
    ("threads.net", "Threads"),
    ("bsky.app", "Bluesky"),
    ("t.me", "Telegram"),
    ("whatsapp.com", "WhatsApp"),
    ("mastodon.social", "Mastodon"),
];

/// Which line of a list could not be read (counted from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinesProblem {
    Line(usize),
    TooMany(usize),
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(at, line)| (at + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
}

impl NavLink {
    /// Links written one per line as `label | address`.
    pub fn parse_lines(text: &str) -> Result<Vec<Self>, LinesProblem> {
        let links = lines(text)
            .map(|(number, line)| {
                let (label, href) = line.split_once('|').ok_or(LinesProblem::Line(number))?;
                let label = label.trim();
                let valid = !label.is_empty() && label.chars().count() <= MAX_LABEL_CHARS;
                match (valid, Href::parse(href)) {
                    (true, Some(href)) => Ok(NavLink {
                        label: label.to_owned(),
                        href,
                    }),
                    _ => Err(LinesProblem::Line(number)),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        if links.len() > MAX_NAV_LINKS {
            return Err(LinesProblem::TooMany(MAX_NAV_LINKS));
        }
        Ok(links)
    }

    /// The lines [`NavLink::parse_lines`] reads back into the same links.
    pub fn to_lines(links: &[Self]) -> String {
        links
            .iter()
            .map(|link| format!("{} | {}", link.label, link.href.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl SocialLink {
    /// Addresses elsewhere, one per line.
    pub fn parse_lines(text: &str) -> Result<Vec<Self>, LinesProblem> {
        let links = lines(text)
            .map(|(number, line)| {
                let href = Href::parse(line).ok_or(LinesProblem::Line(number))?;
                let host = href
                    .host()
                    .ok_or(LinesProblem::Line(number))?
                    .to_ascii_lowercase();
                let network = NETWORKS
                    .iter()
                    .find(|(known, _)| host == *known || host.ends_with(&format!(".{known}")))
                    .map_or(host.clone(), |(_, name)| (*name).to_owned());
                Ok(SocialLink { network, href })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if links.len() > MAX_SOCIAL_LINKS {
            return Err(LinesProblem::TooMany(MAX_SOCIAL_LINKS));
        }
        Ok(links)
    }

    pub fn to_lines(links: &[Self]) -> String {
        links
            .iter()
            .map(|link| link.href.as_str().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The digits an edition writes numbers in, on every page and in everything on it (dates,
/// counts, and the numbers journalists and readers typed), so that a page never mixes two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numerals {
    /// 0123456789
    Western,
    /// ٠١٢٣٤٥٦٧٨٩
    ArabicIndic,
}

impl Numerals {
    pub const ALL: [Numerals; 2] = [Numerals::Western, Numerals::ArabicIndic];

    /// What an edition writes until an admin chooses: Arabic-Indic digits in Arabic.
    pub fn usual(lang: crate::Lang) -> Self {
        match lang {
            crate::Lang::En => Numerals::Western,
            crate::Lang::Ar => Numerals::ArabicIndic,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Numerals::Western => "western",
            Numerals::ArabicIndic => "arabic-indic",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Numerals::ALL
            .into_iter()
            .find(|numerals| numerals.as_str() == raw)
    }

    /// `text` with every digit written in these numerals.
    pub fn write(self, text: &str) -> String {
        text.chars().map(|c| self.digit(c)).collect()
    }

    /// `c` in these numerals if it is a digit of either kind, else `c`.
    pub fn digit(self, c: char) -> char {
        let value = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            '\u{0660}'..='\u{0669}' => u32::from(c) - 0x0660,
            _ => return c,
        };
        let zero = match self {
            Numerals::Western => u32::from('0'),
            Numerals::ArabicIndic => 0x0660,
        };
        char::from_u32(zero + value).unwrap_or(c)
    }
}

/// An edition's face, as every page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteFace {
    /// The logo's picture under `/media/`, with its size.
    pub logo: Option<Logo>,
    pub nav_links: Vec<NavLink>,
    pub footer_text: String,
    pub social_links: Vec<SocialLink>,
    pub numerals: Numerals,
}

impl SiteFace {
    /// The face of an edition no admin has set: its name for a logo, nothing added, its usual
    /// digits.
    pub fn plain(lang: crate::Lang) -> Self {
        Self {
            logo: None,
            nav_links: Vec::new(),
            footer_text: String::new(),
            social_links: Vec::new(),
            numerals: Numerals::usual(lang),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Logo {
    /// The picture of the media library it is.
    pub image_id: i64,
    pub src: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_addresses_are_links() {
        for good in [
            "/page/events",
            "/ar/section/أخبار",
            "https://example.org/a?b=c#d",
            "http://radio.example:8000/live",
        ] {
            assert!(Href::parse(good).is_some(), "{good}");
        }
        for bad in [
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "https:///x",
            "https://",
            "page/x",
            "/a b",
            "https://a.example/\"onmouseover=x",
            "data:text/html,x",
            " ",
            "https://.evil",
        ] {
            assert!(Href::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn navigation_links_are_read_line_by_line_and_name_the_line_that_is_wrong() {
        let links =
            NavLink::parse_lines("Events | /page/events\n\n  Podcast|https://pod.example/show  \n").unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].label, "Podcast");
        assert_eq!(NavLink::parse_lines(&NavLink::to_lines(&links)).unwrap(), links);
        assert_eq!(
            NavLink::parse_lines("Events | /page/events\nno address"),
            Err(LinesProblem::Line(2))
        );
        assert_eq!(NavLink::parse_lines(" | /x"), Err(LinesProblem::Line(1)));
        assert_eq!(
            NavLink::parse_lines("Evil | javascript:alert(1)"),
            Err(LinesProblem::Line(1))
        );
        let many = "A | /a\n".repeat(MAX_NAV_LINKS + 1);
        assert_eq!(
            NavLink::parse_lines(&many),
            Err(LinesProblem::TooMany(MAX_NAV_LINKS))
        );
    }

    #[test]
    fn numerals_write_every_digit_of_either_kind_and_nothing_else() {
        assert_eq!(Numerals::ArabicIndic.write("2026، ١٢ يومًا"), "٢٠٢٦، ١٢ يومًا");
        assert_eq!(Numerals::Western.write("٢٠٢٦ and 7"), "2026 and 7");
        assert_eq!(Numerals::parse("arabic-indic"), Some(Numerals::ArabicIndic));
        assert_eq!(Numerals::parse("roman"), None);
    }

    #[test]
    fn social_links_are_named_after_their_network() {
        let links = SocialLink::parse_lines(
            "https://x.com/courier\nhttps://www.facebook.com/courier\nhttps://social.example/@courier",
        )
        .unwrap();
        let names: Vec<&str> = links.iter().map(|link| link.network.as_str()).collect();
        assert_eq!(names, ["X", "Facebook", "social.example"]);
        assert_eq!(
            SocialLink::parse_lines("/page/about"),
            Err(LinesProblem::Line(1)),
            "an account is elsewhere"
        );
    }
}
