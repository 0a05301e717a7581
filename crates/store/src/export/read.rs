//! Bringing a document in: read as a stream on a thread of its own (a newsroom of a million
//! stories is never held in memory), its rows checked against the tables and written in one
//! transaction with the `newsroom.restored` event. Any row that breaks a rule ends the import
//! with that row named, and nothing of the document is kept.

use super::{ExportFileError, FORMAT, Kind, TABLES, Table, VERSION};
use crate::{Store, events::append_events, macros::on_db};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, NewEvent, PageTag};
use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::io::Read;
use tokio::sync::mpsc;

/// What an import of a Dateline export brought in: each table's name and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub rows: Vec<(&'static str, u64)>,
}

/// How many values one INSERT binds. Few hundred: SQLite finds each of a statement's
/// parameters by walking the list of them (`sqlite3_bind_parameter_name`), so a statement of
/// n values costs n² there (at 4,000, two thirds of an import's time); on PostgreSQL larger
/// statements gained nothing measurable.
const VALUES_PER_STATEMENT: usize = 400;

/// What the reading thread hands over.
enum Parsed {
    Row {
        table: usize,
        fields: Map<String, Value>,
    },
    Failed(String),
    End,
}

/// A value of a row, typed by its column.
enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Bool(bool),
}

/// Writes the rows of `$batch` into `$table` in one statement, inside `$tx`, and empties the batch.
macro_rules! insert_rows {
    ($tx:ident, $table:expr, $batch:ident) => {{
        let table: &Table = $table;
        let (sql, cells) = insert_sql(table, &$batch);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for cell in cells {
            query = match cell {
                Cell::Int(value) => query.bind(value),
                Cell::Text(value) => query.bind(value),
                Cell::Time(value) => query.bind(value),
                Cell::Bool(value) => query.bind(value),
            };
        }
        query
            .execute(&mut *$tx)
            .await
            .map_err(|error| broken(table, error))?;
        $batch.clear();
    }};
}

impl Store {
    /// Brings the document `file` into this store, which must hold no newsroom yet; keeps
    /// every id, so links between rows and the addresses of stories stay as they were.
    pub async fn import_export<R: Read + Send + 'static>(
        &self,
        file: R,
        actor: Actor,
    ) -> Result<Restored, ExportFileError> {
        let (sender, mut received) = mpsc::channel::<Parsed>(256);
        let reader = tokio::task::spawn_blocking(move || read_document(file, &sender));
        let written = on_db!(self, |pool| {
            async {
                let mut tx = crate::events::begin_write(pool).await?;
                let postgres = crate::events::is_postgres(&tx);
                for table in TABLES.iter().filter(|table| !table.replaces) {
                    let sql = format!("SELECT 1 FROM {} LIMIT 1", table.name);
                    let found: Option<(i32,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .fetch_optional(&mut *tx)
                        .await?;
                    if found.is_some() {
                        return Err(ExportFileError::NotEmpty(table.name));
                    }
                }
                let mut counts = vec![0_u64; TABLES.len()];
                let mut current = 0_usize;
                let mut batch: Vec<Vec<Cell>> = Vec::new();
                let mut later: Vec<(usize, &'static str, i64, i64)> = Vec::new();
                loop {
                    let parsed = received.recv().await.unwrap_or(Parsed::Failed(
                        "the reading stopped before the end of the document".to_owned(),
                    ));
                    let (table, fields) = match parsed {
                        Parsed::Row { table, fields } => (table, fields),
                        Parsed::Failed(problem) => return Err(ExportFileError::Unreadable(problem)),
                        Parsed::End => break,
                    };
                    if table < current {
                        return Err(ExportFileError::Unreadable(format!(
                            "\"{}\" comes after \"{}\": the tables come in the documented order",
                            TABLES[table].name, TABLES[current].name
                        )));
                    }
                    if table != current || (batch.len() + 1) * TABLES[current].columns.len() > VALUES_PER_STATEMENT {
                        if !batch.is_empty() {
                            insert_rows!(tx, &TABLES[current], batch);
                        }
                        if table != current && TABLES[table].replaces {
                            let sql = format!("DELETE FROM {}", TABLES[table].name);
                            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                        }
                        current = table;
                    }
                    counts[table] += 1;
                    let mut row = typed(&TABLES[table], fields)
                        .map_err(|problem| ExportFileError::Unreadable(format!(
                            "{} row {}: {problem}", TABLES[table].name, counts[table]
                        )))?;
                    take_later(table, &mut row, &mut later);
                    batch.push(row);
                }
                if !batch.is_empty() {
                    insert_rows!(tx, &TABLES[current], batch);
                }
                for (table, column, id, value) in later {
                    let spec = &TABLES[table];
                    let sql = format!("UPDATE {} SET {column} = $1 WHERE id = $2", spec.name);
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(value)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| broken(spec, error))?;
                }
                if postgres {
                    for table in TABLES.iter().filter(|table| table.numbered) {
                        let sql = format!(
                            "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
                            table.name
                        );
                        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                    }
                }
                let event = NewEvent::new(EventKind::NewsroomRestored, actor).tagged([PageTag::Site, PageTag::Api]);
                let last_event = append_events!(self, tx, &[event]);
                tx.commit().await?;
                self.committed_through(last_event).await?;
                Ok(counts)
            }
            .await
        });
        // The reading thread ends once it has read everything or its receiver is gone.
        drop(received);
        reader
            .await
            .map_err(|error| ExportFileError::Unreadable(format!("the reading thread failed: {error}")))?;
        let counts = written?;
        // Bodies are kept rendered by this version, not in the document.
        self.render_saved_bodies().await?;
        Ok(Restored {
            rows: TABLES.iter().map(|table| table.name).zip(counts).collect(),
        })
    }
}

