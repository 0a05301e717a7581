//! The tokens Ghost's Admin API clients send: a JWT (`Authorization: Ghost <token>`) signed
//! with HS256 by the secret of an admin key, naming the key's id as `kid`, for the audience
//! `/admin/`, and at most five minutes old.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How old a token may be, as Ghost allows.
const MAX_AGE_SECONDS: i64 = 5 * 60;
/// How far ahead a client's clock may run.
const CLOCK_SKEW_SECONDS: i64 = 60;
/// The audiences Ghost's clients sign for, by API version.
const AUDIENCES: [&str; 5] = [
    "/admin/",
    "/v2/admin/",
    "/v3/admin/",
    "/v4/admin/",
    "/canary/admin/",
];
/// No real token comes near this; a longer one is refused before it is decoded.
const MAX_TOKEN_BYTES: usize = 4096;

/// Why a token was refused; the text is what Ghost says after "Invalid token: ".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("jwt malformed")]
    Malformed,
    #[error("the token names no admin key")]
    NoKeyId,
    #[error("invalid algorithm")]
    Algorithm,
    #[error("invalid signature")]
    Signature,
    #[error("jwt audience invalid")]
    Audience,
    #[error("jwt expired")]
    Expired,
    #[error("maxAge exceeded")]
    TooOld,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    iat: Option<i64>,
    exp: Option<i64>,
    aud: Option<Audience>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// A token read but not yet checked: the admin key it names.
pub struct UncheckedToken<'a> {
    pub key_id: String,
    signed: &'a str,
    signature: Vec<u8>,
    claims: Claims,
}

/// Reads a token's parts; the signature is checked by `verify` with the key's secret.
pub fn read(token: &str) -> Result<UncheckedToken<'_>, TokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(claims), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Malformed);
    let header: Header = serde_json::from_slice(&decode(header)?).map_err(|_| TokenError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&decode(claims)?).map_err(|_| TokenError::Malformed)?;
    if header.alg != "HS256" {
        return Err(TokenError::Algorithm);
    }
    let key_id = header
        .kid
        .filter(|kid| !kid.is_empty())
        .ok_or(TokenError::NoKeyId)?;
    Ok(UncheckedToken {
        key_id,
        signed: &token[..token.len() - signature.len() - 1],
        signature: decode(signature)?,
        claims,
    })
}

impl UncheckedToken<'_> {
    /// Checks the signature with the key's secret (hex, as stored), the audience and the age at
    /// `now` (seconds since the epoch).
    pub fn verify(&self, secret_hex: &str, now: i64) -> Result<(), TokenError> {
        let secret = hex_bytes(secret_hex).ok_or(TokenError::Signature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&secret).map_err(|_| TokenError::Signature)?;
        mac.update(self.signed.as_bytes());
        mac.verify_slice(&self.signature)
            .map_err(|_| TokenError::Signature)?;
        let audience_ok = match &self.claims.aud {
            Some(Audience::One(aud)) => AUDIENCES.contains(&aud.as_str()),
            Some(Audience::Many(auds)) => auds.iter().any(|aud| AUDIENCES.contains(&aud.as_str())),
            None => false,
        };
        if !audience_ok {
            return Err(TokenError::Audience);
        }
        if self.claims.exp.is_some_and(|exp| exp <= now) {
            return Err(TokenError::Expired);
        }
        match self.claims.iat {
            // Checked arithmetic: an `iat` far in the past must read as too old, not wrap.
            Some(iat)
                if iat <= now.saturating_add(CLOCK_SKEW_SECONDS)
                    && now.checked_sub(iat).is_some_and(|age| age <= MAX_AGE_SECONDS) =>
            {
                Ok(())
            }
            _ => Err(TokenError::TooOld),
        }
    }
}

fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const NOW: i64 = 1_800_000_000;

    fn sign(header: &str, claims: &str, secret: &str) -> String {
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(&hex_bytes(secret).unwrap()).unwrap();
        mac.update(signed.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signed}.{signature}")
    }

    fn claims(iat: i64, exp: i64, aud: &str) -> String {
        format!(r#"{{"iat":{iat},"exp":{exp},"aud":"{aud}"}}"#)
    }

    const HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"abc"}"#;

    #[test]
    fn a_fresh_token_signed_with_the_secret_passes() {
        let token = sign(HEADER, &claims(NOW - 10, NOW + 290, "/admin/"), SECRET);
        let read = read(&token).unwrap();
        assert_eq!(read.key_id, "abc");
        assert_eq!(read.verify(SECRET, NOW), Ok(()));
    }

    #[test]
    fn wrong_secret_audience_age_or_algorithm_are_refused() {
        let other = SECRET.replace("00", "01");
        let token = sign(HEADER, &claims(NOW, NOW + 300, "/admin/"), &other);
        assert_eq!(
            read(&token).unwrap().verify(SECRET, NOW),
            Err(TokenError::Signature)
        );
        let token = sign(HEADER, &claims(NOW, NOW + 300, "/members/"), SECRET);
        assert_eq!(
            read(&token).unwrap().verify(SECRET, NOW),
            Err(TokenError::Audience)
        );
        let token = sign(HEADER, &claims(NOW - 400, NOW - 100, "/admin/"), SECRET);
        assert_eq!(
            read(&token).unwrap().verify(SECRET, NOW),
            Err(TokenError::Expired)
        );
        let token = sign(HEADER, &claims(NOW - 400, NOW + 100, "/admin/"), SECRET);
        assert_eq!(read(&token).unwrap().verify(SECRET, NOW), Err(TokenError::TooOld));
        let none = sign(
            r#"{"alg":"none","kid":"abc"}"#,
            &claims(NOW, NOW + 300, "/admin/"),
            SECRET,
        );
        assert_eq!(read(&none).err(), Some(TokenError::Algorithm));
        let no_kid = sign(r#"{"alg":"HS256"}"#, &claims(NOW, NOW + 300, "/admin/"), SECRET);
        assert_eq!(read(&no_kid).err(), Some(TokenError::NoKeyId));
    }

    #[test]
    fn garbage_is_malformed() {
        for token in ["", "a.b", "a.b.c.d", "!!.??.##", &"x".repeat(5000)] {
            assert_eq!(read(token).err(), Some(TokenError::Malformed), "{token}");
        }
    }
}
