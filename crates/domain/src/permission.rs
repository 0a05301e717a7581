//! Who may do what in the newsroom: one table, by role, tested for every role and action.

use crate::{ArticleStatus, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Write stories and edit one's own while they are drafts or in review.
    WriteStories,
    /// See other people's stories in the newsroom (their drafts, revisions and the lists).
    ReadAnyStory,
    /// Publish, schedule and unpublish one's own stories, and edit them when published.
    PublishOwnStories,
    /// Edit, schedule, publish and unpublish anyone's stories.
    EditAnyStory,
    /// Append corrections to published stories.
    AppendCorrections,
    ManageSectionsTagsAuthors,
    EditStaticPages,
    /// Send old addresses (an archive's permalinks) to new ones.
    ManageRedirects,
    ModerateComments,
    ManageUsers,
    ManageSiteSettings,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::WriteStories,
        Action::ReadAnyStory,
        Action::PublishOwnStories,
        Action::EditAnyStory,
        Action::AppendCorrections,
        Action::ManageSectionsTagsAuthors,
        Action::EditStaticPages,
        Action::ManageRedirects,
        Action::ModerateComments,
        Action::ManageUsers,
        Action::ManageSiteSettings,
    ];
}

impl Role {
    /// The permission table.
    pub fn can(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Contributor => matches!(action, WriteStories),
            Role::Author => matches!(action, WriteStories | ReadAnyStory | PublishOwnStories),
            Role::Editor => !matches!(action, ManageUsers | ManageSiteSettings),
            Role::Admin => true,
        }
    }

    /// Whether this role may see a story in the newsroom, `own` when the user wrote it.
    pub fn may_read(self, own: bool) -> bool {
        own || self.can(Action::ReadAnyStory)
    }

    /// Whether this role may edit a story in `status`, `own` when the user wrote it.
    pub fn may_edit(self, own: bool, status: ArticleStatus) -> bool {
        use ArticleStatus::*;
        self.can(Action::EditAnyStory)
            || own && self.can(Action::PublishOwnStories)
            || own && self.can(Action::WriteStories) && matches!(status, Draft | InReview)
    }

    /// Whether this role may move a story from `from` to `to`: a workflow edge this role is
    /// allowed to take.
    pub fn may_move(self, own: bool, from: ArticleStatus, to: ArticleStatus) -> bool {
        use ArticleStatus::*;
        if !from.can_move_to(to) {
            return false;
        }
        if self.can(Action::EditAnyStory) || own && self.can(Action::PublishOwnStories) {
            return true;
        }
        own && self.can(Action::WriteStories) && matches!((from, to), (Draft, InReview) | (InReview, Draft))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ArticleStatus::*;

    #[test]
    fn the_permission_table_for_every_role_and_action() {
        use Action::*;
        let expected = |role: Role, action: Action| match role {
            Role::Contributor => action == WriteStories,
            Role::Author => matches!(action, WriteStories | ReadAnyStory | PublishOwnStories),
            Role::Editor => !matches!(action, ManageUsers | ManageSiteSettings),
            Role::Admin => true,
        };
        for role in [Role::Contributor, Role::Author, Role::Editor, Role::Admin] {
            for action in Action::ALL {
                assert_eq!(role.can(action), expected(role, action), "{role:?} {action:?}");
            }
        }
        assert!(!Role::Editor.can(ManageUsers) && Role::Admin.can(ManageUsers));
        assert!(!Role::Contributor.may_read(false) && Role::Contributor.may_read(true));
        assert!(Role::Author.may_read(false));
        assert_eq!(Role::Editor.can(ModerateComments), Role::Editor.can_moderate());
    }

    #[test]
    fn contributors_write_and_submit_but_never_publish() {
        let c = Role::Contributor;
        assert!(c.may_move(true, Draft, InReview));
        assert!(c.may_move(true, InReview, Draft));
        assert!(!c.may_move(true, Draft, Published));
        assert!(!c.may_move(true, InReview, Scheduled));
        assert!(!c.may_move(false, Draft, InReview), "only their own stories");
        assert!(c.may_edit(true, Draft) && c.may_edit(true, InReview));
        assert!(!c.may_edit(true, Published) && !c.may_edit(false, Draft));
    }

    #[test]
    fn authors_publish_their_own_stories_only() {
        let a = Role::Author;
        assert!(a.may_move(true, Draft, Published));
        assert!(a.may_move(true, InReview, Scheduled));
        assert!(a.may_move(true, Published, Unpublished));
        assert!(!a.may_move(false, InReview, Published));
        assert!(a.may_edit(true, Published) && !a.may_edit(false, Draft));
    }

    #[test]
    fn editors_and_admins_move_any_story_along_the_workflow_only() {
        for role in [Role::Editor, Role::Admin] {
            assert!(role.may_move(false, InReview, Scheduled));
            assert!(role.may_move(false, Scheduled, Published));
            assert!(!role.may_move(false, Published, Draft), "unpublish first");
            assert!(!role.may_move(false, Draft, Draft));
            assert!(role.may_move(false, Scheduled, Scheduled), "reschedule");
            assert!(role.may_edit(false, Published));
        }
    }
}
