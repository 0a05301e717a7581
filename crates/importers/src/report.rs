//! What an import did: by kind, how many things were added, updated, left as they were or
//! skipped, and a line for each one skipped or brought in with something left behind.

use std::collections::BTreeMap;
use std::fmt;

/// What happened to one thing of the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Updated,
    Unchanged,
    Skipped,
}

/// How many things of one kind met each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
}

/// The whole report of an import.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// By kind (`story`, `page`, `comment`, `section`, …).
    pub tallies: BTreeMap<&'static str, Tally>,
    /// A line for each thing skipped or imported with something left behind.
    pub lines: Vec<String>,
}

impl Report {
    pub fn count(&mut self, kind: &'static str, outcome: Outcome) {
        let tally = self.tallies.entry(kind).or_default();
        match outcome {
            Outcome::Added => tally.added += 1,
            Outcome::Updated => tally.updated += 1,
            Outcome::Unchanged => tally.unchanged += 1,
            Outcome::Skipped => tally.skipped += 1,
        }
    }

    /// Counts a thing skipped, with the line saying which and why.
    pub fn skip(&mut self, kind: &'static str, line: String) {
        self.count(kind, Outcome::Skipped);
        self.lines.push(format!("skipped {line}"));
    }

    /// Counts `count` things skipped together, with one line for them all.
    pub fn skip_many(&mut self, kind: &'static str, count: u64, line: String) {
        self.tallies.entry(kind).or_default().skipped += count;
        self.lines.push(format!("skipped {line}"));
    }

    /// A line about something imported with a part left behind.
    pub fn note(&mut self, line: String) {
        self.lines.push(line);
    }

    /// Notes what of `described`'s body Markdown could not say (kept as text or left out).
    pub fn unconverted(&mut self, described: &str, unconverted: &std::collections::BTreeSet<String>) {
        if !unconverted.is_empty() {
            let names: Vec<&str> = unconverted.iter().map(String::as_str).collect();
            self.note(format!(
                "{described}: kept as text or left out: {}",
                names.join(", ")
            ));
        }
    }

    pub fn tally(&self, kind: &str) -> Tally {
        self.tallies.get(kind).copied().unwrap_or_default()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>9} {:>9}",
            "", "imported", "updated", "unchanged", "skipped"
        )?;
        for (kind, tally) in &self.tallies {
            writeln!(
                f,
                "{kind:<12} {:>9} {:>9} {:>9} {:>9}",
                tally.added, tally.updated, tally.unchanged, tally.skipped
            )?;
        }
        Ok(())
    }
}
