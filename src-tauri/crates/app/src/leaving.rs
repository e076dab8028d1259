//! Use cases of leaving and the school year (R11–R15, R36): withdrawals with their
//! last day shown before saving, cancelling them, R13's compensation, ending the
//! schooling, the rollover to 1 August, and the 5 September count.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::dates;
use skolekontor_domain::leaving::municipal_count::{
    count_day, group_by_municipality, SeptemberCount,
};
use skolekontor_domain::leaving::rollover::{
    plan_rollover, school_year_label, RolloverPlan, SchoolYearState,
};
use skolekontor_domain::leaving::withdrawal::{
    check_expulsion_last_day, plan_expulsion, plan_withdrawal, WithdrawalInput, WithdrawalPlan,
    WithdrawalScope,
};
use skolekontor_domain::placement::PlacementRow;
use skolekontor_domain::school::Division;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::{Database, StoreError};
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::documents::document_error;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_documents::csv_file::CsvFile;
use skolekontor_domain::tr;

/// Something the notice can cover, as the form offers it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ScopeChoice {
    /// What.
    pub scope: WithdrawalScope,
    /// The module, for one module.
    pub sfo_module: String,
    /// "SFO-modulet Morgen".
    pub label: String,
}

/// A guardian who can give notice.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct GuardianChoice {
    /// The guardian.
    #[ts(type = "number")]
    pub id: i64,
    /// Full name.
    pub name: String,
}

/// A withdrawal as the child's page lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalView {
    #[ts(type = "number")]
    pub id: i64,
    /// "SFO", "skolen (og SFO)" …
    pub covers: String,
    /// Received, `dd-mm-yyyy`.
    pub received_on: String,
    /// From whom.
    pub from_guardian: String,
    /// R11's last day, `dd-mm-yyyy`.
    pub last_day: String,
    /// In Danish: running, carried out, cancelled, compensated.
    pub status: String,
    /// Can still be cancelled (until the last day).
    pub can_cancel: bool,
    /// A kindergarten withdrawal whose notice period can be recorded as compensated (R13).
    pub can_compensate: bool,
    /// Not cancelled: the family's confirmation can be printed.
    pub can_confirm: bool,
}

/// The child's leaving section.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LeavingView {
    /// Recorded withdrawals, newest first.
    pub withdrawals: Vec<WithdrawalView>,
    /// What a new notice can cover now.
    pub scopes: Vec<ScopeChoice>,
    /// Who can give notice.
    pub guardians: Vec<GuardianChoice>,
    /// R15, if the schooling was ended: "Bortvist, sidste dag …: reason (by …)".
    pub expulsion: Option<String>,
}

/// What saving the notice would do, shown before it is saved.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalPreview {
    /// `dd-mm-yyyy`.
    pub last_day: String,
    /// `30. april 2026`.
    pub last_day_long: String,
    /// The consequences in Danish sentences.
    pub consequences: Vec<String>,
}

/// Ending the schooling (R15), as typed.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ExpulsionInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// Why.
    pub reason: String,
    /// The last day, `dd-mm-yyyy`.
    pub last_day: String,
}

/// A rollover that has run.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RolloverDone {
    /// `2027/28`.
    pub label: String,
    /// In Danish: counts and when.
    pub summary: String,
}

/// The rollover screen.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RolloverView {
    /// The next rollover's changes.
    pub plan: RolloverPlan,
    /// Why it cannot run yet, if so.
    pub not_yet: Option<String>,
    /// From 1 August, in Danish: the rollover is due and what waits for it.
    pub due: Option<String>,
    /// Earlier rollovers.
    pub done: Vec<RolloverDone>,
}

/// The first day a rollover to `year` may run: the plans for the new year are made
/// in spring, and running it earlier would move pupils a whole term ahead of time.
fn opens_on(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 4, 1).expect("1 April")
}

fn withdrawal_view(
    w: &skolekontor_store::leaving::StoredWithdrawal,
    today: NaiveDate,
) -> WithdrawalView {
    let status = if w.cancelled {
        tr!("leaving.status_cancelled")
    } else if let Some(on) = w.compensated_on {
        tr!(
            "leaving.status_compensated",
            last = dates::short(w.last_day),
            free = dates::short(on)
        )
    } else if w.last_day < today {
        tr!("leaving.status_left", last = dates::short(w.last_day))
    } else {
        tr!("leaving.status_running", last = dates::short(w.last_day))
    };
    let running = !w.cancelled && w.last_day >= today;
    WithdrawalView {
        id: w.id,
        covers: w.scope.shown(&w.sfo_module),
        received_on: dates::short(w.received_on),
        from_guardian: w.from_guardian.clone(),
        last_day: dates::short(w.last_day),
        status,
        can_cancel: running,
        can_compensate: running
            && w.scope == WithdrawalScope::Kindergarten
            && w.compensated_on.is_none(),
        can_confirm: !w.cancelled,
    }
}

