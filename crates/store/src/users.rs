//! Newsroom accounts and their sessions.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, Lang, NewEvent, Role};

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

/// A newsroom account, as the users list shows it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    /// When an admin deactivated them; none while they may sign in.
    pub deactivated_at: Option<DateTime<Utc>>,
}

/// A signed-in member of the newsroom.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    /// The language the newsroom speaks to them: the one they chose or, until they choose, the
    /// edition of their newest story; none when neither says (the browser's then counts).
    pub lang: Option<Lang>,
}

fn role(raw: &str) -> StoreResult<Role> {
    raw.parse()
        .map_err(|e: dateline_domain::comment::UnknownValue| StoreError::Corrupt(e.to_string()))
}

/// What [`Store::import_member`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberImported {
    Added(i64),
    /// An earlier run of the import made it.
    AlreadyThere,
    /// Another account has the username (and writes under another byline, or none).
    UsernameTaken,
}

/// The password hash of an account that has no password yet: no password verifies against it.
pub const NO_PASSWORD: &str = "!";

impl Store {
    pub async fn create_user(&self, user: NewUser<'_>, actor: Actor) -> StoreResult<i64> {
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO users (username, display_name, password_hash, role, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.password_hash)
            .bind(user.role.as_str())
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            (id, vec![NewEvent::new(EventKind::MemberAdded, actor).subject(id)])
        })
    }

    /// A member brought in with an archive, linked to the byline `author_id`, as an author and
    /// without a password (none verifies against [`NO_PASSWORD`]) until an operator gives one.
    /// An account of that username already there is left as it is.
    pub async fn import_member(
        &self,
        username: &str,
        display_name: &str,
        author_id: i64,
        actor: Actor,
    ) -> StoreResult<MemberImported> {
        write_with_events!(self, |tx| {
            let made: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO users (username, display_name, password_hash, role, author_id, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id",
            )
            .bind(username)
            .bind(display_name)
            .bind(NO_PASSWORD)
            .bind(Role::Author.as_str())
            .bind(author_id)
            .bind(Utc::now())
            .fetch_optional(&mut *tx)
            .await?;
            match made {
                Some((id,)) => (
                    MemberImported::Added(id),
                    vec![NewEvent::new(EventKind::MemberAdded, actor).subject(id)],
                ),
                None => {
                    let (byline,): (Option<i64>,) =
                        sqlx::query_as("SELECT author_id FROM users WHERE username = $1")
                            .bind(username)
                            .fetch_one(&mut *tx)
                            .await?;
                    let found = if byline == Some(author_id) {
                        MemberImported::AlreadyThere
                    } else {
                        MemberImported::UsernameTaken
                    };
                    (found, Vec::new())
                }
            }
        })
    }

    /// The stored password hash for a username, for logging in; none for a member who was
    /// deactivated, who signs in no more than an unknown name.
    pub async fn password_hash(&self, username: &str) -> StoreResult<Option<(i64, String)>> {
        let row: Option<(i64, String)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, password_hash FROM users WHERE username = $1 AND deactivated_at IS NULL",
            )
            .bind(username)
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }

    /// Starts a session for a user; the token itself is never stored, only its digest.
    pub async fn create_session(
        &self,
        token_digest: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_digest)
            .bind(user_id)
            .bind(csrf_token)
            .bind(Utc::now())
            .bind(expires_at)
            .execute(pool)
            .await?;
        });
        self.made_durable().await
    }

    /// The user of a session that has not expired at `now`.
    pub async fn session_user(
        &self,
        token_digest: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<StaffUser>> {
        type Row = (i64, String, String, String, String, Option<String>);
        let row: Option<Row> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT u.id, u.username, u.display_name, u.role, s.csrf_token,
                        COALESCE(u.interface_lang,
                                 (SELECT a.edition FROM article_authors aa JOIN articles a ON a.id = aa.article_id
                                  WHERE aa.author_id = u.author_id ORDER BY aa.article_id DESC LIMIT 1))
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL",
            )
            .bind(token_digest)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(id, username, display_name, role_name, csrf_token, lang)| {
            Ok(StaffUser {
                id,
                username,
                display_name,
                role: role(&role_name)?,
                csrf_token,
                lang: lang
                    .map(|code| code.parse())
                    .transpose()
                    .map_err(|_| StoreError::Corrupt(format!("member {id} has an unknown language")))?,
            })
        })
        .transpose()
    }

    /// Deactivates a member (their sessions end at once) or lets them sign in again; false when
    /// there is no such member or they already were so.
    pub async fn set_active(&self, user_id: i64, active: bool, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let changed = if active {
                sqlx::query(
                    "UPDATE users SET deactivated_at = NULL WHERE id = $1 AND deactivated_at IS NOT NULL",
                )
                .bind(user_id)
                .execute(&mut *tx)
                .await?
            } else {
                sqlx::query("UPDATE users SET deactivated_at = $2 WHERE id = $1 AND deactivated_at IS NULL")
                    .bind(user_id)
                    .bind(Utc::now())
                    .execute(&mut *tx)
                    .await?
            }
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let kind = if active {
                EventKind::MemberReactivated
            } else {
                EventKind::MemberDeactivated
            };
            (true, vec![NewEvent::new(kind, actor).subject(user_id)])
        })
    }

    /// Records the language `user_id` chose to work in.
    pub async fn set_interface_lang(&self, user_id: i64, lang: Lang) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            sqlx::query("UPDATE users SET interface_lang = $2 WHERE id = $1")
                .bind(user_id)
                .bind(lang.code())
                .execute(&mut *tx)
                .await?;
            (
                (),
                vec![NewEvent::new(EventKind::MemberLanguageChosen, Actor::Member(user_id)).subject(user_id)],
            )
        })
    }

    pub async fn end_session(&self, token_digest: &str) -> StoreResult<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_digest)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// A site secret by name, made from `fresh` the first time it is asked for and kept after.
    pub async fn secret(&self, name: &str, fresh: &str) -> StoreResult<String> {
        let (made, (value,)): (bool, (String,)) = on_db!(self, |pool| {
            let made = sqlx::query(
                "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(fresh)
            .execute(pool)
            .await?
            .rows_affected()
                > 0;
            let value = sqlx::query_as("SELECT value FROM site_secrets WHERE name = $1")
                .bind(name)
                .fetch_one(pool)
                .await?;
            (made, value)
        });
        // A secret that signed cookies must not come back different after a power cut.
        if made {
            self.made_durable().await?;
        }
        Ok(value)
    }

    /// The newsroom's people: the accounts admin API keys act as are not among them.
    pub async fn users(&self) -> StoreResult<Vec<UserSummary>> {
        let rows: Vec<UserSummary> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, username, display_name, role, created_at, deactivated_at FROM users
                 WHERE id NOT IN (SELECT user_id FROM api_keys WHERE user_id IS NOT NULL)
                 ORDER BY username",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Replaces a user's password and ends their sessions; false when there is no such user.
    pub async fn set_password(&self, username: &str, password_hash: &str, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let user: Option<(i64,)> =
                sqlx::query_as("UPDATE users SET password_hash = $2 WHERE username = $1 RETURNING id")
                    .bind(username)
                    .bind(password_hash)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((user_id,)) = user else {
                return Ok(false);
            };
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            (
                true,
                vec![NewEvent::new(EventKind::MemberPasswordSet, actor).subject(user_id)],
            )
        })
    }

    pub async fn create_invite(
        &self,
        user_id: i64,
        token_digest: &str,
        expires_at: DateTime<Utc>,
        actor: Actor,
    ) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            sqlx::query("INSERT INTO user_invites (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
                .bind(token_digest)
                .bind(user_id)
                .bind(expires_at)
                .execute(&mut *tx)
                .await?;
            (
                (),
                vec![NewEvent::new(EventKind::MemberInvited, actor).subject(user_id)],
            )
        })
    }

    /// The username an unused, unexpired invite is for.
    pub async fn invite(&self, token_digest: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT u.username FROM user_invites i JOIN users u ON u.id = i.user_id
                 WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2",
            )
            .bind(token_digest)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(username,)| username))
    }

    /// Uses an invite to set the account's password; only once. Returns the username.
    pub async fn redeem_invite(
        &self,
        token_digest: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        write_with_events!(self, |tx| {
            let claimed: Option<(i64,)> = sqlx::query_as(
                "UPDATE user_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
            )
            .bind(token_digest)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((user_id,)) = claimed else {
                return Ok(None);
            };
            let (username,): (String,) =
                sqlx::query_as("UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING username")
                    .bind(user_id)
                    .bind(password_hash)
                    .fetch_one(&mut *tx)
                    .await?;
            let event = NewEvent::new(EventKind::MemberPasswordSet, Actor::Member(user_id)).subject(user_id);
            (Some(username), vec![event])
        })
    }

    /// Gives an account another role and ends its sessions, so the change holds at once.
    pub async fn set_role(&self, user_id: i64, role: Role, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let changed = sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
                .bind(user_id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            (
                true,
                vec![NewEvent::new(EventKind::MemberRoleChanged, actor).subject(user_id)],
            )
        })
    }
}
