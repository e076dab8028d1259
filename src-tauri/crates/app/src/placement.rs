//! Placements through the rules: a child's timeline, a class change (R4) and an SFO
//! module joined, switched or dropped (R7, R11). Each change can be previewed —
//! its last and first days and what happens to the charges — before it is saved;
//! saving runs the same checks in one unit of work.

use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::billing::{RateKind, RateTable};
use skolekontor_domain::dates;
use skolekontor_domain::money::Ore;
use skolekontor_domain::placement::{
    first_changeable_day, module_name_shown, plan_class_change, plan_sfo_change, ChangeKind,
    ChangeRecord, ClassChangeInput, ClassChangePlan, PlacementRow, SfoChangeInput, SfoChangePlan,
    SfoFacts,
};
use skolekontor_domain::school::Division;
use skolekontor_domain::tr;
use skolekontor_store::placement::StoredChange;
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::error::AppResult;
use crate::leaving::GuardianChoice;
use crate::use_case::Subject;

/// One row of the timeline: a place and its days.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PlacementLine {
    /// The place's id, for correcting its first day.
    #[ts(type = "number")]
    pub id: i64,
    /// "3. klasse", "SFO – Eftermiddag", "Børnehave" (for the command line; the
    /// window words it from the facts below in the chosen language).
    pub text: String,
    pub division: Division,
    /// The grade, in the school.
    pub grade: Option<u8>,
    /// The SFO module, if any.
    pub module: String,
    /// `dd-mm-yyyy`.
    pub first_day: String,
    /// `dd-mm-yyyy`, if known.
    pub last_day: Option<String>,
    /// Runs today.
    pub current: bool,
}

/// One recorded change, in words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChangeLine {
    /// From when, `dd-mm-yyyy`.
    pub effective_on: String,
    /// What, in a Danish sentence (the command line's; the window words it from the
    /// facts below in the chosen language).
    pub text: String,
    /// Who made it (and approved it), and when, in Danish.
    pub by: String,
    /// Why, as typed.
    pub reason: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The grade left.
    pub from_grade: Option<u8>,
    /// The grade joined.
    pub to_grade: Option<u8>,
    /// The SFO module left.
    pub from_module: String,
    /// The SFO module joined.
    pub to_module: String,
    /// The notice's day of receipt, `dd-mm-yyyy`.
    pub received_on: Option<String>,
    /// The meeting's day, `dd-mm-yyyy`.
    pub meeting_on: Option<String>,
    /// Who made it; none for the program's own (migrated) events.
    pub made_by: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When, `dd-mm-yyyy hh:mm` in Copenhagen.
    pub made_at: String,
}

/// A child's placements: the timeline and what the actions need.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PlacementView {
    /// The rows, oldest first.
    pub lines: Vec<PlacementLine>,
    /// The recorded changes, oldest first.
    pub changes: Vec<ChangeLine>,
    /// The grade today, for a pupil in the school.
    pub grade: Option<u8>,
    /// The SFO modules the child is in today or later.
    pub current_modules: Vec<String>,
    /// Every SFO module the school has a rate for.
    pub school_modules: Vec<String>,
    /// Custody holders, who may give notice.
    pub guardians: Vec<GuardianChoice>,
    /// The first month a change may start in, `mm-yyyy` (the months before are charged).
    pub first_open_month: String,
}

/// What a change would do, before (or after) it is saved: facts the window words in
/// the chosen language; [`ChangeFact::danish`] words them for the command line.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChangePreview {
    pub days: Vec<ChangeFact>,
    /// What happens to the charges.
    pub charges: Vec<ChangeFact>,
    /// The change is saved.
    pub saved: bool,
}

/// A place in a preview: the school's grade or an SFO module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PlaceName {
    pub division: Division,
    /// The grade, in the school.
    pub grade: Option<u8>,
    /// The SFO module; empty for SFO without a module.
    pub module: String,
}

impl PlaceName {
    fn grade(grade: u8) -> PlaceName {
        PlaceName {
            division: Division::School,
            grade: Some(grade),
            module: String::new(),
        }
    }

