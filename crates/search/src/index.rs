//! The index itself: where it lives, how it is opened (and rebuilt when unreadable), and the
//! single writer that every change goes through.

use std::fs;
use std::panic::catch_unwind;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::folder;
use crate::schema::{self, Fields, PUBLISHED_AT};
use crate::snippet::Highlighter;
use crate::{Hit, MAX_LIMIT, MAX_OFFSET, SearchDoc, SearchError, SearchQuery, SearchResults, Sort, analyzer};

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
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if missing. A missing, corrupt or older-version
    /// index is wiped and recreated empty, and [`Opened::Fresh`] says it must be refilled.
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
        fs::create_dir_all(dir).map_err(folder_error)?;
        // tantivy reports most damage as errors, but a few of its decoders panic on corrupt
        // bytes; either way the index is unusable and is rebuilt.
        let existing = catch_unwind(|| folder::open_existing(dir)).ok().flatten();
        if let Some(index) = existing {
            return Ok((Self::with_writer(index, budget)?, Opened::Existing));
        }
        folder::wipe(dir).map_err(folder_error)?;
        let (schema, _) = schema::build();
        let index = Index::create(MmapDirectory::open(dir)?, schema, Default::default())?;
        let fresh = Self::with_writer(index, budget)?;
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
        Self::with_writer(index, WriterBudget::SERVER).expect("an in-memory index always opens")
    }

    /// Adds the stories, replacing any already indexed under the same id; they are
    /// searchable when this returns.
    pub fn put(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        self.write(|writer, fields| {
            for doc in docs {
                writer.delete_term(Term::from_field_i64(fields.id, doc.id));
                writer.add_document(document(doc, fields))?;
            }
            Ok(())
        })
    }

    /// Removes the stories with these ids (unknown ids are ignored); gone when this returns.
    pub fn remove(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.write(|writer, fields| {
            for &id in ids {
                writer.delete_term(Term::from_field_i64(fields.id, id));
            }
            Ok(())
        })
    }

    /// Replaces the whole index with `docs` in one commit: searches see the old stories until
    /// the new ones are all in. Returns how many were indexed.
    pub fn rebuild(&self, docs: impl IntoIterator<Item = SearchDoc>) -> Result<usize, SearchError> {
        let mut count = 0;
        self.write(|writer, fields| {
            writer.delete_all_documents()?;
            for doc in docs {
                writer.add_document(document(&doc, fields))?;
                count += 1;
            }
            Ok(())
        })?;
        Ok(count)
    }

    /// One page of the stories of `query.lang` matching `query`. An empty query (or one with
    /// no word in it) matches nothing.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let Some(tantivy_query) = crate::query::build(query, &self.fields) else {
            return Ok(SearchResults::default());
        };
        let searcher = self.reader.searcher();
        let limit = query.limit.min(MAX_LIMIT);
        if limit == 0 {
            let total = searcher.search(&tantivy_query, &Count)?;
            return Ok(SearchResults {
                total,
                hits: Vec::new(),
            });
        }
        let page = TopDocs::with_limit(limit).and_offset(query.offset.min(MAX_OFFSET));
        let published = || SortByStaticFastValue::<i64>::for_field(PUBLISHED_AT);
        let (total, addresses): (usize, Vec<DocAddress>) = match query.sort {
            Sort::Relevance => {
                let (total, top) = searcher.search(
                    &tantivy_query,
                    &(Count, page.order_by((SortBySimilarityScore, published()))),
                )?;
                (total, top.into_iter().map(|(_, address)| address).collect())
            }
            Sort::Newest => {
                let (total, top) = searcher.search(
                    &tantivy_query,
                    &(
                        Count,
                        page.order_by(((published(), Order::Desc), SortBySimilarityScore)),
                    ),
                )?;
                (total, top.into_iter().map(|(_, address)| address).collect())
            }
        };
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
                    headline_html: highlighter.headline_html(text(self.fields.headline)),
                    snippet_html: highlighter.snippet_html(text(self.fields.body), text(self.fields.dek)),
                })
            })
            .collect::<Result<_, SearchError>>()?;
        Ok(SearchResults { total, hits })
    }

    /// How many stories are indexed, both editions together.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn with_writer(index: Index, budget: WriterBudget) -> Result<SearchIndex, SearchError> {
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
        })
    }

    /// Applies `changes` and commits them stamped with the version, then reloads the reader;
    /// on any failure the changes are rolled back, so a half-applied batch is never visible.
    fn write(
        &self,
        changes: impl FnOnce(&mut IndexWriter, &Fields) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut writer = self.lock_writer()?;
        let result = changes(&mut writer, &self.fields).and_then(|()| {
            let mut commit = writer.prepare_commit()?;
            commit.set_payload(schema::VERSION);
            commit.commit()
        });
        if let Err(error) = result {
            // The original error is the one worth reporting; a failed rollback adds nothing.
            let _ = writer.rollback();
            return Err(error.into());
        }
        drop(writer);
        self.reader.reload()?;
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
    document.add_text(fields.lang, doc.lang.code());
    document.add_text(fields.section, &doc.section_slug);
    document.add_i64(fields.published_at, doc.published_at.timestamp());
    document.add_text(fields.headline, &doc.headline);
    document.add_text(fields.dek, &doc.dek);
    document.add_text(fields.body, &doc.body);
    for author in &doc.authors {
        document.add_text(fields.authors, author);
    }
    for tag in &doc.tags {
        document.add_text(fields.tags, tag);
    }
    document
}
