"""Finds the compiled engine, the extension module ``_edusim`` (sim/python/*.cpp).

Installed, it sits beside this file. In a source checkout it is in a CMake build folder,
``<build>/python/edusim/``: the folder named by the environment variable ``EDUSIM_BUILD_DIR``
(e.g. ``build/release``), else ``build/release`` of the repository this file is in.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import pathlib
import sys
from types import ModuleType

NAME = "edusim._edusim"
PACKAGE_DIR = pathlib.Path(__file__).resolve().parent
REPOSITORY = PACKAGE_DIR.parents[2]  # sim/python/edusim -> the repository root


def build_dir() -> pathlib.Path:
    """The build folder searched when the module is not beside the package."""
    named = os.environ.get("EDUSIM_BUILD_DIR")
    return pathlib.Path(named).resolve() if named else REPOSITORY / "build" / "release"


def _module_file(folder: pathlib.Path) -> pathlib.Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = folder / f"_edusim{suffix}"
        if candidate.is_file():
            return candidate
    return None


def load() -> ModuleType:
    """The engine module; ImportError saying where it was looked for if it is not built."""
    path = _module_file(PACKAGE_DIR) or _module_file(build_dir() / "python" / "edusim")
    if path is None:
        raise ImportError(
            f"edusim: the compiled engine (_edusim) is neither in {PACKAGE_DIR} nor in "
            f"{build_dir() / 'python' / 'edusim'}; build it (cmake --build --preset release, with "
            "Debian's pybind11-dev installed) or set EDUSIM_BUILD_DIR to the build folder")
    spec = importlib.util.spec_from_file_location(NAME, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module
    spec.loader.exec_module(module)
    return module
