//! The demo newsroom: on first run with an empty store, Dateline fills it with original stories,
//! pages and illustrations (in `content/`, all written and drawn for the project) so that the
//! site can be seen working at once, and creates the first admin account.

mod content;

use content::{ArticleFile, PageFile};
use dateline_domain::{Actor, ArticleStatus, CommentsMode, Edition, Lang, SiteSettings, Slug, password};
use dateline_storage::{Bytes, MediaKey, MediaStorage, StorageError};
use dateline_store::authors::NewAuthor;
use dateline_store::stories::{LeadInput, StatusChange, StoryContent, StoryError};
use dateline_store::users::NewUser;
use dateline_store::{Store, StoreError};
use std::collections::HashMap;

/// The one-time login of the admin account the seed created.
#[derive(Debug, Clone)]
pub struct AdminLogin {
    pub username: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Story(#[from] StoryError),
    #[error("demo content: {0}")]
    Content(String),
    #[error("writing demo media: {0}")]
    Media(#[from] StorageError),
}

/// Seeds the demo newsroom if the store is empty; returns the admin login when it did. It writes
/// through the same store writes as the newsroom, so each of its changes is an event too.
/// Pictures are written under `demo/` in `media`; `base_url` is where readers will reach the site.
pub async fn seed_if_empty(
    store: &Store,
    media: &dyn MediaStorage,
    base_url: &str,
) -> Result<Option<AdminLogin>, SeedError> {
    if !store.is_empty().await? {
        return Ok(None);
    }
    let newsroom = content::newsroom()?;
    write_media(media).await?;
    let images = register_images(store).await?;

    let editions = [
        (Lang::En, &newsroom.site.name, &newsroom.site.tagline),
        (Lang::Ar, &newsroom.site.name_ar, &newsroom.site.tagline_ar),
    ]
    .map(|(lang, site_name, tagline)| Edition {
        lang,
        site_name: site_name.clone(),
        tagline: tagline.clone(),
    });
    store.put_editions(&editions, Actor::System).await?;
    let mut sections = HashMap::new();
    for section in &newsroom.sections {
        let lang = parse_lang(&section.edition)?;
        let id = store
            .create_section(lang, &parse_slug(&section.slug)?, &section.name, Actor::System)
            .await?;
        sections.insert((lang, section.slug.clone()), id);
    }
    let mut authors = HashMap::new();
    for author in &newsroom.authors {
        let id = store
            .create_author(
                NewAuthor {
                    slug: &parse_slug(&author.slug)?,
                    name: &author.name,
                    bio: &author.bio,
                    photo_image_id: author
                        .photo
                        .as_ref()
                        .and_then(|name| images.get(name.as_str()).copied()),
                },
                Actor::System,
            )
            .await?;
        authors.insert(author.slug.clone(), id);
    }
    let mut created: HashMap<(Lang, String), i64> = HashMap::new();
    let mut translations = Vec::new();
    for (lang, slug, file) in content::articles()? {
        let id = seed_article(store, lang, &slug, &file, &sections, &authors, &images).await?;
        if let Some(other) = &file.translation {
            translations.push((id, lang.other(), other.clone()));
        }
        created.insert((lang, slug), id);
    }
    for (id, other_lang, other_slug) in translations {
        let other = created.get(&(other_lang, other_slug.clone())).ok_or_else(|| {
            SeedError::Content(format!("translation {other_lang}/{other_slug} does not exist"))
        })?;
        if id < *other {
            store.link_translations(id, *other, Actor::System).await?;
        }
    }
    for (lang, slug, PageFile { title, body }) in content::pages()? {
        store
            .put_static_page(lang, &parse_slug(&slug)?, &title, &body, Actor::System)
            .await?;
    }
    let login = create_admin(store).await?;
    let settings = SiteSettings {
        time_zone: newsroom.site.time_zone.clone(),
        base_url: base_url.to_owned(),
    };
    store.save_site_settings(&settings, &[], Actor::System).await?;
    Ok(Some(login))
}

async fn seed_article(
    store: &Store,
    lang: Lang,
    slug: &str,
    file: &ArticleFile,
    sections: &HashMap<(Lang, String), i64>,
    authors: &HashMap<String, i64>,
    images: &HashMap<&'static str, i64>,
) -> Result<i64, SeedError> {
    let missing =
        |what: &str, name: &str| SeedError::Content(format!("{lang}/{slug}: unknown {what} {name:?}"));
    let section_id = *sections
        .get(&(lang, file.section.clone()))
        .ok_or_else(|| missing("section", &file.section))?;
    let author_ids = file
        .authors
        .iter()
        .map(|name| authors.get(name).copied().ok_or_else(|| missing("author", name)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut tag_names = Vec::new();
    for tag in &file.tags {
        let tag_slug = Slug::from_title(tag).map_err(|e| SeedError::Content(format!("tag {tag:?}: {e}")))?;
        tag_names.push((tag_slug, tag.clone()));
    }
    let image_id = *images
        .get(file.lead.image.as_str())
        .ok_or_else(|| missing("image", &file.lead.image))?;
    let content = StoryContent {
        headline: file.headline.clone(),
        dek: file.dek.clone(),
        slug: parse_slug(slug)?,
        body_markdown: file.body.clone(),
        dateline_place: file.dateline.clone(),
        section_id,
        tag_names,
        author_ids,
        lead: Some(LeadInput {
            image_id,
            alt: file.lead.alt.clone(),
            caption: file.lead.caption.clone(),
            credit: file.lead.credit.clone(),
        }),
        comments: CommentsMode::Open,
        seo_title: String::new(),
        seo_description: String::new(),
        translation_id: None,
    };
    let id = store.create_story(lang, &content, Actor::System).await?;
    store
        .move_story(
            StatusChange {
                id,
                from: ArticleStatus::Draft,
                to: ArticleStatus::Published,
                at: chrono::Utc::now(),
                scheduled_at: None,
                original_dates: Some((file.published, file.updated)),
            },
            Actor::System,
        )
        .await?;
    Ok(id)
}

async fn write_media(media: &dyn MediaStorage) -> Result<(), SeedError> {
    for (name, bytes) in content::media_files() {
        let key = MediaKey::parse(&format!("demo/{name}"))
            .map_err(|e| SeedError::Content(format!("picture {name:?}: {e}")))?;
        media.put(&key, Bytes::from_static(bytes)).await?;
        if let Some((path, card)) = content::card_of(name) {
            let key = MediaKey::parse(&format!("demo/{path}"))
                .map_err(|e| SeedError::Content(format!("card {path:?}: {e}")))?;
            media.put(&key, Bytes::from_static(card)).await?;
        }
    }
    Ok(())
}

async fn register_images(store: &Store) -> Result<HashMap<&'static str, i64>, SeedError> {
    let mut images = HashMap::new();
    for (name, bytes) in content::media_files() {
        let card = content::card_of(name).map(|(path, _)| format!("demo/{path}"));
        let id = store
            .ensure_image(
                &format!("demo/{name}"),
                content::svg_size(bytes).unzip(),
                card.as_deref(),
                Actor::System,
            )
            .await?;
        images.insert(name, id);
    }
    Ok(images)
}

async fn create_admin(store: &Store) -> Result<AdminLogin, SeedError> {
    use rand::distr::{Alphanumeric, SampleString};
    let login = AdminLogin {
        username: "admin".to_owned(),
        password: Alphanumeric.sample_string(&mut rand::rng(), 20),
    };
    let hash = password::hash(&login.password).map_err(|e| SeedError::Content(e.to_string()))?;
    store
        .create_user(
            NewUser {
                username: &login.username,
                display_name: "Site administrator",
                password_hash: &hash,
                role: dateline_domain::Role::Admin,
            },
            Actor::System,
        )
        .await?;
    Ok(login)
}

fn parse_lang(code: &str) -> Result<Lang, SeedError> {
    code.parse()
        .map_err(|e: dateline_domain::lang::UnknownLang| SeedError::Content(e.to_string()))
}

fn parse_slug(raw: &str) -> Result<Slug, SeedError> {
    Slug::parse(raw).map_err(|e| SeedError::Content(format!("slug {raw:?}: {e}")))
}