fn scope_choices(rows: &[PlacementRow], today: NaiveDate) -> Vec<ScopeChoice> {
    let open: Vec<&PlacementRow> = rows
        .iter()
        .filter(|r| r.end.is_none_or(|end| end >= today))
        .collect();
    let has = |division| open.iter().any(|r| r.division == division);
    let mut choices = Vec::new();
    let mut push = |scope: WithdrawalScope, module: &str| {
        choices.push(ScopeChoice {
            scope,
            sfo_module: module.into(),
            label: scope.shown(module),
        })
    };
    if has(Division::School) {
        push(WithdrawalScope::School, "");
    }
    if has(Division::Sfo) {
        push(WithdrawalScope::Sfo, "");
        let mut modules: Vec<&str> = open
            .iter()
            .filter(|r| r.division == Division::Sfo && !r.sfo_module.is_empty())
            .map(|r| r.sfo_module.as_str())
            .collect();
        modules.dedup();
        if modules.len() > 1 {
            for module in modules {
                push(WithdrawalScope::SfoModule, module);
            }
        }
    }
    if has(Division::Kindergarten) {
        push(WithdrawalScope::Kindergarten, "");
    }
    choices
}

fn consequences(plan: &WithdrawalPlan) -> Vec<String> {
    let last = dates::long_shown(plan.last_day);
    let mut lines = vec![tr!(
        "leaving.consequence_withdrawn",
        scope = plan.scope.shown(&plan.sfo_module),
        last = last
    )];
    lines.push(tr!("leaving.consequence_charged_until", last = last));
    match plan.scope {
        WithdrawalScope::Sfo | WithdrawalScope::SfoModule => {
            lines.push(tr!("leaving.consequence_school_continues"))
        }
        WithdrawalScope::School => lines.push(tr!("leaving.consequence_sfo_stops")),
        WithdrawalScope::Kindergarten => lines.push(tr!("leaving.consequence_kindergarten_places")),
    }
    lines
}

crate::use_case_handle! {
    /// Leaving and the school year (*udmeldelse, skoleårsskift*, R11–R15): the use cases, on the office's session.
    leaving => LeavingUseCases
}

