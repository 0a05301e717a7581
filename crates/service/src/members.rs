//! The newsroom's members: signing in and out, invitations by a one-time link, roles, and the
//! accounts an operator makes from the command line. Tokens are never stored, only digests.

use crate::Service;
use chrono::{DateTime, Duration, Utc};
use dateline_domain::digest::hex_token;
use dateline_domain::{Action, Actor, Lang, Role, password};
use dateline_store::StoreError;
use dateline_store::users::{NewUser, StaffUser};
use std::net::IpAddr;

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;
/// How long an invitation link works.
const INVITE_DAYS: i64 = 7;
/// The shortest password a member may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a change to the members was not made.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("only admins manage members")]
    NotAllowed,
    #[error("a username is letters, digits, '.', '_' or '-'")]
    UsernameInvalid,
    #[error("that username is taken")]
    UsernameTaken,
    #[error("no such member")]
    NotFound,
    /// An admin cannot lock themselves (and perhaps everyone) out of the people page.
    #[error("members cannot change their own role")]
    OwnRole,
    /// Nor deactivate their own account.
    #[error("members cannot deactivate themselves")]
    OwnAccount,
    #[error("could not hash a password: {0}")]
    Password(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why an invitation was not taken up.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    /// Unknown, used or expired.
    #[error("that invitation does not work (any more)")]
    Unknown,
    #[error("choose a password of at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("the two passwords differ")]
    PasswordsDiffer,
    #[error(transparent)]
    Member(#[from] MemberError),
}

/// Why a member was not signed in.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("too many sign-in attempts")]
    TooManyAttempts,
    #[error("that username and password do not match")]
    Mismatch,
    #[error(transparent)]
    Member(#[from] MemberError),
}

/// A new session: its token goes to the member's browser, its digest to the store.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// Marks the browser as one the member signed in on: kept by it, and given back with
    /// later sign-ins (see [`Service::sign_in`]).
    pub device: String,
}

impl From<StoreError> for SignInError {
    fn from(error: StoreError) -> Self {
        SignInError::Member(error.into())
    }
}

impl From<StoreError> for InviteError {
    fn from(error: StoreError) -> Self {
        InviteError::Member(error.into())
    }
}

pub(crate) fn valid_username(username: &str) -> bool {
    !username.is_empty() && username.chars().all(|c| c.is_alphanumeric() || "._-".contains(c))
}

async fn hash(password: String) -> Result<String, MemberError> {
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| MemberError::Password(e.to_string()))?
        .map_err(|e| MemberError::Password(e.to_string()))
}

fn fresh_password() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), 20)
}

impl Service {
    fn session_digest(&self, token: &str) -> String {
        self.digest(&format!("session:{token}"))
    }

    /// What a browser the member `account` signed in on shows: no one can make it without
    /// the site's key.
    fn device_mark(&self, account: &str) -> String {
        self.digest(&format!("device:{account}"))
    }

    fn invite_digest(&self, token: &str) -> String {
        self.digest(&format!("invite:{token}"))
    }

