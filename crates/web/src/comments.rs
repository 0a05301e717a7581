//! The comment form as the reader filled it in, and what they are told when it is refused, in
//! their edition's words, next to the field it concerns.

use dateline_domain::Lang;
use dateline_domain::Rule;
use dateline_domain::comment::{CommentError, EmailError, NameError};
use dateline_render::Catalogs;
use dateline_service::Refusal;
use serde::{Deserialize, Serialize};

/// The comment form as the reader filled it in, kept whole so nothing they typed is lost.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub body: String,
    /// The honeypot: people never see it, so only robots fill it in.
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub parent: String,
}

/// What went wrong, next to the field it concerns.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct FormErrors {
    pub name: Option<String>,
    pub email: Option<String>,
    pub body: Option<String>,
    pub general: Option<String>,
}

/// What the reader is told of a refusal, by field.
pub(crate) fn form_errors(catalogs: &Catalogs, lang: Lang, refusal: &Refusal) -> FormErrors {
    let text = |key: &str| Some(catalogs.text(lang, key).to_owned());
    match refusal {
        Refusal::Fields { name, email, body } => FormErrors {
            name: name.as_ref().and_then(|e| match e {
                NameError::Empty => text("comments.error.name_empty"),
                NameError::TooLong => text("comments.error.name_long"),
            }),
            email: email.as_ref().and_then(|e| match e {
                EmailError::Empty => text("comments.error.email_empty"),
                EmailError::Invalid => text("comments.error.email_invalid"),
            }),
            body: body.as_ref().and_then(|e| match e {
                CommentError::Empty => text("comments.error.body_empty"),
                CommentError::TooLong { chars } => Some(catalogs.format(
                    lang,
                    "comments.error.body_long",
                    &[("n", &dateline_render::digits(lang, &chars.to_string()))],
                )),
            }),
            general: None,
        },
        other => FormErrors {
            general: Some(told(catalogs, lang, other)),
            ..Default::default()
        },
    }
}

/// The one sentence a refusal is told in (and recorded with, for a rule's refusal).
pub(crate) fn told(catalogs: &Catalogs, lang: Lang, refusal: &Refusal) -> String {
    let key = match refusal {
        Refusal::Closed => "comments.error.closed",
        Refusal::TooFast => "comments.error.too_fast",
        Refusal::NoSuchParent => "comments.error.parent",
        Refusal::Rule(Rule::Duplicate) => "comments.error.duplicate",
        Refusal::Rule(Rule::BannedWord(word)) => {
            return catalogs.format(lang, "comments.error.banned_word", &[("word", word)]);
        }
        Refusal::Rule(Rule::Banned(_)) => "comments.error.banned",
        Refusal::Rule(_) | Refusal::Fields { .. } => "comments.error.refused",
    };
    catalogs.text(lang, key).to_owned()
}
