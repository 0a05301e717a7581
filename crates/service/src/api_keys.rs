//! Keys for the JSON APIs: admins make, name and revoke them in the newsroom, operators from
//! the command line. The live keys are kept in memory, since every API request is checked
//! against them; the memory is forgotten when an `api_key.*` event reaches this node, so a
//! revoked key stops working on every node as its event arrives.

use crate::Service;
use dateline_domain::{Action, Actor, AdminKeyId, AdminSecret, ApiKeyKind, ApiKeyName, ContentKey};
use dateline_store::api_keys::{LiveApiKey, NewApiKey};
use dateline_store::users::StaffUser;
use dateline_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Who makes or revokes a key.
#[derive(Debug, Clone, Copy)]
pub enum KeyHolder<'a> {
    /// The operator, from the command line.
    Operator,
    /// A member of the newsroom, who must be allowed to manage the site.
    Member(&'a StaffUser),
}

impl KeyHolder<'_> {
    fn actor(self) -> Result<Actor, ApiKeyError> {
        match self {
            KeyHolder::Operator => Ok(Actor::System),
            KeyHolder::Member(member) if member.role.can(Action::ManageSiteSettings) => {
                Ok(Actor::Member(member.id))
            }
            KeyHolder::Member(_) => Err(ApiKeyError::NotAllowed),
        }
    }
}

/// A key just made: the only time its whole text is shown.
#[derive(Debug, Clone)]
pub struct IssuedKey {
    pub id: i64,
    /// What the client is given: the content key, or `<id>:<secret>` for an admin key.
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("only admins manage API keys")]
    NotAllowed,
    #[error(transparent)]
    Name(#[from] dateline_domain::api_key::ApiKeyNameError),
    #[error("no such key, or it was already revoked")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The live keys, by the text a client sends (a content key, an admin key's id).
#[derive(Default)]
pub(crate) struct KeyMemo(RwLock<Held>);

type LiveKeys = Arc<HashMap<String, LiveApiKey>>;

#[derive(Default)]
struct Held {
    keys: Option<LiveKeys>,
    /// How many times the keys were forgotten: a load that began before the latest forget
    /// may have read a key since revoked, so it is not kept.
    forgotten: u64,
}

impl KeyMemo {
    async fn get(&self, store: &Store) -> Result<LiveKeys, StoreError> {
        let forgotten = {
            let held = self.0.read().unwrap_or_else(|e| e.into_inner());
            if let Some(keys) = &held.keys {
                return Ok(keys.clone());
            }
            held.forgotten
        };
        let keys: LiveKeys = Arc::new(
            store
                .live_api_keys()
                .await?
                .into_iter()
                .map(|key| (key.public_id.clone(), key))
                .collect(),
        );
        let mut held = self.0.write().unwrap_or_else(|e| e.into_inner());
        if held.forgotten == forgotten {
            held.keys = Some(keys.clone());
        }
        Ok(keys)
    }

    fn forget(&self) {
        let mut held = self.0.write().unwrap_or_else(|e| e.into_inner());
        held.keys = None;
        held.forgotten += 1;
    }
}

/// The newsroom account an admin key acts as, holding the key's role; none for a content
/// key.
pub fn key_account(key: &LiveApiKey) -> Option<StaffUser> {
    let (ApiKeyKind::Admin(role), Some(id)) = (key.kind, key.user_id) else {
        return None;
    };
    Some(StaffUser {
        id,
        username: format!("key:{}", key.public_id),
        display_name: key.name.clone(),
        role,
        csrf_token: String::new(),
        lang: None,
    })
}

impl Service {
    /// Makes a key for `kind` named `name`; its whole text is returned once, to be shown once.
    pub async fn add_api_key(
        &self,
        by: KeyHolder<'_>,
        kind: ApiKeyKind,
        name: &str,
    ) -> Result<IssuedKey, ApiKeyError> {
        let actor = by.actor()?;
        let name = ApiKeyName::parse(name)?;
        let random: [u8; 32] = rand::random();
        let (public_id, secret, text) = match kind {
            ApiKeyKind::Content => {
                let key = ContentKey::from_random(&random[..13]);
                (key.as_str().to_owned(), None, key.as_str().to_owned())
            }
            ApiKeyKind::Admin(_) => {
                let id = AdminKeyId::from_random(&rand::random::<[u8; 12]>());
                let secret = AdminSecret::from_random(&random);
                let text = format!("{}:{}", id.as_str(), secret.as_str());
                (id.as_str().to_owned(), Some(secret), text)
            }
        };
        let key = NewApiKey {
            kind,
            name: &name,
            public_id: &public_id,
            secret: secret.as_ref(),
        };
        let id = self.store().create_api_key(key, actor).await?;
        self.committed().await;
        Ok(IssuedKey { id, text })
    }

    /// Stops the key `id` working, on every node as its event reaches it.
    pub async fn revoke_api_key(&self, by: KeyHolder<'_>, id: i64) -> Result<(), ApiKeyError> {
        let actor = by.actor()?;
        if !self.store().revoke_api_key(id, actor).await? {
            return Err(ApiKeyError::NotFound);
        }
        self.committed().await;
        Ok(())
    }

    /// The live key a client names by `public_id` (a content key, or an admin key's id).
    pub async fn live_api_key(&self, public_id: &str) -> Result<Option<LiveApiKey>, StoreError> {
        Ok(self.0.api_keys.get(self.store()).await?.get(public_id).cloned())
    }

    /// Forgets the live keys held: a key was made or revoked (here or on another node).
    pub fn forget_api_keys(&self) {
        self.0.api_keys.forget();
    }
}
