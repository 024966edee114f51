#!/usr/bin/env bash
# Regenerates every generated study in docs/ (calibration, EduEcosystem, policy comparison,
# validation, teacher-quality gaps, assumptions)
# from a committed tree with a binary built from it: the studies refuse otherwise
# (analysis/studies/provenance.py). Commit everything, rebuild, run this, commit docs/.
# Usage: tools/regen-studies.sh [path/to/edusim]   (default: build/release/edusim)
set -euo pipefail
cd "$(dirname "$0")/.."
edusim=${1:-build/release/edusim}
py=/usr/bin/python3
$py -m analysis.calibration --replicates 20 --edusim "$edusim"
$py -m analysis.policy_comparison --replicates 20 --edusim "$edusim"
$py -m analysis.eduecosystem --replicates 20 --edusim "$edusim"
$py -m analysis.validation --replicates 20 --edusim "$edusim"
$py -m analysis.teacher_quality_gaps --replicates 20 --edusim "$edusim"
$py -m analysis.assumptions --trajectories 8 --edusim "$edusim"
echo "regenerated docs/calibration.md, docs/policy-comparison.md, docs/eduecosystem.md, docs/validation.md, docs/teacher-quality-gaps.md, docs/assumptions.md"
