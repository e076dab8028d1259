//! Use cases of the register: search, list, look at, add, change, archive.

use serde::{Deserialize, Serialize};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::register::{
    check_links, ChildDetail, ChildInput, ChildSummary, GuardianInput, GuardianLink,
    GuardianSummary,
};
use skolekontor_domain::role::Role;
use skolekontor_domain::search::Reach;
use skolekontor_domain::validation::{prefix_fields, FieldError, ValidationErrors};
use skolekontor_store::register::GuardianRef;
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// Most hits of each kind a search returns (an empty search lists every child).
pub const SEARCH_LIMIT: usize = 200;

/// The child's payer among its guardians' links.
fn payer_of(links: &[(i64, GuardianLink)]) -> Option<i64> {
    links.iter().find(|(_, l)| l.is_payer).map(|(id, _)| *id)
}

/// A guardian on a child's form: an existing one by id, or a new person.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct NewGuardian {
    /// Link an existing guardian (a sibling's parent) instead of creating one.
    #[ts(type = "number | null")]
    pub existing_id: Option<i64>,
    /// The person, when new.
    pub person: GuardianInput,
    /// Custody, payer and relation for this child.
    pub link: GuardianLink,
    /// When this guardian becomes the payer of a child who has one: whether what is
    /// unpaid for the child moves to them (see [`RegisterUseCases::update_guardian_link`]).
    #[ts(optional)]
    pub move_open_balance: Option<bool>,
}

/// A new child with its guardians.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct NewChild {
    pub child: ChildInput,
    /// One or two (or more) guardians.
    pub guardians: Vec<NewGuardian>,
}

/// The answer to a save: the id, and warnings that did not stop it (R30 modulus 11).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    /// The saved record's id.
    #[ts(type = "number")]
    pub id: i64,
    /// Warnings to show.
    pub warnings: Vec<FieldError>,
}

/// Search results of both kinds.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Matching children, best first.
    pub children: Vec<ChildSummary>,
    /// Matching guardians, best first.
    pub guardians: Vec<GuardianSummary>,
}

crate::use_case_handle! {
    /// The register (*elevregister*): children, guardians and custody; the use cases, on the office's session.
    register => RegisterUseCases
}

