//! Search benchmark: indexes 100,000 generated stories (half English, half Arabic) on disk,
//! then times 2,000 queries of mixed kinds. Prints Markdown. Run with `bench/search.sh`.
//!
//! The text is made-up words from syllables combined by a fixed PRNG, drawn with a skewed
//! (Zipf-like) frequency so that common words have long posting lists, as in real prose.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use dateline_domain::Lang;
use dateline_search::{SearchDoc, SearchIndex, SearchQuery, Sort, WriterBudget};

const STORIES_PER_EDITION: usize = 50_000;
const QUERIES_PER_KIND: usize = 250;
const VOCABULARY: usize = 400;
const SECTIONS: [&str; 8] = [
    "politics",
    "business",
    "sports",
    "culture",
    "environment",
    "education",
    "health",
    "opinion",
];

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// An index in `0..n` where small indexes are far likelier: word frequencies in prose.
    fn skewed(&mut self, n: usize) -> usize {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((unit * unit * unit) * n as f64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `VOCABULARY` distinct words of two or three syllables.
fn vocabulary(rng: &mut Rng, syllables: &[&str]) -> Vec<String> {
    let mut words = Vec::with_capacity(VOCABULARY);
    while words.len() < VOCABULARY {
        let word: String = (0..rng.between(2, 3)).map(|_| *rng.pick(syllables)).collect();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

fn english_vocabulary(rng: &mut Rng) -> Vec<String> {
    let syllables = [
        "ba", "ker", "lo", "mi", "ran", "tes", "dor", "vin", "sal", "pe", "tra", "con", "mel", "ost", "fa",
        "rid", "gu", "nal", "sti", "ple", "mar", "cho", "den", "qui", "lar", "won", "ex", "ta", "bri", "sen",
    ];
    let mut words = vocabulary(rng, &syllables);
    // Real function words head the list, so they are the commonest, as in English.
    for (slot, word) in [
        "the", "of", "and", "to", "in", "said", "on", "after", "with", "council",
    ]
    .iter()
    .enumerate()
    {
        words[slot] = (*word).to_owned();
    }
    words
}

fn arabic_vocabulary(rng: &mut Rng) -> Vec<String> {
    let syllables = [
        "كا", "تب", "مد", "رس", "لو", "نا", "سل", "حر", "قي", "بو", "دا", "عم", "فت", "جا", "ري", "صو", "خل",
        "ثر", "غا", "زي", "شم", "طب", "هو", "يد", "ضا", "أم", "إن", "آل", "ءة", "ى",
    ];
    let mut words = vocabulary(rng, &syllables);
    for (slot, word) in [
        "في",
        "من",
        "على",
        "إلى",
        "أن",
        "قال",
        "بعد",
        "مع",
        "المجلس",
        "مدرسة",
    ]
    .iter()
    .enumerate()
    {
        words[slot] = (*word).to_owned();
    }
    words
}

/// Arabic as sometimes printed: the article or "و" on the front, taa marbuta or a plural on
/// the end, a tatweel or a diacritic here and there.
fn arabic_form(rng: &mut Rng, word: &str) -> String {
    let prefix = *rng.pick(&["", "", "", "ال", "ال", "و", "وال", "بال"]);
    let suffix = *rng.pick(&["", "", "", "", "ة", "ات", "ون"]);
    let mut form = format!("{prefix}{word}{suffix}");
    if rng.below(20) == 0 {
        form = with_diacritics(rng, &form);
    }
    form
}

fn with_diacritics(rng: &mut Rng, word: &str) -> String {
    word.chars()
        .flat_map(|c| [c, *rng.pick(&['\u{064E}', '\u{0650}', '\u{064F}', '\u{0652}'])])
        .collect()
}

struct Generator {
    rng: Rng,
    english: Vec<String>,
    arabic: Vec<String>,
    authors: Vec<String>,
    /// Adjacent word pairs seen in bodies, for phrase queries that do match.
    phrases: Vec<(Lang, String)>,
}

impl Generator {
    fn new() -> Generator {
        let mut rng = Rng(0x5EED_DA7E_11E5_u64);
        let english = english_vocabulary(&mut rng);
        let arabic = arabic_vocabulary(&mut rng);
        let authors = (0..50)
            .map(|n| format!("{} {}", english[100 + n], english[200 + n]))
            .collect();
        Generator {
            rng,
            english,
            arabic,
            authors,
            phrases: Vec::new(),
        }
    }

    fn words(&mut self, lang: Lang, count: usize) -> String {
        let mut text = String::new();
        for n in 0..count {
            if n > 0 {
                text.push(if n % 12 == 0 { '.' } else { ' ' });
                if n % 12 == 0 {
                    text.push(' ');
                }
            }
            match lang {
                Lang::En => {
                    let word = &self.english[self.rng.skewed(VOCABULARY)];
                    text.push_str(word);
                }
                Lang::Ar => {
                    let word = self.arabic[self.rng.skewed(VOCABULARY)].clone();
                    text.push_str(&arabic_form(&mut self.rng, &word));
                }
            }
        }
        text
    }

    fn story(&mut self, id: i64) -> SearchDoc {
        let lang = if id % 2 == 0 { Lang::En } else { Lang::Ar };
        let body_words = self.rng.between(150, 300);
        let body = self.words(lang, body_words);
        if id % 200 < 2 {
            let pair: Vec<&str> = body.split(' ').skip(20).take(2).collect();
            if pair.len() == 2 && !pair.iter().any(|word| word.contains('.')) {
                self.phrases.push((lang, pair.join(" ")));
            }
        }
        let headline_words = self.rng.between(6, 10);
        let dek_words = self.rng.between(10, 20);
        let vocabulary = match lang {
            Lang::En => &self.english,
            Lang::Ar => &self.arabic,
        };
        let tags = (0..self.rng.between(1, 3))
            .map(|_| vocabulary[self.rng.below(VOCABULARY)].clone())
            .collect();
        let authors = vec![self.rng.pick(&self.authors).clone()];
        let seconds = 1_700_000_000 + self.rng.below(3 * 365 * 86_400) as i64;
        SearchDoc {
            id,
            lang,
            headline: self.words(lang, headline_words),
            dek: self.words(lang, dek_words),
            body,
            authors,
            tags,
            section_slug: (*self.rng.pick(&SECTIONS)).to_owned(),
            published_at: Utc
                .timestamp_opt(seconds, 0)
                .single()
                .unwrap_or(DateTime::UNIX_EPOCH),
        }
    }

    /// A word of the middle of the vocabulary: neither "the" nor a word seen once.
    fn word(&mut self, lang: Lang) -> String {
        let index = self.rng.between(10, VOCABULARY / 2);
        match lang {
            Lang::En => self.english[index].clone(),
            Lang::Ar => self.arabic[index].clone(),
        }
    }
}

/// The kinds of query timed, each with its own way to make one.
const KINDS: [&str; 8] = [
    "English, one word",
    "English, two words",
    "English, \"phrase\"",
    "English, one word, section filter",
    "English, one word, newest first",
    "Arabic, one word",
    "Arabic, two words, with diacritics",
    "Arabic, \"phrase\", section filter",
];

fn make_query(kind: usize, generator: &mut Generator) -> SearchQuery {
    let phrase = |generator: &mut Generator, lang: Lang| {
        let candidates: Vec<&String> = generator
            .phrases
            .iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, text)| text)
            .collect();
        let text = candidates[generator.rng.below(candidates.len())].clone();
        format!("\"{text}\"")
    };
    let section = |generator: &mut Generator| Some((*generator.rng.pick(&SECTIONS)).to_owned());
    let mut query = match kind {
        0 => SearchQuery::new(Lang::En, generator.word(Lang::En)),
        1 => SearchQuery::new(
            Lang::En,
            format!("{} {}", generator.word(Lang::En), generator.word(Lang::En)),
        ),
        2 => SearchQuery::new(Lang::En, phrase(generator, Lang::En)),
        3 => SearchQuery {
            section: section(generator),
            ..SearchQuery::new(Lang::En, generator.word(Lang::En))
        },
        4 => SearchQuery {
            sort: Sort::Newest,
            ..SearchQuery::new(Lang::En, generator.word(Lang::En))
        },
        5 => SearchQuery::new(Lang::Ar, generator.word(Lang::Ar)),
        6 => {
            let (first, second) = (generator.word(Lang::Ar), generator.word(Lang::Ar));
            let text = format!("{} {}", with_diacritics(&mut generator.rng, &first), second);
            SearchQuery::new(Lang::Ar, text)
        }
        _ => SearchQuery {
            section: section(generator),
            ..SearchQuery::new(Lang::Ar, phrase(generator, Lang::Ar))
        },
    };
    query.limit = 10;
    query
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

fn millis(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|entry| entry.metadata().ok())
                .map(|meta| meta.len())
                .sum()
        })
        .unwrap_or(0)
}