    /// Signs a member in. Failed attempts are limited per address, per address and account,
    /// and (more loosely) per account, which a browser the member signed in on before passes
    /// (it shows `device`, from an earlier [`Session`]): a stranger's guesses cannot lock the
    /// owner out, and sign-ins that succeed are never counted. An unknown username takes the
    /// same work as a wrong password.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        address: IpAddr,
        device: Option<&str>,
    ) -> Result<Session, SignInError> {
        let username = username.trim();
        let account = username.to_lowercase();
        let limits = self.limits();
        let address = address.to_string();
        let pair = format!("{address} {account}");
        let mut checks = vec![
            (limits.logins_by_address, address.as_str()),
            (limits.logins_by_address_and_account, pair.as_str()),
        ];
        let known_device = device == Some(self.device_mark(&account).as_str());
        if !known_device {
            checks.push((limits.logins_by_account, account.as_str()));
        }
        if self.used_up(&checks).await? {
            return Err(SignInError::TooManyAttempts);
        }
        let stored = self.store().password_hash(username).await?;
        let password = password.to_owned();
        let verified = tokio::task::spawn_blocking(move || {
            let hash = stored.as_ref().map(|(_, hash)| hash.as_str());
            password::verify_without_telling(&password, hash)
                .then(|| stored.map(|(id, _)| id))
                .flatten()
        })
        .await
        .map_err(|e| MemberError::Password(e.to_string()))?;
        let Some(user_id) = verified else {
            if known_device {
                checks.push((limits.logins_by_account, account.as_str()));
            }
            self.count_against(&checks).await?;
            return Err(SignInError::Mismatch);
        };
        let token = hex_token(rand::random());
        let expires_at = Utc::now() + Duration::hours(SESSION_HOURS);
        self.store()
            .create_session(
                &self.session_digest(&token),
                user_id,
                &hex_token(rand::random()),
                expires_at,
            )
            .await?;
        Ok(Session {
            token,
            expires_at,
            device: self.device_mark(&account),
        })
    }

    /// The member a session token belongs to, while the session lasts.
    pub async fn session_member(&self, token: &str) -> Result<Option<StaffUser>, StoreError> {
        self.store()
            .session_user(&self.session_digest(token), Utc::now())
            .await
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        self.store().end_session(&self.session_digest(token)).await
    }

    /// Creates an account nobody can sign in to until its one-time link is opened; returns the
    /// link's token.
    pub async fn invite_member(
        &self,
        admin: &StaffUser,
        username: &str,
        display_name: &str,
        role: Role,
    ) -> Result<String, MemberError> {
        if !admin.role.can(Action::ManageUsers) {
            return Err(MemberError::NotAllowed);
        }
        let username = username.trim();
        if !valid_username(username) {
            return Err(MemberError::UsernameInvalid);
        }
        let display_name = match display_name.trim() {
            "" => username,
            name => name,
        };
        // Nobody knows this password: the account opens only through the link.
        let unusable = hash(hex_token(rand::random())).await?;
        let actor = Actor::Member(admin.id);
        let user = NewUser {
            username,
            display_name,
            password_hash: &unusable,
            role,
        };
        let user_id = self.create_user(user, actor).await?;
        let token = hex_token(rand::random());
        self.store()
            .create_invite(
                user_id,
                &self.invite_digest(&token),
                Utc::now() + Duration::days(INVITE_DAYS),
                actor,
            )
            .await?;
        self.committed().await;
        Ok(token)
    }

    /// The username an invitation link is for, while it works.
    pub async fn invited(&self, token: &str) -> Result<Option<String>, StoreError> {
        self.store().invite(&self.invite_digest(token), Utc::now()).await
    }

    /// Sets the invited member's password; the link works once. Returns the username.
    pub async fn accept_invite(
        &self,
        token: &str,
        password: &str,
        again: &str,
    ) -> Result<String, InviteError> {
        if self.invited(token).await?.is_none() {
            return Err(InviteError::Unknown);
        }
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(InviteError::PasswordTooShort);
        }
        if password != again {
            return Err(InviteError::PasswordsDiffer);
        }
        let hashed = hash(password.to_owned()).await?;
        let username = self
            .store()
            .redeem_invite(&self.invite_digest(token), &hashed, Utc::now())
            .await?
            .ok_or(InviteError::Unknown)?;
        self.committed().await;
        Ok(username)
    }

    /// Gives another member a new role; their sessions end, so it holds at once.
    pub async fn change_role(&self, admin: &StaffUser, user_id: i64, role: Role) -> Result<(), MemberError> {
        if !admin.role.can(Action::ManageUsers) {
            return Err(MemberError::NotAllowed);
        }
        if user_id == admin.id {
            return Err(MemberError::OwnRole);
        }
        if !self
            .store()
            .set_role(user_id, role, Actor::Member(admin.id))
            .await?
        {
            return Err(MemberError::NotFound);
        }
        self.committed().await;
        Ok(())
    }

    /// The language `member` chose to work in; the newsroom speaks it from their next page on.
    pub async fn choose_language(&self, member: &StaffUser, lang: Lang) -> Result<(), StoreError> {
        self.store().set_interface_lang(member.id, lang).await?;
        self.committed().await;
        Ok(())
    }

    /// Deactivates another member (sign-in refused, sessions ended, bylines kept) or lets them
    /// sign in again.
    pub async fn set_member_active(
        &self,
        admin: &StaffUser,
        user_id: i64,
        active: bool,
    ) -> Result<(), MemberError> {
        if !admin.role.can(Action::ManageUsers) {
            return Err(MemberError::NotAllowed);
        }
        if user_id == admin.id {
            return Err(MemberError::OwnAccount);
        }
        let changed = self
            .store()
            .set_active(user_id, active, Actor::Member(admin.id))
            .await?;
        if changed {
            self.committed().await;
        }
        Ok(())
    }

    /// The operator's way to [`Service::set_member_active`], from the command line, by username.
    pub async fn set_account_active(&self, username: &str, active: bool) -> Result<(), MemberError> {
        let user = self
            .store()
            .users()
            .await?
            .into_iter()
            .find(|user| user.username == username)
            .ok_or(MemberError::NotFound)?;
        if self.store().set_active(user.id, active, Actor::System).await? {
            self.committed().await;
        }
        Ok(())
    }

    /// An operator's new account, from the command line; returns its password, shown once.
    pub async fn add_member(
        &self,
        username: &str,
        display_name: &str,
        role: Role,
    ) -> Result<String, MemberError> {
        let username = username.trim();
        if !valid_username(username) {
            return Err(MemberError::UsernameInvalid);
        }
        let password = fresh_password();
        let hashed = hash(password.clone()).await?;
        let display_name = match display_name.trim() {
            "" => username,
            name => name,
        };
        let user = NewUser {
            username,
            display_name,
            password_hash: &hashed,
            role,
        };
        self.create_user(user, Actor::System).await?;
        self.committed().await;
        Ok(password)
    }

    /// An operator's new password for an account (shown once); its sessions end.
    pub async fn reset_password(&self, username: &str) -> Result<String, MemberError> {
        let password = fresh_password();
        let hashed = hash(password.clone()).await?;
        if !self
            .store()
            .set_password(username, &hashed, Actor::System)
            .await?
        {
            return Err(MemberError::NotFound);
        }
        self.committed().await;
        Ok(password)
    }

    async fn create_user(&self, user: NewUser<'_>, actor: Actor) -> Result<i64, MemberError> {
        let username = user.username.to_owned();
        match self.store().create_user(user, actor).await {
            Ok(id) => Ok(id),
            Err(error) if error.is_unique_violation() => {
                tracing::debug!(username, "username taken");
                Err(MemberError::UsernameTaken)
            }
            Err(error) => Err(error.into()),
        }
    }
}
