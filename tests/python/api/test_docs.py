"""The worked example of docs/python.md runs, and prints what the page says it prints.

The page's ```python block is run in a fresh interpreter with sim/python on the path, from
a folder that holds the repository's scenarios/ and tests/ (so its out/ is not the
repository's); its output must equal the ```text block that follows it."""
import os
import re
import subprocess
import sys

from api_support import REPO

PAGE = REPO / "docs" / "python.md"
EXAMPLE = re.compile(r"```python\n(?P<code>.*?)```\n+(?:[^`]*?\n)?```text\n(?P<output>.*?)```",
                     re.DOTALL)


def test_the_worked_example_prints_what_the_page_shows(edusim, tmp_path):
    found = EXAMPLE.search(PAGE.read_text(encoding="utf-8"))
    assert found, f"{PAGE}: no ```python block followed by its ```text output"
    for folder in ("scenarios", "tests"):
        (tmp_path / folder).symlink_to(REPO / folder)
    env = {**os.environ, "EDUSIM_BUILD_DIR": str(edusim._native.build_dir()),  # absolute
           "PYTHONPATH": os.pathsep.join([str(REPO / "sim" / "python"),
                                          os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", found["code"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == found["output"], (
        f"{PAGE}: the example's printed output changed; if the change is meant (a new model "
        f"version), replace the ```text block with:\n{done.stdout}")
