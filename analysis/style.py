"""Alias of :mod:`analysis.figures.style`: ``from analysis import style`` keep working since the
package was split into readers, stats, figures, reports and studies. The name is the same
module object, so attributes set on one are seen through the other."""
import sys

from analysis.figures import style as _module

sys.modules[__name__] = _module
