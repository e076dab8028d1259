//! A concept's handles on the store: its queries on the open database
//! (`db.billing().charge_runs()`) and its writes inside a unit of work
//! (`work.billing().add_payment(…)`). Each repository module declares its own with
//! [`concept_handles!`], so `Database` and `Work` keep only what is the file's and
//! the transaction's.

/// Declares a concept's handles, `Queries` borrowing the database and `Writes`
/// borrowing the unit of work, and the methods on `Database` and `Work` that give
/// them. The doc comment names the concept.
macro_rules! concept_handles {
    ($(#[$doc:meta])* $accessor:ident => writes $writes:ident) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("The writes inside a unit of work: `work.", stringify!($accessor), "()`.")]
        pub struct $writes<'a, 'db> {
            pub(crate) work: &'a $crate::work::Work<'db>,
        }

        impl<'db> $crate::work::Work<'db> {
            $(#[$doc])*
            #[doc = ""]
            #[doc = "Its writes inside this unit of work."]
            pub fn $accessor(&self) -> $writes<'_, 'db> {
                $writes { work: self }
            }
        }
    };
    ($(#[$doc:meta])* $accessor:ident => $queries:ident, $writes:ident) => {
        $crate::concept_handles!($(#[$doc])* $accessor => $queries);
        $crate::concept_handles!($(#[$doc])* $accessor => writes $writes);
    };
    ($(#[$doc:meta])* $accessor:ident => $queries:ident) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("The queries, on the open database: `db.", stringify!($accessor), "()`.")]
        pub struct $queries<'a> {
            pub(crate) db: &'a $crate::database::Database,
        }

        impl $crate::database::Database {
            $(#[$doc])*
            #[doc = ""]
            #[doc = "Its queries."]
            pub fn $accessor(&self) -> $queries<'_> {
                $queries { db: self }
            }
        }
    };
}

pub(crate) use concept_handles;
