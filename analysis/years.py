"""The one convention of the options that name a year, shared by the commands of this package
(``analysis.compare --years``, ``analysis.sweep_report --year``) and ``edusim run
--snapshot-at`` (sim/core/year_option.hpp):

- a **calendar year**, ``2029`` (1900 to 9999);
- ``+N``, the **Nth simulated year** after the start: ``+0`` is the start (the generated world),
  ``+5`` the end of the fifth simulated year.

A bare number under 1900 cannot be a calendar year: it is read as ``+N`` (the older spelling of
simulated years) with a deprecation warning on stderr.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

FIRST_CALENDAR_YEAR = 1900
LAST_CALENDAR_YEAR = 9999
_FORMS = (f"give a calendar year ({FIRST_CALENDAR_YEAR} to {LAST_CALENDAR_YEAR}, e.g. 2029) "
          "or +N, the Nth simulated year (e.g. +5)")


@dataclass(frozen=True)
class Year:
    """A year option's value: ``value`` is the calendar year, or N of ``+N``."""
    value: int
    simulated: bool
    text: str

    def __str__(self) -> str:
        return f"+{self.value}" if self.simulated else str(self.value)

    def row(self, calendar_years: Sequence[int]) -> int:
        """The row of this year among a file's ``calendar_years`` (row k = simulated year +k);
        ValueError naming the years the file has otherwise."""
        years = [int(y) for y in calendar_years]
        if not years:
            raise ValueError(f"year {self.text}: the file has no years")
        if self.simulated:
            if self.value < len(years):
                return self.value
            raise ValueError(f"year {self.text}: the file has the simulated years +0 to "
                             f"+{len(years) - 1} ({years[0]} to {years[-1]})")
        if self.value in years:
            return years.index(self.value)
        raise ValueError(f"year {self.text}: not a calendar year of the file ({years[0]} to "
                         f"{years[-1]}, or +0 to +{len(years) - 1})")


def deprecation_text(option: str, text: str, value: int) -> str:
    """The warning for a bare number under 1900 (the text of edusim's C++ parser)."""
    return (f"{option} {text}: a bare number under {FIRST_CALENDAR_YEAR} is read as the "
            f"simulated year +{value}; this spelling is deprecated: write +{value} (simulated) "
            "or a calendar year")


def parse_year(text: str, option: str = "--year",
               warn: Callable[[str], None] | None = None) -> Year:
    """Parse a year option's ``text``; ValueError naming ``option`` and the forms allowed.
    A deprecated spelling calls ``warn`` (default: ``warning: ...`` on stderr)."""
    match = re.fullmatch(r"(\+?)([0-9]+)", text)
    if not match:
        raise ValueError(f"{option} {text}: not a year; {_FORMS}")
    value = int(match.group(2))
    if value > LAST_CALENDAR_YEAR:
        raise ValueError(f"{option} {text}: out of range; {_FORMS}")
    plus = match.group(1) == "+"
    if not plus and value < FIRST_CALENDAR_YEAR:
        message = deprecation_text(option, text, value)
        if warn is None:
            print(f"warning: {message}", file=sys.stderr)
        else:
            warn(message)
    return Year(value, plus or value < FIRST_CALENDAR_YEAR, text)


def year_type(option: str) -> Callable[[str], Year]:
    """An argparse ``type=`` for ``option``: parse_year with argparse's error on bad text."""
    def convert(text: str) -> Year:
        try:
            return parse_year(text, option)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    convert.__name__ = "year"  # argparse names the type in its messages
    return convert


YEAR_HELP = "a calendar year (2029) or +N, the Nth simulated year (+5)"
