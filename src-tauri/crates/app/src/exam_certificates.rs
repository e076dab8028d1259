//! Use cases of the leaving-certificate records (R26): the office records a grade-9
//! certificate when it is issued, and confirms a lost one for the years it is kept.

use serde::Serialize;
use skolekontor_domain::dates;
use skolekontor_domain::exam_certificate::CertificateInput;
use skolekontor_domain::school::Division;
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// One record as the child's page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CertificateView {
    #[ts(type = "number")]
    pub id: i64,
    /// `dd-mm-yyyy`.
    pub issued_on: String,
    /// The subjects and grades.
    pub grades: String,
    /// Who recorded it.
    pub recorded_by: String,
}

crate::use_case_handle! {
    /// Grade-9 leaving certificates' records: the use cases, on the office's session.
    exam_certificates => ExamCertificateUseCases
}

impl ExamCertificateUseCases<'_> {
    /// A pupil's certificate records, oldest first.
    pub fn exam_certificates(&mut self, child_id: i64) -> AppResult<Vec<CertificateView>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Child(child_id))?;
        Ok(context
            .open
            .db
            .exam_certificate()
            .exam_certificates(child_id)?
            .into_iter()
            .map(|c| CertificateView {
                id: c.id,
                issued_on: dates::short(c.issued_on),
                grades: c.grades,
                recorded_by: c.recorded_by.unwrap_or_default(),
            })
            .collect())
    }

    /// Records a certificate for a pupil who has, or had, a place in the school.
    pub fn record_exam_certificate(
        &mut self,
        input: CertificateInput,
    ) -> AppResult<Vec<CertificateView>> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let valid = input.validate(context.today)?;
        let work = context.open.db.begin()?;
        if !work
            .db()
            .placement()
            .placement_rows(input.child_id)?
            .iter()
            .any(|row| row.division == Division::School)
        {
            return Err(AppError::Refused(tr!("exam.not_a_pupil").into()));
        }
        work.exam_certificate().add_exam_certificate(
            input.child_id,
            valid.issued_on,
            &valid.grades,
        )?;
        work.commit()?;
        self.exam_certificates(input.child_id)
    }
}
