#!/usr/bin/env bash
# Regenerates the generated parts of docs/ from the schema declared in the code:
# the key table of docs/scenario-reference.md, docs/data-tables.md and the series
# tables of docs/output-schema.md.
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
outputs=docs/output-schema.md
"$edusim" schema --outputs > "$outputs.generated"
# Each table follows its marker line and ends at the first blank line.
/usr/bin/python3 - "$outputs" "$outputs.generated" <<'PY'
import re, sys
doc_path, generated_path = sys.argv[1], sys.argv[2]
doc = open(doc_path, encoding="utf-8").read()
for block in open(generated_path, encoding="utf-8").read().strip().split("\n\n"):
    marker = block.split("\n", 1)[0]
    pattern = re.escape(marker) + r"\n(?:\|.*\n)*"
    if not re.search(pattern, doc):
        sys.exit(f"{doc_path}: marker {marker} not found")
    doc = re.sub(pattern, lambda _: block + "\n", doc, count=1)
open(doc_path, "w", encoding="utf-8").write(doc)
PY
rm "$outputs.generated"
echo "regenerated $ref, $tables and $outputs"
