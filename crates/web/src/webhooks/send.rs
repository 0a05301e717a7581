//! One delivery over HTTP: the receiver's address resolved once and checked (no loopback
//! unless allowed), the body signed as Ghost signs it, no redirects followed, and a timeout.

use super::DeliveryPolicy;
use dateline_store::webhooks::ClaimedDelivery;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::net::{IpAddr, SocketAddr};

/// The receiver's status code, or why there was none.
pub(super) async fn send(delivery: &ClaimedDelivery, policy: &DeliveryPolicy) -> Result<u16, String> {
    let url = reqwest::Url::parse(&delivery.target_url).map_err(|e| format!("not an address: {e}"))?;
    let host = url.host_str().ok_or("an address without a host")?.to_owned();
    let port = url.port_or_known_default().ok_or("an address without a port")?;
    let address = resolve(&host, port, policy.allow_loopback).await?;
    let client = reqwest::Client::builder()
        .resolve(&host, address)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(policy.timeout)
        .user_agent(concat!("Dateline/", env!("CARGO_PKG_VERSION"), " (webhooks)"))
        .build()
        .map_err(|e| format!("making the client: {e}"))?;
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-dateline-event", &delivery.event);
    if !delivery.secret.is_empty() {
        request = request.header("x-ghost-signature", signature(&delivery.secret, &delivery.body));
    }
    let response = request
        .body(delivery.body.clone())
        .send()
        .await
        .map_err(|e| format!("sending: {e}"))?;
    Ok(response.status().as_u16())
}

/// The first address of `host` a hook may call.
async fn resolve(host: &str, port: u16, allow_loopback: bool) -> Result<SocketAddr, String> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| format!("resolving {host}: {e}"))?
        .collect();
    addresses
        .iter()
        .copied()
        .find(|address| allow_loopback || !is_own_machine(address.ip()))
        .ok_or_else(|| format!("{host} is this machine's own address; the operator has not allowed it"))
}

/// Loopback and unspecified addresses, in either family (IPv4 inside IPv6 too).
fn is_own_machine(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    ip.is_loopback() || ip.is_unspecified()
}

/// `sha256=<hex HMAC of body then timestamp>, t=<timestamp in ms>`, as Ghost signs.
pub(crate) fn signature(secret: &str, body: &str) -> String {
    let timestamp = chrono::Utc::now().timestamp_millis();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body.as_bytes());
    mac.update(timestamp.to_string().as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}, t={timestamp}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machines_own_addresses_are_recognised() {
        for own in [
            "127.0.0.1",
            "127.9.9.9",
            "::1",
            "0.0.0.0",
            "::",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_own_machine(own.parse().unwrap()), "{own}");
        }
        for other in ["93.184.216.34", "10.0.0.5", "2001:db8::1"] {
            assert!(!is_own_machine(other.parse().unwrap()), "{other}");
        }
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        assert!(resolve("127.0.0.1", 80, false).await.is_err());
        assert!(resolve("localhost", 80, false).await.is_err());
        assert!(resolve("127.0.0.1", 80, true).await.is_ok());
    }

    #[test]
    fn signatures_carry_their_timestamp() {
        let signed = signature("s3cret", "{}");
        let (hash, time) = signed.split_once(", t=").unwrap();
        assert!(hash.starts_with("sha256=") && hash.len() == 7 + 64, "{signed}");
        assert!(time.parse::<i64>().is_ok(), "{signed}");
    }
}
