#!/usr/bin/env bash
# Makes the fixture schools of tests/fixtures/earlier that are missing: one per line
# of versions.txt (built from the git history by build-clis.sh), and one for the
# schema version of the tree at hand (its own CLI). `make earlier-fixtures`.
set -euo pipefail
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
here="$root/tests/support/earlier"
fixtures="$root/tests/fixtures/earlier"
work="${EARLIER_DIR:-/tmp/skolekontor-earlier}"
make_one() { # schema cli commit
  local out="$fixtures/v$(printf '%02d' "$1")"
  [ -f "$out/school.json" ] && return 0
  rm -rf "$out"
  "$root/tests/support/with-keyring.sh" python3 "$here/make-fixture.py" "$1" "$2" "$3" "$out"
}
"$here/build-clis.sh"
grep -v '^#' "$here/versions.txt" | while read -r version commit; do
  [ -n "$version" ] && make_one "$version" "$work/bin/skolekontor-cli-v$version" "$commit"
done
current="$(ls "$root"/src-tauri/crates/store/migrations/*.sql | wc -l)"
make_one "$current" "$root/target/debug/skolekontor-cli" "$(git -C "$root" rev-parse HEAD)"
