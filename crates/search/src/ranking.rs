//! The best matches by relevance and how many matched, without visiting every match.
//!
//! tantivy's own collectors either score every match (a sort with a tie-break, or a count
//! beside the page) or break ties by position in the index. Here a page is gathered through
//! [`tantivy::query::Weight::for_each_pruning`], which for a word's union of fields skips whole blocks of
//! postings that cannot beat the page's last hit (block-max WAND), while ties are still broken
//! newest first; and matches are counted only as far as a reader can page.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, TERMINATED};

use crate::schema::PUBLISHED_AT;

/// The `k` best matches of `query`, best first: highest score, then newest, then first
/// indexed; only those also matching `within`, when given (unscored).
pub fn best(
    searcher: &Searcher,
    query: &dyn Query,
    within: Option<&dyn Query>,
    k: usize,
) -> tantivy::Result<Vec<DocAddress>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let mut page = Page::new(k);
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let within = within
        .map(|within| within.weight(EnableScoring::disabled_from_searcher(searcher)))
        .transpose()?;
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let published = reader.fast_fields().i64(PUBLISHED_AT)?;
        let alive = reader.alive_bitset();
        let segment = u32::try_from(segment).unwrap_or(u32::MAX);
        let mut members = within
            .as_ref()
            .map(|within| within.scorer(reader, 1.0))
            .transpose()?;
        // The pruning offers documents in increasing order, so the members are walked once.
        let mut is_member = |doc: DocId| {
            members.as_mut().is_none_or(|members| {
                if members.doc() < doc {
                    members.seek(doc);
                }
                members.doc() == doc
            })
        };
        weight.for_each_pruning(page.threshold(), reader, &mut |doc: DocId, score: Score| {
            if alive.is_none_or(|alive| alive.is_alive(doc)) && is_member(doc) {
                page.offer(Ranked {
                    score,
                    published: published.first(doc).unwrap_or(i64::MIN),
                    address: DocAddress::new(segment, doc),
                });
            }
            page.threshold()
        })?;
    }
    Ok(page.into_best_first())
}

/// How many stories match `query`, counting no further than `cap`.
pub fn count_up_to(searcher: &Searcher, query: &dyn Query, cap: usize) -> tantivy::Result<usize> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for reader in searcher.segment_readers() {
        if count >= cap {
            break;
        }
        let mut docs = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = docs.doc();
        while doc != TERMINATED && count < cap {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                count += 1;
            }
            doc = docs.advance();
        }
    }
    Ok(count)
}

/// A match and what it is ranked by.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    score: Score,
    published: i64,
    address: DocAddress,
}

impl Ranked {
    /// `Greater` is the better hit.
    fn rank(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.published.cmp(&other.published))
            .then(other.address.cmp(&self.address))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.rank(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank(other)
    }
}

/// The best `k` offered so far; the worst of them on top of the heap.
struct Page {
    k: usize,
    kept: BinaryHeap<Reverse<Ranked>>,
}

impl Page {
    fn new(k: usize) -> Self {
        Page {
            k,
            kept: BinaryHeap::with_capacity(k.saturating_add(1).min(4_096)),
        }
    }

    fn offer(&mut self, hit: Ranked) {
        if self.kept.len() < self.k {
            self.kept.push(Reverse(hit));
        } else if let Some(mut worst) = self.kept.peek_mut()
            && hit > worst.0
        {
            *worst = Reverse(hit);
        }
    }

    /// Scores above this may still enter the page. Once it is full, that is just below its
    /// worst score, so a match scoring the same as the worst is still offered and may enter
    /// by being newer.
    fn threshold(&self) -> Score {
        match self.kept.peek() {
            Some(worst) if self.kept.len() >= self.k => worst.0.score.next_down(),
            _ => Score::MIN,
        }
    }

    fn into_best_first(self) -> Vec<DocAddress> {
        let mut kept: Vec<Ranked> = self.kept.into_iter().map(|Reverse(hit)| hit).collect();
        kept.sort_unstable_by(|a, b| b.rank(a));
        kept.into_iter().map(|hit| hit.address).collect()
    }
}
