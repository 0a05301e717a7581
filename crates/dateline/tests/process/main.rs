//! The `dateline` binary as operators run it: real processes, signals and a real database.

mod node;

mod backups;
mod big_pictures;
mod crash;
mod drain;
mod exports;
mod ghost_clients;
mod import_data_requests;
mod import_pictures;
mod imports;
mod keys;
mod members;
mod nodes;
mod page_cache;
mod schemathesis;
mod search;
mod slow_clients;
