#!/usr/bin/env bash
# `make test-package`, the Debian part: installs target/package/skolekontor_*.deb with
# apt as a school's IT helper would, runs the installed CLI (demo, status), starts the
# installed program under Xvfb and reaches its set-up screen through WebDriver, then
# removes the package and checks that nothing of it is left.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb="$(ls target/package/skolekontor_*_amd64.deb)"
echo "== $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Maintainer Depends Recommends Description | sed 's/^/   /'
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
remove() { DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq skolekontor >/dev/null 2>&1 || true; }
trap remove EXIT
for file in /usr/bin/skolekontor /usr/bin/skolekontor-cli; do
  test -x "$file" || { echo "not installed: $file"; exit 1; }
done
desktop="$(dpkg -L skolekontor | grep '\.desktop$')"
grep -q '^Exec=skolekontor' "$desktop" || { echo "no desktop entry"; exit 1; }
test -n "$(dpkg -L skolekontor | grep '/icons/.*\.png$')" || { echo "no icon"; exit 1; }
echo "== installed: $(dpkg -L skolekontor | grep -c '^/usr/') files"

data="$(mktemp -d)"
trap 'rm -rf "$data"; remove' EXIT
# One keyring session for both commands: the key the demo saves is read by status.
SKOLEKONTOR_DATA_DIR="$data" tests/support/with-keyring.sh bash -c \
  '/usr/bin/skolekontor-cli demo >/dev/null && /usr/bin/skolekontor-cli status' | tee /tmp/skolekontor-status.txt
grep -q "Bøgely Friskole" /tmp/skolekontor-status.txt || { echo "the installed CLI did not open the demo school"; exit 1; }

cargo build -q -p skolekontor-e2e --bin check-installed
pkill -x WebKitWebDriver 2>/dev/null || true
SKOLEKONTOR_APP_BINARY=installed tests/support/with-keyring.sh \
  xvfb-run -a -s "-screen 0 1280x900x24" target/debug/check-installed

remove
trap 'rm -rf "$data"' EXIT
if dpkg -s skolekontor >/dev/null 2>&1 && dpkg -s skolekontor | grep -q '^Status: install ok installed'; then
  echo "the package is still installed"; exit 1
fi
for file in /usr/bin/skolekontor /usr/bin/skolekontor-cli; do
  test ! -e "$file" || { echo "left behind: $file"; exit 1; }
done
echo "== removed; the school's data folder is the user's and stays"
