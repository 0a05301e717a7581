//! A WordPress archive brought into Dateline from its WXR export, streamed item by item:
//!
//! - posts become stories (publish → published, future → scheduled, pending → in review,
//!   draft and private → draft; a post behind a password waits as a draft), pages become
//!   static pages; attachments, menus, revisions and other types are counted and passed over;
//! - a post's first category is its section (made when first used; nested categories are
//!   flattened, each its own section); its other categories and its tags are its tags;
//! - the people in `dc:creator` become bylines (made when first used, named as on the old site);
//! - comments keep their state (approved → published, held → pending, spam and trash →
//!   rejected with that reason), names, private emails and dates; replies deeper than one
//!   level join the thread they are in; pingbacks and trackbacks are passed over;
//! - every story, page, section, tag and byline answers its old addresses with a 301.
//!
//! Each thing is written with the record of where it came from, so a second run changes
//! nothing, a run after an edit on the old site updates what changed, and a run cut short
//! goes on where it stopped.

mod body;
mod comments;
mod item;
mod pictures;
mod sections_bylines;

pub use body::{Converted, body_to_markdown};

use crate::desk::Desk;
use crate::report::{Outcome, Report};
use crate::shared::{outcome, picture_file, plain};
use crate::wxr::{WpAuthor, WpItem, WpTerm, WxrEntry, WxrError, WxrReader};
use comments::{PreparedComment, comment_imports};
use dateline_domain::{ArticleStatus, CommentsMode, Lang, NewAddress, OldAddress, Slug};
use dateline_render::{PathKind, path_for};
use dateline_service::Service;
use dateline_store::StoreError;
use dateline_store::imports::{CommentImport, ImportKey, PageImport};
use dateline_store::redirects::RedirectOrigin;
use dateline_store::stories::{StoryContent, StoryError, StoryImport, StoryImportDates};
use pictures::{Picture, Pictures};
use std::collections::HashMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// How an import runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The edition the archive goes into.
    pub edition: Lang,
    /// Read and convert everything, write nothing.
    pub dry_run: bool,
    /// The old site's uploads folder (`wp-content/uploads`), for its pictures.
    pub uploads: Option<PathBuf>,
    /// Make a newsroom account (an author, without a password) for each author of the old
    /// site, under their byline.
    pub accounts: bool,
}

