//! Word diffs between two revisions of a text, for editors comparing what changed.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Change {
    Same(String),
    Added(String),
    Removed(String),
}

/// Beyond this many words on either side the texts are compared line by line, keeping the
/// work (which grows with the product of the lengths) bounded.
const MAX_WORDS: usize = 4_000;

/// The changes that turn `old` into `new`, word by word (whitespace is kept with its word).
pub fn word_diff(old: &str, new: &str) -> Vec<Change> {
    let (a, b) = (tokens(old), tokens(new));
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return diff(
            &old.split_inclusive('\n').collect::<Vec<_>>(),
            &new.split_inclusive('\n').collect::<Vec<_>>(),
        );
    }
    diff(&a, &b)
}

/// Words with the whitespace that follows them.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            tokens.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

fn diff(a: &[&str], b: &[&str]) -> Vec<Change> {
    // Longest common subsequence, then walk it; runs of one kind are merged.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut changes: Vec<Change> = Vec::new();
    let mut push = |change: Change| match (changes.last_mut(), change) {
        (Some(Change::Same(run)), Change::Same(text))
        | (Some(Change::Added(run)), Change::Added(text))
        | (Some(Change::Removed(run)), Change::Removed(text)) => run.push_str(&text),
        (_, change) => changes.push(change),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(Change::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(Change::Removed(a[i].to_owned()));
            i += 1;
        } else {
            push(Change::Added(b[j].to_owned()));
            j += 1;
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_and_the_rest_kept() {
        let changes = word_diff(
            "The ferry runs every 20 minutes.",
            "The ferry runs every 15 minutes daily.",
        );
        assert_eq!(
            changes,
            vec![
                Change::Same("The ferry runs every ".into()),
                Change::Removed("20 minutes.".into()),
                Change::Added("15 minutes daily.".into()),
            ]
        );
    }

    #[test]
    fn identical_and_empty_texts() {
        assert_eq!(
            word_diff("same text", "same text"),
            vec![Change::Same("same text".into())]
        );
        assert_eq!(word_diff("", "new"), vec![Change::Added("new".into())]);
        assert!(word_diff("", "").is_empty());
    }

    #[test]
    fn joining_the_pieces_gives_back_either_text() {
        let (old, new) = ("one two three\nfour five", "one 2 three\nfour five six");
        let changes = word_diff(old, new);
        let rebuild = |keep_added: bool| -> String {
            changes
                .iter()
                .filter_map(|c| match c {
                    Change::Same(t) => Some(t.as_str()),
                    Change::Added(t) if keep_added => Some(t.as_str()),
                    Change::Removed(t) if !keep_added => Some(t.as_str()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(rebuild(false), old);
        assert_eq!(rebuild(true), new);
    }
}