impl LeavingUseCases<'_> {
    /// A child's withdrawals and what a new notice can cover: office work, so the
    /// roles that edit the register.
    pub fn leaving(&mut self, child_id: i64) -> AppResult<LeavingView> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let today = context.today;
        let db = &context.open.db;
        let rows = db.placement().placement_rows(child_id)?;
        let guardians = db.register().child_detail(child_id)?.guardians;
        let expulsion = db
            .leaving()
            .expulsion_of(child_id)?
            .map(|(last_day, reason, by)| {
                tr!(
                    "leaving.expelled",
                    last = dates::short(last_day),
                    by = by,
                    reason = reason
                )
            });
        Ok(LeavingView {
            withdrawals: db
                .leaving()
                .withdrawals(child_id)?
                .iter()
                .map(|w| withdrawal_view(w, today))
                .collect(),
            scopes: scope_choices(&rows, today),
            guardians: guardians
                .iter()
                .map(|g| GuardianChoice {
                    id: g.guardian_id,
                    name: format!("{} {}", g.first_name, g.last_name),
                })
                .collect(),
            expulsion,
        })
    }

    /// R11: the last day and what the notice would do, before anything is saved.
    pub fn preview_withdrawal(&mut self, input: WithdrawalInput) -> AppResult<WithdrawalPreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let db = &context.open.db;
        let plan = withdrawal_plan(db, &input, context.today)?;
        preview_of(db, input.child_id, &plan, context.today)
    }

    /// R11: records a written notice; charges stop after the last day.
    pub fn record_withdrawal(&mut self, input: WithdrawalInput) -> AppResult<WithdrawalPreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let today = context.today;
        let open = context.open;
        let work = open.db.begin()?;
        let plan = withdrawal_plan(work.db(), &input, today)?;
        let preview = preview_of(work.db(), input.child_id, &plan, today)?;
        work.leaving().record_withdrawal(input.child_id, &plan)?;
        work.commit()?;
        open.refresh_index()?;
        Ok(preview)
    }

    /// Cancels a withdrawal before its last day; the places run on as before.
    pub fn cancel_withdrawal(&mut self, withdrawal_id: i64) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let today = context.today;
        let open = context.open;
        let work = open.db.begin()?;
        let withdrawal = work.db().leaving().withdrawal(withdrawal_id)?;
        if withdrawal.cancelled {
            return Err(AppError::Refused(tr!("leaving.already_cancelled")));
        }
        if withdrawal.last_day < today {
            return Err(AppError::Refused(tr!(
                "leaving.cancel_until",
                day = dates::short(withdrawal.last_day)
            )));
        }
        if work
            .db()
            .leaving()
            .rollover_ran_after(&withdrawal.recorded_at)?
        {
            return Err(AppError::Refused(tr!("leaving.rollover_after_withdrawal")));
        }
        work.leaving().cancel_withdrawal(withdrawal_id)?;
        work.commit()?;
        open.refresh_index()?;
        Ok(())
    }

    /// R13: the kindergarten is compensated for the municipal subsidy for the whole
    /// notice period, so the place can go to another child from today.
    pub fn record_compensation(&mut self, withdrawal_id: i64) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let today = context.today;
        let work = context.open.db.begin()?;
        work.leaving()
            .record_compensation(withdrawal_id, today)
            .map_err(|e| match e {
                StoreError::NotFound => {
                    AppError::Refused(tr!("leaving.only_kindergarten_compensated").into())
                }
                other => other.into(),
            })?;
        Ok(work.commit()?)
    }

    /// R15: ends the schooling (*bortvisning*) with reason and last day; the headteacher only.
    pub fn end_schooling(&mut self, input: ExpulsionInput) -> AppResult<String> {
        let context = self
            .office
            .authorize(Action::EndSchooling, Subject::School)?;
        let today = context.today;
        let mut errors = ValidationErrors::default();
        let reason = input.reason.trim();
        if reason.is_empty() {
            errors.add("reason", tr!("leaving.expulsion_reason_missing"));
        } else if reason.chars().count() > 2000 {
            errors.add("reason", tr!("leaving.expulsion_reason_length"));
        }
        let last_day = dates::parse(&input.last_day);
        match last_day {
            None => errors.add("lastDay", tr!("leaving.last_day_format")),
            Some(day) => {
                if let Err(problem) = check_expulsion_last_day(day, today) {
                    errors.add("lastDay", problem)
                }
            }
        }
        errors.into_result()?;
        let last_day = last_day.expect("checked above");
        let open = context.open;
        let work = open.db.begin()?;
        let rows = work.db().placement().placement_rows(input.child_id)?;
        let ends = plan_expulsion(&rows, last_day).ok_or_else(|| {
            AppError::Refused(tr!(
                "leaving.not_in_school_after",
                day = dates::short(last_day)
            ))
        })?;
        work.leaving()
            .expel(input.child_id, reason, last_day, &ends)?;
        work.commit()?;
        open.refresh_index()?;
        Ok(dates::short(last_day))
    }

    /// The next rollover's preview: every change by name, and whether it can run.
    pub fn rollover_preview(&mut self) -> AppResult<RolloverView> {
        let context = self
            .office
            .authorize(Action::ManageSchoolYear, Subject::School)?;
        let today = context.today;
        let db = &context.open.db;
        let done = db.leaving().rollovers()?;
        let state = school_year_state(db)?;
        let year = state.next_rollover();
        let plan = plan_rollover(year, &db.leaving().rollover_children()?);
        let not_yet = (today < opens_on(year)).then(|| {
            tr!(
                "leaving.rollover_from",
                year = plan.label,
                day = dates::long_shown(opens_on(year))
            )
        });
        let due = state.rollover_due(today).then(|| rollover_due_text(state));
        let done = done
            .iter()
            .map(|r| RolloverDone {
                label: format!("{}/{:02}", r.year, (r.year + 1) % 100),
                summary: tr!(
                    "leaving.rollover_summary",
                    promoted = r.promoted,
                    left_school = r.left_school,
                    left_sfo = r.left_sfo,
                    left_kindergarten = r.left_kindergarten,
                    at = clock::local_display(&r.run_at).unwrap_or_default()
                ),
            })
            .collect();
        Ok(RolloverView {
            plan,
            not_yet,
            due,
            done,
        })
    }

    /// R12/R33: a kindergarten child who would leave by age at the coming rollover
    /// stays another year (*skoleudsættelse*); the preview shows it by name.
    pub fn defer_school_start(&mut self, child_id: i64) -> AppResult<RolloverView> {
        let context = self
            .office
            .authorize(Action::ManageSchoolYear, Subject::School)?;
        let work = context.open.db.begin()?;
        let db = work.db();
        let year = school_year_state(db)?.next_rollover();
        let plan = plan_rollover(year, &db.leaving().rollover_children()?);
        if !plan
            .changes
            .iter()
            .any(|c| c.child_id == child_id && c.can_defer)
        {
            return Err(AppError::Refused(tr!("leaving.deferral_only", year = year)));
        }
        work.leaving()
            .set_school_start_deferral(child_id, Some(year + 1))?;
        work.commit()?;
        self.rollover_preview()
    }

    /// Takes a deferral back: the child leaves the kindergarten by age again.
    pub fn undo_school_start_deferral(&mut self, child_id: i64) -> AppResult<RolloverView> {
        let context = self
            .office
            .authorize(Action::ManageSchoolYear, Subject::School)?;
        let work = context.open.db.begin()?;
        work.leaving().set_school_start_deferral(child_id, None)?;
        work.commit()?;
        self.rollover_preview()
    }

    /// R12: runs the rollover to 1 August `year` in one transaction, once.
    pub fn run_rollover(&mut self, year: i32) -> AppResult<RolloverPlan> {
        let context = self
            .office
            .authorize(Action::ManageSchoolYear, Subject::School)?;
        let today = context.today;
        let open = context.open;
        let work = open.db.begin()?;
        let done = work.db().leaving().rollovers()?;
        if done.iter().any(|r| r.year == year) {
            return Err(AppError::Refused(tr!(
                "leaving.rollover_done",
                year = school_year_label(year)
            )));
        }
        let next = school_year_state(work.db())?.next_rollover();
        if year != next {
            return Err(AppError::Refused(tr!(
                "leaving.next_rollover",
                year = school_year_label(next)
            )));
        }
        if today < opens_on(year) {
            return Err(AppError::Refused(tr!(
                "leaving.rollover_from",
                year = school_year_label(year),
                day = dates::long_shown(opens_on(year))
            )));
        }
        let plan = plan_rollover(year, &work.db().leaving().rollover_children()?);
        work.leaving().run_rollover(&plan)?;
        work.commit()?;
        open.refresh_index()?;
        tracing::info!(
            year,
            changes = plan.changes.len(),
            "school year rolled over"
        );
        Ok(plan)
    }

    /// R36: the 5 September count of the school year starting in `year`, with CPR
    /// numbers masked for the screen.
    pub fn september_count(&mut self, year: i32) -> AppResult<SeptemberCount> {
        let context = self
            .office
            .authorize(Action::ManageSchoolYear, Subject::School)?;
        let mut count = september_count_of(&context.open.db, year, context.today)?;
        for pupil in count
            .municipalities
            .iter_mut()
            .flat_map(|m| m.pupils.iter_mut().chain(m.leavers.iter_mut()))
        {
            pupil.cpr = pupil.cpr.as_deref().map(masked);
        }
        Ok(count)
    }

    /// R36: the count as CSV with full CPR numbers for the municipalities (a logged read).
    pub fn september_count_csv(&mut self, year: i32) -> AppResult<Vec<u8>> {
        let context = self
            .office
            .authorize(Action::ManageSchoolYear, Subject::School)?;
        context.user.require(Action::ViewFullCpr)?;
        let work = context.open.db.begin()?;
        let count = september_count_of(work.db(), year, context.today)?;
        work.audit(
            &AuditEvent::sensitive_read("september_count.export", "school_year", i64::from(year))
                .with_fields(["cpr"]),
        )?;
        work.commit()?;
        count_csv(&count)
    }
}

