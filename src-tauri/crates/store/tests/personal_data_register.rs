//! The personal-data register against the real schema of a new encrypted database
//! (R22, DESIGN.md): every table and every column must be in the register, as
//! personal data or not, and the register names nothing the schema lacks. A new
//! column fails this test until someone decides what it is and when it goes.

use std::collections::BTreeSet;

use skolekontor_domain::personal_data::REGISTER;
use skolekontor_store::{Database, DatabaseKey};

fn schema(path: &std::path::Path, key: &DatabaseKey) -> Vec<(String, BTreeSet<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    let mut tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|table| {
            let mut info = conn
                .prepare(&format!("PRAGMA table_info({table})"))
                .unwrap();
            let columns = info
                .query_map([], |r| r.get::<_, String>(1))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (table, columns)
        })
        .collect()
}

#[test]
fn every_table_and_column_of_the_schema_is_in_the_personal_data_register() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    drop(Database::create(&path, &key).unwrap());
    let schema = schema(&path, &key);
    assert!(schema.len() >= 38, "the whole schema: {}", schema.len());

    let mut problems = Vec::new();
    for (table, columns) in &schema {
        let Some(entry) = REGISTER.iter().find(|t| t.table == table) else {
            problems.push(format!("table {table} is not in the register"));
            continue;
        };
        let registered: BTreeSet<String> = entry
            .personal
            .iter()
            .map(|f| f.column)
            .chain(entry.other.iter().copied())
            .map(String::from)
            .collect();
        for missing in columns.difference(&registered) {
            problems.push(format!("{table}.{missing} is not in the register"));
        }
        for stale in registered.difference(columns) {
            problems.push(format!(
                "{table}.{stale} is in the register but not in the schema"
            ));
        }
    }
    for entry in REGISTER {
        if !schema.iter().any(|(table, _)| table == entry.table) {
            problems.push(format!(
                "the register names table {} that does not exist",
                entry.table
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
