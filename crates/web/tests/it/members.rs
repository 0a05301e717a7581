//! Members an admin deactivates: sign-in refused as a wrong password is, sessions ended at
//! once, their stories kept; and reactivated.

use crate::newsroom::{ids, post_as, write_story};
use crate::support::on_both_databases;
use dateline_domain::Role;

on_both_databases! {
    async fn a_deactivated_member_is_signed_out_and_kept_out_until_reactivated(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let writer = app.signed_in("walid", Role::Author).await;
        let ids = ids(&app).await;
        let story = write_story(&app, &writer, &ids, "Quay lights to be replaced by spring").await;
        let walid = app.app.store.password_hash("walid").await.unwrap().unwrap().0.to_string();

        let deactivated = post_as(&app, &admin, "/newsroom/users/active", &[("id", &walid), ("active", "0")]).await;
        assert_eq!(deactivated.status, 303, "{}", deactivated.body);
        let people = app.get_with("/newsroom/users", &[("cookie", &admin.cookie)]).await;
        assert_eq!(people.count(&format!("#member-{walid}.member-deactivated")), 1);
        assert!(people.texts(&format!("#member-{walid} .member-access"))[0].starts_with("Deactivated "));

        let their_session = app.get_with("/newsroom", &[("cookie", &writer.cookie)]).await;
        assert_eq!((their_session.status, their_session.header("location")), (303, "/newsroom/login".to_owned()), "their session ended");
        let refused = app.post_form("/newsroom/login", &[("username", "walid"), ("password", "walid-long-password")], &[]).await;
        assert_eq!(refused.status, 401);
        assert_eq!(refused.texts(".form-error"), vec!["That username and password do not match."], "told as a wrong password is");
        let list = app.get_with("/newsroom?q=quay+lights", &[("cookie", &admin.cookie)]).await;
        assert_eq!(list.attrs(".story-table .story-title a", "href"), vec![format!("/newsroom/stories/{story}")], "their story stays");

        let own = post_as(&app, &admin, "/newsroom/users/active", &[("id", &app.app.store.password_hash("ada").await.unwrap().unwrap().0.to_string()), ("active", "0")]).await;
        assert_eq!(own.status, 422);
        assert_eq!(own.texts(".form-error"), vec!["You cannot deactivate your own account; ask another admin."]);
        let editor = app.signed_in("edie", Role::Editor).await;
        assert_eq!(post_as(&app, &editor, "/newsroom/users/active", &[("id", &walid), ("active", "1")]).await.status, 403, "only admins");

        post_as(&app, &admin, "/newsroom/users/active", &[("id", &walid), ("active", "1")]).await;
        let back = app.post_form("/newsroom/login", &[("username", "walid"), ("password", "walid-long-password")], &[]).await;
        assert_eq!(back.status, 303, "reactivated, they sign in again");
    }
}
