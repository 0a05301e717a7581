//! The newsroom's nouns and rules. Nothing here does I/O: the store, the renderer and the
//! web layer all speak in these types, and a value of one of them has already passed its rules.

pub mod api_key;
pub mod comment;
pub mod diff;
pub mod digest;
pub mod event;
pub mod face;
pub mod focus;
pub mod lang;
pub mod model;
pub mod object_id;
pub mod paging;
pub mod password;
pub mod permission;
pub mod reaction;
pub mod redirect;
pub mod role;
pub mod slug;
pub mod status;
pub mod webhook;
pub mod wordlist;

pub use api_key::{AdminKeyId, AdminSecret, ApiKeyKind, ApiKeyName, ContentKey};
pub use comment::{
    CommentBody, CommentStatus, CommenterName, CommentsMode, Email, ModerationMode, Rule, Verdict,
};
pub use event::{Actor, Event, EventKind, NewEvent, PageTag};
pub use focus::Focus;
pub use lang::Lang;
pub use model::*;
pub use paging::PageNumber;
pub use permission::Action;
pub use reaction::{Reaction, ReactionTally, ReaderId};
pub use redirect::{AddressError, NewAddress, OldAddress};
pub use role::Role;
pub use slug::Slug;
pub use status::ArticleStatus;
pub use webhook::{HookEvent, HookTarget};