impl RegisterUseCases<'_> {
    /// Search as you type over names and classes, and over CPR numbers for those who
    /// may see them (R24): for everyone else no part of a CPR number matches.
    pub fn search(&mut self, query: &str, include_archived: bool) -> AppResult<SearchResults> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let user = &context.user;
        let reach = if user.may(Action::ViewFullCpr) {
            Reach::WithRestricted
        } else {
            Reach::Public
        };
        let index = &context.open.index;
        let limit = if query.trim().is_empty() {
            usize::MAX
        } else {
            SEARCH_LIMIT
        };
        let children = index
            .children_matching(query, limit.saturating_mul(2), reach)
            .into_iter()
            .filter(|c| (include_archived || !c.archived) && user.may_see(c))
            .take(limit)
            .cloned()
            .collect::<Vec<_>>();
        let guardians = if query.trim().is_empty() {
            Vec::new()
        } else {
            let visible: Vec<i64> = if user.role == Role::Staff {
                index
                    .all_children()
                    .filter(|c| user.may_see(c))
                    .map(|c| c.id)
                    .collect()
            } else {
                Vec::new()
            };
            index
                .guardians_matching(query, SEARCH_LIMIT, reach)
                .into_iter()
                .filter(|g| {
                    user.role != Role::Staff || g.children.iter().any(|c| visible.contains(&c.id))
                })
                .cloned()
                .collect()
        };
        Ok(SearchResults {
            children,
            guardians,
        })
    }

    /// All children, by name.
    pub fn list_children(&mut self, include_archived: bool) -> AppResult<Vec<ChildSummary>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        Ok(context
            .visible_children(include_archived)
            .cloned()
            .collect())
    }

    /// Everything about one child, with CPR numbers masked (`150318-xxxx`): the full
    /// numbers come only from [`RegisterUseCases::reveal_cpr`], which logs the look.
    pub fn child(&mut self, id: i64) -> AppResult<ChildDetail> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Child(id))?;
        Ok(context
            .open
            .db
            .register()
            .child_detail(id)?
            .with_masked_cpr())
    }

    /// The child's detail with full CPR numbers (child and guardians), for roles that
    /// may see them; each look is written to the audit log.
    pub fn reveal_cpr(&mut self, id: i64) -> AppResult<ChildDetail> {
        let context = self
            .office
            .authorize(Action::ViewFullCpr, Subject::School)?;
        let work = context.open.db.begin()?;
        let detail = work.db().register().child_detail(id)?;
        let mut fields = Vec::new();
        if detail.cpr.is_some() {
            fields.push("child.cpr".to_string());
        }
        fields.extend(
            detail
                .guardians
                .iter()
                .filter(|g| g.cpr.is_some())
                .map(|g| format!("guardian.{}.cpr", g.guardian_id)),
        );
        work.audit(
            &AuditEvent::sensitive_read("child.cpr_shown", "child", id)
                .for_child(id)
                .with_fields(fields),
        )?;
        work.commit()?;
        Ok(detail)
    }

    /// Adds a child with its guardians and placement — all or nothing.
    pub fn add_child(&mut self, input: NewChild) -> AppResult<Saved> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let today = context.today;
        let mut errors = ValidationErrors::default();
        let mut warnings = Vec::new();
        let child = match input.child.validate(today) {
            Ok(child) => Some(child),
            Err(e) => {
                errors.errors.extend(e.prefixed("child.").errors);
                None
            }
        };
        let mut guardians = Vec::new();
        for (i, g) in input.guardians.iter().enumerate() {
            let reference = match g.existing_id {
                Some(id) => Some(GuardianRef::Existing(id)),
                None => match g.person.validate(today) {
                    Ok(valid) => {
                        warnings.extend(prefix_fields(
                            valid.warnings.clone(),
                            &format!("guardians.{i}."),
                        ));
                        Some(GuardianRef::New(valid))
                    }
                    Err(e) => {
                        errors
                            .errors
                            .extend(e.prefixed(&format!("guardians.{i}.")).errors);
                        None
                    }
                },
            };
            if let Some(reference) = reference {
                guardians.push((reference, g.link.clone()));
            }
        }
        let links: Vec<GuardianLink> = input.guardians.iter().map(|g| g.link.clone()).collect();
        if let Err(e) = check_links(&links) {
            errors.errors.extend(e.prefixed("guardians.").errors);
        }
        errors.into_result()?;
        let child = child.expect("validated");
        warnings.splice(0..0, prefix_fields(child.warnings.clone(), "child."));
        let open = context.open;
        let id = open.db.add_child(&child, &guardians)?;
        open.refresh_index()?;
        tracing::info!(child_id = id, "child added");
        Ok(Saved { id, warnings })
    }

    /// Changes a child's details and placement.
    pub fn update_child(&mut self, id: i64, input: ChildInput) -> AppResult<Saved> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let today = context.today;
        let child = input.validate(today).map_err(|e| e.prefixed("child."))?;
        let open = context.open;
        let work = open.db.begin()?;
        // R4, R11: a place changes only through its own actions, under their rules.
        if child.placement.is_some()
            && child.placement != work.db().register().child_detail(id)?.placement
        {
            return Err(AppError::Refused(tr!("register.place_not_here")));
        }
        work.register().update_child(id, &child)?;
        work.commit()?;
        open.refresh_index()?;
        tracing::info!(child_id = id, "child changed");
        Ok(Saved {
            id,
            warnings: prefix_fields(child.warnings, "child."),
        })
    }

    /// Archives a child (or restores one); nothing is deleted.
    pub fn set_child_archived(&mut self, id: i64, archived: bool) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let open = context.open;
        open.db.set_child_archived(id, archived)?;
        open.refresh_index()?;
        tracing::info!(child_id = id, archived, "child archive state changed");
        Ok(())
    }

    /// Adds a guardian (new or existing) to a child.
    pub fn add_guardian(&mut self, child_id: i64, input: NewGuardian) -> AppResult<Saved> {
        let move_open_balance = input.move_open_balance.unwrap_or(false);
        let mut context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(child_id))?;
        if move_open_balance {
            context.user.require(Action::ManageBilling)?;
        }
        let today = context.today;
        let (reference, warnings) = match input.existing_id {
            Some(id) => (GuardianRef::Existing(id), Vec::new()),
            None => {
                let valid = input
                    .person
                    .validate(today)
                    .map_err(|e| e.prefixed("person."))?;
                let warnings = valid.warnings.clone();
                (GuardianRef::New(valid), warnings)
            }
        };
        let work = context.open.db.begin()?;
        let current = work.db().register().guardian_links(child_id)?;
        let former_payer = payer_of(&current);
        let mut links: Vec<GuardianLink> = current.into_iter().map(|(_, l)| l).collect();
        if input.link.is_payer {
            links.iter_mut().for_each(|l| l.is_payer = false);
        }
        links.push(input.link.clone());
        check_links(&links).map_err(|e| e.prefixed("link."))?;
        let id = work
            .register()
            .add_guardian_to_child(child_id, &reference, &input.link)?;
        if let (true, true, Some(from)) = (move_open_balance, input.link.is_payer, former_payer) {
            crate::payer_change::move_open_balance(&work, child_id, from, id, today)?;
        }
        work.commit()?;
        context.refresh_index()?;
        Ok(Saved { id, warnings })
    }

    /// Changes a guardian's own details (for all their children).
    pub fn update_guardian(&mut self, guardian_id: i64, input: GuardianInput) -> AppResult<Saved> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let valid = input
            .validate(context.today)
            .map_err(|e| e.prefixed("person."))?;
        let open = context.open;
        open.db.update_guardian(guardian_id, &valid)?;
        open.refresh_index()?;
        Ok(Saved {
            id: guardian_id,
            warnings: valid.warnings,
        })
    }

    /// Changes custody, payer or relation of one guardian for one child. When the
    /// guardian becomes the payer, `move_open_balance` moves what is unpaid for the
    /// child from the former payer to them (two correction lines, in the same work).
    pub fn update_guardian_link(
        &mut self,
        child_id: i64,
        guardian_id: i64,
        link: GuardianLink,
        move_open_balance: bool,
    ) -> AppResult<()> {
        let mut context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(child_id))?;
        if move_open_balance {
            context.user.require(Action::ManageBilling)?;
        }
        let today = context.today;
        let work = context.open.db.begin()?;
        let current = work.db().register().guardian_links(child_id)?;
        let former_payer = payer_of(&current).filter(|p| *p != guardian_id);
        let links: Vec<GuardianLink> = current
            .into_iter()
            .map(|(id, l)| {
                if id == guardian_id {
                    link.clone()
                } else {
                    GuardianLink {
                        is_payer: l.is_payer && !link.is_payer,
                        ..l
                    }
                }
            })
            .collect();
        check_links(&links).map_err(|e| e.prefixed("link."))?;
        work.register()
            .update_guardian_link(child_id, guardian_id, &link)?;
        if let (true, true, Some(from)) = (move_open_balance, link.is_payer, former_payer) {
            crate::payer_change::move_open_balance(&work, child_id, from, guardian_id, today)?;
        }
        work.commit()?;
        context.refresh_index()
    }
}
