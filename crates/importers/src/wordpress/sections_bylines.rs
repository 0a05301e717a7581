//! The sections and bylines a WordPress archive's posts name: a post's first category is its
//! section (nested categories flattened), its author's login its byline, and, when asked, a
//! newsroom account under that byline.

use super::{ImportError, Importer, item};
use crate::report::Outcome;
use crate::wxr::WpAuthor;
use dateline_domain::Slug;
use dateline_service::MemberError;
use dateline_store::StoreError;
use dateline_store::users::MemberImported;

impl Importer<'_> {
    /// The section a category names, made with its old addresses when first used.
    pub(super) async fn section(&mut self, slug: &str, name: &str) -> Result<i64, ImportError> {
        if let Some(id) = self.desk.known_section(slug) {
            return Ok(id);
        }
        let category = self.categories.get(slug).cloned();
        let name = category
            .as_ref()
            .map_or(name, |c| c.name.as_str())
            .trim()
            .to_owned();
        let parsed = Slug::parse(&item::decoded(slug))
            .or_else(|_| Slug::from_title(&name))
            .or_else(|_| Slug::from_title("uncategorized"))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let name = if name.is_empty() {
            parsed.as_str().to_owned()
        } else {
            name
        };
        let mut old = vec![format!("/category/{}/", self.category_path(slug))];
        if let Some(term_id) = category.and_then(|c| c.term_id) {
            old.push(format!("/?cat={term_id}"));
        }
        let id = self
            .desk
            .section(self.service, &mut self.report, slug, (&parsed, &name), &old)
            .await?;
        Ok(id)
    }

    /// A category's archive path on the old site: its ancestors' slugs, then its own.
    fn category_path(&self, slug: &str) -> String {
        let mut path = vec![slug.to_owned()];
        let mut current = slug.to_owned();
        while let Some(parent) = self.categories.get(&current).and_then(|c| c.parent.clone()) {
            if path.contains(&parent) || path.len() > 16 {
                break;
            }
            path.insert(0, parent.clone());
            current = parent;
        }
        path.join("/")
    }

    /// The byline of the user whose login is `login`, made when first named.
    pub(super) async fn byline(&mut self, login: &str) -> Result<Option<i64>, ImportError> {
        if let Some(id) = self.desk.known_byline(login) {
            return Ok(Some(id));
        }
        let author = self.authors.get(login).cloned().unwrap_or_else(|| WpAuthor {
            login: login.to_owned(),
            ..WpAuthor::default()
        });
        let name = match author.display_name.trim() {
            "" => login.trim(),
            name => name,
        }
        .to_owned();
        let Ok(slug) = Slug::from_title(&name).or_else(|_| Slug::from_title(login)) else {
            return Ok(None);
        };
        let mut old = vec![format!("/author/{}/", author.login)];
        if let Some(user_id) = author.id {
            old.push(format!("/?author={user_id}"));
        }
        let id = self
            .desk
            .byline(self.service, &mut self.report, login, (&slug, &name), &old)
            .await?;
        if self.options.accounts {
            self.account(login, &name, id).await?;
        }
        Ok(Some(id))
    }

    /// The newsroom account of the old site's author `login`, writing under `byline`.
    async fn account(&mut self, login: &str, name: &str, byline: i64) -> Result<(), ImportError> {
        match self.service.import_member(login, name, byline).await {
            Ok(MemberImported::Added(_)) => self.report.count("account", Outcome::Added),
            Ok(MemberImported::AlreadyThere) => self.report.count("account", Outcome::Unchanged),
            Ok(MemberImported::UsernameTaken) => self.report.skip(
                "account",
                format!("{login:?}: the newsroom has another account of that name; the byline is kept"),
            ),
            Err(MemberError::UsernameInvalid) => self.report.skip(
                "account",
                format!("{login:?}: a username here is letters, digits, '.', '_' or '-'; the byline is kept"),
            ),
            Err(error) => return Err(ImportError::Account(error)),
        }
        Ok(())
    }
}