    fn module(module: &str) -> PlaceName {
        PlaceName {
            division: Division::Sfo,
            grade: None,
            module: module.to_string(),
        }
    }

    fn danish(&self) -> String {
        match (self.division, self.grade) {
            (Division::School, Some(grade)) => format!("{grade}. klasse"),
            (Division::Sfo, _) => skolekontor_domain::placement::module_name(&self.module),
            _ => "børnehaven".into(),
        }
    }
}

/// A monthly rate in a preview, in øre; none when the school has no rate for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PlaceRate {
    pub place: PlaceName,
    /// Øre a month.
    #[ts(type = "number | null")]
    pub rate: Option<i64>,
}

impl PlaceRate {
    fn danish(&self) -> String {
        format!("{} for {}", rate_text(self.rate), self.place.danish())
    }
}

/// One fact of a preview. Days are `dd-mm-yyyy`, months `yyyy-mm`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ChangeFact {
    /// The notice received on a day makes a day the last (R11).
    LastDayByNotice {
        /// The place left.
        place: PlaceName,
        /// The notice's day of receipt.
        received: String,
        /// The last day in the place.
        last: String,
    },
    /// The last day in a place.
    LastDay {
        /// The place left.
        place: PlaceName,
        /// Its last day.
        last: String,
    },
    /// The first day in a place.
    FirstDay {
        /// The place joined.
        place: PlaceName,
        /// Its first day.
        first: String,
    },
    /// The meeting of R4 was held on a day and all agreed.
    MeetingAgreed {
        /// The meeting's day.
        meeting: String,
    },
    /// A place is charged for the last time for a month.
    LastCharge {
        /// The place and its monthly rate.
        charge: PlaceRate,
        /// The last month charged.
        month: String,
    },
    /// From a month a place is charged, instead of another.
    ChargeFrom {
        /// The place and its monthly rate.
        charge: PlaceRate,
        /// The first month charged.
        month: String,
        /// The place (and rate) it replaces.
        instead: Option<PlaceRate>,
    },
    /// The school fee stays: one rate for every grade.
    SchoolFeeUnchanged,
}

impl ChangeFact {
    /// The fact as a Danish sentence (the command line's wording).
    pub fn danish(&self) -> String {
        match self {
            ChangeFact::LastDayByNotice {
                place,
                received,
                last,
            } => format!(
                "Opsigelsen er modtaget {received}: med løbende måned plus en måned er sidste dag i {} {last}.",
                place.danish()
            ),
            ChangeFact::LastDay { place, last } => {
                format!("Sidste dag i {}: {last}.", place.danish())
            }
            ChangeFact::FirstDay { place, first } => {
                format!("Første dag i {}: {first}.", place.danish())
            }
            ChangeFact::MeetingAgreed { meeting } => format!(
                "Mødet {meeting} med ledelsen, barnet, forældrene og klasselæreren: alle er enige."
            ),
            ChangeFact::LastCharge { charge, month } => format!(
                "{} opkræves sidste gang for {}.",
                capitalised(&format!("{} ({})", charge.place.danish(), rate_text(charge.rate))),
                month_text_of(month)
            ),
            ChangeFact::ChargeFrom {
                charge,
                month,
                instead,
            } => match instead {
                Some(old) => format!(
                    "Fra {} opkræves {} i stedet for {}.",
                    month_text_of(month),
                    charge.danish(),
                    old.danish()
                ),
                None => format!(
                    "Fra {} opkræves {}.",
                    month_text_of(month),
                    charge.danish()
                ),
            },
            ChangeFact::SchoolFeeUnchanged => {
                "Skolepengene ændres ikke: taksten er den samme for alle klassetrin.".into()
            }
        }
    }
}

