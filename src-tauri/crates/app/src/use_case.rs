//! The shape every use case takes (see ARCHITECTURE.md, "A use case"): one access
//! check for the action *and* its subject; the day fixed once; one unit of work for
//! every read and write (begun by the use case with `context.open.db.begin()`);
//! its audit events inside that work; the search index refreshed after the commit.

use chrono::NaiveDate;
use skolekontor_domain::register::ChildSummary;
use skolekontor_domain::role::Role;
use skolekontor_store::StoreError;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::office::{Office, OpenDatabase};
use crate::session::SessionUser;

/// What a use case acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    /// The whole school (settings, runs, the rollover).
    School,
    /// One child: the user must be allowed to see it (R24).
    Child(i64),
    /// One school class by its grade: staff only their own class (R24).
    Class(u8),
    /// A class named by its cohort, the year it began grade 0, as class funds name
    /// it (R17): staff only the class they have this school year.
    Cohort(i32),
}

/// A use case's fixed facts once its access check has passed.
pub(crate) struct Context<'a> {
    /// The program's day, read once.
    pub today: NaiveDate,
    /// Who acts: for what depends on the user beyond the check (a staff member's
    /// class, whose decision a request waits for).
    pub user: SessionUser,
    /// The open school.
    pub open: &'a mut OpenDatabase,
}

impl Office {
    /// Checks that the logged-in user may do `action` to `subject` (R24, R29) and
    /// fixes the day: the first step of every use case.
    pub(crate) fn authorize(&mut self, action: Action, subject: Subject) -> AppResult<Context<'_>> {
        let user = self.user()?.clone();
        user.require(action)?;
        let today = clock::today();
        let open = self.opened()?;
        let context = Context { today, user, open };
        context.check_subject(subject)?;
        Ok(context)
    }
}

impl Context<'_> {
    /// Checks that the user may act on `subject` (R24). `authorize` calls it; a use
    /// case calls it again when its subject is known only from what it read (the
    /// child a note or a request belongs to).
    pub fn check_subject(&self, subject: Subject) -> AppResult<()> {
        let user = &self.user;
        match subject {
            Subject::School => Ok(()),
            Subject::Child(id) => {
                if self.open.index.child(id).is_some_and(|c| user.may_see(c)) {
                    Ok(())
                } else if user.role == Role::Staff {
                    Err(AppError::OutsideScope)
                } else {
                    Err(StoreError::NotFound.into())
                }
            }
            Subject::Class(grade) if user.may_see_class(grade) => Ok(()),
            Subject::Class(_) => Err(AppError::OutsideScope),
            Subject::Cohort(cohort) if user.may_see_cohort(cohort, self.today) => Ok(()),
            Subject::Cohort(_) => Err(AppError::OutsideScope),
        }
    }

    /// The children the user may see (R24): the whole school for the office, a class
    /// or the kindergarten for staff; archived children only when asked for.
    pub fn visible_children(&self, include_archived: bool) -> impl Iterator<Item = &ChildSummary> {
        self.open
            .index
            .all_children()
            .filter(move |c| (include_archived || !c.archived) && self.user.may_see(c))
    }

    /// After a commit that changed what the register lists (names, classes, SFO).
    pub fn refresh_index(&mut self) -> AppResult<()> {
        self.open.refresh_index()
    }
}