/// A rule broken by a table's rows, told with the table.
fn broken(table: &Table, error: sqlx::Error) -> ExportFileError {
    match error.as_database_error() {
        Some(database) => {
            ExportFileError::Unreadable(format!("a row of {} breaks a rule: {database}", table.name))
        }
        None => error.into(),
    }
}

/// One INSERT of `rows` into `table`, and its values in bind order.
fn insert_sql<'a>(table: &Table, rows: &'a [Vec<Cell>]) -> (String, impl Iterator<Item = &'a Cell>) {
    let names: Vec<&str> = table
        .columns
        .iter()
        .map(|column| column.name)
        .chain(table.fixed.iter().map(|(name, _)| *name))
        .collect();
    let width = table.columns.len();
    let tuples: Vec<String> = (0..rows.len())
        .map(|row| {
            let binds = (1..=width).map(|at| format!("${}", row * width + at));
            let fixed = table.fixed.iter().map(|(_, value)| (*value).to_owned());
            format!("({})", binds.chain(fixed).collect::<Vec<_>>().join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        table.name,
        names.join(", "),
        tuples.join(", ")
    );
    (sql, rows.iter().flatten())
}

/// Sets aside the `later` columns of a row (written once every row is in) and writes the row
/// without them.
fn take_later(table: usize, row: &mut [Cell], later: &mut Vec<(usize, &'static str, i64, i64)>) {
    let spec = &TABLES[table];
    let Some(Cell::Int(Some(id))) = spec
        .columns
        .iter()
        .position(|c| c.name == "id")
        .map(|at| &row[at])
    else {
        return;
    };
    let id = *id;
    for name in spec.later {
        if let Some(at) = spec.columns.iter().position(|column| column.name == *name)
            && let Cell::Int(value) = &mut row[at]
            && let Some(value) = value.take()
        {
            later.push((table, name, id, value));
        }
    }
}

/// The row's values in the table's column order, each checked against its column's kind.
fn typed(table: &Table, mut fields: Map<String, Value>) -> Result<Vec<Cell>, String> {
    let mut row = Vec::with_capacity(table.columns.len());
    for column in table.columns {
        let optional = matches!(column.kind, Kind::OptInt | Kind::OptText | Kind::OptTime);
        // An optional field a document lacks is null: exports made before the column existed
        // still come in.
        let value = fields
            .remove(column.name)
            .or_else(|| optional.then_some(Value::Null))
            .or_else(|| column.missing.map(|text| Value::String(text.to_owned())))
            .ok_or_else(|| format!("no \"{}\"", column.name))?;
        if value.is_null() && !optional {
            return Err(format!("\"{}\" is null", column.name));
        }
        let wrong = || format!("\"{}\" is not {}", column.name, kind_words(column.kind));
        let cell = match column.kind {
            Kind::Int | Kind::OptInt => Cell::Int(match value {
                Value::Null => None,
                value => Some(value.as_i64().ok_or_else(wrong)?),
            }),
            Kind::Text | Kind::OptText => Cell::Text(match value {
                Value::Null => None,
                Value::String(text) => Some(text),
                _ => return Err(wrong()),
            }),
            Kind::Time | Kind::OptTime => Cell::Time(match value {
                Value::Null => None,
                Value::String(text) => Some(
                    DateTime::parse_from_rfc3339(&text)
                        .map_err(|_| wrong())?
                        .with_timezone(&Utc),
                ),
                _ => return Err(wrong()),
            }),
            Kind::Bool => Cell::Bool(value.as_bool().ok_or_else(wrong)?),
        };
        row.push(cell);
    }
    match fields.keys().next() {
        Some(unknown) => Err(format!("\"{unknown}\" is no field of {}", table.name)),
        None => Ok(row),
    }
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "a whole number",
        Kind::OptInt => "a whole number or null",
        Kind::Text => "text",
        Kind::OptText => "text or null",
        Kind::Time => "a moment such as 2026-12-05T09:30:00.000000Z",
        Kind::OptTime => "a moment such as 2026-12-05T09:30:00.000000Z, or null",
        Kind::Bool => "true or false",
    }
}

/// Reads the document from `file` and hands its rows to `sender`, ending with `End` or
/// `Failed` (the JSON error's line and column included).
fn read_document<R: Read>(file: R, sender: &mpsc::Sender<Parsed>) {
    let mut reader = serde_json::Deserializer::from_reader(std::io::BufReader::new(file));
    let read = Document { sender }
        .deserialize(&mut reader)
        .and_then(|()| reader.end());
    let last = match read {
        Ok(()) => Parsed::End,
        Err(error) => Parsed::Failed(error.to_string()),
    };
    // A receiver gone has stopped for a reason of its own, and tells it.
    let _ = sender.blocking_send(last);
}

struct Document<'a> {
    sender: &'a mpsc::Sender<Parsed>,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "a Dateline export (an object beginning \"format\": \"{FORMAT}\")"
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut format_named = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != FORMAT {
                        return Err(A::Error::custom(format!(
                            "\"format\" is {format:?}: not a Dateline export"
                        )));
                    }
                    format_named = true;
                }
                "version" => {
                    let version: u64 = map.next_value()?;
                    if version != VERSION {
                        return Err(A::Error::custom(format!(
                            "version {version} of the export format; this Dateline reads version {VERSION}"
                        )));
                    }
                }
                name => {
                    if !format_named {
                        return Err(A::Error::custom(format!(
                            "not a Dateline export: it begins \"{name}\", not \"format\": \"{FORMAT}\""
                        )));
                    }
                    let table = TABLES
                        .iter()
                        .position(|table| table.name == name)
                        .ok_or_else(|| {
                            A::Error::custom(format!("\"{name}\" is no table of a Dateline export"))
                        })?;
                    map.next_value_seed(Rows {
                        table,
                        sender: self.sender,
                    })?;
                }
            }
        }
        if format_named {
            Ok(())
        } else {
            Err(A::Error::custom(format!(
                "not a Dateline export: no \"format\": \"{FORMAT}\""
            )))
        }
    }
}

