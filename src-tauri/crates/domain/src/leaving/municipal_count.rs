//! The 5 September count (R36): per home municipality, the pupils enrolled on
//! 5 September (and those in SFO), with CPR numbers, and the pupils who left during
//! the school year, to be reported as soon as possible.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

/// The municipality shown when a child's home municipality is not recorded.
pub const UNKNOWN_MUNICIPALITY: &str = "Kommune ikke angivet";

/// One pupil on a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CountedPupil {
    #[ts(type = "number")]
    pub child_id: i64,
    /// First and last name.
    pub name: String,
    /// The full CPR number: the report needs it (R36); the screen masks it.
    pub cpr: Option<String>,
    /// Bopælskommune, as recorded (empty when missing).
    pub municipality: String,
    pub grade: u8,
    /// In SFO on the day.
    pub in_sfo: bool,
    /// For leavers: the last day.
    pub left_on: Option<NaiveDate>,
}

/// One municipality's part of the report.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityReport {
    pub municipality: String,
    /// Enrolled on 5 September, by grade and name.
    pub pupils: Vec<CountedPupil>,
    /// How many of them were in SFO.
    pub in_sfo: usize,
    /// Left since 5 September.
    pub leavers: Vec<CountedPupil>,
}

/// The whole report for one school year.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SeptemberCount {
    /// The count day: 5 September of the school year's start.
    pub count_day: NaiveDate,
    /// `2026/27`.
    pub label: String,
    /// One part per municipality, alphabetically; unknown last.
    pub municipalities: Vec<MunicipalityReport>,
}

impl SeptemberCount {
    /// Pupils counted in all.
    pub fn total(&self) -> usize {
        self.municipalities.iter().map(|m| m.pupils.len()).sum()
    }
}

/// 5 September of the school year starting in `year`.
pub fn count_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 9, 5).expect("5 September")
}

/// Groups the counted pupils and the leavers by municipality.
pub fn group_by_municipality(
    year: i32,
    pupils: Vec<CountedPupil>,
    leavers: Vec<CountedPupil>,
) -> SeptemberCount {
    let mut parts: BTreeMap<(bool, String), MunicipalityReport> = BTreeMap::new();
    let mut part = |pupil: &CountedPupil| {
        let name = if pupil.municipality.trim().is_empty() {
            UNKNOWN_MUNICIPALITY.to_string()
        } else {
            pupil.municipality.trim().to_string()
        };
        let key = (name == UNKNOWN_MUNICIPALITY, name.clone());
        parts
            .entry(key)
            .or_insert_with(|| MunicipalityReport {
                municipality: name,
                pupils: Vec::new(),
                in_sfo: 0,
                leavers: Vec::new(),
            })
            .municipality
            .clone()
    };
    let mut placed: Vec<(String, CountedPupil, bool)> = Vec::new();
    for pupil in pupils {
        placed.push((part(&pupil), pupil, false));
    }
    for leaver in leavers {
        placed.push((part(&leaver), leaver, true));
    }
    for (name, pupil, is_leaver) in placed {
        let key = (name == UNKNOWN_MUNICIPALITY, name);
        let Some(report) = parts.get_mut(&key) else {
            continue;
        };
        if is_leaver {
            report.leavers.push(pupil);
        } else {
            report.in_sfo += usize::from(pupil.in_sfo);
            report.pupils.push(pupil);
        }
    }
    let mut municipalities: Vec<MunicipalityReport> = parts.into_values().collect();
    for report in &mut municipalities {
        report
            .pupils
            .sort_by(|a, b| (a.grade, &a.name).cmp(&(b.grade, &b.name)));
        report
            .leavers
            .sort_by(|a, b| (a.left_on, &a.name).cmp(&(b.left_on, &b.name)));
    }
    SeptemberCount {
        count_day: count_day(year),
        label: format!("{year}/{:02}", (year + 1) % 100),
        municipalities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pupil(id: i64, municipality: &str, grade: u8, in_sfo: bool) -> CountedPupil {
        CountedPupil {
            child_id: id,
            name: format!("Barn {id}"),
            cpr: None,
            municipality: municipality.into(),
            grade,
            in_sfo,
            left_on: None,
        }
    }

    #[test]
    fn r36_pupils_and_leavers_are_grouped_per_municipality_with_unknown_last() {
        let pupils = vec![
            pupil(1, "Roskilde Kommune", 3, true),
            pupil(2, "Lejre Kommune", 1, false),
            pupil(3, "", 2, false),
            pupil(4, "Roskilde Kommune", 1, false),
        ];
        let mut leaver = pupil(5, "Lejre Kommune", 6, false);
        leaver.left_on = NaiveDate::from_ymd_opt(2026, 12, 31);
        let count = group_by_municipality(2026, pupils, vec![leaver]);
        let names: Vec<&str> = count
            .municipalities
            .iter()
            .map(|m| m.municipality.as_str())
            .collect();
        assert_eq!(
            names,
            vec!["Lejre Kommune", "Roskilde Kommune", UNKNOWN_MUNICIPALITY]
        );
        assert_eq!(count.total(), 4);
        let roskilde = &count.municipalities[1];
        assert_eq!(
            roskilde
                .pupils
                .iter()
                .map(|p| p.child_id)
                .collect::<Vec<_>>(),
            vec![4, 1]
        );
        assert_eq!(roskilde.in_sfo, 1);
        assert_eq!(count.municipalities[0].leavers.len(), 1);
        assert_eq!(
            count.count_day,
            NaiveDate::from_ymd_opt(2026, 9, 5).unwrap()
        );
    }
}
