//! Fees and charges (R7–R11): rates, reductions, the monthly charge run and arrears.

pub mod arrears;
pub mod charge_run;
pub mod credit;
pub mod due_date;
pub mod journal;
pub mod rates;
pub mod reconcile;
pub mod reduction;
pub mod sibling_discount;
pub mod subsidy;

#[cfg(test)]
mod worked_examples;

pub use charge_run::{
    compute_month, BillableChild, BillablePlacement, BillingSettings, ChargeLine, ChargeMonth,
    ChargeRules, ChargeRun, LineKind, PayerCharge, PendingItem, Proration,
};
pub use due_date::{due_date, issuable_due_date};
pub use rates::{Rate, RateCorrection, RateInput, RateKind, RateTable};
pub use reduction::Reduction;
pub use sibling_discount::{DiscountStep, FullPrice, SiblingDiscountPolicy, SiblingsBy};
pub use subsidy::{Subsidy, SubsidyInput, SubsidyKind};
