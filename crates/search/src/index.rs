//! The index itself: where it lives, how it is opened (and rebuilt when unreadable), and the
//! single writer that every change goes through.

use std::fs;
use std::panic::catch_unwind;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::directory::{Directory, MmapDirectory};
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::folder;
use crate::schema::{self, Fields, PUBLISHED_AT};
use crate::snippet::Highlighter;
use crate::{
    Hit, MAX_COUNTED, MAX_LIMIT, MAX_OFFSET, SearchDoc, SearchError, SearchQuery, SearchResults, Sort, Total,
    analyzer, ranking,
};

/// tantivy refuses a writer with less memory than this per thread.
const MIN_BYTES_PER_THREAD: usize = 15_000_000;

/// How an index came out of [`SearchIndex::open`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The stories indexed before are there.
    Existing,
    /// The index is new and empty (there was none, or it was unreadable or from an older
    /// version): the caller must refill it with [`SearchIndex::rebuild`].
    Fresh,
}

/// Threads and memory for the index writer. Memory is split between the threads, and each
/// needs at least 15 MB (tantivy's floor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterBudget {
    pub threads: usize,
    pub memory_bytes: usize,
}

impl WriterBudget {
    /// For the web server: one thread and tantivy's smallest arena, since the whole server
    /// aims at 64 MB and newsroom writes are a handful of stories at a time.
    pub const SERVER: WriterBudget = WriterBudget {
        threads: 1,
        memory_bytes: 16_000_000,
    };
    /// For building a large index in one go (benchmarks, imports).
    pub const BULK: WriterBudget = WriterBudget {
        threads: 2,
        memory_bytes: 256_000_000,
    };
}

/// The search index: one per site, shared between requests through an `Arc`.
///
/// Changes are serialised through one writer; each is committed and made visible before the
/// call returns. Searches run concurrently and never wait for the writer.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    /// The last event of the store taken in, committed with every change; `None` until the
    /// index has been filled from the whole store.
    applied_events: Mutex<Option<i64>>,
    /// The folder the index is in (none in memory). tantivy's directory remembers every file it
    /// ever mapped, by path, until asked for its cache's figures: under a newsroom saving all
    /// day (each save a segment, merged away later) that list grew without end (41 MiB after an
    /// hour's soak). It is asked after every commit, which forgets the files no longer open.
    files: Option<MmapDirectory>,
}

