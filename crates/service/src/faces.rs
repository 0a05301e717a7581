//! Setting an edition's face in Site settings: its logo, navigation links, footer words and
//! accounts elsewhere, checked line by line and saved with their event.

use crate::Service;
use crate::site::SiteError;
use dateline_domain::face::{LinesProblem, MAX_FOOTER_CHARS, NavLink, Numerals, SocialLink};
use dateline_domain::{Action, Actor, Lang};
use dateline_store::faces::FaceInput;
use dateline_store::users::StaffUser;

/// An edition's face as an admin typed it.
#[derive(Debug, Clone, Default)]
pub struct FaceDraft {
    /// A picture of the library by id, or empty for none.
    pub logo: String,
    /// `label | address`, one per line.
    pub nav_links: String,
    pub footer_text: String,
    /// An address per line.
    pub social_links: String,
    /// `western` or `arabic-indic`.
    pub numerals: String,
}

/// What is wrong with a face as typed, each next to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceProblem {
    LogoUnknown,
    NavLinks(LinesProblem),
    SocialLinks(LinesProblem),
    FooterTooLong,
    NumeralsUnknown,
}

impl Service {
    /// Saves the face of edition `lang`, if every part of it reads.
    pub async fn save_site_face(
        &self,
        admin: &StaffUser,
        lang: Lang,
        draft: &FaceDraft,
    ) -> Result<Result<(), Vec<FaceProblem>>, SiteError> {
        if !admin.role.can(Action::ManageSiteSettings) {
            return Err(SiteError::NotAllowed);
        }
        let mut problems = Vec::new();
        let logo_image_id = match draft.logo.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if self.store().library_image(id).await?.is_some() => Some(id),
                _ => {
                    problems.push(FaceProblem::LogoUnknown);
                    None
                }
            },
        };
        let nav_links = NavLink::parse_lines(&draft.nav_links)
            .map_err(|problem| problems.push(FaceProblem::NavLinks(problem)))
            .unwrap_or_default();
        let social_links = SocialLink::parse_lines(&draft.social_links)
            .map_err(|problem| problems.push(FaceProblem::SocialLinks(problem)))
            .unwrap_or_default();
        let footer_text = draft.footer_text.trim().replace("\r\n", "\n");
        if footer_text.chars().count() > MAX_FOOTER_CHARS {
            problems.push(FaceProblem::FooterTooLong);
        }
        let numerals = Numerals::parse(draft.numerals.trim());
        if numerals.is_none() {
            problems.push(FaceProblem::NumeralsUnknown);
        }
        let (true, Some(numerals)) = (problems.is_empty(), numerals) else {
            return Ok(Err(problems));
        };
        let face = FaceInput {
            logo_image_id,
            nav_links,
            footer_text,
            social_links,
            numerals,
        };
        self.store()
            .save_site_face(lang, &face, Actor::Member(admin.id))
            .await?;
        self.committed().await;
        Ok(Ok(()))
    }
}
