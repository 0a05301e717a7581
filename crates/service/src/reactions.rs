//! "Do you like this article?": a yes or a no, one per reader per story, which they may change.
//! A vote is not an event: no page shows the counts, which are read when asked for.

use crate::Service;
use dateline_domain::{Lang, Reaction, ReactionTally, ReaderId, Slug};
use dateline_store::StoreError;
use std::net::IpAddr;

/// What became of a vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteOutcome {
    /// Recorded; the story's counts with the reader's own answer.
    Counted(ReactionTally),
    NoSuchStory,
    TooMany,
}

impl Service {
    /// Records a reader's answer on a published story, replacing any earlier one of theirs.
    pub async fn react(
        &self,
        lang: Lang,
        story: &Slug,
        reader: &ReaderId,
        reaction: Reaction,
        address: IpAddr,
    ) -> Result<VoteOutcome, StoreError> {
        if !self
            .within_limits(&[(self.limits().votes, &address.to_string())])
            .await?
        {
            return Ok(VoteOutcome::TooMany);
        }
        let Some(article_id) = self.store().published_article_id(lang, story).await? else {
            return Ok(VoteOutcome::NoSuchStory);
        };
        self.store().set_reaction(article_id, reader, reaction).await?;
        let tally = self.store().reaction_tally(article_id, Some(reader)).await?;
        Ok(VoteOutcome::Counted(tally))
    }
}
