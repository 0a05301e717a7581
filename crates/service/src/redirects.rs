//! Redirects, kept by editors: an old address sent to a new one.

use crate::Service;
use dateline_domain::{Action, Actor, AddressError, NewAddress, OldAddress};
use dateline_store::StoreError;
use dateline_store::redirects::RedirectOrigin;
use dateline_store::users::StaffUser;

/// Why a redirect was not made or deleted.
#[derive(Debug, thiserror::Error)]
pub enum RedirectError {
    #[error("only editors keep redirects")]
    NotAllowed,
    #[error("no such redirect")]
    NotFound,
    #[error("old address: {0}")]
    Old(AddressError),
    #[error("new address: {0}")]
    New(AddressError),
    #[error("the new address is the old one")]
    ToItself,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Service {
    /// Sends the old address `old` to `new`, both as typed: a new redirect, or a new address
    /// for the one `old` had. Returns whether it is new.
    pub async fn put_redirect(
        &self,
        editor: &StaffUser,
        old: &str,
        new: &str,
    ) -> Result<bool, RedirectError> {
        if !editor.role.can(Action::ManageRedirects) {
            return Err(RedirectError::NotAllowed);
        }
        let old = OldAddress::parse(old).map_err(RedirectError::Old)?;
        let new = NewAddress::parse(new).map_err(RedirectError::New)?;
        if OldAddress::parse(new.as_str()).is_ok_and(|again| again == old) {
            return Err(RedirectError::ToItself);
        }
        let (_, made) = self
            .store()
            .put_redirect(&old, &new, RedirectOrigin::Newsroom, Actor::Member(editor.id))
            .await?;
        self.committed().await;
        Ok(made)
    }

    pub async fn delete_redirect(&self, editor: &StaffUser, id: i64) -> Result<(), RedirectError> {
        if !editor.role.can(Action::ManageRedirects) {
            return Err(RedirectError::NotAllowed);
        }
        if !self.store().delete_redirect(id, Actor::Member(editor.id)).await? {
            return Err(RedirectError::NotFound);
        }
        self.committed().await;
        Ok(())
    }
}
