//! The elements open outside records: `rss`, `channel`, the header's fields and anything else.
//!
//! End tags are matched by name here too, so a stray end tag in the header does not close the
//! channel (which would leave every item after it unread) and an element left open does not
//! hide the records that follow it.

use super::names::SiteField;

/// What an element outside the records is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outer {
    Rss,
    Channel,
    /// A header field, with where its text starts.
    Site(SiteField, usize),
    Other,
}

/// The open elements outside records, innermost last.
#[derive(Debug, Default)]
pub(super) struct OuterStack {
    open: Vec<(Outer, usize)>,
    /// Their names as written, end to end; each entry of `open` says where its name starts.
    names: String,
}

impl OuterStack {
    pub(super) fn len(&self) -> usize {
        self.open.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    pub(super) fn top(&self) -> Option<Outer> {
        self.open.last().map(|(outer, _)| *outer)
    }

    pub(super) fn push(&mut self, outer: Outer, name: &str) {
        self.open.push((outer, self.names.len()));
        self.names.push_str(name);
    }

    /// An end tag: closes the innermost open element of that name, and any left open inside
    /// it. `None` for an end tag that closes nothing open, which is then ignored.
    pub(super) fn close(&mut self, name: &str) -> Option<Outer> {
        let index = self.position_of(name)?;
        let (closed, name_at) = self.open[index];
        self.open.truncate(index);
        self.names.truncate(name_at);
        Some(closed)
    }

    /// Closes whatever is open inside the channel, so that a record can start there. `false`
    /// when no channel is open.
    pub(super) fn return_to_channel(&mut self) -> bool {
        let Some(index) = self.open.iter().rposition(|(outer, _)| *outer == Outer::Channel) else {
            return false;
        };
        if let Some(&(_, name_at)) = self.open.get(index + 1) {
            self.open.truncate(index + 1);
            self.names.truncate(name_at);
        }
        true
    }

    fn position_of(&self, name: &str) -> Option<usize> {
        let mut end = self.names.len();
        for (index, (_, name_at)) in self.open.iter().enumerate().rev() {
            if &self.names[*name_at..end] == name {
                return Some(index);
            }
            end = *name_at;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack() -> OuterStack {
        let mut stack = OuterStack::default();
        stack.push(Outer::Rss, "rss");
        stack.push(Outer::Channel, "channel");
        stack.push(Outer::Site(SiteField::Title, 0), "title");
        stack.push(Outer::Other, "b");
        stack
    }

    #[test]
    fn an_end_tag_closes_its_element_and_what_was_left_open_in_it() {
        let mut stack = stack();
        assert_eq!(stack.close("link"), None);
        assert_eq!(stack.len(), 4);
        assert_eq!(stack.close("title"), Some(Outer::Site(SiteField::Title, 0)));
        assert_eq!(stack.top(), Some(Outer::Channel));
        assert_eq!(stack.close("rss"), Some(Outer::Rss));
        assert!(stack.is_empty());
    }

    #[test]
    fn a_record_can_start_in_the_channel_whatever_was_left_open() {
        let mut stack = stack();
        assert!(stack.return_to_channel());
        assert_eq!(stack.top(), Some(Outer::Channel));
        stack.push(Outer::Other, "image");
        assert_eq!(stack.close("image"), Some(Outer::Other));
        assert!(!OuterStack::default().return_to_channel());
    }
}
