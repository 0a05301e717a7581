//! What every reader page shares: the edition's masthead, its sections, and the settings the
//! theme needs to write dates and absolute links.

use crate::{App, AppError};
use chrono::Datelike;
use dateline_domain::{Edition, Lang, Section};
use dateline_render::{Serde, Value, context};

pub(crate) struct Frame {
    lang: Lang,
    site: Edition,
    sections: Vec<Section>,
    time_zone: String,
    base_url: String,
}

impl Frame {
    pub async fn load(app: &App, lang: Lang) -> Result<Self, AppError> {
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
        Ok(Self {
            lang,
            site,
            sections: app.store.sections(lang).await?,
            time_zone: settings.time_zone,
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn tagline(&self) -> &str {
        &self.site.tagline
    }

    pub fn time_zone(&self) -> &str {
        &self.time_zone
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn site_name(&self) -> &str {
        &self.site.site_name
    }

    pub fn context(&self) -> Value {
        context! {
            lang => self.lang.code(),
            dir => self.lang.dir(),
            other_lang => self.lang.other().code(),
            site => Serde(&self.site),
            sections => Serde(&self.sections),
            time_zone => &self.time_zone,
            base_url => &self.base_url,
            year => chrono::Utc::now().year(),
        }
    }
}
