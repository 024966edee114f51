"""Errors raise edusim.InputError (a ValueError) with the message `edusim` prints after
'edusim: error: ', for run, sweep and validate; a failed run leaves no file."""
import pytest

from api_support import BASELINE, TINY_SWEEP, cli, cli_error

BAD_SCENARIO = "tests/data/bad_scenarios/02_misspelled_key_did_you_mean.yaml"
BAD_SWEEP = "tests/data/bad_sweeps/02_misspelled_top_level_key.yaml"


def raised(edusim, call, *args, **kwargs) -> str:
    with pytest.raises(edusim.InputError) as caught:
        call(*args, **kwargs)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


@pytest.mark.parametrize("key, value, cli_value", [
    ("rotation.enabld", True, "true"),        # a misspelled key: did you mean
    ("rotation.enabled", "maybe", "maybe"),   # a value of the wrong type
    ("rotation.quota_share", 7, "7"),         # out of range
])
def test_a_bad_set_is_the_command_lines_error(edusim, edusim_bin, tmp_path, key, value,
                                              cli_value):
    message = raised(edusim, edusim.run, BASELINE, years=1, set={key: value},
                     output=tmp_path / "run.h5")
    assert message == cli_error(edusim_bin, "run", BASELINE, "-o", tmp_path / "cli.h5",
                                "--years", "1", "--set", f"{key}={cli_value}")
    assert f"--set {key}={cli_value}" in message
    assert list(tmp_path.iterdir()) == []


def test_a_bad_scenario_file_is_the_command_lines_error(edusim, edusim_bin, tmp_path):
    message = raised(edusim, edusim.run, BAD_SCENARIO)
    assert message == cli_error(edusim_bin, "run", BAD_SCENARIO, "-o", tmp_path / "cli.h5")
    assert "did you mean" in message
    assert raised(edusim, edusim.validate, BAD_SCENARIO) == cli_error(
        edusim_bin, "validate", BAD_SCENARIO)


def test_a_missing_scenario_is_the_command_lines_error(edusim, edusim_bin, tmp_path):
    message = raised(edusim, edusim.run, "scenarios/no_such.yaml")
    assert message == cli_error(edusim_bin, "run", "scenarios/no_such.yaml", "-o",
                                tmp_path / "cli.h5")


def test_an_existing_output_is_refused_as_by_the_command_line(edusim, edusim_bin, tmp_path):
    taken = tmp_path / "taken.h5"
    taken.write_text("")
    message = raised(edusim, edusim.run, BASELINE, output=taken)
    assert message == cli_error(edusim_bin, "run", BASELINE, "-o", taken)
    assert taken.read_text() == ""


def test_out_of_range_options_are_refused_as_by_the_command_line(edusim, edusim_bin):
    for option, value in (("years", 0), ("years", 501), ("threads", 0)):
        message = raised(edusim, edusim.run, BASELINE, **{option: value})
        done = cli(edusim_bin, "run", BASELINE, "-o", "unused.h5", f"--{option}", value,
                   check=False)
        assert done.returncode != 0 and done.stderr.splitlines()[0] == message
    assert raised(edusim, edusim.run, BASELINE, seed=-1) == "--seed: Value -1 is below 0"
    with pytest.raises(TypeError, match="rotation.enabled"):
        edusim.run(BASELINE, set={"rotation.enabled": [True]})


def test_a_bad_sweep_is_the_command_lines_error(edusim, edusim_bin, tmp_path):
    message = raised(edusim, edusim.sweep, BAD_SWEEP)
    assert message == cli_error(edusim_bin, "sweep", BAD_SWEEP, "-o", tmp_path / "cli.h5")
    message = raised(edusim, edusim.sweep, TINY_SWEEP, set={"rotation.quota_share": 0.3})
    assert message == cli_error(edusim_bin, "sweep", TINY_SWEEP, "-o", tmp_path / "cli.h5",
                                "--set", "rotation.quota_share=0.3")