/// One table's rows, each handed over as it is read.
struct Rows<'a> {
    table: usize,
    sender: &'a mpsc::Sender<Parsed>,
}

impl<'de> DeserializeSeed<'de> for Rows<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a list of rows of {}", TABLES[self.table].name)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut rows: A) -> Result<(), A::Error> {
        while let Some(fields) = rows.next_element::<Map<String, Value>>()? {
            let row = Parsed::Row {
                table: self.table,
                fields,
            };
            if self.sender.blocking_send(row).is_err() {
                return Err(A::Error::custom("the import stopped"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Cell, TABLES, typed};
    use serde_json::json;

    #[test]
    fn an_optional_field_an_older_export_lacks_is_null_and_a_required_one_is_refused() {
        let users = TABLES.iter().find(|table| table.name == "users").expect("users");
        let older = json!({
            "id": 1, "username": "amal", "display_name": "Amal", "role": "author",
            "author_id": null, "created_at": "2026-12-05T09:30:00.000000Z"
        });
        let serde_json::Value::Object(fields) = older else {
            unreachable!()
        };
        let row = typed(users, fields.clone()).expect("a row without the newer optional fields");
        assert_eq!(row.len(), users.columns.len());
        assert!(
            matches!(row[row.len() - 2..], [Cell::Text(None), Cell::Time(None)]),
            "read as null"
        );
        let mut without_name = fields;
        without_name.remove("username");
        assert_eq!(
            typed(users, without_name).err().as_deref(),
            Some("no \"username\"")
        );
    }

    #[test]
    fn a_required_column_added_later_reads_as_its_stated_value_in_an_older_export() {
        let images = TABLES
            .iter()
            .find(|table| table.name == "images")
            .expect("images");
        let older = json!({
            "id": 3, "path": "uploads/ab/800.jpg", "width": 800, "height": 450,
            "created_at": "2026-12-05T09:30:00.000000Z", "alt": "Boats", "caption": "", "credit": "",
            "srcset": "", "webp_srcset": "", "uploaded_by": null
        });
        let serde_json::Value::Object(fields) = older else {
            unreachable!()
        };
        let row = typed(images, fields).expect("a picture from before focus existed");
        let [.., focus, card] = row.as_slice() else {
            panic!("a whole row")
        };
        assert!(matches!(focus, Cell::Text(Some(focus)) if focus == "center"));
        assert!(
            matches!(card, Cell::Text(Some(card)) if card.is_empty()),
            "no card copy"
        );
    }
}
