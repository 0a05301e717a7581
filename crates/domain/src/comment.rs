//! Guest comments as the rules see them: what a commenter typed, parsed into values that
//! cannot break the rules, and the order in which a comment is screened.

use serde::Serialize;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// A comment's text. Its length is counted in Unicode scalar values after NFC and after line
/// breaks are made `\n`: exactly what the reader's live counter counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CommentBody(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentError {
    #[error("write a comment")]
    Empty,
    #[error("the comment is {chars} characters long; the limit is {max}", max = CommentBody::MAX_CHARS)]
    TooLong { chars: usize },
}

impl CommentBody {
    pub const MAX_CHARS: usize = 1500;

    /// How many characters `raw` counts for, as the counter shows it.
    pub fn count(raw: &str) -> usize {
        normalize(raw).chars().count()
    }

    pub fn parse(raw: &str) -> Result<Self, CommentError> {
        let text = normalize(raw);
        match text.chars().count() {
            n if n > Self::MAX_CHARS => Err(CommentError::TooLong { chars: n }),
            _ if text.trim().is_empty() => Err(CommentError::Empty),
            _ => Ok(Self(text.trim().to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Web addresses in the text. Every `http://`, `https://` and `www.` counts wherever it
    /// stands, so no punctuation around an address can hide it from the link limit.
    pub fn link_count(&self) -> usize {
        let lower = self.0.to_lowercase();
        lower.matches("http://").count() + lower.matches("https://").count() + lower.matches("www.").count()
            - lower.matches("://www.").count()
    }
}

/// Browsers send line breaks as `\r\n`; NFC makes one text one length whichever way it was typed.
/// Control characters other than tab and newline cannot be shown or stored, so they are dropped,
/// before NFC: one left between a letter and its accent would keep them from composing.
pub fn normalize(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .nfc()
        .collect()
}

/// The name a commenter signs with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CommenterName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("give a name to sign your comment with")]
    Empty,
    #[error("a name can be at most {max} characters long", max = CommenterName::MAX_CHARS)]
    TooLong,
}

impl CommenterName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let name = normalize(raw).replace('\n', " ");
        let name = name.trim();
        if name.is_empty() {
            Err(NameError::Empty)
        } else if name.chars().count() > Self::MAX_CHARS {
            Err(NameError::TooLong)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A commenter's email address: kept for the newsroom, never shown to readers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("give an email address; it is never published")]
    Empty,
    #[error("that does not look like an email address (name@example.org)")]
    Invalid,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        // One address, one spelling: histories, bans, exports and erasure all find it. Checked
        // once lowercased, so that the address kept passes too: `İ` lowercases to `i` and a
        // combining dot, which a domain may not hold.
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = email.rsplit_once('@').ok_or(EmailError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.chars().count() <= 64
            && !local.contains('@')
            && !local.starts_with('.')
            && !local.ends_with('.');
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let plain = email
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:\"".contains(c));
        if !local_ok || !domain_ok || !plain || email.len() > 254 {
            return Err(EmailError::Invalid);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(raw: &str) -> Result<Self, UnknownValue> {
                match raw {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue(raw.to_owned())),
                }
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownValue(pub String);

text_enum! {
    /// Where a comment stands.
    CommentStatus { Pending => "pending", Published => "published", Rejected => "rejected" }
}

text_enum! {
    /// Whether a story takes comments: open, closed (existing ones shown), or off.
    CommentsMode { Open => "open", Closed => "closed", Off => "off" }
}

impl CommentsMode {
    /// Whether a story published at `published_at` takes comments at `now`: its own setting,
    /// closed automatically after the newsroom's number of days (`auto_close_days`).
    pub fn at(
        self,
        published_at: chrono::DateTime<chrono::Utc>,
        auto_close_days: Option<i64>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> CommentsMode {
        match (self, auto_close_days) {
            (CommentsMode::Open, Some(days)) if now > published_at + chrono::Duration::days(days.max(0)) => {
                CommentsMode::Closed
            }
            (mode, _) => mode,
        }
    }
}

text_enum! {
    /// How much the newsroom reads before a comment is published.
    ModerationMode { PreModerateAll => "pre_moderate_all", FirstTimeOnly => "first_time_only", PublishAtOnce => "publish_at_once" }
}

/// The rule that decided a comment's fate, recorded on the comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", content = "detail", rename_all = "snake_case")]
pub enum Rule {
    Honeypot,
    Duplicate,
    BannedWord(String),
    Banned(String),
    SuspectWord(String),
    TooManyLinks(usize),
    FirstTime,
    PreModeration,
}

impl Rule {
    /// The rule as stored: a name, and for some a detail after a colon.
    pub fn code(&self) -> String {
        match self {
            Rule::Honeypot => "honeypot".into(),
            Rule::Duplicate => "duplicate".into(),
            Rule::BannedWord(word) => format!("banned_word:{word}"),
            Rule::Banned(ban) => format!("banned:{ban}"),
            Rule::SuspectWord(word) => format!("suspect_word:{word}"),
            Rule::TooManyLinks(n) => format!("links:{n}"),
            Rule::FirstTime => "first_time".into(),
            Rule::PreModeration => "pre_moderation".into(),
        }
    }
}

/// What the rules decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Reject(Rule),
    Hold(Rule),
    Publish,
}

/// What is known about a comment when it is screened; the caller looks these up.
#[derive(Debug, Clone)]
pub struct Screening<'a> {
    pub honeypot_filled: bool,
    pub duplicate_of_recent: bool,
    pub banned_word: Option<&'a str>,
    /// The ban or suspension in force on the commenter's email or domain, described.
    pub ban: Option<&'a str>,
    pub suspect_word: Option<&'a str>,
    pub links: usize,
    pub link_limit: usize,
    pub first_time: bool,
    pub mode: ModerationMode,
}

/// The rules, in order; the first that applies decides. (Origin, rate limits and length are
/// checked before a comment gets this far.)
pub fn screen(s: &Screening<'_>) -> Verdict {
    if s.honeypot_filled {
        return Verdict::Reject(Rule::Honeypot);
    }
    if s.duplicate_of_recent {
        return Verdict::Reject(Rule::Duplicate);
    }
    if let Some(word) = s.banned_word {
        return Verdict::Reject(Rule::BannedWord(word.to_owned()));
    }
    if let Some(ban) = s.ban {
        return Verdict::Reject(Rule::Banned(ban.to_owned()));
    }
    if let Some(word) = s.suspect_word {
        return Verdict::Hold(Rule::SuspectWord(word.to_owned()));
    }
    if s.links >= s.link_limit {
        return Verdict::Hold(Rule::TooManyLinks(s.links));
    }
    match s.mode {
        ModerationMode::PreModerateAll if s.first_time => Verdict::Hold(Rule::FirstTime),
        ModerationMode::PreModerateAll => Verdict::Hold(Rule::PreModeration),
        ModerationMode::FirstTimeOnly if s.first_time => Verdict::Hold(Rule::FirstTime),
        ModerationMode::FirstTimeOnly | ModerationMode::PublishAtOnce => Verdict::Publish,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_is_scalar_values_after_nfc_and_crlf() {
        // "e" + combining acute composes to one character under NFC.
        assert_eq!(CommentBody::count("e\u{301}"), 1);
        assert_eq!(CommentBody::count("a\r\nb"), 3);
        assert_eq!(CommentBody::count("a\rb"), 3);
        // A family emoji is five scalar values joined by ZWJs: seven in all.
        assert_eq!(CommentBody::count("👨‍👩‍👧‍👦"), 7);
        // Arabic with diacritics: every mark counts.
        assert_eq!(CommentBody::count("مَرْحَبًا"), 9);
    }

    #[test]
    fn a_dropped_control_character_leaves_text_in_nfc() {
        // Found by fuzzing: NFC before the drop stored "a\u{301}", which parses again as "á".
        let body = CommentBody::parse("a\u{11}\u{301}").unwrap();
        assert_eq!(body.as_str(), "á");
        assert_eq!(CommentBody::parse(body.as_str()), Ok(body));
        assert_eq!(CommentBody::count("a\u{11}\u{301}"), 1);
    }

    #[test]
    fn the_limit_is_exactly_1500() {
        assert!(CommentBody::parse(&"ب".repeat(1500)).is_ok());
        assert_eq!(
            CommentBody::parse(&"ب".repeat(1501)),
            Err(CommentError::TooLong { chars: 1501 })
        );
        assert!(
            CommentBody::parse(&"x\r\n".repeat(750)).is_ok(),
            "CRLF counts as one"
        );
        assert_eq!(CommentBody::parse("  \r\n "), Err(CommentError::Empty));
    }

    #[test]
    fn emails_are_checked_and_their_domain_lowercased() {
        let email = Email::parse(" Reader.One@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "reader.one@example.org");
        assert_eq!(email.domain(), "example.org");
        for bad in [
            "",
            "no-at-sign",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@exa mple.org",
            "<a>@x.org",
            "a@-x.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_email_kept_parses_again_as_itself() {
        // "x@İ.example" was kept as "x@i\u{307}.example", which the erase form then refused.
        assert_eq!(Email::parse("x@İ.example"), Err(EmailError::Invalid));
        let email = Email::parse("İlker@Example.org").unwrap();
        assert_eq!(email.as_str(), "i\u{307}lker@example.org");
        assert_eq!(Email::parse(email.as_str()), Ok(email));
    }

    #[test]
    fn names_are_trimmed_single_lines() {
        assert_eq!(
            CommenterName::parse("  Salma \r\n K. ").unwrap().as_str(),
            "Salma   K."
        );
        assert_eq!(CommenterName::parse(" \t "), Err(NameError::Empty));
        assert_eq!(CommenterName::parse(&"n".repeat(81)), Err(NameError::TooLong));
        assert_eq!(CommenterName::parse("<script>").unwrap().as_str(), "<script>");
    }

    fn clean() -> Screening<'static> {
        Screening {
            honeypot_filled: false,
            duplicate_of_recent: false,
            banned_word: None,
            ban: None,
            suspect_word: None,
            links: 0,
            link_limit: 2,
            first_time: false,
            mode: ModerationMode::FirstTimeOnly,
        }
    }

    #[test]
    fn rules_apply_in_order() {
        assert_eq!(screen(&clean()), Verdict::Publish);
        let everything = Screening {
            honeypot_filled: true,
            duplicate_of_recent: true,
            banned_word: Some("bad"),
            ban: Some("example.org"),
            suspect_word: Some("odd"),
            links: 5,
            first_time: true,
            ..clean()
        };
        assert_eq!(screen(&everything), Verdict::Reject(Rule::Honeypot));
        let s = Screening {
            honeypot_filled: false,
            ..everything.clone()
        };
        assert_eq!(screen(&s), Verdict::Reject(Rule::Duplicate));
        let s = Screening {
            duplicate_of_recent: false,
            ..s
        };
        assert_eq!(screen(&s), Verdict::Reject(Rule::BannedWord("bad".into())));
        let s = Screening {
            banned_word: None,
            ..s
        };
        assert_eq!(screen(&s), Verdict::Reject(Rule::Banned("example.org".into())));
        let s = Screening { ban: None, ..s };
        assert_eq!(screen(&s), Verdict::Hold(Rule::SuspectWord("odd".into())));
        let s = Screening {
            suspect_word: None,
            ..s
        };
        assert_eq!(screen(&s), Verdict::Hold(Rule::TooManyLinks(5)));
        let s = Screening { links: 1, ..s };
        assert_eq!(screen(&s), Verdict::Hold(Rule::FirstTime));
    }

    #[test]
    fn the_moderation_mode_decides_last() {
        let returning = clean();
        let first = Screening {
            first_time: true,
            ..clean()
        };
        use ModerationMode::*;
        assert_eq!(
            screen(&Screening {
                mode: PreModerateAll,
                ..returning.clone()
            }),
            Verdict::Hold(Rule::PreModeration)
        );
        assert_eq!(
            screen(&Screening {
                mode: FirstTimeOnly,
                ..first.clone()
            }),
            Verdict::Hold(Rule::FirstTime)
        );
        assert_eq!(
            screen(&Screening {
                mode: FirstTimeOnly,
                ..returning.clone()
            }),
            Verdict::Publish
        );
        assert_eq!(
            screen(&Screening {
                mode: PublishAtOnce,
                ..first
            }),
            Verdict::Publish
        );
    }

    #[test]
    fn links_are_counted_as_the_display_links_them() {
        let body = CommentBody::parse("see https://a.org and www.b.org, not ftp://c.org").unwrap();
        assert_eq!(body.link_count(), 2);
        let hidden =
            CommentBody::parse("(https://a.example) (https://www.b.example):http://c.example").unwrap();
        assert_eq!(
            hidden.link_count(),
            3,
            "brackets and colons do not hide addresses"
        );
    }
}
