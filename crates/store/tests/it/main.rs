//! The store's tests, on SQLite and on PostgreSQL (`DATELINE_TEST_DATABASE_URL`, else the
//! local server the suite uses).

mod batched_stories;
mod planner_statistics;
mod support;
mod whole_story;
