"""Provenance of the generated studies in docs/ (calibration, EduEcosystem, policy comparison).

A study published into docs/ is made from a committed tree by a binary built from it:
`study_stamp` refuses otherwise, and returns a hidden marker line that records the
revision. tests/python/test_studies_fresh.py fails when the model (sim/) or the scenarios
(scenarios/) of the current commit differ from those of a study's recorded revision: the
study is stale and must be regenerated (tools/regen-studies.sh).

A study written anywhere else (a test's temporary folder, a draft) is not refused; its
marker says `draft`.
"""
from __future__ import annotations

import pathlib
import re
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
# Uncommitted changes here make a study unpublishable: they change what the study measures.
WATCHED = ("sim", "scenarios", "analysis")
# The trees whose change makes a published study stale.
MODEL_TREES = ("sim", "scenarios")
MARKER = re.compile(r"<!-- edusim study: revision (?P<rev>[0-9a-f]{40}|draft)[ ;]")


class UnpublishableStudy(SystemExit):
    pass


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def _published(output: pathlib.Path) -> bool:
    return output.resolve().is_relative_to(DOCS.resolve())


def study_stamp(edusim: pathlib.Path, output: pathlib.Path) -> str:
    """The marker line of a study written to `output`. Into docs/ only from a clean tree
    (sim/, scenarios/, analysis/) and by a binary built from HEAD without changes."""
    if not _published(output):
        return "<!-- edusim study: revision draft; not a published study -->"
    dirty = git("status", "--porcelain", "--", *WATCHED)
    if dirty:
        raise UnpublishableStudy(
            f"refusing to write {output}: uncommitted changes under {', '.join(WATCHED)}/ "
            f"(commit them first, then rebuild edusim):\n{dirty}")
    head = git("rev-parse", "HEAD")
    version = subprocess.run([str(edusim), "--version"], capture_output=True,
                             text=True).stdout
    if head[:12] not in version or "-dirty" in version:
        raise UnpublishableStudy(
            f"refusing to write {output}: {edusim} was not built from the clean revision "
            f"{head[:12]} (its --version says: {version.strip()!r}); rebuild it first")
    trees = ", ".join(f"{t} tree {git('rev-parse', f'HEAD:{t}')[:12]}" for t in MODEL_TREES)
    return f"<!-- edusim study: revision {head}; {trees} -->"


def recorded_revision(text: str) -> str | None:
    """The revision in a study's marker ('draft' for a draft), None without a marker."""
    m = MARKER.search(text)
    return m.group("rev") if m else None
