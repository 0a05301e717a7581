//! Counters and histograms of this node, in Prometheus' text format at `/metrics`: requests by
//! route and status, their latency, the page cache, how far each follower is behind the
//! store's events, readers' comments by outcome, and the store's connections.

use crate::App;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
pub(crate) struct Metrics {
    /// By route: a pattern, never a raw path, so the set stays small.
    routes: Mutex<BTreeMap<&'static str, RouteStats>>,
    comments: [AtomicU64; 3],
}

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    latency: Histogram,
}

#[derive(Default)]
struct Histogram {
    /// Requests at or under each bound (not cumulative here; summed when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// What became of a reader's comment, as counted.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CommentCounted {
    Published,
    Held,
    Refused,
}

impl Metrics {
    pub fn observe(&self, route: &'static str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let stats = routes.entry(route).or_default();
        *stats.by_status.entry(status).or_default() += 1;
        let histogram = &mut stats.latency;
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            histogram.buckets[bucket] += 1;
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    pub fn comment(&self, outcome: CommentCounted) {
        self.comments[outcome as usize].fetch_add(1, Ordering::Relaxed);
    }
}

pub(crate) async fn metrics(State(app): State<App>) -> Response {
    let mut out = String::new();
    let metrics = &app.metrics;
    write_routes(&mut out, metrics);
    let cache = app.cache.counts();
    for (name, kind, help, value) in [
        (
            "dateline_cache_hits_total",
            "counter",
            "Pages answered from the page cache.",
            cache.hits as f64,
        ),
        (
            "dateline_cache_misses_total",
            "counter",
            "Page lookups the cache could not answer.",
            cache.misses as f64,
        ),
        (
            "dateline_cache_evictions_total",
            "counter",
            "Pages pushed out to keep the cache within its budget.",
            cache.evictions as f64,
        ),
        (
            "dateline_cache_pages",
            "gauge",
            "Pages held in the cache.",
            cache.pages as f64,
        ),
        (
            "dateline_cache_bytes",
            "gauge",
            "Bytes held in the cache, every form of every page.",
            cache.bytes as f64,
        ),
        (
            "dateline_cache_suspended",
            "gauge",
            "1 while the cache waits for this node to catch up with other nodes' writes.",
            f64::from(u8::from(cache.suspended)),
        ),
    ] {
        family(&mut out, name, kind, help);
        let _ = writeln!(out, "{name} {value}");
    }
    family(
        &mut out,
        "dateline_events_behind",
        "gauge",
        "Events of the store a follower of this node has yet to apply (-1: being rebuilt).",
    );
    if let Ok((cache_behind, search_behind)) = app.events_behind().await {
        let _ = writeln!(
            out,
            "dateline_events_behind{{consumer=\"page_cache\"}} {cache_behind}"
        );
        let _ = writeln!(
            out,
            "dateline_events_behind{{consumer=\"search_index\"}} {}",
            search_behind.unwrap_or(-1)
        );
    }
    family(
        &mut out,
        "dateline_comments_total",
        "counter",
        "Readers' comments taken in on this node, by outcome.",
    );
    for (outcome, name) in ["published", "held", "refused"].iter().enumerate() {
        let count = metrics.comments[outcome].load(Ordering::Relaxed);
        let _ = writeln!(out, "dateline_comments_total{{outcome=\"{name}\"}} {count}");
    }
    let (connections, idle) = app.store.pool_connections();
    family(
        &mut out,
        "dateline_db_connections",
        "gauge",
        "Connections to the store, by state.",
    );
    let _ = writeln!(out, "dateline_db_connections{{state=\"idle\"}} {idle}");
    let _ = writeln!(
        out,
        "dateline_db_connections{{state=\"in_use\"}} {}",
        (connections as usize).saturating_sub(idle)
    );
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// Requests and their latency, by route.
fn write_routes(out: &mut String, metrics: &Metrics) {
    let routes = metrics.routes.lock().unwrap_or_else(|e| e.into_inner());
    family(
        out,
        "dateline_http_requests_total",
        "counter",
        "HTTP requests answered, by route and status.",
    );
    for (route, stats) in routes.iter() {
        for (status, count) in &stats.by_status {
            let _ = writeln!(
                out,
                "dateline_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
            );
        }
    }
    family(
        out,
        "dateline_http_request_duration_seconds",
        "histogram",
        "Time to answer a request, by route.",
    );
    for (route, histogram) in routes.iter().map(|(route, stats)| (route, &stats.latency)) {
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "dateline_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "dateline_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            histogram.count
        );
        let _ = writeln!(
            out,
            "dateline_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            histogram.sum
        );
        let _ = writeln!(
            out,
            "dateline_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            histogram.count
        );
    }
}
