//! The moderators' banned and suspect word lists, compiled once and reused until they change.

use dateline_domain::ModerationSettings;
use dateline_domain::wordlist::WordList;
use std::sync::{Arc, Mutex};

pub struct WordLists {
    pub banned: WordList,
    pub suspect: WordList,
}

#[derive(Default)]
pub struct WordListCache {
    compiled: Mutex<Option<(String, String, Arc<WordLists>)>>,
}

impl WordListCache {
    pub fn get(&self, settings: &ModerationSettings) -> Arc<WordLists> {
        let mut compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        match compiled.as_ref() {
            Some((banned, suspect, lists))
                if *banned == settings.banned_words && *suspect == settings.suspect_words =>
            {
                lists.clone()
            }
            _ => {
                let lists = Arc::new(WordLists {
                    banned: WordList::parse(&settings.banned_words),
                    suspect: WordList::parse(&settings.suspect_words),
                });
                *compiled = Some((
                    settings.banned_words.clone(),
                    settings.suspect_words.clone(),
                    lists.clone(),
                ));
                lists
            }
        }
    }
}
