//! The school-year rollover (*skoleårsskift*) to 1 August (R12, R33): pupils move up
//! a grade; the school ends after grade 9, SFO after grade 4, and the kindergarten
//! on 31 July for a child who starts school in August.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::placement::PlacementRow;
use crate::school::Division;

/// One child as the rollover sees it.
#[derive(Debug, Clone)]
pub struct RolloverChild {
    pub child_id: i64,
    /// First and last name, for the preview.
    pub name: String,
    /// For R33 (school starts the year the child turns 6).
    pub birth_date: Option<NaiveDate>,
    /// *Skoleudsættelse*: the school start is put off to 1 August of this year.
    pub school_start_deferred_to: Option<i32>,
    /// Every placement row.
    pub rows: Vec<PlacementRow>,
}

/// What happens to one placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum RolloverKind {
    /// Moves up a grade.
    Promotion,
    /// Leaves the school after grade 9.
    LeavesSchool,
    /// Leaves SFO after grade 4.
    LeavesSfo,
    /// Leaves the kindergarten to start school.
    LeavesKindergarten,
}

/// One line of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RolloverChange {
    #[ts(type = "number")]
    pub child_id: i64,
    /// The child's name.
    pub name: String,
    /// What happens.
    pub kind: RolloverKind,
    /// The grade in the year that ends.
    pub from_grade: Option<u8>,
    /// The grade from 1 August (promotions).
    pub to_grade: Option<u8>,
    /// A kindergarten child who leaves by age, not for a school place here: the
    /// school start can be deferred instead (*skoleudsættelse*).
    pub can_defer: bool,
    /// The row that ends on 31 July.
    #[ts(skip)]
    #[serde(skip)]
    pub enrolment_id: i64,
}

/// Everything the rollover to `year` (1 August) would change.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RolloverPlan {
    /// The start year of the new school year.
    pub year: i32,
    /// `2027/28`.
    pub label: String,
    /// Every change, by grade and name.
    pub changes: Vec<RolloverChange>,
    /// Kindergarten children of school age who stay because their school start is
    /// deferred, by name.
    pub deferred: Vec<DeferredChild>,
}

/// A kindergarten child who stays another year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DeferredChild {
    #[ts(type = "number")]
    pub child_id: i64,
    /// The child's name.
    pub name: String,
    /// School starts 1 August of this year.
    pub school_starts: i32,
}

impl RolloverPlan {
    /// The last day of the old school year.
    pub fn last_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 7, 31).expect("31 July")
    }

    /// The first day of the new school year.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 8, 1).expect("1 August")
    }

    /// How many changes of `kind`.
    pub fn count(&self, kind: RolloverKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

/// R12: where the register stands against the school year's turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchoolYearState {
    /// The start year of the school year the register describes: the last rollover's,
    /// or the one it was set up in.
    pub data_year: i32,
}

impl SchoolYearState {
    /// The start year of the rollover to run next.
    pub fn next_rollover(self) -> i32 {
        self.data_year + 1
    }

    /// From 1 August of its year, the next rollover is due: late if not run by then.
    pub fn rollover_due(self, today: NaiveDate) -> bool {
        today >= first_of_august(self.next_rollover())
    }

    /// A month that begins on or after 1 August of the next rollover's year cannot be
    /// charged before that rollover has run: until then the register still holds last
    /// year's grades and this summer's leavers (R12).
    pub fn month_waits_for_rollover(self, first_day_of_month: NaiveDate) -> bool {
        first_day_of_month >= first_of_august(self.next_rollover())
    }

    /// `2027/28` for the next rollover.
    pub fn next_label(self) -> String {
        school_year_label(self.next_rollover())
    }
}

fn first_of_august(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 8, 1).expect("1 August")
}

/// `2027/28` for the school year starting in `year`.
pub fn school_year_label(year: i32) -> String {
    format!("{year}/{:02}", (year + 1) % 100)
}

