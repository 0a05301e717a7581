//! A consistent copy of the embedded database, taken while the site serves.

use crate::{Db, Store, StoreError, StoreResult};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the whole SQLite database to `path` (which must not exist)
    /// while readers and writers carry on: SQLite's `VACUUM INTO` reads one snapshot, so every
    /// write committed before it began is in the copy. PostgreSQL is copied with its own tools
    /// (`pg_dump`): `Unsupported` here.
    pub async fn backup_sqlite_into(&self, path: &Path) -> StoreResult<()> {
        let Db::Sqlite(pool) = &self.db else {
            return Err(StoreError::Config(
                "a PostgreSQL store is backed up with pg_dump (see the README)".to_owned(),
            ));
        };
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Config("the backup's path must be UTF-8".to_owned()))?;
        sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await?;
        Ok(())
    }
}
