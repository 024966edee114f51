"""Alias of :mod:`analysis.studies.assumptions`, so that ``python3 -m analysis.assumptions``
runs like the other studies (``python3 -m analysis.policy_comparison``, ...). The name is the
same module object."""
import sys

from analysis.studies import assumptions as _module

if __name__ == "__main__":  # python3 -m analysis.assumptions
    sys.exit(_module.main())

sys.modules[__name__] = _module
