#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu: runs a Windows program (a test binary)
# under Wine in the project's own prefix (made by prepare-wine.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export WINEPREFIX="${WINEPREFIX:-$here/../../../target/wine-prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
exec wine "$@"
