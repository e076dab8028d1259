//! A concept's handle on the office: its use cases, borrowing the session
//! (`office.billing().issue_charges(…)`). Each concept's module declares its own with
//! [`use_case_handle!`], so `Office` keeps only the session.

/// Declares a concept's handle, borrowing the office, and the method on `Office` that
/// gives it. The doc comment names the concept.
macro_rules! use_case_handle {
    ($(#[$doc:meta])* $accessor:ident => $handle:ident) => {
        $(#[$doc])*
        pub struct $handle<'a> {
            pub(crate) office: &'a mut $crate::Office,
        }

        impl $crate::Office {
            $(#[$doc])*
            pub fn $accessor(&mut self) -> $handle<'_> {
                $handle { office: self }
            }
        }
    };
}

pub(crate) use use_case_handle;
