//! What follows a write once it is committed: the cached pages showing what changed are
//! forgotten (the others stay), and the search index takes in the change.

use crate::App;
use crate::cache::PageTag;
use dateline_store::indexing::Membership;

impl App {
    /// What a story belongs to now; read it before a write that may move the story, and hand
    /// it to [`App::story_changed`] after.
    pub(crate) async fn membership(&self, story_id: i64) -> Membership {
        self.store
            .story_membership(story_id)
            .await
            .unwrap_or_else(|error| {
                tracing::error!(%error, story_id, "reading a story's lists; forgetting every page");
                self.cache.clear();
                Membership::default()
            })
    }

    /// A story was created, edited, corrected, moved or published: its page, the pages listing
    /// it before and after (`before`), and its translation's page are rendered afresh.
    pub(crate) async fn story_changed(&self, story_id: i64, before: Membership) {
        let after = self.membership(story_id).await;
        let mut tags = vec![PageTag::Story(story_id)];
        // A story readers did not and do not see is in no page but its own preview.
        for membership in [&before, &after].into_iter().filter(|m| m.published) {
            tags.extend(membership.lang.map(PageTag::Edition));
            tags.extend(membership.section_id.map(PageTag::Section));
            tags.extend(membership.translation_id.map(PageTag::Story));
            tags.extend(membership.author_ids.iter().copied().map(PageTag::Author));
            tags.extend(membership.tag_ids.iter().copied().map(PageTag::Topic));
        }
        self.cache.invalidate(&tags);
        self.reindex_story(story_id).await;
    }

    /// The comments shown under these stories changed.
    pub(crate) fn comments_changed(&self, story_ids: &[i64]) {
        let tags: Vec<PageTag> = story_ids.iter().copied().map(PageTag::Comments).collect();
        self.cache.invalidate(&tags);
    }

    /// Something every page shows changed (site name, sections, authors, static pages, the
    /// comment rules): every page is rendered afresh.
    /// Also for tools and tests that change the settings in the store directly.
    pub fn site_changed(&self) {
        self.settings.forget();
        self.cache.clear();
    }

    /// A section, author or tag was added or renamed: every page shows them, and the search
    /// index holds their names with each story.
    pub(crate) fn desk_changed(&self) {
        self.site_changed();
        self.reindex_in_background();
    }
}
