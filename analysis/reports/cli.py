"""What the command-line entry points of the reports share: the headless matplotlib backend
and the one-line error on an unusable input.

The library modules never choose a backend, so that importing the package in a notebook keeps
the notebook's; only the commands (``main()`` of each report and study) call
:func:`use_headless_backend`.
"""
from __future__ import annotations

import sys
from typing import Callable

HEADLESS_BACKEND = "Agg"


def use_headless_backend() -> None:
    """Draw with Agg (no display needed). Called by the command-line entry points only."""
    import matplotlib
    import matplotlib.pyplot as plt

    if matplotlib.get_backend().lower() != HEADLESS_BACKEND.lower():
        plt.switch_backend(HEADLESS_BACKEND)


def guarded(body: Callable[[], object], prog: str) -> int:
    """Run a command body; an unusable input becomes a one-line error and exit status 2."""
    from ..readers import InputFileError

    use_headless_backend()
    try:
        body()
    except (InputFileError, ValueError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 2
    return 0
