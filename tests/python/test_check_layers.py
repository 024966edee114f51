"""tools/check-layers: passes on sim/ as it is and fails on an include that goes up."""
import pathlib
import shutil
import subprocess
import sys

CHECK = pathlib.Path(__file__).resolve().parents[2] / "tools" / "check-layers"


def run_check(root: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), "--root", str(root)], capture_output=True,
                          text=True, check=False)


def write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sim_tree_passes(repo_root):
    result = run_check(repo_root)
    assert result.returncode == 0, result.stderr
    assert "every include in sim/ goes down" in result.stdout


def test_upward_include_in_a_copy_of_sim_fails(repo_root, tmp_path):
    shutil.copytree(repo_root / "sim", tmp_path / "sim")
    growth = tmp_path / "sim" / "phases" / "growth.hpp"
    lines = growth.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '#include "engine/simulation.hpp"')  # becomes line 3
    growth.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run_check(tmp_path)
    assert result.returncode == 1
    assert ('sim/phases/growth.hpp:3: #include "engine/simulation.hpp": phases (layer 4) '
            "includes engine (layer 9), a layer above") in result.stderr
    assert "1 include(s) break the layer order" in result.stderr


def test_fixture_tree(tmp_path):
    write(tmp_path / "sim" / "layers.txt", "# lowest first\ncore\nmodel\nphases metrics\n")
    write(tmp_path / "sim" / "core" / "types.hpp", "#pragma once\n")
    write(tmp_path / "sim" / "model" / "schema.hpp",
          '#pragma once\n#include <vector>\n#include "core/types.hpp"\n')
    write(tmp_path / "sim" / "phases" / "hiring.cpp",
          '#include "phases/hiring.hpp"\n#include "model/schema.hpp"\n#include "core/types.hpp"\n')
    assert run_check(tmp_path).returncode == 0

    # Up: model (layer 2) reaching for phases (layer 3).
    write(tmp_path / "sim" / "model" / "bad.hpp",
          '#pragma once\n\n#include "phases/hiring.hpp"\n')
    # Sideways: phases and metrics share layer 3.
    write(tmp_path / "sim" / "metrics" / "costs.cpp", '#include "phases/pay.hpp"\n')
    # A folder the declaration does not name.
    write(tmp_path / "sim" / "extra" / "x.cpp", "\n")

    result = run_check(tmp_path)
    assert result.returncode == 1
    assert ('sim/model/bad.hpp:3: #include "phases/hiring.hpp": model (layer 2) includes '
            "phases (layer 3), a layer above") in result.stderr
    assert ('sim/metrics/costs.cpp:1: #include "phases/pay.hpp": metrics (layer 3) includes '
            "phases (layer 3), another folder of its layer") in result.stderr
    assert "sim/extra/x.cpp: folder 'extra' is not declared in sim/layers.txt" in result.stderr
    assert "3 include(s) break the layer order core < model < phases metrics" in result.stderr


def test_bad_declaration(tmp_path):
    write(tmp_path / "sim" / "layers.txt", "core\nworld core\n")
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "folder 'core' declared twice" in result.stderr
