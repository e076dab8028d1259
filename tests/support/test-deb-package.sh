#!/usr/bin/env bash
# `make test-package`, the Debian part: checks target/package/skolekontor_*.deb with
# lintian (no errors), installs the previous release's package, makes a school with it
# and installs the new package over it (the school must open), as a school's IT helper
# would with apt, runs the installed CLI (demo, status), starts the
# installed program under Xvfb and reaches its set-up screen through WebDriver, then
# removes the package and checks that nothing of it is left.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb="$(ls target/package/skolekontor_*_amd64.deb)"
previous="$(ls target/previous-package/skolekontor_*_amd64.deb)"
echo "== $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Maintainer Depends Recommends Description | sed 's/^/   /'

echo "== lintian"
lintian --fail-on error --display-level '>=warning' --tag-display-limit 0 "$deb"
contents="$(dpkg-deb --contents "$deb")"
for page in skolekontor.1.gz skolekontor-cli.1.gz skolekontor-cli-backup.1.gz; do
  grep -q "usr/share/man/man1/$page" <<<"$contents" || { echo "no manual page $page"; exit 1; }
done
dpkg-deb --field "$deb" Depends | grep -q "libc6 (>=.*xdg-utils" || { echo "Depends lacks libc6 or xdg-utils"; exit 1; }

remove() { DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq skolekontor >/dev/null 2>&1 || true; }
trap remove EXIT
# An update as a school gets it: the previous release's package with a school made by
# it, then the new package installed over it, and the school opened by the new program.
echo "== $previous, then $deb over it"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$previous" >/dev/null
earlier="$(mktemp -d)"
SKOLEKONTOR_DATA_DIR="$earlier" tests/support/with-keyring.sh bash -c '
  /usr/bin/skolekontor-cli demo >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$1" >/dev/null
  dpkg-query -W -f="   installed: \${Version}\n" skolekontor
  /usr/bin/skolekontor-cli status' _ "$deb" | tee /tmp/skolekontor-upgraded.txt
rm -rf "$earlier"
grep -q "Bøgely Friskole" /tmp/skolekontor-upgraded.txt || { echo "the new program did not open the school the previous one made"; exit 1; }
grep -q "installed: $(dpkg-deb --field "$deb" Version)" /tmp/skolekontor-upgraded.txt || { echo "the new package is not the one installed"; exit 1; }
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
