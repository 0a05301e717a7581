//! The store's tests, on SQLite and on PostgreSQL (`DATELINE_TEST_DATABASE_URL`, else the
//! local server the suite uses).

mod after_bulk_writes;
mod batched_stories;
mod kept_bodies;
mod support;
mod whole_story;
