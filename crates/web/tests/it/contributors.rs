//! A contributor sees their own work only: other people's stories, drafts and revisions are
//! not there for them (404), and their lists hold their own stories; authors and editors see
//! the whole newsroom.

use crate::newsroom::{ids, write_story};
use crate::support::on_both_databases;
use dateline_domain::Role;

on_both_databases! {
    async fn a_contributor_sees_only_their_own_stories(app: TestApp) {
        let editor = app.signed_in("eda", Role::Editor).await;
        let contributor = app.signed_in("cora", Role::Contributor).await;
        let fresh = app.get_with("/newsroom", &[("cookie", &contributor.cookie)]).await;
        assert_eq!(fresh.texts(".empty"), vec!["No stories yet: the first one you write will be listed here."]);
        let author = app.signed_in("abe", Role::Author).await;
        let ids = ids(&app).await;
        let others = write_story(&app, &editor, &ids, "The editor drafts a dam story").await;
        let own = write_story(&app, &contributor, &ids, "Cora writes about the orchard").await;
        let get = |staff: &crate::support::Staff, path: String| {
            let (app, cookie) = (&app, staff.cookie.clone());
            async move { app.get_with(&path, &[("cookie", &cookie)]).await }
        };
        for path in [format!("/newsroom/stories/{others}"), format!("/newsroom/stories/{others}/revisions")] {
            assert_eq!(get(&contributor, path.clone()).await.status, 404, "{path}, to a contributor");
            assert_eq!(get(&author, path.clone()).await.status, 200, "{path}, to an author");
        }
        for path in [format!("/newsroom/stories/{own}"), format!("/newsroom/stories/{own}/revisions")] {
            assert_eq!(get(&contributor, path.clone()).await.status, 200, "{path}, their own");
        }
        for list in ["/newsroom", "/newsroom/stories?status=draft"] {
            let page = get(&contributor, list.to_owned()).await;
            assert!(page.body.contains("Cora writes about the orchard"), "{list}: {}", page.body);
            assert!(!page.body.contains("The editor drafts a dam story"), "{list} holds only their own");
            assert!(!page.body.contains("Ferry service returns"), "{list}: not the published stories of others either");
        }
        let editors_list = get(&editor, "/newsroom".to_owned()).await;
        assert!(editors_list.body.contains("Cora writes about the orchard") && editors_list.body.contains("The editor drafts a dam story"), "an editor sees every story");
    }
}
