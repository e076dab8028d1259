#!/usr/bin/env bash
# Builds skolekontor-cli as it was at each commit of versions.txt (from the git
# history, into $EARLIER_DIR/bin/skolekontor-cli-v<schema>), for make-fixtures.py.
# Run once per new schema version; the builds share one target folder.
set -euo pipefail
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
work="${EARLIER_DIR:-/tmp/skolekontor-earlier}"
mkdir -p "$work/bin" "$work/src"
grep -v '^#' "$root/tests/support/earlier/versions.txt" | while read -r version commit; do
  [ -n "$version" ] || continue
  binary="$work/bin/skolekontor-cli-v$version"
  [ -x "$binary" ] && continue
  src="$work/src/v$version"
  rm -rf "$src" && mkdir -p "$src"
  # --touch: the files are newer than anything built from another version in the
  # shared target folder (cargo tells a path crate's changes by their time).
  git -C "$root" archive "$commit" | tar -x --touch -C "$src"
  echo "== schema $version: building ${commit:0:9}"
  CARGO_TARGET_DIR="$work/target" cargo build --quiet \
    --manifest-path "$src/Cargo.toml" -p skolekontor-cli
  cp "$work/target/debug/skolekontor-cli" "$binary"
done
ls -l "$work/bin"
