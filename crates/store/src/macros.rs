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

/// `$query!(dialect, …)` for the store's database: the statement written once with the parts
/// that differ named by the dialect (`sqlite` or `pg`), as [`json_rows`] does.
macro_rules! for_dialect {
    ($store:expr, $query:ident!($($args:tt)*)) => {
        match &$store.db {
            $crate::Db::Sqlite(_) => $query!(sqlite, $($args)*),
            $crate::Db::Pg(_) => $query!(pg, $($args)*),
        }
    };
}

pub(crate) use for_dialect;

/// A JSON array holding one array of `$columns` per row of the subquery it begins (its `FROM`
/// follows), as text: `json_group_array` on SQLite, `json_agg` on PostgreSQL. NULL when there
/// are no rows on PostgreSQL, `[]` on SQLite.
macro_rules! json_rows {
    (sqlite, $columns:literal) => {
        concat!("json_group_array(json_array(", $columns, "))")
    };
    (pg, $columns:literal) => {
        concat!("CAST(json_agg(json_build_array(", $columns, ")) AS TEXT)")
    };
}

pub(crate) use json_rows;
