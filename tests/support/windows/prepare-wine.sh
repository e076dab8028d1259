#!/usr/bin/env bash
# Makes the project's own Wine prefix (target/wine-prefix) for the Windows tests, once:
# Wine's first boot, and the stand-in bcryptprimitives.dll that Debian 12's Wine 8.0
# lacks (see bcryptprimitives.c). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export WINEPREFIX="${WINEPREFIX:-$root/target/wine-prefix}"
export WINEDEBUG=-all
# No Mono or Gecko: nothing here needs .NET or Wine's HTML engine, and they would be
# downloaded.
export WINEDLLOVERRIDES="mscoree,mshtml="
dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$WINEPREFIX"
  wineboot -i >/dev/null 2>&1
  wineserver -w
fi
if [ ! -f "$dll" ] || [ "$here/bcryptprimitives.c" -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" \
    "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -ladvapi32
fi
echo "Wine prefix ready: $WINEPREFIX"
