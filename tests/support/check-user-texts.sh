#!/usr/bin/env bash
# A secretary reads the program's messages, printed documents and screens: none of
# them may name a rule by its code from DOMAIN.md ("(R4)"). Comments, test names and
# assertion messages may. Fails with the lines that do.
set -euo pipefail
cd "$(dirname "$0")/../.."

found=$(
  {
    # String literals in the Rust sources outside comments and assertions.
    grep -rnE '"[^"]*\bR[0-9]{1,2}\b[^"]*"' src-tauri/crates/*/src src-tauri/src --include=*.rs \
      | grep -vE '^[^:]+:[0-9]+:\s*//' | grep -v 'assert' || true
    # The Rust side's catalogs (locales/texts.toml), Danish and English.
    grep -nE '\bR[0-9]{1,2}\b' src-tauri/crates/*/locales/texts.toml | grep -v ':\s*#' || true
    # The CLI's help: its doc comments are what --help prints.
    grep -rnE '^\s*///.*\bR[0-9]+' src-tauri/crates/cli/src --include=*.rs || true
    # The UI's texts in both languages.
    grep -nE '\bR[0-9]{1,2}\b' ui/src/lib/i18n/da.ts ui/src/lib/i18n/en.ts || true
    # String literals in the UI's code and markup ("· R4" once slipped through).
    grep -rnE "'[^']*\bR[0-9]{1,2}\b[^']*'" ui/src --include=*.svelte --include=*.ts \
      | grep -v '\.test\.ts:' | grep -v '/bindings/' | grep -vE '^[^:]+:[0-9]+:\s*(//|<!--|\*)' || true
    # Svelte markup (text between tags), not its comments.
    grep -rnE '>[^<{]*\bR[0-9]{1,2}\b[^<]*<' ui/src --include=*.svelte | grep -v '<!--' || true
  }
)
if [ -n "$found" ]; then
  echo "rule codes in texts a user reads:"
  echo "$found"
  exit 1
fi
echo "user texts: no rule codes"
