#!/usr/bin/env bash
# Regenerates the reference outputs (tests/reference/outputs/) with the release build:
# only the files whose outputs moved are rewritten, and what moved is printed. Changing a
# reference file is a deliberate act: add a CHANGELOG.md entry naming the outputs that
# moved and why, and raise the version in CMakeLists.txt (tests/reference/README.md).
# Usage: tools/regen-reference.sh [path/to/edusim]   (default: build/release/edusim)
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 tests/reference/reference.py regen --edusim "${1:-build/release/edusim}"
