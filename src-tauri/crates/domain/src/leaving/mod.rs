//! Leaving and the school year (R11–R15, R36): withdrawal with notice, the
//! school-year rollover with its automatic leaving, and the 5 September count.
//! Everything works on the rows of a child's placements
//! ([`crate::placement::PlacementRow`]); the store reads them and writes the changes back.

pub mod municipal_count;
pub mod rollover;
pub mod withdrawal;
