//! What the newsroom keeps about the site itself: the static pages (About, the Comment
//! Policy), kept by editors, and the site's settings, kept by admins.

use crate::Service;
use dateline_domain::{Action, Actor, Edition, Lang, SiteSettings, Slug, StaticPage};
use dateline_store::StoreError;
use dateline_store::users::StaffUser;

/// Why the site's settings or a page were not saved.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("the member's role does not allow this")]
    NotAllowed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a static page was not added or deleted.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("the member's role does not allow this")]
    NotAllowed,
    #[error("no such page")]
    NotFound,
    #[error("give the page a title")]
    TitleMissing,
    #[error("the edition has a page at that address already")]
    Exists,
    #[error("every page of the site links to this one: edit it rather than delete it")]
    LinkedFromEveryPage,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The settings as an admin typed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsDraft {
    /// Each edition's masthead: its name and tagline.
    pub editions: Vec<(Lang, String, String)>,
    pub time_zone: String,
    pub base_url: String,
}

/// What is wrong with the settings as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsProblem {
    /// An edition without a name.
    NameMissing(Lang),
    TimeZoneUnknown,
    BaseUrlInvalid,
}

/// Whether `url` can be the site's public address: http(s), with a host, nothing odd in it.
/// Returns it without a trailing slash.
pub fn public_address(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let valid = !rest.is_empty()
        && !rest.starts_with('/')
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/%[]@".contains(c));
    valid.then(|| url.to_owned())
}

impl Service {
    /// The site's clock, by which times are shown and typed (UTC before the site is set up).
    pub async fn site_time_zone(&self) -> Result<chrono_tz::Tz, StoreError> {
        Ok(self
            .store()
            .site_settings()
            .await?
            .and_then(|settings| settings.time_zone.parse().ok())
            .unwrap_or(chrono_tz::UTC))
    }

    /// Saves the site's settings and the editions' mastheads together, if they read.
    pub async fn save_site_settings(
        &self,
        admin: &StaffUser,
        draft: &SettingsDraft,
    ) -> Result<Result<(), Vec<SettingsProblem>>, SiteError> {
        if !admin.role.can(Action::ManageSiteSettings) {
            return Err(SiteError::NotAllowed);
        }
        let mut problems = Vec::new();
        for (lang, name, _) in &draft.editions {
            if name.trim().is_empty() {
                problems.push(SettingsProblem::NameMissing(*lang));
            }
        }
        let time_zone = draft.time_zone.trim();
        if time_zone.parse::<chrono_tz::Tz>().is_err() {
            problems.push(SettingsProblem::TimeZoneUnknown);
        }
        let base_url = public_address(&draft.base_url);
        if base_url.is_none() {
            problems.push(SettingsProblem::BaseUrlInvalid);
        }
        let (true, Some(base_url)) = (problems.is_empty(), base_url) else {
            return Ok(Err(problems));
        };
        let editions: Vec<Edition> = draft
            .editions
            .iter()
            .map(|(lang, name, tagline)| Edition {
                lang: *lang,
                site_name: name.trim().to_owned(),
                tagline: tagline.trim().to_owned(),
            })
            .collect();
        let settings = SiteSettings {
            time_zone: time_zone.to_owned(),
            base_url,
        };
        self.store()
            .save_site_settings(&settings, &editions, Actor::Member(admin.id))
            .await?;
        self.committed().await;
        Ok(Ok(()))
    }

    /// Saves a static page (made if new); every page links to them. `Ok(Err(()))` when it has
    /// no title.
    pub async fn save_static_page(
        &self,
        editor: &StaffUser,
        lang: Lang,
        slug: &Slug,
        title: &str,
        body: &str,
    ) -> Result<Result<(), ()>, SiteError> {
        if !editor.role.can(Action::EditStaticPages) {
            return Err(SiteError::NotAllowed);
        }
        let title = title.trim();
        if title.is_empty() {
            return Ok(Err(()));
        }
        let body = body.replace("\r\n", "\n");
        self.store()
            .put_static_page(lang, slug, title, &body, Actor::Member(editor.id))
            .await?;
        self.committed().await;
        Ok(Ok(()))
    }

    /// Makes a new static page in `lang` at `slug`; returns its id.
    pub async fn add_static_page(
        &self,
        editor: &StaffUser,
        lang: Lang,
        slug: &Slug,
        title: &str,
        body: &str,
    ) -> Result<i64, PageError> {
        if !editor.role.can(Action::EditStaticPages) {
            return Err(PageError::NotAllowed);
        }
        let title = title.trim();
        if title.is_empty() {
            return Err(PageError::TitleMissing);
        }
        let body = body.replace("\r\n", "\n");
        let id = self
            .store()
            .add_static_page(lang, slug, title, &body, Actor::Member(editor.id))
            .await?
            .ok_or(PageError::Exists)?;
        self.committed().await;
        Ok(id)
    }

    /// Deletes a static page, unless every page of the site links to it.
    pub async fn delete_static_page(&self, editor: &StaffUser, id: i64) -> Result<(), PageError> {
        if !editor.role.can(Action::EditStaticPages) {
            return Err(PageError::NotAllowed);
        }
        let page = self
            .store()
            .static_page_by_id(id)
            .await?
            .ok_or(PageError::NotFound)?;
        if StaticPage::is_linked_from_every_page(&page.slug) {
            return Err(PageError::LinkedFromEveryPage);
        }
        if !self
            .store()
            .delete_static_page(id, Actor::Member(editor.id))
            .await?
        {
            return Err(PageError::NotFound);
        }
        self.committed().await;
        Ok(())
    }

    /// Asks every node to fill its search index afresh (an operator's `dateline reindex`
    /// while servers run).
    pub async fn request_search_rebuild(&self) -> Result<(), StoreError> {
        self.store().request_search_rebuild(Actor::System).await?;
        self.committed().await;
        Ok(())
    }

    /// Records the public address the operator started the server with, when it is new.
    pub async fn set_public_address(&self, base_url: &str) -> Result<(), StoreError> {
        let Some(mut settings) = self.store().site_settings().await? else {
            return Ok(());
        };
        if settings.base_url == base_url {
            return Ok(());
        }
        settings.base_url = base_url.to_owned();
        self.store()
            .save_site_settings(&settings, &[], Actor::System)
            .await?;
        self.committed().await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::public_address;

    #[test]
    fn a_public_address_is_an_http_url_with_a_host() {
        assert_eq!(
            public_address("https://news.example.org/").as_deref(),
            Some("https://news.example.org")
        );
        assert_eq!(
            public_address("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        for bad in [
            "",
            "news.example.org",
            "ftp://x",
            "https://",
            "https:///path",
            "https://a b",
            "https://x\"><script>",
        ] {
            assert_eq!(public_address(bad), None, "{bad:?}");
        }
    }
}
