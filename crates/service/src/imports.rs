//! Imports: an archive from elsewhere brought in by the operator (`dateline import`). Each
//! thing goes through the store's import writes, which record where it came from and write
//! its event in the same transaction; sections and bylines the archive names are found, or
//! made as the desk makes them.

use crate::Service;
use crate::members::{MemberError, valid_username};
use dateline_domain::{Actor, Edition, Lang, NewAddress, OldAddress, SiteSettings, Slug};
use dateline_store::StoreError;
use dateline_store::authors::NewAuthor;
use dateline_store::imports::{CommentImport, Imported, PageImport};
use dateline_store::redirects::RedirectOrigin;
use dateline_store::stories::{StoryError, StoryImport, StoryImported};
use dateline_store::users::MemberImported;

impl Service {
    /// Starts a newsroom in an empty store for an archive to come into (no demo): both
    /// editions named `site_name`, the site's settings (UTC; the public address is set when a
    /// server starts), and the About and Comment Policy pages every page links to, for the
    /// editors to write. False when the store holds a newsroom already.
    pub async fn start_newsroom_if_empty(&self, site_name: &str, tagline: &str) -> Result<bool, StoreError> {
        if !self.store().is_empty().await? {
            return Ok(false);
        }
        let name = match site_name.trim() {
            "" => "Newsroom",
            name => name,
        };
        let editions = Lang::ALL.map(|lang| Edition {
            lang,
            site_name: name.to_owned(),
            tagline: tagline.trim().to_owned(),
        });
        self.store().put_editions(&editions, Actor::System).await?;
        for lang in Lang::ALL {
            for (slug, title, body) in [
                (
                    "about",
                    "About us",
                    "Who we are and how to reach the newsroom: an editor writes this page.",
                ),
                (
                    "comment-policy",
                    "Comment policy",
                    "How comments are moderated here: an editor writes this page.",
                ),
            ] {
                let slug = Slug::parse(slug).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                self.store()
                    .put_static_page(lang, &slug, title, body, Actor::System)
                    .await?;
            }
        }
        let settings = SiteSettings {
            time_zone: "UTC".to_owned(),
            base_url: "http://127.0.0.1:8080".to_owned(),
        };
        self.store()
            .save_site_settings(&settings, &[], Actor::System)
            .await?;
        self.committed().await;
        Ok(true)
    }

    /// The section at `slug` in `lang`, made (named `name`) if the edition has none.
    pub async fn import_section(&self, lang: Lang, slug: &Slug, name: &str) -> Result<i64, StoreError> {
        if let Some(section) = self.store().section(lang, slug).await? {
            return Ok(section.id);
        }
        let id = self
            .store()
            .create_section(lang, slug, name, Actor::System)
            .await?;
        self.committed().await;
        Ok(id)
    }

    /// The author at `slug`, made (named `name`) if there is none.
    pub async fn import_author(&self, slug: &Slug, name: &str) -> Result<i64, StoreError> {
        if let Some(author) = self.store().author(slug).await? {
            return Ok(author.id);
        }
        let author = NewAuthor {
            slug,
            name,
            bio: "",
            photo_image_id: None,
        };
        let id = self.store().create_author(author, Actor::System).await?;
        self.committed().await;
        Ok(id)
    }

    /// A newsroom account for an archive's author, `username` as on the old site, writing under
    /// the byline `author_id`: an author without a password until an operator gives one
    /// (`dateline user reset-password`). An account of that username already there is left
    /// as it is.
    pub async fn import_member(
        &self,
        username: &str,
        display_name: &str,
        author_id: i64,
    ) -> Result<MemberImported, MemberError> {
        let username = username.trim();
        if !valid_username(username) {
            return Err(MemberError::UsernameInvalid);
        }
        let made = self
            .store()
            .import_member(username, display_name.trim(), author_id, Actor::System)
            .await?;
        self.committed().await;
        Ok(made)
    }

    /// Sends an archive's old addresses of a section, tag or author to its page here.
    pub async fn import_redirects(
        &self,
        old_addresses: &[OldAddress],
        address: &NewAddress,
        origin: RedirectOrigin,
    ) -> Result<(), StoreError> {
        if old_addresses.is_empty() {
            return Ok(());
        }
        self.store()
            .import_redirects(old_addresses, address, origin, Actor::System)
            .await?;
        self.committed().await;
        Ok(())
    }

    /// Stories with their comments, many in one write: what each became, or why it did not.
    pub async fn import_stories(
        &self,
        batch: &[StoryImport<'_>],
    ) -> Result<Vec<Result<StoryImported, StoryError>>, StoreError> {
        let imported = self.store().import_stories(batch, Actor::System).await?;
        self.committed().await;
        Ok(imported)
    }

    /// `None` when the edition has a page at its slug that no import made: it is left alone.
    pub async fn import_static_page(&self, page: PageImport<'_>) -> Result<Option<Imported>, StoreError> {
        let imported = self.store().import_static_page(page, Actor::System).await?;
        self.committed().await;
        Ok(imported)
    }

    /// A story's comments, in one write: what each became, in their order.
    pub async fn import_comments(
        &self,
        story_id: i64,
        comments: &[CommentImport<'_>],
    ) -> Result<Vec<Imported>, StoreError> {
        if comments.is_empty() {
            return Ok(Vec::new());
        }
        let imported = self
            .store()
            .import_comments(story_id, comments, Actor::System)
            .await?;
        self.committed().await;
        Ok(imported)
    }
}
