/// Runs the same sqlx code on whichever pool the store holds: the body is written once and
/// compiled for each backend, so a query that only one database accepts fails its tests.
macro_rules! on_db {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Pg($pool) => $body,
        }
    };
}

pub(crate) use on_db;
