#!/usr/bin/env bash
# Runs the Windows test binaries under Wine, two at a time.
#
#   run-tests.sh CARGO_TEST_ARGS…   (the arguments `cargo test` would get)
#
# `cargo test` runs one test binary after the other, and most of ours take their turn
# for the whole binary (they share the program's day), so under Wine one core sat idle
# for twenty minutes. Here cargo builds them and lists them, and each runs as cargo
# would run it (from its crate's folder, through the Wine runner), beside another.
# Each binary's output goes to its own log; a failing one is printed whole.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
logs="${CARGO_TARGET_DIR:-$root/target}/windows-test-logs"
rm -rf "$logs"
mkdir -p "$logs"

# Cargo's own environment for a test run, which `cargo test` would have set.
export TS_RS_EXPORT_DIR="$root/ui/src/lib/bindings"

cargo test "$@" --no-run --message-format=json-render-diagnostics \
  | python3 -c '
import json, os, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["profile"]["test"]:
        crate = os.path.dirname(message["manifest_path"])
        print(message["executable"] + "\t" + crate)
' >"$logs/binaries"
echo "Windows tests: $(wc -l <"$logs/binaries") test binaries, two at a time under Wine"

runner="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER:-$here/wine-run.sh}"
export runner logs
started=$SECONDS
# Longest first would need their times; the order cargo gives keeps the app's many
# binaries spread over both lanes.
tr '\t' '\n' <"$logs/binaries" | xargs -d '\n' -n 2 -P 2 bash -c '
  exe="$0"; crate="$1"; name="$(basename "$exe" .exe)"
  if (cd "$crate" && "$runner" "$exe") >"$logs/$name.log" 2>&1; then
    echo "ok      $name: $(grep -h "^test result" "$logs/$name.log" | tail -1)"
  else
    echo "FAILED  $name" ; touch "$logs/$name.failed"
  fi' || true
failed=$(find "$logs" -name '*.failed' | wc -l)
echo "Windows tests: $((SECONDS - started)) s"
if [ "$failed" -gt 0 ]; then
  for marker in "$logs"/*.failed; do
    echo "===== $(basename "$marker" .failed)"
    cat "${marker%.failed}.log"
  done
  echo "Windows tests: $failed test binaries failed"
  exit 1
fi
passed=$(cat "$logs"/*.log | awk '/^test result: ok\./ { sum += $4 } END { print sum + 0 }')
echo "Windows tests: all passed ($passed tests)"
