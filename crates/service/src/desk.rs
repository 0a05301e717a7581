//! The desk: editors keep each edition's sections, the authors and the tags in order.

use crate::Service;
use dateline_domain::{Action, Actor, Lang, Slug};
use dateline_store::StoreError;
use dateline_store::authors::NewAuthor;
use dateline_store::users::StaffUser;

/// A change to the desk, as the editor typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskChange<'a> {
    AddSection {
        lang: Lang,
        name: &'a str,
        slug: &'a str,
    },
    RenameSection {
        id: i64,
        name: &'a str,
    },
    /// One place earlier (or later) in the edition's navigation.
    MoveSection {
        id: i64,
        earlier: bool,
    },
    AddTag {
        lang: Lang,
        name: &'a str,
        slug: &'a str,
    },
    RenameTag {
        id: i64,
        name: &'a str,
    },
    /// Takes the tag off every story and deletes it.
    DeleteTag {
        id: i64,
    },
    AddAuthor {
        name: &'a str,
        bio: &'a str,
        photo: Option<i64>,
    },
    EditAuthor {
        id: i64,
        name: &'a str,
        bio: &'a str,
        photo: Option<i64>,
    },
}

/// Why a change to the desk was not made.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("only editors keep the desk")]
    NotAllowed,
    #[error("no such section, tag or author")]
    NotFound,
    #[error("give a name")]
    NameMissing,
    #[error("a name needs letters")]
    NameNeedsLetters,
    #[error("the slug takes lowercase letters, digits and hyphens")]
    SlugInvalid,
    #[error("that section exists already")]
    SectionExists,
    #[error("that tag exists already")]
    TagExists,
    #[error("an author with that name exists already")]
    AuthorExists,
    #[error("choose a portrait from the library")]
    PhotoUnknown,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Service {
    /// Makes a change to the desk; returns the id of the section, tag or author added or
    /// changed. Every page shows the sections; a byline's or tag's new name reaches the pages
    /// and the search index of its stories.
    pub async fn change_desk(&self, editor: &StaffUser, change: &DeskChange<'_>) -> Result<i64, DeskError> {
        if !editor.role.can(Action::ManageSectionsTagsAuthors) {
            return Err(DeskError::NotAllowed);
        }
        let store = self.store();
        let actor = Actor::Member(editor.id);
        let named = |name: &str| -> Result<String, DeskError> {
            match name.trim() {
                "" => Err(DeskError::NameMissing),
                name => Ok(name.to_owned()),
            }
        };
        let slugged = |name: &str, slug: &str| {
            match slug.trim() {
                "" => Slug::from_title(name),
                typed => Slug::parse(typed),
            }
            .map_err(|_| DeskError::SlugInvalid)
        };
        let id = match *change {
            DeskChange::AddSection { lang, name, slug } => {
                let name = named(name)?;
                let slug = slugged(&name, slug)?;
                if store.section(lang, &slug).await?.is_some() {
                    return Err(DeskError::SectionExists);
                }
                store.create_section(lang, &slug, &name, actor).await?
            }
            DeskChange::RenameSection { id, name } => {
                if !store.rename_section(id, &named(name)?, actor).await? {
                    return Err(DeskError::NotFound);
                }
                id
            }
            DeskChange::MoveSection { id, earlier } => {
                if !store.move_section(id, earlier, actor).await? {
                    return Err(DeskError::NotFound);
                }
                id
            }
            DeskChange::AddTag { lang, name, slug } => {
                let name = named(name)?;
                let slug = slugged(&name, slug)?;
                store
                    .add_tag(lang, &slug, &name, actor)
                    .await?
                    .ok_or(DeskError::TagExists)?
            }
            DeskChange::RenameTag { id, name } => {
                if !store.rename_tag(id, &named(name)?, actor).await? {
                    return Err(DeskError::NotFound);
                }
                id
            }
            DeskChange::DeleteTag { id } => {
                if !store.delete_tag(id, actor).await? {
                    return Err(DeskError::NotFound);
                }
                id
            }
            DeskChange::AddAuthor { name, bio, photo } => {
                let name = named(name)?;
                self.check_portrait(photo).await?;
                let slug = Slug::from_title(&name).map_err(|_| DeskError::NameNeedsLetters)?;
                if store.author(&slug).await?.is_some() {
                    return Err(DeskError::AuthorExists);
                }
                let author = NewAuthor {
                    slug: &slug,
                    name: &name,
                    bio: bio.trim(),
                    photo_image_id: photo,
                };
                store.create_author(author, actor).await?
            }
            DeskChange::EditAuthor { id, name, bio, photo } => {
                let name = named(name)?;
                self.check_portrait(photo).await?;
                if !store.update_author(id, &name, bio.trim(), photo, actor).await? {
                    return Err(DeskError::NotFound);
                }
                id
            }
        };
        self.committed().await;
        Ok(id)
    }

    async fn check_portrait(&self, photo: Option<i64>) -> Result<(), DeskError> {
        match photo {
            Some(id) if self.store().library_image(id).await?.is_none() => Err(DeskError::PhotoUnknown),
            _ => Ok(()),
        }
    }
}
