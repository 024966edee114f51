"""The generated studies in docs/ are made at a clean revision and are not stale: the model
(sim/) and the scenarios (scenarios/) of the current commit are those the study ran.
Regenerate them with tools/regen-studies.sh (analysis/studies/provenance.py)."""
import pathlib
import subprocess

import pytest

from analysis import provenance
from conftest import REPO

STUDIES = ["calibration.md", "eduecosystem.md", "policy-comparison.md", "validation.md",
           "teacher-quality-gaps.md", "assumptions.md"]


def _in_git() -> bool:
    done = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=REPO,
                          capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip() == "true"


@pytest.mark.parametrize("name", STUDIES)
def test_study_records_the_clean_revision_it_was_made_from(name):
    rev = provenance.recorded_revision((REPO / "docs" / name).read_text(encoding="utf-8"))
    assert rev is not None, f"docs/{name} has no study marker: regenerate it"
    assert rev != "draft", f"docs/{name} is a draft, not made at a clean revision"


@pytest.mark.parametrize("name", STUDIES)
def test_study_is_not_stale(name):
    if not _in_git():
        pytest.skip("not a git checkout: the study's revision cannot be compared")
    rev = provenance.recorded_revision((REPO / "docs" / name).read_text(encoding="utf-8"))
    assert rev and rev != "draft"
    known = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=REPO)
    if known.returncode != 0:
        shallow = provenance.git("rev-parse", "--is-shallow-repository") == "true"
        if shallow:
            pytest.skip(f"shallow clone: {rev[:12]} is not in its history")
        pytest.fail(f"docs/{name} records {rev[:12]}, which is not a commit of this repository")
    for tree in provenance.MODEL_TREES:
        if provenance.git("rev-parse", f"{rev}:{tree}") != provenance.git("rev-parse",
                                                                          f"HEAD:{tree}"):
            changed = provenance.git("diff", "--name-only", rev, "HEAD", "--", tree).splitlines()
            pytest.fail(f"docs/{name} is stale: it was made at {rev[:12]} and {tree}/ changed "
                        f"since ({len(changed)} files, e.g. {', '.join(changed[:5])}); "
                        "regenerate it with tools/regen-studies.sh")


def test_a_study_is_refused_into_docs_from_an_uncommitted_tree(monkeypatch):
    monkeypatch.setattr(provenance, "git", lambda *a: " M sim/phases/learning.cpp"
                        if a[0] == "status" else "0" * 40)
    with pytest.raises(provenance.UnpublishableStudy, match="uncommitted changes"):
        provenance.study_stamp(pathlib.Path("/bin/true"), REPO / "docs" / "calibration.md")


def test_a_study_is_refused_from_a_binary_of_another_revision(monkeypatch, tmp_path):
    fake = tmp_path / "edusim"
    fake.write_text("#!/bin/sh\necho 'edusim 0.2.0 (0123456789ab)'\n")
    fake.chmod(0o755)
    monkeypatch.setattr(provenance, "git", lambda *a: "" if a[0] == "status" else "f" * 40)
    with pytest.raises(provenance.UnpublishableStudy, match="not built from the clean revision"):
        provenance.study_stamp(fake, REPO / "docs" / "calibration.md")


def test_a_study_outside_docs_is_a_draft(tmp_path):
    stamp = provenance.study_stamp(pathlib.Path("/bin/true"), tmp_path / "study.md")
    assert provenance.recorded_revision(stamp) == "draft"
