//! Reads a person's rows table by table, as the personal-data register describes them:
//! the one source of the access report and the portability export (R27). The SQL is
//! made from the register's constants only.

use crate::data_request::PrivacyQueries;
use rusqlite::types::ValueRef;
use skolekontor_domain::personal_data::{Link, RegisterTable};

use crate::error::StoreResult;

/// One row's personal fields, in the register's order, as JSON values (a blob becomes
/// a note of its size: the export carries data, not files).
pub type PersonalRow = Vec<(&'static str, serde_json::Value)>;

/// The SQL condition for the rows of the person bound to `?1`; none when unlinked.
/// Built from the register's own constants only, never from input.
pub(crate) fn link_condition(link: Link) -> Option<String> {
    match link {
        Link::None => None,
        Link::Id => Some("id = ?1".into()),
        Link::Column(column) => Some(format!("{column} = ?1")),
        Link::In {
            column,
            select,
            from,
            by,
        } => Some(format!(
            "{column} IN (SELECT {select} FROM {from} WHERE {by} = ?1)"
        )),
    }
}

fn json(value: ValueRef<'_>) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(r) => r.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => format!("({} bytes)", b.len()).into(),
    }
}

impl PrivacyQueries<'_> {
    /// The personal fields of every row of `table` that belongs to person `id` by `link`.
    pub fn personal_rows(
        &self,
        table: &RegisterTable,
        link: Link,
        id: i64,
    ) -> StoreResult<Vec<PersonalRow>> {
        let Some(condition) = link_condition(link) else {
            return Ok(Vec::new());
        };
        if table.personal.is_empty() {
            return Ok(Vec::new());
        }
        let columns: Vec<&str> = table.personal.iter().map(|f| f.column).collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE {condition} ORDER BY rowid",
            columns.join(", "),
            table.table
        );
        let mut stmt = self.db.conn().prepare(&sql)?;
        let rows = stmt.query_map([id], |r| {
            (0..columns.len())
                .map(|i| Ok((table.personal[i].column, json(r.get_ref(i)?))))
                .collect::<rusqlite::Result<PersonalRow>>()
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Who the ids in a person's rows are, for the access report: a reader sees names,
/// not the register's numbers.
#[derive(Debug, Clone, Default)]
pub struct PeopleNames {
    /// Children by id.
    pub children: std::collections::BTreeMap<i64, String>,
    /// Guardians by id.
    pub guardians: std::collections::BTreeMap<i64, String>,
    /// The program's users by id.
    pub users: std::collections::BTreeMap<i64, String>,
}

impl PrivacyQueries<'_> {
    /// Every child's, guardian's and user's name by id.
    pub fn people_names(&self) -> StoreResult<PeopleNames> {
        let names = |sql: &str| -> StoreResult<std::collections::BTreeMap<i64, String>> {
            let mut stmt = self.db.conn().prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        Ok(PeopleNames {
            children: names("SELECT id, first_name || ' ' || last_name FROM child")?,
            guardians: names("SELECT id, first_name || ' ' || last_name FROM guardian")?,
            users: names("SELECT id, full_name FROM app_user")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use skolekontor_domain::personal_data::table;

    use super::*;

    #[test]
    fn a_link_through_another_table_reads_the_persons_rows_there() {
        assert_eq!(
            link_condition(table("place_offer").unwrap().child).unwrap(),
            "waiting_entry_id IN (SELECT id FROM waiting_entry WHERE child_id = ?1)"
        );
        assert_eq!(link_condition(Link::None), None);
    }
}
