//! A Ghost site brought into Dateline from its JSON export (Settings > Labs > Export):
//!
//! - posts become stories (published, scheduled, draft; a post sent only as a newsletter
//!   waits as a draft), pages become static pages;
//! - a post's first public tag is its section (Dateline's sections are Ghost's primary tags),
//!   its other public tags its tags; internal tags (`#…`) are left out;
//! - its authors become bylines; the feature image and pictures in the text come from the
//!   site's `content/images` folder with `--images`;
//! - `__GHOST_URL__` links become links on this site, and every story, page, section and
//!   byline answers its old Ghost address (`/slug/`, `/tag/slug/`, `/author/slug/`) with a 301.
//!
//! Like the WordPress import, it records where each thing came from, so a second run changes
//! nothing and a run after edits on the old site updates what changed. Ghost's exports hold
//! neither comments nor members' data: those stay behind.

mod export;

use crate::desk::Desk;
use crate::report::{Outcome, Report};
use crate::shared::{old_addresses, outcome, picture_file, plain};
use crate::wordpress::{ImportError, Progress, body_to_markdown};
use chrono::Utc;
use dateline_domain::{ArticleStatus, CommentsMode, Lang, NewAddress, Slug};
use dateline_render::{PathKind, path_for};
use dateline_service::{ImageWords, Service, UploadError};
use dateline_store::imports::{ImportKey, PageImport};
use dateline_store::redirects::RedirectOrigin;
use dateline_store::stories::{LeadInput, StoryContent, StoryError, StoryImport, StoryImportDates};
use export::{Data, Export, Post, PostMeta, Tag, User, time};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// How a Ghost import runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub edition: Lang,
    pub dry_run: bool,
    /// The old site's `content/images` folder, for its pictures.
    pub images: Option<PathBuf>,
}

/// The placeholder Ghost's exports put where the site's address was.
const GHOST_URL: &str = "__GHOST_URL__";
const SOURCE: &str = "ghost";

/// What the import knows of the export and has made here.
struct GhostImport<'a> {
    service: &'a Service,
    options: Options,
    desk: Desk,
    /// Pictures brought in, by their path under `content/images`: id and address here.
    pictures: HashMap<String, Option<(i64, String)>>,
    report: Report,
}

/// A Ghost export as read, before anything of it is written.
#[derive(Debug)]
pub struct GhostExport(Data);

/// Reads a Ghost export whole, every database in the file merged into one. Apart from the
/// import so that the reading can be tested (and fuzzed) without a newsroom to write into.
pub fn read_export(bytes: &[u8]) -> Result<GhostExport, ImportError> {
    let export: Export =
        serde_json::from_slice(bytes).map_err(|error| ImportError::NotGhost(error.to_string()))?;
    let mut data = Data::default();
    for database in export.db.into_iter().map(|db| db.data).chain(export.data) {
        data.posts.extend(database.posts);
        data.tags.extend(database.tags);
        data.users.extend(database.users);
        data.posts_tags.extend(database.posts_tags);
        data.posts_authors.extend(database.posts_authors);
        data.posts_meta.extend(database.posts_meta);
        data.settings.extend(database.settings);
    }
    Ok(GhostExport(data))
}

