//! What an operator's tools ask of a node: alive, ready, metrics, a request id per request.

use crate::support::{EN_PAIRED, eventually, on_both_databases};

on_both_databases! {
    async fn a_started_node_is_alive_and_ready(app: TestApp) {
        let alive = app.get("/healthz").await;
        assert_eq!(alive.status, 200);
        assert_eq!(alive.header("cache-control"), "no-store");
        let ready = app.get("/readyz").await;
        assert_eq!(ready.status, 200, "{}", ready.body);
        // A node that may have missed other nodes' writes is taken out of the rotation.
        app.app.cache.suspend();
        let catching_up = app.get("/readyz").await;
        assert_eq!(catching_up.status, 503);
        assert!(catching_up.body.contains("catching up"), "{}", catching_up.body);
        app.app.cache.resume();
        assert_eq!(app.get("/readyz").await.status, 200);
    }

    async fn metrics_count_requests_cache_comments_and_events(app: TestApp) {
        let ferry = format!("/article/{EN_PAIRED}");
        app.get(&ferry).await;
        app.get(&ferry).await;
        app.get("/no/such/page").await;
        app.comment(&ferry, "Lina", "lina@example.org", "Counted, then held for a moderator.").await;
        // A held comment changes no page: the node takes its event in just after answering.
        eventually(10, "the held comment's event is applied", || async {
            let body = app.get("/metrics").await.body;
            body.contains("dateline_events_behind{consumer=\"page_cache\"} 0\n")
                && body.contains("dateline_events_behind{consumer=\"search_index\"} 0\n")
        })
        .await;
        let metrics = app.get("/metrics").await;
        assert_eq!(metrics.status, 200);
        assert!(metrics.header("content-type").starts_with("text/plain; version=0.0.4"));
        let body = &metrics.body;
        for family in [
            "dateline_http_requests_total",
            "dateline_http_request_duration_seconds",
            "dateline_cache_hits_total",
            "dateline_cache_misses_total",
            "dateline_cache_bytes",
            "dateline_cache_evictions_total",
            "dateline_events_behind",
            "dateline_comments_total",
            "dateline_db_connections",
        ] {
            assert!(body.contains(&format!("# TYPE {family} ")), "{family} in {body}");
        }
        let value = |line_start: &str| -> f64 {
            body.lines()
                .find(|line| line.starts_with(line_start))
                .and_then(|line| line.rsplit(' ').next())
                .and_then(|value| value.parse().ok())
                .unwrap_or_else(|| panic!("no {line_start} in {body}"))
        };
        assert_eq!(value("dateline_http_requests_total{route=\"/article/{slug}\",status=\"200\"}"), 1.0, "the miss");
        assert!(value("dateline_http_requests_total{route=\"cached\",status=\"200\"}") >= 1.0, "the hit");
        assert_eq!(value("dateline_http_requests_total{route=\"unmatched\",status=\"404\"}"), 1.0);
        assert!(value("dateline_cache_hits_total") >= 1.0);
        assert_eq!(value("dateline_comments_total{outcome=\"held\"}"), 1.0);
        assert_eq!(value("dateline_events_behind{consumer=\"page_cache\"}"), 0.0, "this node's own write was applied");
        assert_eq!(value("dateline_events_behind{consumer=\"search_index\"}"), 0.0);
        assert!(!body.contains("lina@example.org"), "no reader's details in the metrics");
    }

    async fn every_answer_carries_a_request_id(app: TestApp) {
        let fresh = app.get("/").await.header("x-request-id");
        assert_eq!(fresh.len(), 32, "{fresh}");
        assert_ne!(fresh, app.get("/").await.header("x-request-id"), "each request its own");
        let given = app.get_with("/", &[("x-request-id", "lb-7f3a-0001")]).await;
        assert_eq!(given.header("x-request-id"), "lb-7f3a-0001", "a load balancer's id is kept");
        let hostile = app.get_with("/", &[("x-request-id", "<script>alert(1)</script>")]).await;
        assert_eq!(hostile.header("x-request-id").len(), 32, "an id that is not a plain token is replaced");
    }
}
