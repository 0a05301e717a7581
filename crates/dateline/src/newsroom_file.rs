//! `dateline export DIR` and `dateline import dateline DIR`: the whole newsroom as a Dateline
//! export, and an export brought into an empty store (on either database, into either media
//! store).

use anyhow::Context;
use dateline_service::Service;
use std::path::Path;

pub async fn export(service: &Service, into: &Path) -> anyhow::Result<()> {
    let exported = service
        .export_newsroom(into)
        .await
        .with_context(|| format!("exporting into {}", into.display()))?;
    print_rows(&exported.document.rows);
    for key in &exported.missing {
        eprintln!("missing from the media store, so not in the export: {key}");
    }
    println!(
        "Exported to {} ({} media files{}).",
        into.display(),
        exported.files,
        match exported.missing.len() {
            0 => String::new(),
            missing => format!(", {missing} missing"),
        }
    );
    Ok(())
}

pub async fn import(service: &Service, from: &Path) -> anyhow::Result<()> {
    let imported = service
        .import_newsroom(from)
        .await
        .with_context(|| format!("importing {}", from.display()))?;
    print_rows(&imported.document.rows);
    println!(
        "Imported {} ({} media files). Members have no password yet: give each one with \
         `dateline user reset-password USERNAME`.",
        from.display(),
        imported.files
    );
    Ok(())
}

/// A line per table: its name and how many rows went out or came in.
fn print_rows(rows: &[(&str, u64)]) {
    for (table, count) in rows {
        println!("{table:<22} {count:>9} rows");
    }
}
