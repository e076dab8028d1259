#!/usr/bin/env bash
# Makes sure Node.js ≥ 20.19 with npm is on PATH (Vite 8 needs it). Uses the
# machine's Node if new enough, else Debian's package, else Node from the npm registry.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
new_enough() {
  command -v node >/dev/null && command -v npm >/dev/null &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
new_enough && exit 0
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
fi
new_enough && exit 0
echo "Node.js $(node --version) is too old for Vite 8; installing Node 22 from the npm registry"
$SUDO npm install -g node@22 --no-audit --no-fund
hash -r
new_enough || { echo "Node.js ≥ 20.19 could not be installed"; exit 1; }
