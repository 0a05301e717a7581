//! What every reader page shares: the edition's masthead, its face (logo, links, footer), its
//! sections, and the settings the theme needs to write dates and absolute links.

use crate::{App, AppError};
use chrono::Datelike;
use dateline_domain::face::SiteFace;
use dateline_domain::{Edition, Lang, Section};
use dateline_render::{Serde, Value, context};
use std::sync::{Arc, Mutex};

pub(crate) struct Frame {
    lang: Lang,
    parts: Arc<Parts>,
}

/// What the frame is made of: the same for every page of an edition until a write is made.
struct Parts {
    site: Edition,
    face: SiteFace,
    sections: Vec<Section>,
    time_zone: String,
    base_url: String,
}

/// Each edition's frame, kept between pages while no write has reached the page cache (its
/// generation): a miss need not ask the store for settings, edition and sections each time.
#[derive(Default)]
pub(crate) struct Frames(Mutex<[Option<KeptParts>; 2]>);

/// An edition's parts and the cache generation they were read at.
type KeptParts = (u64, Arc<Parts>);

impl Frames {
    fn slot(lang: Lang) -> usize {
        match lang {
            Lang::En => 0,
            Lang::Ar => 1,
        }
    }

    fn get(&self, lang: Lang, generation: u64) -> Option<Arc<Parts>> {
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held[Self::slot(lang)]
            .as_ref()
            .filter(|(at, _)| *at == generation)
            .map(|(_, parts)| parts.clone())
    }

    /// Keeps `parts`, read from the store after the cache was at `generation`: if a write came
    /// in meanwhile, the generation has moved on and they are never served.
    fn keep(&self, lang: Lang, generation: u64, parts: Arc<Parts>) {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held[Self::slot(lang)] = Some((generation, parts));
    }
}

impl Frame {
    pub async fn load(app: &App, lang: Lang) -> Result<Self, AppError> {
        // While the cache is set aside (this node may have missed writes), so is the frame.
        let kept = !app.cache.is_suspended();
        let generation = app.cache.generation();
        if let Some(parts) = app.frames.get(lang, generation).filter(|_| kept) {
            return Ok(Self { lang, parts });
        }
        let settings = app
            .store
            .site_settings()
            .await?
            .ok_or_else(|| anyhow::anyhow!("the site has no settings: the store was never set up"))?;
        let site = app
            .store
            .editions()
            .await?
            .into_iter()
            .find(|edition| edition.lang == lang)
            .ok_or_else(|| anyhow::anyhow!("the {lang} edition is not set up"))?;
        let parts = Arc::new(Parts {
            site,
            face: app.store.site_face(lang).await?,
            sections: app.store.sections(lang).await?,
            time_zone: settings.time_zone,
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
        });
        if kept {
            app.frames.keep(lang, generation, parts.clone());
        }
        Ok(Self { lang, parts })
    }

    pub fn base_url(&self) -> &str {
        &self.parts.base_url
    }

    pub fn tagline(&self) -> &str {
        &self.parts.site.tagline
    }

    pub fn time_zone(&self) -> &str {
        &self.parts.time_zone
    }

    pub fn sections(&self) -> &[Section] {
        &self.parts.sections
    }

    pub fn site_name(&self) -> &str {
        &self.parts.site.site_name
    }

    pub fn context(&self) -> Value {
        context! {
            lang => self.lang.code(),
            dir => self.lang.dir(),
            other_lang => self.lang.other().code(),
            site => Serde(&self.parts.site),
            face => Serde(&self.parts.face),
            numerals => self.parts.face.numerals.as_str(),
            sections => Serde(&self.parts.sections),
            time_zone => &self.parts.time_zone,
            base_url => &self.parts.base_url,
            year => chrono::Utc::now().year(),
        }
    }
}
