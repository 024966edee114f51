"""Alias of :mod:`analysis.reports.calibration`: ``python3 -m analysis.calibration_report`` and
``from analysis import calibration_report`` keep working since the package was split into
readers, stats, figures, reports and studies. The name is the same module object, so attributes
set on one are seen through the other."""
import sys

from analysis.reports import calibration as _module

if __name__ == "__main__":  # python3 -m analysis.calibration_report
    sys.exit(_module.main())

sys.modules[__name__] = _module
