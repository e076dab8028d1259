#!/usr/bin/env bash
# `make test` builds the libraries the program stands on once. Cargo picks a crate's
# features from the packages and targets of each command, so the tests' build, the
# program's build for the end-to-end tests, the end-to-end crate and the CLI would
# otherwise build the same crate (and everything above it) several times with
# different features — half an hour of CI's time. The workspace-hack crate
# (src-tauri/crates/workspace-hack, kept by `cargo hakari generate`) gives every
# command the same features; this check fails when it has gone stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
features="skolekontor/custom-protocol,skolekontor/test-hooks,skolekontor-cli/test-hooks"
# Third-party crates with their features; the workspace's own crates are left out
# (their test hooks differ between a school's build and the tests' on purpose).
tree() {
  cargo tree "$@" -f '{p} {f}' --prefix none | grep -v ' (/' | sed 's/ (\*)$//' | sort -u
}
all="$(mktemp)"
trap 'rm -f "$all"' EXIT
tree --workspace --exclude skolekontor-e2e --features "$features" -e normal,build,dev >"$all"
check() {
  local what="$1"; shift
  local extra
  # A crate the tests build too, with other features (crates only this command
  # builds are no second build).
  extra="$(tree "$@" | comm -13 "$all" - | awk 'NR == FNR { built[$1 " " $2]; next } ($1 " " $2) in built' "$all" -)"
  if [ -n "$extra" ]; then
    echo "$what builds these crates with other features than the tests:"
    echo "$extra" | head -20
    echo "run 'cargo hakari generate' (cargo install cargo-hakari --locked) and commit the result"
    exit 1
  fi
}
check "the program for the end-to-end tests" -p skolekontor -p skolekontor-cli --features "$features" -e normal,build
check "the end-to-end tests" -p skolekontor-e2e -e normal,build,dev
check "a school's CLI" -p skolekontor-cli -e normal,build
check "a school's program" -p skolekontor --features skolekontor/custom-protocol -e normal,build
echo "one build: ok"
