//! The `dateline` binary as operators run it: real processes, signals and a real database.

mod node;

mod drain;
mod keys;
mod nodes;
mod search;
