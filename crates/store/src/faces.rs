//! Each edition's face: the logo, links and footer words every reader page shows around the
//! masthead and sections, as an admin set them in Site settings.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::rows::media_url;
use crate::{Store, StoreError, StoreResult};
use dateline_domain::face::{Logo, NavLink, Numerals, SiteFace, SocialLink};
use dateline_domain::{Actor, EventKind, Lang, NewEvent, PageTag};

#[derive(sqlx::FromRow)]
struct FaceRow {
    logo_image_id: Option<i64>,
    logo_path: Option<String>,
    logo_width: Option<i64>,
    logo_height: Option<i64>,
    nav_links: String,
    footer_text: String,
    social_links: String,
    numerals: Option<String>,
}

/// What an admin saves: the logo by its picture's id, and the face's words and links.
#[derive(Debug, Clone)]
pub struct FaceInput {
    pub logo_image_id: Option<i64>,
    pub nav_links: Vec<NavLink>,
    pub footer_text: String,
    pub social_links: Vec<SocialLink>,
    pub numerals: Numerals,
}

impl Store {
    /// The edition's face; the plain one until an admin sets it.
    pub async fn site_face(&self, lang: Lang) -> StoreResult<SiteFace> {
        let row: Option<FaceRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT f.logo_image_id, i.path AS logo_path, i.width AS logo_width, i.height AS logo_height,
                        f.nav_links, f.footer_text, f.social_links, f.numerals
                 FROM edition_faces f LEFT JOIN images i ON i.id = f.logo_image_id WHERE f.edition = $1",
            )
            .bind(lang.code())
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else {
            return Ok(SiteFace::plain(lang));
        };
        let corrupt = |what: &str| StoreError::Corrupt(format!("the {lang} edition's {what}"));
        let face = SiteFace {
            logo: row.logo_image_id.zip(row.logo_path).map(|(image_id, path)| Logo {
                image_id,
                src: media_url(&path),
                width: row.logo_width,
                height: row.logo_height,
            }),
            nav_links: NavLink::parse_lines(&row.nav_links).map_err(|_| corrupt("navigation links"))?,
            footer_text: row.footer_text,
            social_links: SocialLink::parse_lines(&row.social_links).map_err(|_| corrupt("social links"))?,
            numerals: match row.numerals {
                Some(numerals) => Numerals::parse(&numerals).ok_or_else(|| corrupt("numerals"))?,
                None => Numerals::usual(lang),
            },
        };
        Ok(face)
    }

    /// Saves the edition's face; every reader page shows it.
    pub async fn save_site_face(&self, lang: Lang, face: &FaceInput, actor: Actor) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            sqlx::query(
                "INSERT INTO edition_faces (edition, logo_image_id, nav_links, footer_text, social_links, numerals)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (edition) DO UPDATE SET logo_image_id = excluded.logo_image_id,
                     nav_links = excluded.nav_links, footer_text = excluded.footer_text,
                     social_links = excluded.social_links, numerals = excluded.numerals",
            )
            .bind(lang.code())
            .bind(face.logo_image_id)
            .bind(NavLink::to_lines(&face.nav_links))
            .bind(&face.footer_text)
            .bind(SocialLink::to_lines(&face.social_links))
            .bind(face.numerals.as_str())
            .execute(&mut *tx)
            .await?;
            let event = NewEvent::new(EventKind::SiteSettingsChanged, actor).tagged([PageTag::Site]);
            ((), vec![event])
        })
    }
}
