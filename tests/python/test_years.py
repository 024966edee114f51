"""The year convention of the command lines (analysis/years.py, like edusim's
sim/core/year_option.hpp): calendar years, +N simulated years, a bare number under 1900 read as
+N with a deprecation warning, anything else refused naming the option."""
from __future__ import annotations

import argparse

import pytest

from analysis import readers
from analysis.years import Year, parse_year, year_type

YEARS = [2024, 2025, 2026, 2027]


def test_calendar_years_and_plus_n():
    assert parse_year("2026") == Year(2026, False, "2026")
    assert parse_year("+2") == Year(2, True, "+2")
    assert parse_year("2026").row(YEARS) == parse_year("+2").row(YEARS) == 2
    assert parse_year("+0").row(YEARS) == 0
    assert str(parse_year("+3")) == "+3" and str(parse_year("1900")) == "1900"


def test_a_bare_small_number_is_simulated_with_a_deprecation_warning(capsys):
    warnings: list[str] = []
    year = parse_year("3", "--years", warnings.append)
    assert year.simulated and year.row(YEARS) == 3
    assert warnings == ["--years 3: a bare number under 1900 is read as the simulated year +3; "
                        "this spelling is deprecated: write +3 (simulated) or a calendar year"]
    parse_year("1899", "--year")
    assert "warning: --year 1899: a bare number" in capsys.readouterr().err
    parse_year("+3", "--year")
    parse_year("2029", "--year")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("text", ["", "+", "-3", "2029.0", "20x9", "+-1", " 2029", "10000", "++5"])
def test_refuses_what_is_not_a_year(text):
    with pytest.raises(ValueError, match=r"--year .*give a calendar year \(1900 to 9999, e\.g\. "
                                         r"2029\) or \+N"):
        parse_year(text, "--year")
    with pytest.raises(argparse.ArgumentTypeError):
        year_type("--year")(text)


def test_a_year_outside_the_file_names_the_years_it_has():
    with pytest.raises(ValueError, match=r"\+4: the file has the simulated years \+0 to \+3 "
                                         r"\(2024 to 2027\)"):
        parse_year("+4").row(YEARS)
    with pytest.raises(ValueError, match=r"2030: not a calendar year of the file \(2024 to 2027"):
        parse_year("2030").row(YEARS)


def test_resolve_year_takes_the_convention_and_the_old_ints():
    assert readers.resolve_year(YEARS, "+1") == 1
    assert readers.resolve_year(YEARS, "2027") == 3
    assert readers.resolve_year(YEARS, parse_year("+2")) == 2
    assert readers.resolve_year(YEARS, 2025) == 1  # a plain int: calendar year, or offset
    assert readers.resolve_year(YEARS, 2) == 2
    assert readers.resolve_year(YEARS, None) == 3