/// R11: a notice's plan from the child's places and guardians as they stand.
fn withdrawal_plan(
    db: &Database,
    input: &WithdrawalInput,
    today: NaiveDate,
) -> AppResult<WithdrawalPlan> {
    let rows = db.placement().placement_rows(input.child_id)?;
    let guardian_ids: Vec<i64> = db
        .register()
        .guardian_links(input.child_id)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok(plan_withdrawal(input, today, &rows, &guardian_ids)?)
}

/// What a plan does, in Danish; leaving the school also speaks of the class fund.
fn preview_of(
    db: &Database,
    child_id: i64,
    plan: &WithdrawalPlan,
    today: NaiveDate,
) -> AppResult<WithdrawalPreview> {
    let mut lines = consequences(plan);
    if plan.scope == WithdrawalScope::School {
        lines.extend(crate::class_fund::leaving_note(db, child_id, today)?);
    }
    Ok(WithdrawalPreview {
        last_day: dates::short(plan.last_day),
        last_day_long: dates::long_shown(plan.last_day),
        consequences: lines,
    })
}

/// `150318-XXXX`: the birth date part only, for the screen.
fn masked(cpr: &str) -> String {
    format!("{}-XXXX", cpr.chars().take(6).collect::<String>())
}

/// R12: where the register stands against the school year's turn.
pub(crate) fn school_year_state(db: &Database) -> AppResult<SchoolYearState> {
    Ok(SchoolYearState {
        data_year: db.leaving().data_school_year()?,
    })
}

