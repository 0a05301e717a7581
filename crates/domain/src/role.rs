//! Newsroom roles. The full permission table comes with the newsroom; for now, who moderates.

use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Contributor,
    Author,
    Editor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Editors and admins moderate readers' comments.
    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }
}

impl FromStr for Role {
    type Err = crate::comment::UnknownValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        [Role::Contributor, Role::Author, Role::Editor, Role::Admin]
            .into_iter()
            .find(|role| role.as_str() == raw)
            .ok_or_else(|| crate::comment::UnknownValue(raw.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn only_editors_and_admins_moderate() {
        let moderators: Vec<Role> = [Role::Contributor, Role::Author, Role::Editor, Role::Admin]
            .into_iter()
            .filter(|role| role.can_moderate())
            .collect();
        assert_eq!(moderators, vec![Role::Editor, Role::Admin]);
        assert_eq!("editor".parse::<Role>(), Ok(Role::Editor));
        assert!("root".parse::<Role>().is_err());
    }
}