fn rate_text(rate: Option<i64>) -> String {
    rate.map_or("ingen takst".into(), |r| {
        format!("{} om måneden", Ore(r).to_danish())
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `yyyy-mm` as "december 2026".
fn month_text_of(month: &str) -> String {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(dates::month_and_year)
        .unwrap_or_else(|_| month.to_string())
}

fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

fn row_text(row: &PlacementRow) -> String {
    match row.division {
        Division::School => row
            .grade
            .map(|g| tr!("placement.grade", grade = g))
            .unwrap_or_else(|| tr!("placement.school")),
        Division::Sfo if row.sfo_module.is_empty() => tr!("placement.sfo"),
        Division::Sfo => tr!("placement.sfo_with_module", module = row.sfo_module),
        Division::Kindergarten => tr!("placement.kindergarten"),
    }
}

/// The change in a sentence, for the timeline.
pub fn change_text(record: &ChangeRecord) -> String {
    let grade = |g: Option<u8>| {
        g.map(|g| tr!("placement.grade", grade = g))
            .unwrap_or_default()
    };
    let received = record
        .received_on
        .map(|d| tr!("placement.notice_received", day = dates::short(d)))
        .unwrap_or_default();
    match record.kind {
        ChangeKind::Admission => tr!("placement.admitted"),
        ChangeKind::ClassChange => tr!(
            "placement.class_change",
            from = grade(record.from_grade),
            to = grade(record.to_grade),
            meeting = record
                .meeting_on
                .map(|d| tr!("placement.after_meeting", day = dates::short(d)))
                .unwrap_or_default()
        ),
        ChangeKind::SfoJoin => tr!(
            "placement.joins",
            module = module_name_shown(&record.to_module)
        ),
        ChangeKind::SfoSwitch => tr!(
            "placement.switches",
            from = module_name_shown(&record.from_module),
            to = module_name_shown(&record.to_module),
            received = received
        ),
        ChangeKind::SfoDrop => tr!(
            "placement.drops",
            module = module_name_shown(&record.from_module),
            received = received
        ),
        ChangeKind::Withdrawal => tr!("placement.withdrawn", received = received),
        ChangeKind::ArrearsTermination => tr!("placement.arrears_termination"),
        ChangeKind::Expulsion => tr!("placement.expulsion"),
        ChangeKind::AutomaticLeaving => tr!("placement.automatic_leaving"),
        ChangeKind::Promotion => tr!("placement.promoted", grade = grade(record.to_grade)),
        ChangeKind::DateCorrection => tr!("placement.date_corrected"),
        ChangeKind::KindergartenToSchool => {
            tr!("placement.to_school", grade = grade(record.to_grade))
        }
        ChangeKind::WithdrawalCancelled => tr!("placement.withdrawal_cancelled"),
    }
}

fn change_line(change: &StoredChange) -> ChangeLine {
    let at = crate::clock::local_display(&change.made_at).unwrap_or_default();
    let who = change
        .made_by
        .clone()
        .unwrap_or_else(|| "Skolekontor".into());
    let by = match &change.approved_by {
        Some(approver) => tr!(
            "placement.made_by_approved",
            who = who,
            approver = approver,
            at = at
        ),
        None => format!("{who}, {at}"),
    };
    let record = &change.record;
    ChangeLine {
        effective_on: dates::short(record.effective_on),
        text: change_text(record),
        by,
        reason: record.reason.clone(),
        kind: record.kind,
        from_grade: record.from_grade,
        to_grade: record.to_grade,
        from_module: record.from_module.clone(),
        to_module: record.to_module.clone(),
        received_on: record.received_on.map(dates::short),
        meeting_on: record.meeting_on.map(dates::short),
        made_by: change.made_by.clone(),
        approved_by: change.approved_by.clone(),
        made_at: at,
    }
}

fn month_text(day: NaiveDate) -> String {
    day.format("%m-%Y").to_string()
}

/// The first day a change may start on: after the last month charged, and never
/// before the current month.
fn first_open_day(db: &Database, today: NaiveDate) -> AppResult<NaiveDate> {
    Ok(first_changeable_day(
        db.placement().first_open_day()?,
        today,
    ))
}

fn custody_holders(db: &Database, child_id: i64) -> AppResult<Vec<GuardianChoice>> {
    Ok(db
        .register()
        .child_detail(child_id)?
        .guardians
        .into_iter()
        .filter(|g| g.link.has_custody)
        .map(|g| GuardianChoice {
            id: g.guardian_id,
            name: format!("{} {}", g.first_name, g.last_name),
        })
        .collect())
}

fn class_preview(plan: &ClassChangePlan, saved: bool) -> ChangePreview {
    ChangePreview {
        days: vec![
            ChangeFact::LastDay {
                place: PlaceName::grade(plan.from_grade),
                last: dates::short(plan.end.new_end),
            },
            ChangeFact::FirstDay {
                place: PlaceName::grade(plan.to_grade),
                first: dates::short(plan.first_day),
            },
            ChangeFact::MeetingAgreed {
                meeting: dates::short(plan.meeting_on),
            },
        ],
        charges: vec![ChangeFact::SchoolFeeUnchanged],
        saved,
    }
}

fn sfo_preview(plan: &SfoChangePlan, rates: &RateTable, saved: bool) -> ChangePreview {
    let mut days = Vec::new();
    let mut charges = Vec::new();
    let charge = |module: &str, day: NaiveDate| PlaceRate {
        place: PlaceName::module(module),
        rate: rates.in_force(RateKind::Sfo, module, day).map(|r| r.0),
    };
    if let (Some(module), Some(last)) = (&plan.from_module, plan.last_day) {
        let place = PlaceName::module(module);
        days.push(match plan.received_on.filter(|_| plan.by_notice) {
            Some(received) => ChangeFact::LastDayByNotice {
                place,
                received: dates::short(received),
                last: dates::short(last),
            },
            None => ChangeFact::LastDay {
                place,
                last: dates::short(last),
            },
        });
        if plan.to_module.is_none() {
            charges.push(ChangeFact::LastCharge {
                charge: charge(module, last),
                month: month_key(last),
            });
        }
    }
    if let (Some(module), Some(first)) = (&plan.to_module, plan.first_day) {
        days.push(ChangeFact::FirstDay {
            place: PlaceName::module(module),
            first: dates::short(first),
        });
        charges.push(ChangeFact::ChargeFrom {
            charge: charge(module, first),
            month: month_key(first),
            instead: plan.from_module.as_deref().map(|old| charge(old, first)),
        });
    }
    ChangePreview {
        days,
        charges,
        saved,
    }
}

crate::use_case_handle! {
    /// A child's placements (*placeringer*, R11, R16): changes and corrections of dates; the use cases, on the office's session.
    placement => PlacementUseCases
}

impl PlacementUseCases<'_> {
    /// A child's placements and recorded changes.
    pub fn placements(&mut self, child_id: i64) -> AppResult<PlacementView> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Child(child_id))?;
        let today = context.today;
        let db = &context.open.db;
        let rows = db.placement().placement_rows(child_id)?;
        let current = |r: &&PlacementRow| r.runs_after(today.pred_opt().expect("a day before"));
        Ok(PlacementView {
            lines: rows
                .iter()
                .filter(|r| r.end.is_none_or(|end| end >= r.start))
                .map(|r| PlacementLine {
                    id: r.id,
                    text: row_text(r),
                    division: r.division,
                    grade: r.grade,
                    module: r.sfo_module.clone(),
                    first_day: dates::short(r.start),
                    last_day: r.end.map(dates::short),
                    current: r.runs_on(today),
                })
                .collect(),
            changes: db
                .placement()
                .placement_changes(child_id)?
                .iter()
                .map(change_line)
                .collect(),
            grade: rows
                .iter()
                .find(|r| r.division == Division::School && r.runs_on(today))
                .and_then(|r| r.grade),
            current_modules: rows
                .iter()
                .filter(current)
                .filter(|r| r.division == Division::Sfo)
                .map(|r| r.sfo_module.clone())
                .collect(),
            school_modules: RateTable::new(db.billing().rates()?)
                .sfo_modules()
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect(),
            guardians: custody_holders(db, child_id)?,
            first_open_month: month_text(first_open_day(db, today)?),
        })
    }

    /// R4: what a class change would do; nothing is saved.
    pub fn preview_class_change(&mut self, input: ClassChangeInput) -> AppResult<ChangePreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let plan = class_change_plan(&context.open.db, &input, context.today)?;
        Ok(class_preview(&plan, false))
    }

    /// R4: moves a pupil to another grade during the year. Only the headteacher
    /// saves it: saving is the approval, recorded with the meeting.
    pub fn change_class(&mut self, input: ClassChangeInput) -> AppResult<ChangePreview> {
        let mut context = self
            .office
            .authorize(Action::ApproveClassChange, Subject::Child(input.child_id))?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let plan = class_change_plan(work.db(), &input, today)?;
        work.placement().change_placement(
            input.child_id,
            std::slice::from_ref(&plan.end),
            std::slice::from_ref(&plan.start),
            &plan.record(),
        )?;
        work.commit()?;
        context.refresh_index()?;
        Ok(class_preview(&plan, true))
    }

    /// R7/R11: what an SFO module change would do; nothing is saved.
    pub fn preview_sfo_change(&mut self, input: SfoChangeInput) -> AppResult<ChangePreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let db = &context.open.db;
        let rates = RateTable::new(db.billing().rates()?);
        let plan = sfo_change_plan(db, &rates, &input, context.today)?;
        Ok(sfo_preview(&plan, &rates, false))
    }

    /// R7/R11: joins, switches or drops an SFO module.
    pub fn change_sfo(&mut self, input: SfoChangeInput) -> AppResult<ChangePreview> {
        let mut context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let rates = RateTable::new(work.db().billing().rates()?);
        let plan = sfo_change_plan(work.db(), &rates, &input, today)?;
        work.placement().change_placement(
            input.child_id,
            plan.end.as_slice(),
            plan.start.as_slice(),
            &plan.record(),
        )?;
        work.commit()?;
        context.refresh_index()?;
        Ok(sfo_preview(&plan, &rates, true))
    }
}

