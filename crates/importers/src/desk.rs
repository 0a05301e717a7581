//! The sections and bylines an archive names, found or made here once each, with the old
//! addresses of their pages sent to theirs. Both importers keep their desk here; what each
//! archive calls a section or a byline (a category, a primary tag, a login, a user) is theirs.

use crate::report::{Outcome, Report};
use crate::shared::{old_addresses, outcome};
use dateline_domain::{Lang, NewAddress, OldAddress, Slug};
use dateline_render::{PathKind, path_for};
use dateline_service::Service;
use dateline_store::StoreError;
use dateline_store::imports::PageImport;
use dateline_store::redirects::RedirectOrigin;
use std::collections::HashMap;

/// The sections and bylines met so far, by the archive's name for them.
pub struct Desk {
    lang: Lang,
    origin: RedirectOrigin,
    sections: HashMap<String, i64>,
    bylines: HashMap<String, i64>,
}

impl Desk {
    pub fn new(lang: Lang, origin: RedirectOrigin) -> Self {
        Self {
            lang,
            origin,
            sections: HashMap::new(),
            bylines: HashMap::new(),
        }
    }

    /// The section the archive calls `key`, if met before.
    pub fn known_section(&self, key: &str) -> Option<i64> {
        self.sections.get(key).copied()
    }

    /// The byline the archive calls `key`, if met before.
    pub fn known_byline(&self, key: &str) -> Option<i64> {
        self.bylines.get(key).copied()
    }

    /// The section at `slug` (made, named `name`, if the edition has none), its `old`
    /// addresses sent to its page, remembered as `key`.
    pub async fn section(
        &mut self,
        service: &Service,
        report: &mut Report,
        key: &str,
        (slug, name): (&Slug, &str),
        old: &[String],
    ) -> Result<i64, StoreError> {
        let existed = service.store().section(self.lang, slug).await?.is_some();
        let id = service.import_section(self.lang, slug, name.trim()).await?;
        if !existed {
            report.count("section", Outcome::Added);
        }
        self.redirect(service, PathKind::Section, slug, old).await?;
        self.sections.insert(key.to_owned(), id);
        Ok(id)
    }

    /// The byline at `slug` (made, named `name`, if there is none), its `old` addresses sent
    /// to its page, remembered as `key`.
    pub async fn byline(
        &mut self,
        service: &Service,
        report: &mut Report,
        key: &str,
        (slug, name): (&Slug, &str),
        old: &[String],
    ) -> Result<i64, StoreError> {
        let existed = service.store().author(slug).await?.is_some();
        let id = service.import_author(slug, name.trim()).await?;
        if !existed {
            report.count("author", Outcome::Added);
        }
        self.redirect(service, PathKind::Author, slug, old).await?;
        self.bylines.insert(key.to_owned(), id);
        Ok(id)
    }

    /// Brings a static page in, counted in `report`; one whose slug the edition has already
    /// (a page no import made) is left as it is, with a line saying so.
    pub async fn page(
        &self,
        service: &Service,
        report: &mut Report,
        described: &str,
        page: PageImport<'_>,
    ) -> Result<(), StoreError> {
        let address = page.address.clone();
        match service.import_static_page(page).await? {
            Some(imported) => report.count("page", outcome(imported)),
            None => report.skip(
                "page",
                format!("{described}: the edition has a page at {address} already, left as it is"),
            ),
        }
        Ok(())
    }

    /// Sends the `old` addresses (but the page's own) to the page of `kind` at `slug`.
    async fn redirect(
        &self,
        service: &Service,
        kind: PathKind,
        slug: &Slug,
        old: &[String],
    ) -> Result<(), StoreError> {
        let Ok(address) = NewAddress::parse(&path_for(self.lang, kind, slug.as_str())) else {
            return Ok(());
        };
        let olds: Vec<OldAddress> = old_addresses(old)
            .into_iter()
            .filter(|old| old.as_str() != address.as_str())
            .collect();
        service.import_redirects(&olds, &address, self.origin).await
    }
}
