//! A mistyped first day of a place, corrected: previewed, then saved as its own
//! audited event in one unit of work, only while no issued month depends on it.

use crate::placement::PlacementUseCases;
use chrono::NaiveDate;
use skolekontor_domain::dates;
use skolekontor_domain::placement::PlacementRow;
use skolekontor_domain::placement_correction::{
    plan_first_day_correction, DateCorrectionInput, DateCorrectionPlan,
};
use skolekontor_domain::school::Division;
use skolekontor_store::Database;

use crate::access::Action;
use crate::error::AppResult;
use crate::placement::{ChangeFact, ChangePreview, PlaceName};
use crate::use_case::Subject;

fn place_of(row: &PlacementRow) -> PlaceName {
    PlaceName {
        division: row.division,
        grade: row.grade,
        module: row.sfo_module.clone(),
    }
}

fn plan(db: &Database, input: &DateCorrectionInput) -> AppResult<DateCorrectionPlan> {
    let rows = db.placement().placement_rows(input.child_id)?;
    // Nothing charged yet: every day is open.
    let first_open_day = db.placement().first_open_day()?.unwrap_or(NaiveDate::MIN);
    Ok(plan_first_day_correction(input, &rows, first_open_day)?)
}

fn preview(
    db: &Database,
    child_id: i64,
    plan: &DateCorrectionPlan,
    saved: bool,
) -> AppResult<ChangePreview> {
    let mut days = vec![ChangeFact::FirstDay {
        place: place_of(&plan.row),
        first: dates::short(plan.new_start),
    }];
    if let Some(end) = &plan.previous {
        let rows = db.placement().placement_rows(child_id)?;
        if let Some(previous) = rows.iter().find(|r| r.id == end.enrolment_id) {
            days.push(ChangeFact::LastDay {
                place: place_of(previous),
                last: dates::short(end.new_end),
            });
        }
    }
    Ok(ChangePreview {
        days,
        charges: Vec::new(),
        saved,
    })
}

/// A class change is the headteacher's (R4), so is moving its day.
fn is_class_change(plan: &DateCorrectionPlan) -> bool {
    plan.row.division == Division::School && plan.previous.is_some()
}

impl PlacementUseCases<'_> {
    /// What correcting a place's first day would do; nothing is saved.
    pub fn preview_date_correction(
        &mut self,
        input: DateCorrectionInput,
    ) -> AppResult<ChangePreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let db = &context.open.db;
        let plan = plan(db, &input)?;
        preview(db, input.child_id, &plan, false)
    }

    /// Corrects a place's mistyped first day.
    pub fn correct_placement_date(
        &mut self,
        input: DateCorrectionInput,
    ) -> AppResult<ChangePreview> {
        let mut context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let work = context.open.db.begin()?;
        let plan = plan(work.db(), &input)?;
        if is_class_change(&plan) {
            context.user.require(Action::ApproveClassChange)?;
        }
        work.placement().correct_first_day(input.child_id, &plan)?;
        work.commit()?;
        context.refresh_index()?;
        preview(&context.open.db, input.child_id, &plan, true)
    }
}
