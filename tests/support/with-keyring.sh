#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring
# (the real Secret Service), in a throw-away keyring folder so tests never touch
# the user's own keyring. Usage: tests/support/with-keyring.sh CMD ARGS...
set -euo pipefail
if [[ -z "${SKOLEKONTOR_IN_KEYRING_SESSION:-}" ]]; then
  export SKOLEKONTOR_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
keyring_home="$(mktemp -d /tmp/skolekontor-keyring.XXXXXX)"
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock reads the (test-only) login password from stdin and creates the keyring.
eval "$(printf 'skolekontor-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
status=0
"$@" || status=$?
rm -rf "$keyring_home"
exit "$status"