/// Why an import stopped before the end of the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the export could not be read on: {0}")]
    File(#[from] WxrError),
    #[error("opening the export: {0}")]
    Open(#[from] std::io::Error),
    #[error("making a newsroom account: {0}")]
    Account(dateline_service::MemberError),
    /// A Ghost export that is not JSON of Ghost's shape: where it went wrong.
    #[error("not a Ghost export: {0}")]
    NotGhost(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import tells as it goes: where it is (bytes read, records done), for a progress
/// bar, and each line of its report as it is written, so that none is held until the end.
#[derive(Debug, Clone)]
pub enum Progress {
    At { bytes: u64, items: u64 },
    Line(String),
}

/// What the import has learned of the archive so far, and made here.
struct Importer<'a> {
    service: &'a Service,
    options: Options,
    source: String,
    authors: HashMap<String, WpAuthor>,
    categories: HashMap<String, WpTerm>,
    desk: Desk,
    pictures: Pictures,
    /// Stories read and not yet written.
    pending: Vec<PendingStory>,
    report: Report,
}

/// Imports the WordPress export at `file`; `progress` hears of each record. With an uploads
/// folder, the file is read twice: its pictures first, so that every story finds its own
/// whatever the order of the file.
pub async fn import_wordpress(
    service: &Service,
    file: &Path,
    options: Options,
    mut progress: impl FnMut(Progress),
) -> Result<Report, ImportError> {
    let open = || -> Result<WxrReader<BufReader<std::fs::File>>, ImportError> {
        Ok(WxrReader::new(BufReader::with_capacity(
            256 * 1024,
            std::fs::File::open(file)?,
        )))
    };
    let uploads = options.uploads.clone();
    let desk = Desk::new(options.edition, RedirectOrigin::WordPress);
    let mut importer = Importer {
        service,
        options,
        source: String::new(),
        authors: HashMap::new(),
        categories: HashMap::new(),
        desk,
        pictures: Pictures::default(),
        pending: Vec::new(),
        report: Report::default(),
    };
    let mut records = 0;
    if let Some(uploads) = &uploads {
        let mut reader = open()?;
        while let Some(entry) = reader.next_entry()? {
            match entry {
                WxrEntry::Site(site) => importer.site(&site).await?,
                WxrEntry::Item(item) if item.post_type == "attachment" => {
                    importer.picture(&item, uploads).await?
                }
                _ => {}
            }
            records += 1;
            importer.tell(&mut progress, WxrReader::position(&reader), records);
        }
    }
    let mut entries = read_ahead(open()?);
    let mut at = 0;
    while let Some(next) = entries.recv().await {
        let entry = match next {
            Ok((entry, position)) => {
                at = position;
                entry
            }
            Err(error) => {
                // What was read before the file broke off is kept: a run on the whole file
                // later goes on from there.
                importer.flush().await?;
                importer.tell(&mut progress, at, records);
                return Err(error.into());
            }
        };
        importer.take(entry).await?;
        records += 1;
        importer.tell(&mut progress, at, records);
    }
    importer.flush().await?;
    let attachments = importer.report.tally("attachment").skipped;
    if uploads.is_none() && attachments > 0 {
        importer.report.note(format!(
            "{attachments} attachments (pictures) were not brought in: give --uploads DIR, the old site's wp-content/uploads folder"
        ));
    }
    importer.tell(&mut progress, 0, records);
    Ok(importer.report)
}

/// An entry of the export and the byte the reader had reached after it.
type ReadEntry = Result<(WxrEntry, u64), WxrError>;

/// Reads the export on a thread of its own, some entries ahead of the writes, so that parsing
/// the XML overlaps with the store's work; ends after the last entry or the first error.
fn read_ahead(mut reader: WxrReader<BufReader<std::fs::File>>) -> mpsc::Receiver<ReadEntry> {
    let (sender, receiver) = mpsc::channel(64);
    tokio::task::spawn_blocking(move || {
        loop {
            let next = match reader.next_entry() {
                Ok(Some(entry)) => Ok((entry, WxrReader::position(&reader))),
                Ok(None) => break,
                Err(error) => Err(error),
            };
            let failed = next.is_err();
            if sender.blocking_send(next).is_err() || failed {
                break;
            }
        }
    });
    receiver
}

impl Importer<'_> {
    /// Passes on the report's new lines, and where the import is.
    fn tell(&mut self, progress: &mut impl FnMut(Progress), bytes: u64, items: u64) {
        for line in self.report.lines.drain(..) {
            progress(Progress::Line(line));
        }
        if bytes > 0 {
            progress(Progress::At { bytes, items });
        }
    }

    async fn take(&mut self, entry: WxrEntry) -> Result<(), ImportError> {
        match entry {
            WxrEntry::Site(site) => self.site(&site).await?,
            WxrEntry::Author(author) => {
                self.authors.insert(author.login.clone(), author);
            }
            WxrEntry::Category(category) => {
                self.categories.insert(category.slug.clone(), category);
            }
            WxrEntry::Tag(_) | WxrEntry::Term(..) => {}
            WxrEntry::Item(item) => self.item(item).await?,
            WxrEntry::Skipped {
                position,
                what,
                reason,
            } => {
                self.report
                    .skip("item", format!("{what} at byte {position}: {reason}"));
            }
        }
        Ok(())
    }

    async fn item(&mut self, item: WpItem) -> Result<(), ImportError> {
        match item.post_type.as_str() {
            "post" => self.story(item).await,
            "page" => self.page(item).await,
            "attachment" => {
                // Pictures came in first, from the uploads folder, if one was given.
                if self.options.uploads.is_none() {
                    self.report.count("attachment", Outcome::Skipped);
                }
                Ok(())
            }
            _ => {
                self.report.count("other", Outcome::Skipped);
                Ok(())
            }
        }
    }

    /// The site the archive is of: it names the source of every record, and an empty store
    /// gets a newsroom of that name. Done once, however many passes read the header.
    async fn site(&mut self, site: &crate::wxr::WpSite) -> Result<(), ImportError> {
        if !self.source.is_empty() {
            return Ok(());
        }
        let base = [&site.base_blog_url, &site.base_site_url, &site.link]
            .into_iter()
            .find(|url| !url.is_empty())
            .map_or("", |url| url.trim_end_matches('/'));
        self.source = format!("wordpress {base}");
        if !self.options.dry_run
            && self
                .service
                .start_newsroom_if_empty(&site.title, &site.description)
                .await?
        {
            self.report.note(format!(
                "started a newsroom named {:?} for the archive (add an admin with `dateline user add NAME --role admin`)",
                site.title
            ));
        }
        Ok(())
    }

    /// An attachment's file from the uploads folder, into the media library.
    async fn picture(&mut self, item: &WpItem, uploads: &Path) -> Result<(), ImportError> {
        let described = Self::described(item);
        let Some(file) = pictures::relative_file(item) else {
            self.report.skip(
                "picture",
                format!("{described}: no file named in the uploads folder"),
            );
            return Ok(());
        };
        let bytes = match picture_file(&uploads.join(&file), &file.display().to_string()) {
            Ok(bytes) => bytes,
            Err(why) => {
                self.report.skip("picture", format!("{described}: {why}"));
                return Ok(());
            }
        };
        if self.options.dry_run {
            self.report.count("picture", Outcome::Added);
            return Ok(());
        }
        let caption = plain(&item.excerpt);
        let alt = [
            pictures::meta(item, "_wp_attachment_image_alt").unwrap_or_default(),
            &caption,
            &item.title,
        ]
        .into_iter()
        .map(str::trim)
        .find(|words| !words.is_empty())
        .map(str::to_owned);
        let alt = match alt {
            Some(alt) => alt,
            None => {
                self.report.note(format!(
                    "{described}: no words for readers who cannot see it; named after its file"
                ));
                format!("Picture {}", file.display())
            }
        };
        let words = dateline_service::ImageWords {
            alt: alt.clone(),
            caption: caption.clone(),
            credit: String::new(),
        };
        let external_id = item.post_id.to_string();
        match self
            .service
            .import_image(self.key("picture", &external_id), bytes, &words)
            .await
        {
            Ok(imported) => {
                self.report.count("picture", outcome(imported));
                if let Some(kept) = self.service.store().library_image(imported.id()).await? {
                    let picture = Picture {
                        id: imported.id(),
                        url: dateline_store::media_url(&kept.path),
                        alt,
                        caption,
                    };
                    self.pictures.add(item, picture, &file);
                }
            }
            Err(dateline_service::UploadError::Store(error)) => return Err(error.into()),
            Err(error) => self.report.skip("picture", format!("{described}: {error}")),
        }
        Ok(())
    }

    fn key<'k>(&'k self, kind: &'k str, external_id: &'k str) -> ImportKey<'k> {
        ImportKey {
            source: &self.source,
            kind,
            external_id,
        }
    }

    fn described(item: &WpItem) -> String {
        format!("{} {} {:?}", item.post_type, item.post_id, item.title)
    }

    async fn story(&mut self, item: WpItem) -> Result<(), ImportError> {
        let status = match item::status(&item) {
            Ok(status) => status,
            Err(why) => {
                self.report
                    .skip("story", format!("{}: {why}", Self::described(&item)));
                return Ok(());
            }
        };
        let Some(slug) = item::slug(&item) else {
            self.report.skip(
                "story",
                format!("{}: no slug can be made", Self::described(&item)),
            );
            return Ok(());
        };
        let external_id = item.post_id.to_string();
        // A run with the pictures makes other stories than one without.
        let pictured = if self.pictures.is_empty() { "" } else { "+pictures" };
        let digest = format!("{}{pictured}", item::digest(&item));
        let lang = self.options.edition;
        let address = path_for(lang, PathKind::Article, slug.as_str());
        let recorded = self
            .service
            .store()
            .imported(self.key("post", &external_id))
            .await?;
        if recorded.as_ref().is_some_and(|(_, kept)| *kept == digest) {
            self.report.count("story", Outcome::Unchanged);
            if self.options.accounts {
                // A run asking for accounts after one that did not still makes them.
                self.byline(&item.creator).await?;
            }
            let id = recorded.map(|(id, _)| id).unwrap_or_default();
            let comments = self.prepare_comments(&item);
            if !comments.is_empty() {
                let imports = comment_imports(&self.source, &comments);
                let outcomes = self.service.import_comments(id, &imports).await?;
                for imported in outcomes {
                    self.report.count("comment", outcome(imported));
                }
            }
            return Ok(());
        }
        let (content_html, missing) = self.pictures.rewrite(&item.content);
        let (body, dek) = item::words(&WpItem {
            content: content_html,
            ..item.clone()
        });
        self.report
            .unconverted(&Self::described(&item), &body.unconverted);
        if missing > 0 && !self.pictures.is_empty() {
            self.report.note(format!(
                "{}: {missing} picture(s) of the old site not in the uploads folder, not shown",
                Self::described(&item)
            ));
        }
        if !item.post_password.is_empty() {
            self.report.note(format!(
                "{}: behind a password on the old site, imported as a draft",
                Self::described(&item)
            ));
        }
        if self.options.dry_run {
            self.report.count("story", Outcome::Added);
            for _ in self.prepare_comments(&item) {
                self.report.count("comment", Outcome::Added);
            }
            return Ok(());
        }
        let categories: Vec<&crate::wxr::ItemTerm> =
            item.terms.iter().filter(|t| t.domain == "category").collect();
        let section_id = match categories.first() {
            Some(first) => self.section(&first.slug, &first.name).await?,
            None => self.section("uncategorized", "Uncategorized").await?,
        };
        let mut tag_names = Vec::new();
        for term in item
            .terms
            .iter()
            .filter(|t| t.domain == "post_tag")
            .chain(categories.into_iter().skip(1))
        {
            let slug = Slug::parse(&item::decoded(&term.slug)).or_else(|_| Slug::from_title(&term.name));
            if let Ok(slug) = slug
                && !tag_names.iter().any(|(kept, _): &(Slug, String)| *kept == slug)
            {
                tag_names.push((slug, term.name.trim().to_owned()));
            }
        }
        let byline = self.byline(&item.creator).await?;
        let headline: String = item::title(&item)
            .chars()
            .take(dateline_service::MAX_HEADLINE_CHARS)
            .collect();
        let content = StoryContent {
            headline,
            dek,
            slug: slug.clone(),
            body_markdown: body.markdown,
            dateline_place: String::new(),
            section_id,
            tag_names,
            author_ids: byline.into_iter().collect(),
            lead: self.pictures.lead(&item),
            comments: if item.comment_status == "open" {
                CommentsMode::Open
            } else {
                CommentsMode::Closed
            },
            seo_title: String::new(),
            seo_description: String::new(),
            translation_id: None,
        };
        let written = item::written_at(&item).unwrap_or_else(chrono::Utc::now);
        let dates = StoryImportDates {
            created_at: written,
            published_at: (status == ArticleStatus::Published).then_some(written),
            updated_at: item::changed_at(&item).filter(|_| status == ArticleStatus::Published),
            scheduled_at: (status == ArticleStatus::Scheduled).then_some(written),
        };
        let Ok(new_address) = NewAddress::parse(&address) else {
            self.report.skip(
                "story",
                format!("{}: its address here cannot be made", Self::described(&item)),
            );
            return Ok(());
        };
        let comments = self.prepare_comments(&item);
        self.pending.push(PendingStory {
            described: Self::described(&item),
            slug,
            external_id,
            digest,
            content,
            status,
            dates,
            address: new_address,
            old_addresses: item::old_addresses(&item),
            comments,
        });
        if self.pending.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes the stories read since the last write, with their comments, in one transaction.
    async fn flush(&mut self) -> Result<(), ImportError> {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            return Ok(());
        }
        let comments: Vec<Vec<CommentImport<'_>>> = pending
            .iter()
            .map(|story| comment_imports(&self.source, &story.comments))
            .collect();
        let batch: Vec<StoryImport<'_>> = pending
            .iter()
            .zip(&comments)
            .map(|(story, comments)| StoryImport {
                key: Some(ImportKey {
                    source: &self.source,
                    kind: "post",
                    external_id: &story.external_id,
                }),
                digest: &story.digest,
                lang: self.options.edition,
                content: &story.content,
                status: story.status,
                dates: story.dates,
                address: &story.address,
                old_addresses: &story.old_addresses,
                origin: RedirectOrigin::WordPress,
                comments,
                translation: None,
            })
            .collect();
        let results = self.service.import_stories(&batch).await?;
        drop(batch);
        drop(comments);
        for (story, result) in pending.iter().zip(results) {
            match result {
                Ok(done) => {
                    self.report.count("story", outcome(done.story));
                    for comment in done.comments {
                        self.report.count("comment", outcome(comment));
                    }
                }
                Err(StoryError::Store(error)) => return Err(error.into()),
                Err(error) => {
                    let why = match error {
                        StoryError::SlugTaken => {
                            format!("another story of the edition has the slug {}", story.slug)
                        }
                        other => other.to_string(),
                    };
                    self.report.skip("story", format!("{}: {why}", story.described));
                    if !story.comments.is_empty() {
                        let count = story.comments.len() as u64;
                        self.report.skip_many(
                            "comment",
                            count,
                            format!("{count} comment(s) of {}", story.described),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    async fn page(&mut self, item: WpItem) -> Result<(), ImportError> {
        let described = Self::described(&item);
        let comments = item
            .comments
            .iter()
            .filter(|c| !matches!(c.comment_type.as_str(), "pingback" | "trackback"));
        let (on_page, pings) = (comments.count(), item.comments.len());
        for _ in on_page..pings {
            self.report.count("comment", Outcome::Skipped);
        }
        if on_page > 0 {
            self.report.skip_many(
                "comment",
                on_page as u64,
                format!("{on_page} comment(s) on {described}: Dateline's pages take no comments"),
            );
        }
        if item.status != "publish" || !item.post_password.is_empty() {
            let why = if item.post_password.is_empty() {
                format!("its status is {:?}; Dateline's pages are published", item.status)
            } else {
                "it is behind a password; Dateline's pages are for every reader".to_owned()
            };
            self.report.skip("page", format!("{described}: {why}"));
            return Ok(());
        }
        let Some(slug) = item::slug(&item) else {
            self.report
                .skip("page", format!("{described}: no slug can be made"));
            return Ok(());
        };
        let (body, _) = item::words(&item);
        self.report.unconverted(&described, &body.unconverted);
        if self.options.dry_run {
            self.report.count("page", Outcome::Added);
            return Ok(());
        }
        let lang = self.options.edition;
        let Ok(address) = NewAddress::parse(&path_for(lang, PathKind::Page, slug.as_str())) else {
            self.report
                .skip("page", format!("{described}: its address here cannot be made"));
            return Ok(());
        };
        let external_id = item.post_id.to_string();
        let digest = item::digest(&item);
        let old_addresses = item::old_addresses(&item);
        let title = item::title(&item);
        let page = PageImport {
            key: ImportKey {
                source: &self.source,
                kind: "page",
                external_id: &external_id,
            },
            digest: &digest,
            lang,
            slug: &slug,
            title: &title,
            body_markdown: &body.markdown,
            address: &address,
            old_addresses: &old_addresses,
            origin: RedirectOrigin::WordPress,
        };
        self.desk
            .page(self.service, &mut self.report, &described, page)
            .await?;
        Ok(())
    }
}

/// How many stories are written to a transaction.
const BATCH: usize = 200;

/// A story read and converted, waiting to be written with the others of its batch.
struct PendingStory {
    described: String,
    slug: Slug,
    external_id: String,
    digest: String,
    content: StoryContent,
    status: ArticleStatus,
    dates: StoryImportDates,
    address: NewAddress,
    old_addresses: Vec<OldAddress>,
    comments: Vec<PreparedComment>,
}