/// R12: the rollover to 1 August `year` for these children.
pub fn plan_rollover(year: i32, children: &[RolloverChild]) -> RolloverPlan {
    let last_day = NaiveDate::from_ymd_opt(year, 7, 31).expect("31 July");
    let mut changes = Vec::new();
    let mut deferred = Vec::new();
    for child in children {
        // Only places that run on past 31 July move; a place ending then has already left.
        let running = |row: &&PlacementRow| row.start <= last_day && row.runs_after(last_day);
        let grade = child
            .rows
            .iter()
            .filter(running)
            .find(|row| row.division == Division::School)
            .and_then(|row| row.grade);
        for row in child.rows.iter().filter(running) {
            let change = |kind, to_grade| RolloverChange {
                child_id: child.child_id,
                name: child.name.clone(),
                kind,
                from_grade: grade,
                to_grade,
                can_defer: false,
                enrolment_id: row.id,
            };
            match row.division {
                Division::School => match row.grade {
                    Some(g) if g < 9 => changes.push(change(RolloverKind::Promotion, Some(g + 1))),
                    _ => changes.push(change(RolloverKind::LeavesSchool, None)),
                },
                Division::Sfo if grade.is_none_or(|g| g >= 4) => {
                    changes.push(change(RolloverKind::LeavesSfo, None))
                }
                Division::Kindergarten => match school_start(child, year) {
                    SchoolStart::PlaceHere => {
                        changes.push(change(RolloverKind::LeavesKindergarten, None))
                    }
                    SchoolStart::ByAge => changes.push(RolloverChange {
                        can_defer: true,
                        ..change(RolloverKind::LeavesKindergarten, None)
                    }),
                    SchoolStart::Deferred(to) => deferred.push(DeferredChild {
                        child_id: child.child_id,
                        name: child.name.clone(),
                        school_starts: to,
                    }),
                    SchoolStart::NotYet => {}
                },
                _ => {}
            }
        }
    }
    changes.sort_by(|a, b| {
        (a.kind as u8, a.from_grade, &a.name).cmp(&(b.kind as u8, b.from_grade, &b.name))
    });
    deferred.sort_by(|a, b| a.name.cmp(&b.name));
    RolloverPlan {
        year,
        label: school_year_label(year),
        changes,
        deferred,
    }
}

/// Whether a kindergarten child starts school on 1 August `year`, and why.
enum SchoolStart {
    /// A school place here from then: leaves whatever the age.
    PlaceHere,
    /// R33: turns 6 this year (or is older).
    ByAge,
    /// Of school age, but the school start is put off to the year given.
    Deferred(i32),
    /// Stays.
    NotYet,
}

