//! A story as readers would see it from words not yet saved: the editor's preview.

use crate::macros::on_db;
use crate::rows::LeadColumns;
use crate::stories::StoryContent;
use crate::{Store, StoreError, StoreResult};
use chrono::Utc;
use dateline_domain::{Article, ArticleStatus, Lang, Tag};

impl Store {
    /// The article `content` would make in `lang`, with its section, byline, tags and lead
    /// picture looked up as a published page would show them; `story_id` lends the saved
    /// story's publication time and corrections.
    pub async fn unsaved_article(
        &self,
        lang: Lang,
        content: &StoryContent,
        story_id: Option<i64>,
    ) -> StoreResult<Article> {
        let section = self
            .sections(lang)
            .await?
            .into_iter()
            .find(|section| section.id == content.section_id)
            .ok_or_else(|| StoreError::Corrupt(format!("no section {}", content.section_id)))?;
        let everyone = self.authors().await?;
        let authors = content
            .author_ids
            .iter()
            .filter_map(|id| everyone.iter().find(|author| author.id == *id).cloned())
            .collect();
        let tags = content
            .tag_names
            .iter()
            .map(|(slug, name)| Tag {
                id: 0,
                lang,
                slug: slug.clone(),
                name: name.clone(),
            })
            .collect();
        let lead = match &content.lead {
            Some(lead) => {
                let columns: Option<LeadColumns> = on_db!(self, |pool| {
                    sqlx::query_as(
                        "SELECT path AS lead_src, width AS lead_width, height AS lead_height,
                                srcset AS lead_srcset, webp_srcset AS lead_webp_srcset, focus AS lead_focus,
                                card_path AS lead_card,
                                $2 AS lead_alt, $3 AS lead_caption, $4 AS lead_credit
                         FROM images WHERE id = $1",
                    )
                    .bind(lead.image_id)
                    .bind(&lead.alt)
                    .bind(&lead.caption)
                    .bind(&lead.credit)
                    .fetch_optional(pool)
                    .await?
                });
                columns.and_then(LeadColumns::into_figure)
            }
            None => None,
        };
        let saved = match story_id {
            Some(id) => self.story_as_article(id).await?,
            None => None,
        };
        Ok(Article {
            id: story_id.unwrap_or(0),
            lang,
            slug: content.slug.clone(),
            headline: content.headline.clone(),
            dek: content.dek.clone(),
            body_markdown: content.body_markdown.clone(),
            body_html: dateline_markdown::to_html(&content.body_markdown),
            dateline_place: content.dateline_place.clone(),
            status: saved
                .as_ref()
                .map_or(ArticleStatus::Draft, |article| article.status),
            section,
            authors,
            tags,
            lead,
            published_at: saved
                .as_ref()
                .map_or_else(Utc::now, |article| article.published_at),
            updated_at: saved.as_ref().and_then(|article| article.updated_at),
            translation: saved.as_ref().and_then(|article| article.translation.clone()),
            comments: content.comments,
            corrections: saved.map(|article| article.corrections).unwrap_or_default(),
            seo_title: content.seo_title.clone(),
            seo_description: content.seo_description.clone(),
        })
    }
}
