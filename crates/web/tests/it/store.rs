//! The store's own promises, on both databases: migrations and seeding happen once.

use crate::support::on_both_databases;
use dateline_domain::{Lang, Slug};

on_both_databases! {
    async fn migrating_again_changes_nothing(app: TestApp) {
        let store = &app.app.store;
        assert_eq!(store.migrate().await.expect("migrate again"), 0);
        assert!(!store.is_empty().await.expect("count"));
    }

    async fn the_demo_newsroom_is_seeded_only_once(app: TestApp) {
        let store = &app.app.store;
        let media = tempfile::tempdir().expect("dir");
        let again = dateline_demo::seed_if_empty(store, &dateline_storage::LocalFolder::new(media.path()), "http://elsewhere.test").await.expect("seed");
        assert!(again.is_none(), "a store with content is left alone");
        assert_eq!(store.site_settings().await.expect("settings").expect("set up").base_url, "http://dateline.test");
    }

    async fn the_seed_creates_an_admin_whose_password_works(app: TestApp) {
        let store = &app.app.store;
        let (_, hash) = store.password_hash("admin").await.expect("lookup").expect("an admin exists");
        assert!(hash.starts_with("$argon2id$"));
        assert!(!dateline_domain::password::verify("admin", &hash), "not a guessable password");
    }

    async fn slugs_are_unique_within_an_edition(app: TestApp) {
        let store = &app.app.store;
        let slug = Slug::parse("news").expect("slug");
        assert!(store.create_section(Lang::En, &slug, "News again", dateline_domain::Actor::System).await.is_err());
        let arabic = store.create_section(Lang::Ar, &slug, "News in Arabic", dateline_domain::Actor::System).await;
        assert!(arabic.is_ok(), "the same slug may exist in the other edition");
    }
}

#[tokio::test]
async fn postgres_nodes_starting_together_migrate_once() {
    let url = std::env::var("DATELINE_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let schema = format!("it_race_{}", std::process::id());
    let one = dateline_store::Store::connect_postgres(&url, Some(&schema))
        .await
        .expect("first node");
    let other = dateline_store::Store::connect_postgres(&url, Some(&schema))
        .await
        .expect("second node");
    let (a, b) = tokio::join!(one.migrate(), other.migrate());
    let (a, b) = (a.expect("first migrates"), b.expect("second migrates"));
    assert!(a > 0 || b > 0);
    assert_eq!(a.min(b), 0, "the later node finds nothing left to do");
    assert_eq!(one.migrate().await.expect("again"), 0);
}
