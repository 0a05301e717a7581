//! What a guest types under a story (body, name, email) and the moderators' word list it is
//! matched against.

use dateline_domain::comment::{CommentBody, CommentError, CommenterName, Email, normalize};
use dateline_domain::wordlist::WordList;

/// Before the first NUL: the word list as moderators type it; after: the comment. The comment
/// text is also tried as a name and an email address.
pub fn comment(data: &[u8]) {
    let (list, typed) = crate::two_parts(data);
    let typed = crate::text(typed);
    comment_body(&typed);
    if let Ok(name) = CommenterName::parse(&typed) {
        assert_eq!(
            CommenterName::parse(name.as_str()).as_ref(),
            Ok(&name),
            "a name reads back"
        );
    }
    if let Ok(email) = Email::parse(&typed) {
        // Bans, exports and erasure take the address as the newsroom shows it.
        assert_eq!(
            Email::parse(email.as_str()).as_ref(),
            Ok(&email),
            "an email reads back"
        );
        email.domain();
    }
    word_list(&crate::text(list), &typed);
}

fn comment_body(typed: &str) {
    // The reader's live counter shows `count`; the server must agree with it.
    let counted = CommentBody::count(typed);
    match CommentBody::parse(typed) {
        Ok(body) => {
            let text = body.as_str();
            assert!(counted <= CommentBody::MAX_CHARS, "{counted} characters accepted");
            assert!(!text.is_empty() && text.trim() == text, "{text:?} is not trimmed");
            assert!(
                text.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'),
                "a control character stored in {text:?}"
            );
            // An edited comment is parsed again: what was accepted stays as it is.
            assert_eq!(CommentBody::parse(text).as_ref(), Ok(&body));
            body.link_count();
        }
        Err(CommentError::TooLong { chars }) => {
            assert_eq!(chars, counted);
            assert!(chars > CommentBody::MAX_CHARS);
        }
        Err(CommentError::Empty) => assert!(normalize(typed).trim().is_empty()),
    }
}

fn word_list(written: &str, comment: &str) {
    let list = WordList::parse(written);
    if let Some(entry) = list.first_match(comment) {
        assert!(list.entries().any(|e| e == entry), "{entry:?} is not an entry");
    }
    // Every entry a moderator sees in the list holds a comment that repeats it.
    for entry in list.entries() {
        assert!(
            list.first_match(entry).is_some(),
            "{entry:?} does not match itself"
        );
    }
}
