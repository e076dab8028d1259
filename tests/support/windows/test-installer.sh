#!/usr/bin/env bash
# `make test-package`, the Windows part: runs target/package/Skolekontor-*-setup.exe
# silently under Wine in a prefix of its own (a new PC), checks what it installed, uses
# the installed CLI as an office would (demo school, status, a contract PDF, a backup
# and its check), then uninstalls and checks that the program is gone and the school's
# data stayed in the user's app-data folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
# NSIS makes (hidden) windows even when silent; Wine needs a display for them.
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a "$0" "$@"; fi

setup="$(ls target/package/Skolekontor-*-setup.exe)"
echo "== $setup ($(du -h "$setup" | cut -f1))"
export WINEPREFIX="$root/target/wine-install-prefix"
rm -rf "$WINEPREFIX"
trap 'wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"' EXIT
"$here/prepare-wine.sh" >/dev/null
export WINEDEBUG=-all
# No Linux menu entries from Wine's menu builder: this is a throw-away PC.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
drive_c="$WINEPREFIX/drive_c"
program="$drive_c/Program Files/Skolekontor"
shortcut="$drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Skolekontor.lnk"
data="$(echo "$drive_c"/users/*/AppData/Roaming)/dk.skolekontor.app"
fail() { echo "FEJL: $*"; exit 1; }

start=$(date +%s%N)
wine "$setup" /S
wineserver -w
echo "== installed in $(( ($(date +%s%N) - start) / 1000000 )) ms:"
for file in skolekontor.exe skolekontor-cli.exe WebView2Loader.dll uninstall.exe; do
  test -f "$program/$file" || fail "not installed: $file"
  echo "   Program Files/Skolekontor/$file ($(du -h "$program/$file" | cut -f1))"
done
test -f "$shortcut" || fail "no Start-menu entry"
echo "   Start-menu entry: $(basename "$shortcut")"
grep -q 'Uninstall\\\\Skolekontor\]' "$WINEPREFIX/system.reg" || fail "no uninstall entry"
grep -A12 'Uninstall\\\\Skolekontor\]' "$WINEPREFIX/system.reg" |
  grep -E '"(DisplayName|DisplayVersion|QuietUninstallString)"' | sed 's/^/   /'

cli() { wine "C:\\Program Files\\Skolekontor\\skolekontor-cli.exe" "$@"; }
cli demo >/dev/null
cli status | tee /tmp/skolekontor-windows-status.txt
grep -q "Bøgely Friskole" /tmp/skolekontor-windows-status.txt || fail "the installed CLI did not open the demo school"
test -f "$data/skolekontor.db" || fail "no database in %APPDATA%\\dk.skolekontor.app"
echo "== the school's data: AppData/Roaming/dk.skolekontor.app ($(ls "$data" | tr '\n' ' '))"

# The headteacher's first login sets up the second factor: the CLI shows the key for
# the authenticator app and reads the first code; oathtool is the authenticator here.
export SKOLEKONTOR_USER=skoleleder SKOLEKONTOR_PASSWORD=demo-skole-2026
last_step=0
# A code counts once and matches its own 30-second step or a neighbour: each command
# gets the next unused step, waiting for the clock when it runs ahead.
next_code() {
  local now step
  now=$(date +%s)
  step=$(( now / 30 - (now % 30 < 20 ? 1 : 0) ))
  (( step > last_step )) || step=$(( last_step + 1 ))
  while (( step > $(date +%s) / 30 + 1 )); do sleep 1; done
  last_step=$step
  CODE="$(oathtool --totp -b -N "@$(( step * 30 ))" "$secret")"
}
coproc FIRST { cli child list --json 2>&1 >/dev/null; }
while IFS= read -r -t 120 line <&"${FIRST[0]}"; do [[ $line == *godkendelsesapp* ]] && break; done
IFS= read -r -t 10 line <&"${FIRST[0]}" || fail "the first login showed no key"
secret="$(echo "$line" | tr -d ' \r')"
next_code
echo "$CODE" >&"${FIRST[1]}"
wait "$FIRST_PID" || fail "the first login with a code failed"
echo "== the headteacher logged in with the second factor"

next_code
SKOLEKONTOR_CODE=$CODE cli document pupil-contract 1 --out 'C:\elevkontrakt.pdf' >/dev/null
pdftotext "$drive_c/elevkontrakt.pdf" - | grep -q "Elevkontrakt for " || fail "the contract PDF has no contract"
echo "== contract: C:\elevkontrakt.pdf, $(pdfinfo "$drive_c/elevkontrakt.pdf" | grep Pages | tr -s ' ')"

mkdir -p "$drive_c/usb"
next_code
backup="$(SKOLEKONTOR_CODE=$CODE cli backup --json --to 'C:\usb' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')"
echo "== backup: $backup"
next_code
SKOLEKONTOR_CODE=$CODE cli verify "$backup"
next_code
SKOLEKONTOR_CODE=$CODE cli audit verify

wine "C:\\Program Files\\Skolekontor\\uninstall.exe" /S
wineserver -w
test ! -e "$program" || fail "left behind: $(ls "$program")"
test ! -e "$shortcut" || fail "the Start-menu entry is left"
if grep -q 'Uninstall\\\\Skolekontor\]' "$WINEPREFIX/system.reg"; then fail "the uninstall entry is left"; fi
test -d "$data" || fail "the uninstaller removed the school's data"
test -n "$(ls "$drive_c"/usb)" || fail "the backup is gone"
echo "== uninstalled: program, Start-menu entry and uninstall entry gone; the school's data and backup stay"