/// R12/R33: school starts 1 August of the year the child turns 6, unless the start is
/// deferred; a school place here from then settles it either way.
fn school_start(child: &RolloverChild, year: i32) -> SchoolStart {
    let first_day = NaiveDate::from_ymd_opt(year, 8, 1).expect("1 August");
    let has_school_place = child.rows.iter().any(|row| {
        row.division == Division::School
            && row.start >= first_day
            && row.runs_after(first_day - chrono::Days::new(1))
    });
    let of_age = child.birth_date.is_some_and(|born| born.year() <= year - 6);
    match (has_school_place, of_age, child.school_start_deferred_to) {
        (true, _, _) => SchoolStart::PlaceHere,
        (false, true, Some(to)) if to > year => SchoolStart::Deferred(to),
        (false, true, _) => SchoolStart::ByAge,
        (false, false, _) => SchoolStart::NotYet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r12_the_next_rollover_is_due_from_1_august_and_holds_back_the_months_from_then() {
        let state = SchoolYearState { data_year: 2026 };
        assert_eq!(state.next_rollover(), 2027);
        assert_eq!(state.next_label(), "2027/28");
        assert!(!state.rollover_due(d(2027, 7, 31)));
        assert!(state.rollover_due(d(2027, 8, 1)));
        assert!(state.rollover_due(d(2027, 8, 20)), "late is still due");
        assert!(!state.month_waits_for_rollover(d(2027, 7, 1)));
        assert!(state.month_waits_for_rollover(d(2027, 8, 1)));
        assert!(state.month_waits_for_rollover(d(2027, 9, 1)));
        let after = SchoolYearState { data_year: 2027 };
        assert!(!after.month_waits_for_rollover(d(2027, 9, 1)));
        assert!(!after.rollover_due(d(2027, 8, 20)));
    }

    fn child(
        id: i64,
        born: i32,
        rows: Vec<(Division, Option<u8>, Option<NaiveDate>)>,
    ) -> RolloverChild {
        RolloverChild {
            child_id: id,
            name: format!("Barn {id}"),
            birth_date: Some(d(born, 3, 1)),
            school_start_deferred_to: None,
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, (division, grade, end))| PlacementRow {
                    id: id * 10 + i as i64,
                    division,
                    grade,
                    sfo_module: String::new(),
                    start: d(2020, 8, 1),
                    end,
                })
                .collect(),
        }
    }

    #[test]
    fn r12_grades_move_up_and_the_last_grades_leave() {
        let children = vec![
            child(
                1,
                2019,
                vec![
                    (Division::School, Some(0), None),
                    (Division::Sfo, None, None),
                ],
            ),
            child(
                2,
                2015,
                vec![
                    (Division::School, Some(4), None),
                    (Division::Sfo, None, None),
                ],
            ),
            child(3, 2014, vec![(Division::School, Some(9), None)]),
            child(4, 2021, vec![(Division::Kindergarten, None, None)]),
            child(5, 2022, vec![(Division::Kindergarten, None, None)]),
            // Withdrawn with 31 July as the last day: already leaving, nothing to do.
            child(
                6,
                2016,
                vec![(Division::School, Some(3), Some(d(2027, 7, 31)))],
            ),
        ];
        let plan = plan_rollover(2027, &children);
        assert_eq!(plan.label, "2027/28");
        assert_eq!(plan.count(RolloverKind::Promotion), 2);
        assert_eq!(plan.count(RolloverKind::LeavesSchool), 1);
        assert_eq!(plan.count(RolloverKind::LeavesSfo), 1);
        assert_eq!(plan.count(RolloverKind::LeavesKindergarten), 1);
        let promoted: Vec<(i64, Option<u8>)> = plan
            .changes
            .iter()
            .filter(|c| c.kind == RolloverKind::Promotion)
            .map(|c| (c.child_id, c.to_grade))
            .collect();
        assert_eq!(promoted, vec![(1, Some(1)), (2, Some(5))]);
        assert!(plan.changes.iter().all(|c| c.child_id != 6));
        assert_eq!(plan.last_day(), d(2027, 7, 31));
    }

    #[test]
    fn r12_a_younger_child_with_a_school_place_from_august_leaves_the_kindergarten() {
        let mut early = child(7, 2022, vec![(Division::Kindergarten, None, None)]);
        early.rows.push(PlacementRow {
            id: 99,
            division: Division::School,
            grade: Some(0),
            sfo_module: String::new(),
            start: d(2027, 8, 1),
            end: None,
        });
        let plan = plan_rollover(2027, &[early]);
        assert_eq!(plan.changes.len(), 1);
        assert_eq!(plan.changes[0].kind, RolloverKind::LeavesKindergarten);
        assert!(
            !plan.changes[0].can_defer,
            "a school place here is not deferred from the rollover"
        );
    }

    #[test]
    fn r12_r33_a_child_whose_school_start_is_deferred_stays_in_the_kindergarten_one_more_year() {
        let mut late = child(8, 2021, vec![(Division::Kindergarten, None, None)]);
        let plan = plan_rollover(2027, std::slice::from_ref(&late));
        assert_eq!(
            (plan.changes.len(), plan.changes[0].can_defer),
            (1, true),
            "turns 6 in 2027: leaves by age"
        );
        late.school_start_deferred_to = Some(2028);
        let plan = plan_rollover(2027, std::slice::from_ref(&late));
        assert!(plan.changes.is_empty());
        assert_eq!(
            plan.deferred,
            vec![DeferredChild {
                child_id: 8,
                name: "Barn 8".into(),
                school_starts: 2028
            }]
        );
        // A year on, the deferral has run out: the child leaves.
        let plan = plan_rollover(2028, &[late]);
        assert_eq!(plan.count(RolloverKind::LeavesKindergarten), 1);
        assert!(plan.deferred.is_empty());
    }
}
