//! Where a story is in its life, and which moves between states exist at all.

use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    InReview,
    Scheduled,
    Published,
    Unpublished,
}

impl ArticleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
            ArticleStatus::Unpublished => "unpublished",
        }
    }

    /// The workflow's edges; who may take each one is the newsroom's permission table.
    pub fn can_move_to(self, next: ArticleStatus) -> bool {
        use ArticleStatus::*;
        matches!(
            (self, next),
            (Draft, InReview)
                | (InReview, Draft)
                | (Draft | InReview, Scheduled)
                // Rescheduling: a new time, in one step.
                | (Scheduled, Scheduled)
                | (Draft | InReview | Scheduled, Published)
                | (Scheduled, Draft)
                | (Published, Unpublished)
                | (Unpublished, Draft | Published)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown article status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for ArticleStatus {
    type Err = UnknownStatus;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        use ArticleStatus::*;
        [Draft, InReview, Scheduled, Published, Unpublished]
            .into_iter()
            .find(|status| status.as_str() == raw)
            .ok_or_else(|| UnknownStatus(raw.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleStatus::*;
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in [Draft, InReview, Scheduled, Published, Unpublished] {
            assert_eq!(status.as_str().parse::<ArticleStatus>(), Ok(status));
        }
    }

    #[test]
    fn a_published_story_is_unpublished_before_it_is_a_draft_again() {
        assert!(Published.can_move_to(Unpublished));
        assert!(!Published.can_move_to(Draft));
        assert!(Unpublished.can_move_to(Draft));
        assert!(!Draft.can_move_to(Unpublished));
        assert!(!Draft.can_move_to(Draft));
        assert!(
            Scheduled.can_move_to(Scheduled),
            "a scheduled story can be given a new time"
        );
    }
}
