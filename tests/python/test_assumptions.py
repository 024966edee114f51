"""analysis/studies/assumptions.py: which keys are screened, and the screening runs end to end
and can fail a conclusion."""
import numpy as np
import pytest

from analysis import assumptions as A


def _key(key, default, basis="assumption", type_="number", description="d", lo="-inf",
         hi="inf"):
    return {"key": key, "type": type_, "default": str(default), "min": lo, "max": hi,
            "unit": "", "basis": basis, "source": basis, "description": description}


def test_only_acting_assumptions_with_a_value_of_their_own_are_screened():
    keys = [_key("learning.peer_effect", 0.2),
            _key("learning.noise_sd", 0.6, basis="source"),
            _key("run.years", 10, basis="setting", type_="integer"),
            _key("rotation.term_years", 3, type_="integer", lo="1", hi="10"),
            _key("mentoring.pairing_gain", 0.02),
            _key("district.schools[].capacity_margin", 0.15),
            _key("district.teachers.title_shares.first", 0.42, description="share"),
            _key("hiring.age.min", 21, description="lower truncation bound"),
            _key("growth.noise_sd", 0.0),
            _key("morale.base", 0.6, lo="0", hi="0.7")]
    resolved = {"learning": {"peer_effect": 0.2, "noise_sd": 0.6},
                "rotation": {"enabled": True, "term_years": 3},
                "mentoring": {"enabled": False, "pairing_gain": 0.02},
                "growth": {"noise_sd": 0.0}, "morale": {"base": 0.6},
                "district": {"teachers": {"title_shares": {"first": 0.42}}},
                "hiring": {"age": {"min": 21}}}
    axes, left_out = A.select_axes(keys, resolved)
    assert [a.key for a in axes] == ["learning.peer_effect", "rotation.term_years", "morale.base"]
    peer, term, morale = axes
    assert (peer.low, peer.high) == pytest.approx((0.1, 0.3))
    assert (term.low, term.high, term.integer) == (2.0, 4.0, True)  # 1.5 and 4.5 rounded
    assert morale.high == 0.7  # clipped to the allowed range
    assert term.at(0.125) == 2 and isinstance(term.at(0.875), int)
    why = dict(left_out)
    assert "mentoring is off" in why["mentoring.pairing_gain"]
    assert "list item" in why["district.schools[].capacity_margin"]
    assert "sum to 1" in why["district.teachers.title_shares.first"]
    assert "truncation" in why["hiring.age.min"]
    assert "is 0" in why["growth.noise_sd"]
    assert "learning.noise_sd" not in why and "run.years" not in why


def test_the_counterfactual_wins_over_an_axis():
    base = {"pay": {"zone_allowance": {"urban": 0, "town": 0, "rural": 6000}},
            "rotation": {"enabled": True}}
    axis = A.Axis("pay.zone_allowance.rural", False, 6000.0, 3000.0, 9000.0, "assumption")
    on = A.scenario_at(base, [axis], np.array([0.875]), True)
    off = A.scenario_at(base, [axis], np.array([0.875]), False)
    assert on["pay"]["zone_allowance"]["rural"] == pytest.approx(8250.0)
    assert off["pay"]["zone_allowance"]["rural"] == 0 and off["rotation"]["enabled"] is False
    assert base["pay"]["zone_allowance"]["rural"] == 6000  # not modified


def test_a_conclusion_survives_only_where_it_holds_at_95_percent_of_the_points():
    n = 40
    values = {o.name: np.full(n, 0.2) for o in A.OUTCOMES}
    values["effect_gap"] = np.r_[np.full(38, -0.1), np.full(2, 0.05)]  # holds at 95%
    values["effect_urban_rural"] = np.r_[np.full(37, -0.1), np.full(3, 0.05)]  # 92.5%
    rows = {r["outcome"]: r for r in A.survival_rows(values, values)}
    label = {o.name: o.label for o in A.OUTCOMES}
    assert rows[label["effect_gap"]]["survives"] is True
    assert rows[label["effect_urban_rural"]]["survives"] is False
    assert rows[label["between_share"]]["survives"] is True  # 0.2 >= 0.10
    assert rows[label["ses_gradient"]]["survives"] is False  # 0.2 < 0.289
    assert rows[label["gap_no_policy"]]["survives"] is None  # described only


def test_the_screening_runs_end_to_end(edusim_bin, tmp_path):
    out = tmp_path / "assumptions.md"
    assert A.main(["--trajectories", "2", "--max-keys", "2", "--years", "2", "--edusim",
                   str(edusim_bin), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## Which conclusions survive" in text and "left out by --max-keys" in text
    assert text.count("| `") >= 2
    rows = out.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 * len(A.OUTCOMES)


def test_ages_move_by_years_and_ordered_keys_stay_in_order():
    keys = [_key("leaders.min_age", 40, type_="integer", lo="25", hi="75"),
            _key("leaders.max_age", 58, type_="integer", lo="25", hi="75"),
            _key("hiring.age.mean", 23.5, lo="18", hi="60")]
    resolved = {"leaders": {"min_age": 40, "max_age": 58, "retirement_age": 60},
                "hiring": {"age": {"mean": 23.5, "min": 21, "max": 35}}}
    axes = {a.key: a for a in A.select_axes(keys, resolved)[0]}
    young, old, hires = axes["leaders.min_age"], axes["leaders.max_age"], axes["hiring.age.mean"]
    assert (young.low, young.high) == (35, 45)  # 40 -+ 5 years, not 20-60
    assert (old.low, old.high) == (53, 59)  # below the retirement age of 60
    assert young.high < old.low
    assert (hires.low, hires.high) == (21, 28.5)  # the mean stays within the truncation bounds
