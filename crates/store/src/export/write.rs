//! Writing the document: every table read in one snapshot of the store while the site serves,
//! a row per line.

use super::{ExportFileError, FORMAT, Kind, TABLES, Table, VERSION, time_text};
use crate::{Store, macros::on_db};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::Row;
use std::io::Write;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// Each table's name and how many rows it wrote.
    pub rows: Vec<(&'static str, u64)>,
    /// The media keys of every picture's files (its largest copy and each size it is served in).
    pub media: Vec<String>,
}

impl Table {
    /// The query reading the table's rows in key order; text keys in code point order on both
    /// databases (PostgreSQL would otherwise sort by its locale).
    fn select_sql(&self, postgres: bool) -> String {
        let columns: Vec<&str> = self.columns.iter().map(|column| column.name).collect();
        let order: Vec<String> = self
            .order
            .iter()
            .map(|name| match self.column(name) {
                Some(column) if column.kind == Kind::Text && postgres => format!("{name} COLLATE \"C\""),
                _ => (*name).to_owned(),
            })
            .collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            columns.join(", "),
            self.name,
            order.join(", ")
        )
    }
}

impl Store {
    /// Writes the whole newsroom to `out` as one document, read in one snapshot: what was
    /// committed before the export began is in it, and nothing half-written.
    pub async fn export_into<W: Write + Send>(&self, out: &mut W) -> Result<Exported, ExportFileError> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let postgres = crate::events::is_postgres(&tx);
            if postgres {
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await?;
            }
            write!(out, "{{\n\"format\": \"{FORMAT}\",\n\"version\": {VERSION}")?;
            let mut rows = Vec::with_capacity(TABLES.len());
            for table in TABLES {
                write!(out, ",\n\"{}\": [", table.name)?;
                let mut written = 0_u64;
                let mut stream = sqlx::query(sqlx::AssertSqlSafe(table.select_sql(postgres))).fetch(&mut *tx);
                while let Some(row) = stream.try_next().await? {
                    out.write_all(if written == 0 { b"\n{" } else { b",\n{" })?;
                    for (at, column) in table.columns.iter().enumerate() {
                        let value = match column.kind {
                            Kind::Int => Value::from(row.try_get::<i64, _>(at)?),
                            Kind::OptInt => Value::from(row.try_get::<Option<i64>, _>(at)?),
                            Kind::Text => Value::from(row.try_get::<String, _>(at)?),
                            Kind::OptText => Value::from(row.try_get::<Option<String>, _>(at)?),
                            Kind::Time => Value::from(time_text(row.try_get::<DateTime<Utc>, _>(at)?)),
                            Kind::OptTime => {
                                Value::from(row.try_get::<Option<DateTime<Utc>>, _>(at)?.map(time_text))
                            }
                            Kind::Bool => Value::from(row.try_get::<bool, _>(at)?),
                        };
                        if at > 0 {
                            out.write_all(b",")?;
                        }
                        write!(out, "\"{}\":", column.name)?;
                        serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::from)?;
                    }
                    out.write_all(b"}")?;
                    written += 1;
                }
                drop(stream);
                out.write_all(if written == 0 { b"]" } else { b"\n]" })?;
                rows.push((table.name, written));
            }
            out.write_all(b"\n}\n")?;
            out.flush()?;
            let pictures: Vec<(String, String, String, String)> =
                sqlx::query_as("SELECT path, srcset, webp_srcset, card_path FROM images ORDER BY id")
                    .fetch_all(&mut *tx)
                    .await?;
            tx.rollback().await?;
            let media = pictures
                .iter()
                .flat_map(|(path, srcset, webp, card)| media_keys(path, srcset, webp, card))
                .collect();
            Ok(Exported { rows, media })
        })
    }
}

/// The media keys of a picture's files: its path, each file its `srcset`s serve
/// (`/media/KEY 800w, …`) and its card copy, each once.
fn media_keys(path: &str, srcset: &str, webp_srcset: &str, card_path: &str) -> Vec<String> {
    let mut keys = vec![path.to_owned()];
    if !card_path.is_empty() {
        keys.push(card_path.to_owned());
    }
    for candidate in srcset.split(',').chain(webp_srcset.split(',')) {
        let Some(address) = candidate.split_whitespace().next() else {
            continue;
        };
        let key = address.strip_prefix("/media/").unwrap_or(address);
        if !key.is_empty() && !keys.iter().any(|known| known == key) {
            keys.push(key.to_owned());
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pictures_files_are_its_path_and_each_size_once() {
        assert_eq!(
            super::media_keys(
                "uploads/ab/1600.jpg",
                "/media/uploads/ab/480.jpg 480w, /media/uploads/ab/1600.jpg 1600w",
                "/media/uploads/ab/480.webp 480w",
                ""
            ),
            ["uploads/ab/1600.jpg", "uploads/ab/480.jpg", "uploads/ab/480.webp"]
        );
        assert_eq!(
            super::media_keys("demo/ferry.svg", "", "", ""),
            ["demo/ferry.svg"]
        );
        assert_eq!(
            super::media_keys("demo/ferry.svg", "", "", "demo/cards/ferry.jpg"),
            ["demo/ferry.svg", "demo/cards/ferry.jpg"]
        );
    }
}
