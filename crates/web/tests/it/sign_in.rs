//! Signing in against guesses: a stranger's wrong passwords stop at the stranger, the owner
//! signs in from elsewhere, sign-ins that succeed are never counted, guesses spread over many
//! addresses are slowed for everyone but a browser the owner signed in on before, and an
//! unknown username is answered as a wrong password is.

use crate::support::{Backend, Page, TestApp};
use dateline_domain::Role;
use dateline_web::Limits;

const PASSWORD: &str = "owner-long-password";

async fn owner_site(backend: Backend, limits: Limits) -> TestApp {
    let app = TestApp::spawn_behind_proxy_with(backend, limits).await;
    let hash = dateline_domain::password::hash(PASSWORD).expect("hash");
    app.app
        .store
        .create_user(
            dateline_store::users::NewUser {
                username: "owner",
                display_name: "The Owner",
                password_hash: &hash,
                role: Role::Editor,
            },
            dateline_domain::Actor::System,
        )
        .await
        .expect("the owner's account");
    app
}

async fn sign_in(app: &TestApp, username: &str, password: &str, from: &str, cookie: Option<&str>) -> Page {
    let mut headers = vec![("x-forwarded-for", from)];
    if let Some(cookie) = cookie {
        headers.push(("cookie", cookie));
    }
    app.post_form(
        "/newsroom/login",
        &[("username", username), ("password", password)],
        &headers,
    )
    .await
}

/// The `dl_device` cookie a sign-in set.
fn device_cookie(page: &Page) -> String {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("dl_device="))
        .and_then(|value| value.split(';').next())
        .expect("a device cookie")
        .to_owned()
}

async fn a_strangers_guesses_stop_at_the_stranger(backend: Backend) {
    let app = owner_site(backend, Limits::standard()).await;
    for n in 0..5 {
        let wrong = sign_in(&app, "owner", &format!("guess-{n}"), "203.0.113.9", None).await;
        assert_eq!(wrong.status, 401, "guess {n}");
    }
    let stopped = sign_in(&app, "owner", "guess-6", "203.0.113.9", None).await;
    assert_eq!(stopped.status, 429, "the stranger is stopped");
    assert_eq!(
        stopped.texts(".form-error"),
        vec!["Too many sign-in attempts. Please wait 15 minutes and try again."]
    );
    let owner = sign_in(&app, "owner", PASSWORD, "198.51.100.4", None).await;
    assert_eq!(owner.status, 303, "the owner, elsewhere, signs in");
    let right_from_stranger = sign_in(&app, "owner", PASSWORD, "203.0.113.9", None).await;
    assert_eq!(
        right_from_stranger.status, 429,
        "even the right password, from the guessing address"
    );
}

#[tokio::test]
async fn a_strangers_guesses_stop_at_the_stranger_on_sqlite() {
    a_strangers_guesses_stop_at_the_stranger(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_strangers_guesses_stop_at_the_stranger_on_postgres() {
    a_strangers_guesses_stop_at_the_stranger(Backend::Postgres).await;
}

#[tokio::test]
async fn sign_ins_that_succeed_are_never_counted() {
    let app = owner_site(Backend::Sqlite, Limits::standard()).await;
    for n in 0..12 {
        let signed_in = sign_in(&app, "owner", PASSWORD, "198.51.100.4", None).await;
        assert_eq!(signed_in.status, 303, "sign-in {n}");
    }
}

async fn guesses_from_everywhere_slow_all_but_the_owners_browser(backend: Backend) {
    let mut limits = Limits::standard();
    limits.logins_by_account.count = 3;
    let app = owner_site(backend, limits).await;
    let earlier = sign_in(&app, "owner", PASSWORD, "198.51.100.4", None).await;
    assert_eq!(earlier.status, 303);
    let device = device_cookie(&earlier);
    for n in 1..=3 {
        let wrong = sign_in(&app, "owner", "guess", &format!("203.0.113.{n}"), None).await;
        assert_eq!(wrong.status, 401, "guess from address {n}");
    }
    let new_browser = sign_in(&app, "owner", PASSWORD, "192.0.2.50", None).await;
    assert_eq!(
        new_browser.status, 429,
        "the account is slowed for a browser it has not seen"
    );
    let forged = sign_in(&app, "owner", PASSWORD, "192.0.2.51", Some("dl_device=0123abcd")).await;
    assert_eq!(forged.status, 429, "a made-up mark passes nothing");
    let known = sign_in(&app, "owner", PASSWORD, "192.0.2.52", Some(&device)).await;
    assert_eq!(known.status, 303, "the owner's own browser signs in");
}

#[tokio::test]
async fn guesses_from_everywhere_slow_all_but_the_owners_browser_on_sqlite() {
    guesses_from_everywhere_slow_all_but_the_owners_browser(Backend::Sqlite).await;
}

#[tokio::test]
async fn guesses_from_everywhere_slow_all_but_the_owners_browser_on_postgres() {
    guesses_from_everywhere_slow_all_but_the_owners_browser(Backend::Postgres).await;
}

#[tokio::test]
async fn an_unknown_username_is_answered_as_a_wrong_password() {
    let app = owner_site(Backend::Sqlite, Limits::standard()).await;
    let wrong = sign_in(&app, "owner", "guess", "198.51.100.7", None).await;
    let unknown = sign_in(&app, "nobody-here", "guess", "198.51.100.8", None).await;
    assert_eq!((wrong.status, unknown.status), (401, 401));
    assert_eq!(wrong.texts(".form-error"), unknown.texts(".form-error"));
}
