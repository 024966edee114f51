"""Alias of :mod:`analysis.reports.compare`: ``python3 -m analysis.compare`` and ``from analysis
import compare`` keep working since the package was split into readers, stats, figures, reports
and studies. The name is the same module object, so attributes set on one are seen through the
other."""
import sys

from analysis.reports import compare as _module

if __name__ == "__main__":  # python3 -m analysis.compare
    sys.exit(_module.main())

sys.modules[__name__] = _module
