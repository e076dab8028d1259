#!/usr/bin/env bash
# Builds and runs the Windows tests (and then checks the fuzz targets) behind the Linux
# suites of `make test`.
#
#   build-behind.sh start COMMAND…   starts COMMAND at the lowest CPU priority and returns
#   build-behind.sh wait             waits for it and prints its summary; fails with its
#                                    log when it failed; exits 3 when none was started
#
# The Linux build, its tests and the end-to-end flows leave a core idle much of the
# time (one long crate at a time, waits on fsync, on WebKit and on WebDriver). A build
# at nice 19 only gets what they leave, so it costs them next to nothing, and the
# cross-build and most of the Windows tests are done when `make test-windows` starts. It has its own target
# folder: cargo holds a target folder's lock while a test run lasts.
#
# When the make that started it (MAKE_PID) is gone (a suite failed, or ^C), the build is stopped.
# `wait` without a `start` before it exits 3: `make test-windows` alone runs in the
# foreground.
set -euo pipefail
state="$(cd "$(dirname "$0")/../../.." && pwd)/target/windows-build-behind"
mkdir -p "$state"

case "${1:-}" in
start)
  shift
  # A build left from an earlier make that was stopped hard goes first.
  if [ -f "$state/pid" ]; then kill -- "-$(cat "$state/pid")" 2>/dev/null || true; fi
  rm -f "$state/rc" "$state/pid"
  make_pid="${MAKE_PID:-$PPID}"
  # A session of its own, so that stopping it reaches cargo's every child. With the
  # kernel's autogroups a new session is a scheduling group of its own, which nice
  # alone does not reach (it would get half the machine): the group is niced too.
  setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null || true
    nice -n 19 "$@" >"$0/log" 2>&1; echo $? >"$0/rc"' "$state" "$@" \
    </dev/null >/dev/null 2>&1 &
  build_pid=$!
  echo "$build_pid" >"$state/pid"
  (
    while kill -0 "$build_pid" 2>/dev/null; do
      if ! kill -0 "$make_pid" 2>/dev/null; then
        kill -- "-$build_pid" 2>/dev/null || true
        exit 0
      fi
      sleep 5
    done
  ) >/dev/null 2>&1 &
  echo "Windows test build started behind the Linux suites (log: $state/log)"
  ;;
wait)
  [ -f "$state/pid" ] || exit 3
  pid="$(cat "$state/pid")"
  rm -f "$state/pid"
  started=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do sleep 2; done
  echo "Windows tests and fuzz check behind the Linux suites: waited $((SECONDS - started)) s for them"
  if [ "$(cat "$state/rc" 2>/dev/null || echo 1)" != 0 ]; then
    tail -n 60 "$state/log"
    echo "the Windows tests or the fuzz targets' check failed (whole log: $state/log)"
    exit 1
  fi
  grep -E '^(ok|FAILED) |^Windows tests:|Finished' "$state/log" || true
  ;;
*)
  echo "usage: $0 start COMMAND… | wait" >&2
  exit 2
  ;;
esac
