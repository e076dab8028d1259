#!/usr/bin/env bash
# The architecture invariants of ARCHITECTURE.md that a look at the source can hold
# (the crate graph's are checked by `make test-boundaries` with cargo tree):
#   - domain, documents and import read no clock and do no I/O of their own;
#   - no SQL outside the store;
#   - the shell and the CLI declare no dependency on the store or on rusqlite;
#   - a use case takes the day and the user from `authorize` (its Context): the clock
#     is read only where no use case runs yet (start, log-in, set-up, the daily
#     backup, an export's file name), and a permission is never checked on the session beside `authorize`;
#   - Office keeps the session: a use case is on its concept's handle, not in an `impl Office`.
# Test code may do what it needs: only each crate's src/ is read, without its
# `#[cfg(test)] mod tests` (they come last in a file by the project's convention).
set -euo pipefail
cd "$(dirname "$0")/../.."
crates=src-tauri/crates
failed=0

# Prints the lines of the given files before their test module, as file:line:text.
non_test_lines() {
  awk 'FNR == 1 { in_tests = 0 } /^#\[cfg\(test\)\]/ { in_tests = 1 } !in_tests { print FILENAME ":" FNR ":" $0 }' "$@"
}

refuse() { # pattern, what, files…
  local pattern=$1 what=$2
  shift 2
  local found
  found=$(non_test_lines "$@" | grep -E "$pattern" | grep -vE '^[^:]+:[0-9]+:\s*//' || true)
  if [ -n "$found" ]; then
    echo "architecture invariant broken: $what"
    echo "$found"
    failed=1
  fi
}

pure=$(find $crates/domain/src $crates/documents/src $crates/import/src -name '*.rs')
# shellcheck disable=SC2086
refuse 'Utc::now|Local::now|SystemTime|Instant::now|std::(fs|env|net|process)\b|File::(open|create)' \
  "domain, documents and import read no clock and do no I/O (the caller passes the day and the bytes)" $pure

outside_store=$(find $crates/domain/src $crates/documents/src $crates/import/src $crates/app/src \
  $crates/cli/src src-tauri/src -name '*.rs')
# shellcheck disable=SC2086
refuse '"[^"]*\b(SELECT [a-z_*{]|INSERT INTO|DELETE FROM|UPDATE [a-z_]+ SET|PRAGMA )' \
  "no SQL outside the store (a query belongs in src-tauri/crates/store)" $outside_store

app=$crates/app/src
use_cases=$(find $app -name '*.rs' ! -name clock.rs ! -name use_case.rs ! -name office.rs \
  ! -name session.rs ! -name setup.rs ! -name backup.rs ! -name data_access.rs)
# shellcheck disable=SC2086
refuse 'clock::today\(\)' \
  "a use case reads the day once, in authorize (Context::today)" $use_cases
# shellcheck disable=SC2086
refuse 'self\.(office\.)?user\(\)\?\.require\(' \
  "a permission is checked by authorize or on Context::user, not on the session beside it" \
  $(find $app -name '*.rs')

# Office keeps the session; a use case lives on its concept's handle (use_case_handle!).
session_files="office.rs setup.rs damage.rs key_change.rs use_case.rs"
use_case_files=$(find $app -name '*.rs' $(for f in $session_files; do printf -- "! -name %s " "$f"; done))
# shellcheck disable=SC2086
refuse ':[0-9]+:impl Office\b' \
  "a use case is a method on its concept's handle (office.billing()…), not on Office" $use_case_files

for manifest in src-tauri/Cargo.toml $crates/cli/Cargo.toml; do
  # Only [dependencies]: the CLI's tests may open the file behind the program's back.
  deps=$(awk '/^\[/ { section = $0 } section == "[dependencies]"' "$manifest")
  if grep -qE '^(skolekontor-store|rusqlite)\b' <<<"$deps"; then
    echo "architecture invariant broken: $manifest depends on the store or rusqlite; go through skolekontor-app"
    failed=1
  fi
done

[ "$failed" = 0 ] && echo "invariants: ok"
exit "$failed"
