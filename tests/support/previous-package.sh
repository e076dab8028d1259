#!/usr/bin/env bash
# Builds the .deb of the previous release from the git history, once, into
# target/previous-package/, for `make test-package` to upgrade from. The old tree's
# target folder is this one's, so the third-party crates are not built twice.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
# The last landing before version 0.2.0 (stop 38): version 0.1.0, schema 25.
commit=8cff376e0738ef2910af350dffcb74a5fa705bff
version=0.1.0
out="target/previous-package/skolekontor_${version}_amd64.deb"
if [ -f "$out" ]; then echo "previous package: $out"; exit 0; fi
src="target/previous-package/src"
rm -rf "$src" && mkdir -p "$src"
# --touch: newer than anything built in the shared target folder (cargo tells a path
# crate's changes by their time).
git archive "$commit" | tar -x --touch -C "$src"
ln -s "$repo/target" "$src/target"
make -C "$src" package-deb
mv "target/package/skolekontor_${version}_amd64.deb" "$out"
rm -rf "$src"
echo "previous package: $out"
