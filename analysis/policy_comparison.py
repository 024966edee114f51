"""Alias of :mod:`analysis.studies.policy_comparison`: ``python3 -m analysis.policy_comparison``
and ``from analysis import policy_comparison`` keep working since the package was split into
readers, stats, figures, reports and studies. The name is the same module object, so attributes
set on one are seen through the other."""
import sys

from analysis.studies import policy_comparison as _module

if __name__ == "__main__":  # python3 -m analysis.policy_comparison
    sys.exit(_module.main())

sys.modules[__name__] = _module
