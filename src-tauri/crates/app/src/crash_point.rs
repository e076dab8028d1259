//! Named points inside a use case where a test may kill the process, to show that a
//! unit of work killed half-way leaves nothing behind. Only builds made for tests
//! (feature `test-hooks`) look at [`ABORT_VARIABLE`]; in the program a school runs
//! [`reached`] does nothing.

/// Set to a point's name to abort the process there (builds for tests only).
pub const ABORT_VARIABLE: &str = "SKOLEKONTOR_ABORT_AT";

/// Aborts the process, as a kill or a power loss would stop it, when a test asks for it.
#[cfg(feature = "test-hooks")]
pub fn reached(point: &str) {
    if std::env::var(ABORT_VARIABLE).is_ok_and(|wanted| wanted == point) {
        std::process::abort();
    }
}

/// Nothing: the program a school runs has no crash points.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn reached(_point: &str) {}