fn class_change_plan(
    db: &Database,
    input: &ClassChangeInput,
    today: NaiveDate,
) -> AppResult<ClassChangePlan> {
    let rows = db.placement().placement_rows(input.child_id)?;
    let mut room_error = None;
    let plan = plan_class_change(input, today, &rows, |grade, day| {
        db.placement().class_room(grade, day).unwrap_or_else(|e| {
            room_error = Some(e);
            skolekontor_domain::placement::ClassRoom {
                pupils: u32::MAX,
                capacity: 0,
            }
        })
    });
    if let Some(error) = room_error {
        return Err(error.into());
    }
    Ok(plan?)
}

fn sfo_change_plan(
    db: &Database,
    rates: &RateTable,
    input: &SfoChangeInput,
    today: NaiveDate,
) -> AppResult<SfoChangePlan> {
    let rows = db.placement().placement_rows(input.child_id)?;
    // The module as the school names it, however it was typed.
    let modules = rates.sfo_modules();
    let named = |typed: &str| {
        modules
            .iter()
            .find(|m| m.eq_ignore_ascii_case(typed.trim()))
            .cloned()
            .unwrap_or_else(|| typed.trim().to_string())
    };
    let input = SfoChangeInput {
        from_module: named(&input.from_module),
        to_module: named(&input.to_module),
        ..input.clone()
    };
    let guardian_ids: Vec<i64> = custody_holders(db, input.child_id)?
        .iter()
        .map(|g| g.id)
        .collect();
    let rate_on = |module: &str, day: NaiveDate| rates.in_force(RateKind::Sfo, module, day);
    let facts = SfoFacts {
        rows: &rows,
        guardian_ids: &guardian_ids,
        rate_on: &rate_on,
        first_open_day: first_open_day(db, today)?,
    };
    Ok(plan_sfo_change(&input, today, &facts)?)
}
