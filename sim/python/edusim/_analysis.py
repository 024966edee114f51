"""The analysis package's readers (analysis/readers/), which read every file edusim writes.

Installed, ``analysis`` is a package of its own. In a source checkout with only sim/python on
the path, it is the ``analysis/`` folder at the repository root, which is then added to the
end of ``sys.path`` (after everything else, so that it hides nothing).
"""
from __future__ import annotations

import sys

from ._native import REPOSITORY

try:
    from analysis import readers
except ImportError:
    if not (REPOSITORY / "analysis" / "readers" / "__init__.py").is_file():
        raise
    sys.path.append(str(REPOSITORY))
    from analysis import readers

__all__ = ["readers"]
