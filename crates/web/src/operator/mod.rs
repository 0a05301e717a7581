//! What operators and load balancers ask of a node: is it alive, is it ready for readers,
//! what has it been doing (Prometheus metrics), and a log line per request with its id.

mod health;
mod metrics;
mod request_log;

pub(crate) use health::{healthz, readyz};
pub(crate) use metrics::{CommentCounted, Metrics, metrics};
pub(crate) use request_log::{name_route, observe, request_span};
