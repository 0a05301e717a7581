//! The newsroom accounts and the API keys an operator manages from the command line
//! (`dateline user …`, `dateline key …`), through the same use cases as the newsroom's pages.

use anyhow::Context;
use clap::Subcommand;
use dateline_domain::ApiKeyKind;
use dateline_service::{KeyHolder, Service};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Make a key; the whole key is printed once.
    Add {
        #[command(subcommand)]
        kind: NewKeyKind,
    },
    /// List the keys (never their secrets).
    List,
    /// Stop a key working, on every node.
    Revoke {
        /// The key's number, as `dateline key list` shows it.
        id: i64,
    },
}

#[derive(Subcommand)]
pub enum NewKeyKind {
    /// A Content API key (read-only, published content), for front-ends and apps.
    Content {
        /// Who uses the key ("Static front-end").
        name: String,
    },
    /// An Admin API key, with the rights of a newsroom role.
    Admin {
        /// Who uses the key ("Publishing script").
        name: String,
        /// contributor, author, editor or admin.
        #[arg(long)]
        role: String,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account; its password is printed once.
    Add {
        username: String,
        /// contributor, author, editor or admin.
        #[arg(long, default_value = "contributor")]
        role: String,
        /// The name shown in the newsroom (default: the username).
        #[arg(long)]
        name: Option<String>,
    },
    /// Give an account a new password (printed once) and end its sessions.
    ResetPassword { username: String },
    /// Refuse an account's sign-in and end its sessions; its stories and bylines stay.
    Deactivate { username: String },
    /// Let a deactivated account sign in again.
    Reactivate { username: String },
    /// List the accounts.
    List,
}

pub async fn manage_users(service: &Service, action: &UserCommand) -> anyhow::Result<()> {
    match action {
        UserCommand::Add { username, role, name } => {
            let role = parse_role(role)?;
            let password = service
                .add_member(username, name.as_deref().unwrap_or_default(), role)
                .await
                .with_context(|| format!("creating {username}"))?;
            println!(
                "Created {username} ({}). Password (shown only this once): {password}",
                role.as_str()
            );
        }
        UserCommand::ResetPassword { username } => {
            let password = service
                .reset_password(username)
                .await
                .with_context(|| format!("resetting the password of {username}"))?;
            println!("New password for {username} (shown only this once): {password}");
        }
        UserCommand::Deactivate { username } | UserCommand::Reactivate { username } => {
            let active = matches!(action, UserCommand::Reactivate { .. });
            service
                .set_account_active(username, active)
                .await
                .with_context(|| format!("changing whether {username} may sign in"))?;
            let now = if active {
                "may sign in again"
            } else {
                "is deactivated"
            };
            println!("{username} {now}.");
        }
        UserCommand::List => {
            for user in service.store().users().await? {
                let access = if user.deactivated_at.is_some() {
                    "deactivated"
                } else {
                    ""
                };
                println!(
                    "{:<20} {:<12} {:<12} {}",
                    user.username, user.role, access, user.display_name
                );
            }
        }
    }
    Ok(())
}

pub async fn manage_keys(service: &Service, action: &KeyCommand) -> anyhow::Result<()> {
    match action {
        KeyCommand::Add { kind } => {
            let (kind, name) = match kind {
                NewKeyKind::Content { name } => (ApiKeyKind::Content, name),
                NewKeyKind::Admin { name, role } => (ApiKeyKind::Admin(parse_role(role)?), name),
            };
            let key = service
                .add_api_key(KeyHolder::Operator, kind, name)
                .await
                .with_context(|| format!("making the key {name:?}"))?;
            println!("Key {} ({}): {}", key.id, kind.name(), key.text);
            println!("Keep it now: it is not shown again.");
        }
        KeyCommand::List => {
            for key in service.store().api_keys().await? {
                let state = match key.revoked_at {
                    Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M UTC")),
                    None => "live".to_owned(),
                };
                let kind = match &key.role {
                    Some(role) => format!("{} ({role})", key.kind),
                    None => key.kind.clone(),
                };
                println!(
                    "{:<5} {:<18} {:<26} {:<28} {}",
                    key.id, kind, key.public_id, key.name, state
                );
            }
        }
        KeyCommand::Revoke { id } => {
            service
                .revoke_api_key(KeyHolder::Operator, *id)
                .await
                .with_context(|| format!("revoking key {id}"))?;
            println!("Key {id} no longer works.");
        }
    }
    Ok(())
}

fn parse_role(raw: &str) -> anyhow::Result<dateline_domain::Role> {
    raw.parse()
        .map_err(|_| anyhow::anyhow!("the role is one of contributor, author, editor, admin"))
}