/// R12: what a late rollover holds back.
pub(crate) fn rollover_due_text(state: SchoolYearState) -> String {
    let first = NaiveDate::from_ymd_opt(state.next_rollover(), 8, 1).expect("1 August");
    tr!(
        "leaving.rollover_due",
        year = state.next_label(),
        day = dates::long_shown(first)
    )
}

/// The count with full CPR numbers; callers mask or log.
pub(crate) fn september_count_of(
    db: &Database,
    year: i32,
    today: NaiveDate,
) -> AppResult<SeptemberCount> {
    if year < 2000 || year > today.year() + 1 {
        return Err(AppError::Input(tr!("leaving.no_school_year", year = year)));
    }
    let day = count_day(year);
    let year_end = NaiveDate::from_ymd_opt(year + 1, 7, 31).expect("31 July");
    Ok(group_by_municipality(
        year,
        db.leaving().pupils_for_count(day)?,
        db.leaving().school_leavers(day, year_end)?,
    ))
}

fn count_csv(count: &SeptemberCount) -> AppResult<Vec<u8>> {
    let mut file = CsvFile::new();
    file.row([
        "Kommune",
        "Liste",
        "CPR-nummer",
        "Navn",
        "Klassetrin",
        "SFO",
        "Sidste dag",
    ])
    .map_err(document_error)?;
    for part in &count.municipalities {
        for (list, pupils) in [
            ("Indskrevet 5. september", &part.pupils),
            ("Udmeldt siden", &part.leavers),
        ] {
            for p in pupils {
                let sfo = if p.in_sfo { "ja" } else { "nej" };
                let left = p.left_on.map(dates::short).unwrap_or_default();
                file.row([
                    part.municipality.as_str(),
                    list,
                    p.cpr.as_deref().unwrap_or(""),
                    &p.name,
                    &p.grade.to_string(),
                    sfo,
                    &left,
                ])
                .map_err(document_error)?;
            }
        }
    }
    file.finish().map_err(document_error)
}

/// The confirmation letters of a recorded withdrawal: one per home of the custody
/// holders, each naming them all.
pub(crate) fn withdrawal_letters(
    db: &Database,
    withdrawal_id: i64,
) -> AppResult<Vec<skolekontor_documents::withdrawal_letter::WithdrawalLetter>> {
    let withdrawal = db.leaving().withdrawal(withdrawal_id)?;
    if withdrawal.cancelled {
        return Err(AppError::Refused(tr!("leaving.nothing_to_confirm")));
    }
    let child = db.register().child_detail(withdrawal.child_id)?;
    let homes = crate::documents::custody_homes(&child)?;
    let fields = crate::documents::child_fields(&child);
    Ok(homes
        .homes
        .into_iter()
        .map(
            |to| skolekontor_documents::withdrawal_letter::WithdrawalLetter {
                to,
                guardians: homes.all.clone(),
                child: fields.clone(),
                scope: withdrawal.scope.danish(&withdrawal.sfo_module),
                received_on: withdrawal.received_on,
                last_day: withdrawal.last_day,
            },
        )
        .collect())
}

/// The 5 September count's CSV file name for the school year starting in `year`.
pub fn september_count_file_name(year: i32) -> String {
    format!("indberetning-5-september-{year}.csv")
}
