#!/usr/bin/env bash
# Regenerates the generated parts of docs/ from the schema declared in the code:
# the key table of docs/scenario-reference.md and docs/data-tables.md.
# Usage: tools/regen-docs.sh [path/to/edusim]   (default: build/release/edusim)
set -euo pipefail
cd "$(dirname "$0")/.."
edusim=${1:-build/release/edusim}
ref=docs/scenario-reference.md
header=$(awk '/^\| key \| type \|/{exit} {print}' "$ref")
{ printf '%s\n' "$header"; "$edusim" schema; } > "$ref.tmp" && mv "$ref.tmp" "$ref"
tables=docs/data-tables.md
header=$(awk '/^## schools.csv/{exit} {print}' "$tables")
{ printf '%s\n\n' "$header"; "$edusim" schema --tables; } > "$tables.tmp" && mv "$tables.tmp" "$tables"
echo "regenerated $ref and $tables"
