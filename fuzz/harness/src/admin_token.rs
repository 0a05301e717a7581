//! The Admin API's `Authorization: Ghost <token>` JWTs.
//!
//! crates/web's token code is compiled here from its own file rather than through a dependency
//! on dateline-web, which would bring the whole server (axum, hyper, reqwest with rustls) into
//! every fuzz build for one small module. It uses nothing of web's but its own dependencies.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

#[path = "../../../crates/web/src/api/admin_token.rs"]
mod web;

use web::{TokenError, read};

/// A key's secret as the store keeps it (hex), and a fixed clock.
const SECRET: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const NOW: i64 = 1_800_000_000;

/// With the first byte even, the rest is the header value as a client sent it. With it odd,
/// the rest is a header and claims (JSON, split at the first newline) that are signed here
/// with the key's secret, so that the checks after the signature are reached too.
pub fn admin_token(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = crate::text(rest);
    if mode % 2 == 0 {
        if let Ok(token) = read(&text) {
            assert!(!token.key_id.is_empty());
            // Nothing the fuzzer writes carries our secret's signature.
            let _ = token.verify(SECRET, NOW);
        }
        return;
    }
    let (header, claims) = text.split_once('\n').unwrap_or((&text, "{}"));
    let token = signed(header, claims);
    match read(&token) {
        Ok(unchecked) => match unchecked.verify(SECRET, NOW) {
            Ok(()) => assert_fresh(claims),
            Err(error) => assert_ne!(error, TokenError::Signature, "our own signature, {token}"),
        },
        Err(error) => assert_ne!(error, TokenError::Signature),
    }
}

fn signed(header: &str, claims: &str) -> String {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let secret: Vec<u8> = (0..SECRET.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&SECRET[at..at + 2], 16).unwrap())
        .collect();
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret).unwrap();
    mac.update(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// The claims checked, read here as the web's reader does: other members are skipped whatever
/// they hold (a number too large for JSON's reader among them).
#[derive(serde::Deserialize)]
struct Claims {
    iat: Option<i64>,
    exp: Option<i64>,
    aud: Option<serde_json::Value>,
}

/// A token that passed was issued at most five minutes ago (a minute of clock skew allowed),
/// has not expired, and is for the Admin API: computed here without overflow.
fn assert_fresh(claims: &str) {
    let Claims { iat, exp, aud } = serde_json::from_str(claims).expect("claims the web read");
    assert!(
        iat.is_some_and(|iat| {
            let (iat, now) = (i128::from(iat), i128::from(NOW));
            iat <= now + 60 && now - iat <= 300
        }),
        "accepted, issued at {iat:?}"
    );
    assert!(exp.is_none_or(|exp| exp > NOW), "accepted, expired at {exp:?}");
    assert!(
        aud.is_some_and(|aud| aud.to_string().contains("admin/")),
        "accepted for another audience"
    );
}