/// A memory figure of this process (`VmHWM:` peak resident, `RssAnon:`, `RssFile:`) from
/// Linux's /proc.
fn memory_mb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir =
        RemoveOnDrop(std::env::temp_dir().join(format!("dateline-search-bench-{}", std::process::id())));
    let mut generator = Generator::new();
    let total_stories = 2 * STORIES_PER_EDITION as i64;
    let mut words = 0;
    let (index, _) = SearchIndex::open_with(&dir.0, WriterBudget::BULK)?;
    let started = Instant::now();
    // Stories are generated as they are indexed (generation is timed too, but is cheap next
    // to indexing), so memory figures are the index's, not a 100,000-story vector's.
    let indexed = index.rebuild(
        (0..total_stories).map(|id| {
            let story = generator.story(id);
            words += story.body.split(' ').count();
            Ok::<_, std::convert::Infallible>(story)
        }),
        0,
    )?;
    let build = started.elapsed();
    let size = folder_size(&dir.0);
    drop(index);
    // Reopen with the server's writer budget, as the web app would run.
    let (index, _) = SearchIndex::open(&dir.0)?;

    let queries: Vec<(usize, SearchQuery)> = (0..QUERIES_PER_KIND * KINDS.len())
        .map(|n| (n % KINDS.len(), make_query(n % KINDS.len(), &mut generator)))
        .collect();
    for (_, query) in queries.iter().take(100) {
        index.search(query)?; // warm the page cache
    }
    let mut latencies = vec![Vec::new(); KINDS.len()];
    let mut totals = vec![0usize; KINDS.len()];
    let started = Instant::now();
    for (kind, query) in &queries {
        let one = Instant::now();
        let results = index.search(query)?;
        latencies[*kind].push(one.elapsed());
        totals[*kind] += results.total.at_least();
    }
    let elapsed = started.elapsed();

    println!(
        "Indexed {indexed} stories ({} English, {} Arabic; {words} body words) in {:.1} s ({:.0} stories/s), one commit, writer {} threads / {} MB.",
        STORIES_PER_EDITION,
        STORIES_PER_EDITION,
        build.as_secs_f64(),
        indexed as f64 / build.as_secs_f64(),
        WriterBudget::BULK.threads,
        WriterBudget::BULK.memory_bytes / 1_000_000
    );
    println!("Index size on disk: {:.1} MB.", size as f64 / 1e6);
    println!();
    println!("| query kind | queries | mean matches (counted to 1,000) | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|");
    let mut all = Vec::new();
    for (kind, name) in KINDS.iter().enumerate() {
        let mut times = latencies[kind].clone();
        times.sort_unstable();
        let mean_total = totals[kind] / times.len().max(1);
        println!(
            "| {name} | {} | {mean_total} | {} | {} |",
            times.len(),
            millis(percentile(&times, 0.5)),
            millis(percentile(&times, 0.99))
        );
        all.extend(times);
    }
    all.sort_unstable();
    println!(
        "| **all** | {} | | **{}** | **{}** |",
        all.len(),
        millis(percentile(&all, 0.5)),
        millis(percentile(&all, 0.99))
    );
    println!();
    println!(
        "{} queries in {:.2} s on one thread: **{:.0} queries/s** (10 hits each, with highlighting). Memory after the queries: {} MB anonymous (heap) plus {} MB of the memory-mapped index in the page cache (shared, reclaimable); peak resident {} MB, while indexing with the bulk writer.",
        all.len(),
        elapsed.as_secs_f64(),
        all.len() as f64 / elapsed.as_secs_f64(),
        memory_mb("RssAnon:").map_or("n/a".to_owned(), |mb| mb.to_string()),
        memory_mb("RssFile:").map_or("n/a".to_owned(), |mb| mb.to_string()),
        memory_mb("VmHWM:").map_or("n/a".to_owned(), |mb| mb.to_string())
    );
    Ok(())
}