/// Why [`SearchIndex::rebuild`] did not replace the index.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError<E> {
    /// The stories could not all be read; the index is as it was.
    #[error("reading the stories to index: {0}")]
    Source(E),
    #[error(transparent)]
    Index(#[from] SearchError),
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if missing. A missing, corrupt or older-version
    /// index is wiped and recreated empty, and [`Opened::Fresh`] says it must be refilled; a
    /// file where the folder should be is moved aside (kept, renamed) for the folder.
    /// Fails only on I/O errors (the folder cannot be created or cleared), or when another
    /// process holds the index's writer lock.
    ///
    /// `dir` should be a folder of its own. Wiping removes only the files the index owns
    /// (`meta.json`, `.managed.json`, lock files and segment files) and leaves others alone.
    pub fn open(dir: &Path) -> Result<(SearchIndex, Opened), SearchError> {
        Self::open_with(dir, WriterBudget::SERVER)
    }

    /// [`SearchIndex::open`] with a chosen writer budget.
    pub fn open_with(dir: &Path, budget: WriterBudget) -> Result<(SearchIndex, Opened), SearchError> {
        let folder_error = |source| SearchError::Folder {
            path: dir.to_path_buf(),
            source,
        };
        folder::move_aside_if_not_a_folder(dir).map_err(folder_error)?;
        fs::create_dir_all(dir).map_err(folder_error)?;
        // An index another process (a running server) writes to is never opened, checked or
        // wiped here.
        let writer_lock = MmapDirectory::open(dir)?
            .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
            .map_err(|error| tantivy::TantivyError::LockFailure(error, None))?;
        drop(writer_lock);
        // tantivy reports most damage as errors, but a few of its decoders panic on corrupt
        // bytes; either way the index is unusable and is rebuilt.
        let existing = catch_unwind(|| folder::open_existing(dir)).ok().flatten();
        if let Some((index, files, applied_events)) = existing {
            let opened = Self::with_writer(index, budget, Some(files))?;
            *opened
                .applied_events
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = applied_events;
            return Ok((opened, Opened::Existing));
        }
        folder::wipe(dir).map_err(folder_error)?;
        let (schema, _) = schema::build();
        let files = MmapDirectory::open(dir)?;
        let index = Index::create(files.clone(), schema, Default::default())?;
        let fresh = Self::with_writer(index, budget, Some(files))?;
        // An empty first commit stamps the folder with this version, so reopening it before
        // anything is indexed finds it `Existing`.
        fresh.write(|_, _| Ok(()))?;
        Ok((fresh, Opened::Fresh))
    }

    /// An empty index in memory, for tests.
    pub fn in_memory() -> SearchIndex {
        let (schema, _) = schema::build();
        let index = Index::create_in_ram(schema);
        // Creating a writer in memory can only fail on a budget below tantivy's floor, which
        // `WriterBudget::SERVER` is not.
        Self::with_writer(index, WriterBudget::SERVER, None).expect("an in-memory index always opens")
    }

    /// Takes in what the store's events up to `applied_events` changed: `put` stories
    /// replace any indexed under the same id, `remove` ids go; one commit, visible when this
    /// returns, recording `applied_events` with the index.
    pub fn apply(&self, put: &[SearchDoc], remove: &[i64], applied_events: i64) -> Result<(), SearchError> {
        self.write_applying(Some(applied_events), |writer, fields| {
            for &id in remove {
                writer.delete_term(Term::from_field_i64(fields.id, id));
            }
            for doc in put {
                writer.delete_term(Term::from_field_i64(fields.id, doc.id));
                writer.add_document(document(doc, fields))?;
            }
            Ok(())
        })
    }

    /// The last event of the store the index has taken in; `None` when it was never filled
    /// from the whole store (a new index, or one written without events).
    pub fn applied_events(&self) -> Option<i64> {
        *self.applied_events.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the whole index with `docs` in one commit: searches see the old stories until
    /// the new ones are all in. `applied_events` is the last event of the store that `docs`
    /// reflect. The first `Err` in `docs` stops the rebuild and leaves the index as it was.
    /// Returns how many stories were indexed.
    pub fn rebuild<E>(
        &self,
        docs: impl IntoIterator<Item = Result<SearchDoc, E>>,
        applied_events: i64,
    ) -> Result<usize, RebuildError<E>> {
        let mut count = 0;
        let mut failure = None;
        let written = self.write_applying(Some(applied_events), |writer, fields| {
            writer.delete_all_documents()?;
            for doc in docs {
                match doc {
                    Ok(doc) => {
                        writer.add_document(document(&doc, fields))?;
                        count += 1;
                    }
                    Err(error) => {
                        failure = Some(error);
                        return Err(tantivy::TantivyError::InternalError(
                            "the rebuild was stopped".into(),
                        ));
                    }
                }
            }
            Ok(())
        });
        match (failure, written) {
            (Some(error), _) => Err(RebuildError::Source(error)),
            (None, Err(error)) => Err(error.into()),
            (None, Ok(())) => Ok(count),
        }
    }

    /// One page of the stories of `query.lang` matching `query`. An empty query (or one with
    /// no word in it) matches nothing.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        // A few of tantivy's decoders panic on bytes damaged after the index was opened; the
        // caller is told the index is damaged instead.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.search_unguarded(query)))
            .unwrap_or(Err(SearchError::Damaged))
    }

    fn search_unguarded(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let Some(tantivy_query) = crate::query::build(query, &self.fields) else {
            return Ok(SearchResults::default());
        };
        let searcher = self.reader.searcher();
        let total = Total::counted(ranking::count_up_to(
            &searcher,
            tantivy_query.as_ref(),
            MAX_COUNTED + 1,
        )?);
        let limit = query.limit.min(MAX_LIMIT);
        let offset = query.offset.min(MAX_OFFSET);
        let past_the_end = matches!(total, Total::Exactly(count) if offset >= count);
        if limit == 0 || past_the_end {
            return Ok(SearchResults {
                total,
                hits: Vec::new(),
            });
        }
        let addresses: Vec<DocAddress> = match query.sort {
            Sort::Relevance => {
                // Words are ranked in a shape tantivy can prune (see `query::ranking`), among
                // the stories the query matches; a phrase by the query itself.
                let best = match crate::query::ranking(query, &self.fields) {
                    Some(ranked) => {
                        let within = (!ranked.matches_the_same).then_some(tantivy_query.as_ref());
                        ranking::best(&searcher, ranked.query.as_ref(), within, offset + limit)?
                    }
                    None => ranking::best(&searcher, tantivy_query.as_ref(), None, offset + limit)?,
                };
                best.into_iter().skip(offset).collect()
            }
            Sort::Newest => {
                let published = SortByStaticFastValue::<i64>::for_field(PUBLISHED_AT);
                let page = TopDocs::with_limit(limit).and_offset(offset);
                searcher
                    .search(&tantivy_query, &page.order_by((published, Order::Desc)))?
                    .into_iter()
                    .map(|(_, address)| address)
                    .collect()
            }
        };
        let edition = self.fields.text(query.lang);
        let highlighter = Highlighter::new(&searcher, tantivy_query.as_ref(), &self.fields, query.lang)?;
        let hits = addresses
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let text = |field| {
                    doc.get_first(field)
                        .and_then(|value| value.as_str())
                        .unwrap_or_default()
                };
                Ok(Hit {
                    id: doc
                        .get_first(self.fields.id)
                        .and_then(|value| value.as_i64())
                        .unwrap_or_default(),
                    headline_html: highlighter.headline_html(text(edition.headline)),
                    snippet_html: highlighter.snippet_html(text(edition.body), text(edition.dek)),
                })
            })
            .collect::<Result<_, SearchError>>()?;
        Ok(SearchResults { total, hits })
    }

    /// How many stories are indexed, both editions together.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn with_writer(
        index: Index,
        budget: WriterBudget,
        files: Option<MmapDirectory>,
    ) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(analyzer::NAME, analyzer::build());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let threads = budget.threads.max(1);
        let memory = budget.memory_bytes.max(threads * MIN_BYTES_PER_THREAD);
        let writer = index.writer_with_num_threads(threads, memory)?;
        let (_, fields) = schema::build();
        Ok(SearchIndex {
            index,
            fields,
            reader,
            writer: Mutex::new(writer),
            applied_events: Mutex::new(None),
            files,
        })
    }

    /// Applies `changes` and commits them stamped with the version, then reloads the reader;
    /// on any failure the changes are rolled back, so a half-applied batch is never visible.
    fn write(
        &self,
        changes: impl FnOnce(&mut IndexWriter, &Fields) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        self.write_applying(None, changes)
    }

    /// [`Self::write`], recording `applied_events` (when given) as the last event taken in.
    fn write_applying(
        &self,
        applied_events: Option<i64>,
        changes: impl FnOnce(&mut IndexWriter, &Fields) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut writer = self.lock_writer()?;
        let mut applied = self.applied_events.lock().unwrap_or_else(PoisonError::into_inner);
        let stamp = applied_events.or(*applied);
        let result = changes(&mut writer, &self.fields).and_then(|()| {
            let mut commit = writer.prepare_commit()?;
            commit.set_payload(&schema::payload(stamp));
            commit.commit()
        });
        if let Err(error) = result {
            // The original error is the one worth reporting; a failed rollback adds nothing.
            let _ = writer.rollback();
            return Err(error.into());
        }
        *applied = stamp;
        drop(applied);
        drop(writer);
        self.reader.reload()?;
        if let Some(files) = &self.files {
            files.get_cache_info();
        }
        Ok(())
    }

    /// The writer; if a panic interrupted a previous change, its leftovers are rolled back.
    fn lock_writer(&self) -> Result<MutexGuard<'_, IndexWriter>, SearchError> {
        match self.writer.lock() {
            Ok(writer) => Ok(writer),
            Err(poisoned) => {
                let mut writer = poisoned.into_inner();
                writer.rollback()?;
                self.writer.clear_poison();
                Ok(writer)
            }
        }
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("index", &self.index)
            .field("docs", &self.doc_count())
            .finish()
    }
}

/// The tantivy document for a story.
fn document(doc: &SearchDoc, fields: &Fields) -> TantivyDocument {
    let mut document = TantivyDocument::new();
    document.add_i64(fields.id, doc.id);
    document.add_text(fields.section, &doc.section_slug);
    document.add_i64(fields.published_at, doc.published_at.timestamp());
    let text = fields.text(doc.lang);
    let values: [(Field, &[String]); 5] = [
        (text.headline, std::slice::from_ref(&doc.headline)),
        (text.dek, std::slice::from_ref(&doc.dek)),
        (text.body, std::slice::from_ref(&doc.body)),
        (text.authors, &doc.authors),
        (text.tags, &doc.tags),
    ];
    for (field, values) in values {
        for value in values {
            document.add_text(field, value);
        }
    }
    for (field, weight) in text.searched() {
        let field_values = values.iter().filter(|(of, _)| *of == field);
        for value in field_values.flat_map(|(_, values)| *values) {
            for _ in 0..weight.repeats {
                document.add_text(text.ranked, value);
            }
        }
    }
    document
}
