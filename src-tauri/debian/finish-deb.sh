#!/usr/bin/env bash
# Finishes the .deb Tauri's bundler made as Debian expects a package (lintian clean of
# errors): stripped programs, the copyright file with the embedded fonts' and
# libraries' licences, a changelog, manual pages made from the CLI's own help, the
# shared-library dependencies computed by dpkg-shlibdeps (with the bundler's other
# dependencies kept), and a wrapped description.
# Usage: src-tauri/debian/finish-deb.sh IN.deb OUT.deb VERSION
set -euo pipefail
in_deb="$1" out_deb="$2" version="$3"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
dpkg-deb -R "$in_deb" "$root"
doc="$root/usr/share/doc/skolekontor"
install -d -m 755 "$doc" "$root/usr/share/man/man1"

strip --strip-unneeded --remove-section=.comment --remove-section=.note \
  "$root/usr/bin/skolekontor" "$root/usr/bin/skolekontor-cli"

# copyright: ours, then the fonts' own paragraph (its Debian packaging part left out).
{
  cat "$here/copyright.head"
  awk '/^Files: \*/{p=1; print "Files: assets/fonts/*"; next} p && /^$/{exit} p' \
    "$repo/assets/fonts/LICENSE-DejaVu.txt"
  cat "$here/copyright.tail"
} > "$doc/copyright"
(cd "$repo" && cargo tree --edges normal --prefix none --format '{p} {l}' \
  -p skolekontor -p skolekontor-cli --target x86_64-unknown-linux-gnu 2>/dev/null) \
  | grep -v '^skolekontor' | sed 's/ (\*)$//' | sort -u > "$doc/crates.txt"
sed "s/@VERSION@/$version/; s/@DATE@/$(date -R -u -d "@$(git -C "$repo" log -1 --format=%ct)")/" \
  "$here/changelog" | gzip -9n > "$doc/changelog.gz"

"$root/usr/bin/skolekontor-cli" manual-pages "$work/man"
for page in "$work"/man/*.1; do
  gzip -9n < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
done
chmod 644 "$doc"/* "$root"/usr/share/man/man1/*

# Depends: what the two programs link against, as dpkg-shlibdeps finds it.
mkdir -p "$work/debian"
printf 'Source: skolekontor\n\nPackage: skolekontor\nArchitecture: amd64\n' > "$work/debian/control"
depends="$(cd "$work" && dpkg-shlibdeps -O "-e$root/usr/bin/skolekontor" \
  "-e$root/usr/bin/skolekontor-cli" 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p')"
test -n "$depends" || { cat "$work/shlibdeps.log"; echo "dpkg-shlibdeps found no dependencies"; exit 1; }

python3 - "$root/DEBIAN/control" "$depends" "$(du -sk --exclude=DEBIAN "$root" | cut -f1)" <<'EOF'
import sys, textwrap
path, depends, size = sys.argv[1:4]
fields, order, last = {}, [], None
for line in open(path, encoding="utf-8").read().splitlines():
    if line.startswith((" ", "\t")) and last:
        fields[last] += "\n" + line
    elif ":" in line:
        last, value = line.split(":", 1)
        fields[last] = value.strip()
        order.append(last)
# Tauri's own entries that are not libraries (xdg-utils, which opens a print in the
# viewer) stay; the libraries come from dpkg-shlibdeps.
kept = [d.strip() for d in fields.get("Depends", "").split(",") if d.strip() and not d.strip().startswith("lib")]
fields["Depends"] = ", ".join([depends] + kept)
fields["Installed-Size"] = size
fields["Maintainer"] = "Skolekontor-udviklerne <udvikling@skolekontor.dk>"
summary, _, body = fields["Description"].partition("\n")
body = " ".join(part.strip() for part in body.splitlines()) or summary
fields["Description"] = summary.strip() + "".join(
    "\n " + line for line in textwrap.wrap(body, 72))
with open(path, "w", encoding="utf-8") as out:
    for name in order:
        out.write(f"{name}: {fields[name]}\n")
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
  | xargs -0 md5sum > DEBIAN/md5sums)
dpkg-deb --build --root-owner-group -Zxz "$root" "$out_deb" >/dev/null
echo "finished: $out_deb"
