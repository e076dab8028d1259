#!/usr/bin/env bash
# The program a school runs ignores the hooks of builds made for tests: the moved day
# (SKOLEKONTOR_TODAY), the moved clock and the save folder. Checked two ways:
#  1. the dependency graph of the desktop program and the CLI as `make run` builds
#     them has no "test-hooks" feature anywhere;
#  2. the CLI built that way, told SKOLEKONTOR_TODAY=2031-02-03, still dates the
#     recovery sheet of a new demo school with the real day.
# Run inside tests/support/with-keyring.sh (the demo school's key goes to the keyring).
set -euo pipefail
cd "$(dirname "$0")/../.."
for crate in skolekontor skolekontor-cli; do
  if cargo tree -p "$crate" -e normal,features --features skolekontor/custom-protocol 2>/dev/null | grep -q 'feature "test-hooks"'; then
    echo "a school's build of $crate has the test hooks"; exit 1
  fi
done
cargo build -q -p skolekontor-cli
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
SKOLEKONTOR_DATA_DIR="$dir/data" SKOLEKONTOR_TODAY=2031-02-03 \
  target/debug/skolekontor-cli demo --recovery-pdf "$dir/ark.pdf" >/dev/null
text="$(pdftotext "$dir/ark.pdf" - | tr -s '[:space:]' ' ')"
real_year="$(TZ=Europe/Copenhagen date +%Y)"
if grep -q "2031" <<<"$text" || ! grep -q "$real_year" <<<"$text"; then
  echo "a school's build took its day from SKOLEKONTOR_TODAY"; exit 1
fi
account="database-$(cat "$dir/data/database-id")"
secret-tool clear service dk.skolekontor username "$account" || true
echo "school build: no test hooks"
