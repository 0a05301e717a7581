//! Keys for the JSON APIs: made and revoked through the use cases, each leaving its event, and
//! a revoked key stops working on every node as its event reaches it.

use crate::newsroom::post_as;
use crate::support::{Backend, TestApp, eventually, on_both_databases};
use dateline_domain::{Actor, ApiKeyKind, EventKind, Role};
use dateline_service::{ApiKeyError, KeyHolder};
use dateline_store::users::StaffUser;

fn member(id: i64, role: Role) -> StaffUser {
    StaffUser {
        id,
        username: format!("member{id}"),
        display_name: "A Member".to_owned(),
        role,
        csrf_token: String::new(),
        lang: None,
    }
}

async fn kinds_since(app: &TestApp, after: i64) -> Vec<(Option<EventKind>, Option<i64>, Option<Actor>)> {
    let events = app.app.store.events_after(after, 100).await.expect("events");
    events
        .into_iter()
        .map(|e| (e.kind, e.subject_id, e.actor))
        .collect()
}

on_both_databases! {
    async fn keys_are_made_listed_and_revoked_with_their_events(app: TestApp) {
        let service = &app.app.service;
        let before = app.app.store.last_event_id().await.unwrap();
        let content = service.add_api_key(KeyHolder::Operator, ApiKeyKind::Content, " Static front-end ").await.unwrap();
        assert_eq!(content.text.len(), 26, "{}", content.text);
        assert!(content.text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        let admin = member(7, Role::Admin);
        let script = service
            .add_api_key(KeyHolder::Member(&admin), ApiKeyKind::Admin(Role::Editor), "Publishing script")
            .await
            .unwrap();
        let (id, secret) = script.text.split_once(':').expect("id:secret");
        assert_eq!((id.len(), secret.len()), (24, 64));
        assert_eq!(
            kinds_since(&app, before).await,
            vec![
                (Some(EventKind::ApiKeyAdded), Some(content.id), Some(Actor::System)),
                (Some(EventKind::ApiKeyAdded), Some(script.id), Some(Actor::Member(7))),
            ]
        );

        let live = service.live_api_key(&content.text).await.unwrap().expect("the content key works");
        assert_eq!(live.kind, ApiKeyKind::Content);
        let live = service.live_api_key(id).await.unwrap().expect("the admin key works");
        assert_eq!(live.kind, ApiKeyKind::Admin(Role::Editor));
        assert_eq!(live.secret.as_deref(), Some(secret));
        assert!(service.live_api_key(secret).await.unwrap().is_none(), "a secret is not an id");

        let listed = app.app.store.api_keys().await.unwrap();
        assert_eq!(listed.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["Publishing script", "Static front-end"]);
        assert!(!format!("{listed:?}").contains(secret), "the list never shows a secret");

        let before = app.app.store.last_event_id().await.unwrap();
        service.revoke_api_key(KeyHolder::Operator, content.id).await.unwrap();
        assert!(service.live_api_key(&content.text).await.unwrap().is_none(), "revoked at once on this node");
        assert!(matches!(service.revoke_api_key(KeyHolder::Operator, content.id).await, Err(ApiKeyError::NotFound)));
        assert_eq!(kinds_since(&app, before).await, vec![(Some(EventKind::ApiKeyRevoked), Some(content.id), Some(Actor::System))]);
        assert!(app.app.store.api_keys().await.unwrap()[1].revoked_at.is_some(), "a revoked key stays listed");
    }

    async fn only_admins_and_operators_manage_keys(app: TestApp) {
        let service = &app.app.service;
        let before = app.app.store.last_event_id().await.unwrap();
        let editor = member(3, Role::Editor);
        let refused = service.add_api_key(KeyHolder::Member(&editor), ApiKeyKind::Content, "Mine").await;
        assert!(matches!(refused, Err(ApiKeyError::NotAllowed)), "{refused:?}");
        for name in ["", "   ", "two\nlines", &"x".repeat(81)] {
            let refused = service.add_api_key(KeyHolder::Operator, ApiKeyKind::Content, name).await;
            assert!(matches!(refused, Err(ApiKeyError::Name(_))), "{name:?}: {refused:?}");
        }
        let key = service.add_api_key(KeyHolder::Operator, ApiKeyKind::Content, "Kept").await.unwrap();
        let refused = service.revoke_api_key(KeyHolder::Member(&editor), key.id).await;
        assert!(matches!(refused, Err(ApiKeyError::NotAllowed)));
        assert!(service.live_api_key(&key.text).await.unwrap().is_some());
        assert_eq!(kinds_since(&app, before).await.len(), 1, "only the operator's key left an event");
    }
}

#[tokio::test]
async fn a_key_revoked_on_one_node_stops_working_on_the_other() {
    let a = TestApp::spawn(Backend::Postgres).await;
    let b = a.another_node(None).await;
    let key = a
        .app
        .service
        .add_api_key(KeyHolder::Operator, ApiKeyKind::Content, "Front-end")
        .await
        .unwrap();
    eventually(10, "node B knows the new key", || async {
        b.app.service.live_api_key(&key.text).await.unwrap().is_some()
    })
    .await;
    a.app
        .service
        .revoke_api_key(KeyHolder::Operator, key.id)
        .await
        .unwrap();
    eventually(10, "node B forgets the revoked key", || async {
        b.app.service.live_api_key(&key.text).await.unwrap().is_none()
    })
    .await;
}

on_both_databases! {
    async fn admins_make_name_and_revoke_keys_in_the_newsroom(app: TestApp) {
        let admin = app.signed_in("ada", Role::Admin).await;
        let page = app.get_with("/newsroom/keys", &[("cookie", &admin.cookie)]).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.attrs("a[href='/newsroom/keys']", "href").len() == 1, "the newsroom links to it");

        // A bad name is refused next to its field, keeping the kind chosen.
        let refused = post_as(&app, &admin, "/newsroom/keys", &[("name", "  "), ("kind", "editor")]).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.texts("#key-name-error").len(), 1, "{}", refused.body);
        assert_eq!(refused.attrs("#key-kind option[selected]", "value"), vec!["editor"]);

        let made = post_as(&app, &admin, "/newsroom/keys", &[("name", "Weekend newsletter"), ("kind", "content")]).await;
        assert_eq!(made.status, 200, "{}", made.body);
        let key = made.texts("code.issued-key").into_iter().next().expect("the key, shown once");
        assert_eq!(key.len(), 26, "{key}");
        let api = app.get(&format!("/ghost/api/content/settings/?key={key}")).await;
        assert_eq!(api.status, 200, "the new key works");
        let listed = app.get_with("/newsroom/keys", &[("cookie", &admin.cookie)]).await;
        assert!(listed.body.contains("Weekend newsletter"));
        assert!(listed.texts("code.issued-key").is_empty(), "the key is not shown again");

        let admin_key = post_as(&app, &admin, "/newsroom/keys", &[("name", "Wire import"), ("kind", "author")]).await;
        let text = admin_key.texts("code.issued-key").into_iter().next().expect("an admin key");
        assert!(text.len() == 24 + 1 + 64 && text.contains(':'), "{text}");
        let people = app.get_with("/newsroom/users", &[("cookie", &admin.cookie)]).await;
        assert!(!people.body.contains("Wire import"), "a key's account is not one of the people");

        let id = app.app.store.api_keys().await.expect("keys").into_iter()
            .find(|k| k.name == "Weekend newsletter").expect("listed").id;
        let revoked = post_as(&app, &admin, &format!("/newsroom/keys/{id}/revoke"), &[]).await;
        assert_eq!(revoked.status, 303, "{}", revoked.body);
        eventually(10, "the revoked key stops working", || async {
            app.get(&format!("/ghost/api/content/settings/?key={key}")).await.status == 401
        }).await;

        let editor = app.signed_in("edie", Role::Editor).await;
        assert_eq!(app.get_with("/newsroom/keys", &[("cookie", &editor.cookie)]).await.status, 403);
        let sneaky = post_as(&app, &editor, "/newsroom/keys", &[("name", "Mine"), ("kind", "admin")]).await;
        assert_eq!(sneaky.status, 403);
    }
}
