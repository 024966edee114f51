"""Alias of :mod:`analysis.studies.teacher_quality_gaps`: ``python3 -m
analysis.teacher_quality_gaps`` and ``from analysis import teacher_quality_gaps`` work like
the other studies' aliases. The name is the same module object, so attributes set on one are
seen through the other."""
import sys

from analysis.studies import teacher_quality_gaps as _module

if __name__ == "__main__":  # python3 -m analysis.teacher_quality_gaps
    sys.exit(_module.main())

sys.modules[__name__] = _module