/// Imports the Ghost export at `file`; `progress` hears of each post and each report line.
pub async fn import_ghost(
    service: &Service,
    file: &Path,
    options: Options,
    mut progress: impl FnMut(Progress),
) -> Result<Report, ImportError> {
    let GhostExport(data) = read_export(&std::fs::read(file)?)?;
    let desk = Desk::new(options.edition, RedirectOrigin::Ghost);
    let mut import = GhostImport {
        service,
        options,
        desk,
        pictures: HashMap::new(),
        report: Report::default(),
    };
    let setting = |key: &str| {
        data.settings
            .iter()
            .find(|s| s.key == key)
            .and_then(|s| s.value.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    if !import.options.dry_run
        && service
            .start_newsroom_if_empty(&setting("title"), &setting("description"))
            .await?
    {
        import.report.note(format!(
            "started a newsroom named {:?} for the archive (add an admin with `dateline user add NAME --role admin`)",
            setting("title")
        ));
    }
    let tags: HashMap<&str, &Tag> = data.tags.iter().map(|t| (t.id.as_str(), t)).collect();
    let users: HashMap<&str, &User> = data.users.iter().map(|u| (u.id.as_str(), u)).collect();
    let meta: HashMap<&str, &PostMeta> = data.posts_meta.iter().map(|m| (m.post_id.as_str(), m)).collect();
    let mut post_tags: HashMap<&str, Vec<(i64, &Tag)>> = HashMap::new();
    for link in &data.posts_tags {
        if let Some(tag) = tags.get(link.tag_id.as_str()) {
            post_tags
                .entry(link.post_id.as_str())
                .or_default()
                .push((link.sort_order.unwrap_or(0), tag));
        }
    }
    let mut post_authors: HashMap<&str, Vec<(i64, &User)>> = HashMap::new();
    for link in &data.posts_authors {
        if let Some(user) = users.get(link.author_id.as_str()) {
            post_authors
                .entry(link.post_id.as_str())
                .or_default()
                .push((link.sort_order.unwrap_or(0), user));
        }
    }
    for (done, post) in data.posts.iter().enumerate() {
        let mut tags = post_tags.remove(post.id.as_str()).unwrap_or_default();
        tags.sort_by_key(|(order, _)| *order);
        let mut authors = post_authors.remove(post.id.as_str()).unwrap_or_default();
        authors.sort_by_key(|(order, _)| *order);
        if authors.is_empty()
            && let Some(user) = users.get(post.author_id.as_str())
        {
            authors.push((0, user));
        }
        let tags: Vec<&Tag> = tags
            .into_iter()
            .map(|(_, tag)| tag)
            .filter(|t| !t.name.starts_with('#'))
            .collect();
        let authors: Vec<&User> = authors.into_iter().map(|(_, user)| user).collect();
        if post.is_page() {
            import.page(post).await?;
        } else {
            import
                .story(post, &tags, &authors, meta.get(post.id.as_str()).copied())
                .await?;
        }
        for line in import.report.lines.drain(..) {
            progress(Progress::Line(line));
        }
        progress(Progress::At {
            bytes: 0,
            items: done as u64 + 1,
        });
    }
    Ok(import.report)
}

impl GhostImport<'_> {
    /// The post's HTML with `__GHOST_URL__` made local and its pictures made this site's.
    async fn html(&mut self, post: &Post) -> Result<String, ImportError> {
        let html = post.html.clone().unwrap_or_else(|| {
            // Without HTML (a Lexical-only export), the words are kept as paragraphs.
            let plaintext = post.plaintext.clone().unwrap_or_default();
            plaintext
                .split("\n\n")
                .map(|paragraph| format!("<p>{}</p>", escape(paragraph)))
                .collect()
        });
        let html = html
            .replace(&format!("{GHOST_URL}/"), "/")
            .replace(GHOST_URL, "/");
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(at) = rest.find("src=\"") {
            let start = at + "src=\"".len();
            let Some(end) = rest[start..].find('"').map(|len| start + len) else {
                break;
            };
            out.push_str(&rest[..start]);
            let address = &rest[start..end];
            let alt = rest[end..]
                .split_once("alt=\"")
                .map_or("", |(_, after)| after.split('"').next().unwrap_or_default());
            match self.picture(address, alt, "").await? {
                Some((_, url)) => out.push_str(&url),
                None => out.push_str(address),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A picture of the site's `content/images` folder, brought into the library once.
    async fn picture(
        &mut self,
        address: &str,
        alt: &str,
        caption: &str,
    ) -> Result<Option<(i64, String)>, ImportError> {
        let Some(images) = self.options.images.clone() else {
            return Ok(None);
        };
        let Some(relative) = images_path(address) else {
            return Ok(None);
        };
        if let Some(known) = self.pictures.get(&relative) {
            return Ok(known.clone());
        }
        let made = match picture_file(&images.join(&relative), &relative) {
            Err(why) => {
                self.report.skip("picture", format!("{relative}: {why}"));
                None
            }
            Ok(_) if self.options.dry_run => {
                self.report.count("picture", Outcome::Added);
                None
            }
            Ok(bytes) => {
                let alt = match alt.trim() {
                    "" => format!("Picture {relative}"),
                    alt => alt.to_owned(),
                };
                let words = ImageWords {
                    alt,
                    caption: caption.trim().to_owned(),
                    credit: String::new(),
                };
                let key = ImportKey {
                    source: SOURCE,
                    kind: "picture",
                    external_id: &relative,
                };
                match self.service.import_image(key, bytes, &words).await {
                    Ok(imported) => {
                        self.report.count("picture", outcome(imported));
                        let kept = self.service.store().library_image(imported.id()).await?;
                        kept.map(|kept| (imported.id(), dateline_store::media_url(&kept.path)))
                    }
                    Err(UploadError::Store(error)) => return Err(error.into()),
                    Err(error) => {
                        self.report.skip("picture", format!("{relative}: {error}"));
                        None
                    }
                }
            }
        };
        self.pictures.insert(relative, made.clone());
        Ok(made)
    }

    async fn story(
        &mut self,
        post: &Post,
        tags: &[&Tag],
        authors: &[&User],
        meta: Option<&PostMeta>,
    ) -> Result<(), ImportError> {
        let described = post.described();
        let status = match post.status.as_str() {
            "published" => ArticleStatus::Published,
            "scheduled" => ArticleStatus::Scheduled,
            "draft" => ArticleStatus::Draft,
            "sent" => {
                self.report.note(format!(
                    "{described}: sent only as a newsletter, imported as a draft"
                ));
                ArticleStatus::Draft
            }
            other => {
                self.report
                    .skip("story", format!("{described}: its status is {other:?}"));
                return Ok(());
            }
        };
        let Ok(slug) = Slug::parse(&post.slug).or_else(|_| Slug::from_title(&post.title)) else {
            self.report
                .skip("story", format!("{described}: no slug can be made"));
            return Ok(());
        };
        let html = self.html(post).await?;
        let body = body_to_markdown(&html);
        self.report.unconverted(&described, &body.unconverted);
        if self.options.dry_run {
            self.report.count("story", Outcome::Added);
            return Ok(());
        }
        let lang = self.options.edition;
        let section_id = match tags.first() {
            Some(tag) => self.section(&tag.slug, &tag.name).await?,
            None => self.section("uncategorized", "Uncategorized").await?,
        };
        let tag_names = tags
            .iter()
            .skip(1)
            .filter_map(|tag| {
                let slug = Slug::parse(&tag.slug)
                    .or_else(|_| Slug::from_title(&tag.name))
                    .ok()?;
                Some((slug, tag.name.trim().to_owned()))
            })
            .collect();
        let mut author_ids = Vec::new();
        for user in authors {
            if let Some(id) = self.byline(user).await?
                && !author_ids.contains(&id)
            {
                author_ids.push(id);
            }
        }
        let lead = match &post.feature_image {
            Some(image) => {
                let alt = meta.and_then(|m| m.feature_image_alt.clone()).unwrap_or_default();
                let caption = meta
                    .and_then(|m| m.feature_image_caption.clone())
                    .unwrap_or_default();
                let caption = plain(&caption);
                let alt = if alt.trim().is_empty() {
                    caption.clone()
                } else {
                    alt
                };
                self.picture(image, &alt, &caption)
                    .await?
                    .map(|(image_id, _)| LeadInput {
                        image_id,
                        alt: if alt.trim().is_empty() {
                            post.title.clone()
                        } else {
                            alt
                        },
                        caption,
                        credit: String::new(),
                    })
            }
            None => None,
        };
        let content = StoryContent {
            headline: post
                .title
                .chars()
                .take(dateline_service::MAX_HEADLINE_CHARS)
                .collect(),
            dek: post.custom_excerpt.clone().unwrap_or_default().trim().to_owned(),
            slug: slug.clone(),
            body_markdown: body.markdown,
            dateline_place: String::new(),
            section_id,
            tag_names,
            author_ids,
            lead,
            comments: CommentsMode::Open,
            seo_title: post.meta_title.clone().unwrap_or_default(),
            seo_description: post.meta_description.clone().unwrap_or_default(),
            translation_id: None,
        };
        let written = time(post.published_at.as_deref())
            .or_else(|| time(post.created_at.as_deref()))
            .unwrap_or_else(Utc::now);
        let changed = time(post.updated_at.as_deref()).filter(|at| *at > written);
        let dates = StoryImportDates {
            created_at: time(post.created_at.as_deref()).unwrap_or(written),
            published_at: (status == ArticleStatus::Published).then_some(written),
            updated_at: changed.filter(|_| status == ArticleStatus::Published),
            scheduled_at: (status == ArticleStatus::Scheduled).then_some(written),
        };
        let Ok(address) = NewAddress::parse(&path_for(lang, PathKind::Article, slug.as_str())) else {
            self.report
                .skip("story", format!("{described}: its address here cannot be made"));
            return Ok(());
        };
        let old_addresses = old_addresses(&[format!("/{}/", post.slug), format!("/p/{}/", post.uuid)]);
        let digest = dateline_domain::digest::keyed_digest(
            "ghost-post",
            &format!(
                "{post:?}{tags:?}{authors:?}{meta:?}{}",
                self.options.images.is_some()
            ),
        );
        let story = StoryImport {
            key: Some(ImportKey {
                source: SOURCE,
                kind: "post",
                external_id: &post.id,
            }),
            digest: &digest,
            lang,
            content: &content,
            status,
            dates,
            address: &address,
            old_addresses: &old_addresses,
            origin: RedirectOrigin::Ghost,
            comments: &[],
            translation: None,
        };
        let results = self.service.import_stories(&[story]).await?;
        match results.into_iter().next() {
            Some(Ok(done)) => self.report.count("story", outcome(done.story)),
            Some(Err(StoryError::SlugTaken)) => self.report.skip(
                "story",
                format!("{described}: another story of the edition has the slug {slug}"),
            ),
            Some(Err(StoryError::Store(error))) => return Err(error.into()),
            Some(Err(other)) => self.report.skip("story", format!("{described}: {other}")),
            None => {}
        }
        Ok(())
    }

    async fn page(&mut self, post: &Post) -> Result<(), ImportError> {
        let described = post.described();
        if post.status != "published" {
            self.report.skip(
                "page",
                format!(
                    "{described}: its status is {:?}; Dateline's pages are published",
                    post.status
                ),
            );
            return Ok(());
        }
        let Ok(slug) = Slug::parse(&post.slug).or_else(|_| Slug::from_title(&post.title)) else {
            self.report
                .skip("page", format!("{described}: no slug can be made"));
            return Ok(());
        };
        let html = self.html(post).await?;
        let body = body_to_markdown(&html);
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
        let digest = dateline_domain::digest::keyed_digest("ghost-page", &format!("{post:?}"));
        let old_addresses = old_addresses(&[format!("/{}/", post.slug)]);
        let page = PageImport {
            key: ImportKey {
                source: SOURCE,
                kind: "page",
                external_id: &post.id,
            },
            digest: &digest,
            lang,
            slug: &slug,
            title: &post.title,
            body_markdown: &body.markdown,
            address: &address,
            old_addresses: &old_addresses,
            origin: RedirectOrigin::Ghost,
        };
        self.desk
            .page(self.service, &mut self.report, &described, page)
            .await?;
        Ok(())
    }

    /// The section of a primary tag, made with its old address when first used.
    async fn section(&mut self, slug: &str, name: &str) -> Result<i64, ImportError> {
        if let Some(id) = self.desk.known_section(slug) {
            return Ok(id);
        }
        let parsed = Slug::parse(slug)
            .or_else(|_| Slug::from_title(name))
            .or_else(|_| Slug::from_title("uncategorized"))
            .map_err(|e| dateline_store::StoreError::Corrupt(e.to_string()))?;
        let old = [format!("/tag/{slug}/")];
        let id = self
            .desk
            .section(self.service, &mut self.report, slug, (&parsed, name), &old)
            .await?;
        Ok(id)
    }

    /// The byline of a Ghost user, made with its old address when first named.
    async fn byline(&mut self, user: &User) -> Result<Option<i64>, ImportError> {
        if let Some(id) = self.desk.known_byline(&user.id) {
            return Ok(Some(id));
        }
        let name = match user.name.trim() {
            "" => user.slug.as_str(),
            name => name,
        };
        let Ok(slug) = Slug::parse(&user.slug).or_else(|_| Slug::from_title(name)) else {
            return Ok(None);
        };
        let old = [format!("/author/{}/", user.slug)];
        let id = self
            .desk
            .byline(self.service, &mut self.report, &user.id, (&slug, name), &old)
            .await?;
        Ok(Some(id))
    }
}

/// A picture's path under `content/images` (Ghost's resized copies, `size/w600/…`, are the
/// same picture); `None` for one from elsewhere, or a path leaving the folder.
fn images_path(address: &str) -> Option<String> {
    let (_, rest) = address.split_once("/content/images/")?;
    let rest = rest.split(['?', '#']).next()?;
    let rest = match rest.strip_prefix("size/") {
        Some(sized) => sized.split_once('/').map_or(sized, |(_, picture)| picture),
        None => rest,
    };
    let path = PathBuf::from(rest);
    let inside = path.components().all(|part| matches!(part, Component::Normal(_)));
    (inside && !rest.is_empty()).then(|| rest.to_owned())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::images_path;

    #[test]
    fn a_pictures_path_under_content_images() {
        assert_eq!(
            images_path("/content/images/2024/03/quay.jpg").as_deref(),
            Some("2024/03/quay.jpg")
        );
        assert_eq!(
            images_path("https://old.example.org/content/images/size/w600/2024/03/quay.jpg").as_deref(),
            Some("2024/03/quay.jpg")
        );
        assert_eq!(images_path("/content/images/../../etc/passwd"), None);
        assert_eq!(images_path("https://cdn.example.org/quay.jpg"), None);
    }
}
