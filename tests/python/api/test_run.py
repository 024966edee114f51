"""edusim.run, Result, edusim.load and Result.save against the command line's run file."""
import os
import signal
import threading
import time

import h5py
import pandas as pd
import pytest

from api_support import BASELINE, ROTATION, cli, h5_differences


def test_run_gives_district_schools_events_and_provenance(edusim, rotation_run):
    r = rotation_run
    assert r.district.index.name == "year"
    assert r.years == [2024, 2025, 2026, 2027]
    assert {"students", "teachers", "achievement_mean", "rotations"} <= set(r.district.columns)
    assert set(r.units) == set(r.district.columns)
    assert r.units["achievement_mean"] == "SD" and r.district.attrs["units"] == r.units
    schools = r.schools
    n = len(schools.school.unique())
    assert len(schools) == 4 * n
    assert {"year", "school", "name", "level", "zone", "achievement_mean"} <= set(schools.columns)
    rotations = r.events["rotations"]
    assert {"year", "teacher", "from_school", "to_school", "kind", "kind_name"} <= set(
        rotations.columns)
    moves = rotations[rotations.kind_name.isin(["backbone_out", "ordinary_out"])]
    assert len(moves) > 0 and set(moves.year) <= set(r.years[1:])
    assert r.attrs["seed"] == 1 and r.attrs["engine_version"] == edusim.__version__
    assert r.attrs["scenario_file"] == BASELINE
    assert r.attrs["command_line"] == (
        "edusim.run('scenarios/baseline.yaml', seed=1, years=3, "
        "set={'rotation.enabled': True}, threads=2)")


def test_the_in_process_file_is_the_command_line_file(rotation_run, rotation_cli, tmp_path):
    saved = rotation_run.save(tmp_path / "saved.h5")
    assert h5_differences(saved, rotation_cli) == []
    assert saved.read_bytes() == rotation_run.path.read_bytes()
    with h5py.File(saved, "r") as f:
        assert f.attrs["command_line"].startswith("edusim.run(")


def test_output_writes_where_told_as_run_does(edusim, edusim_bin, tmp_path):
    kept = tmp_path / "kept.h5"
    r = edusim.run(BASELINE, output=kept, seed=3, years=1, threads=1)
    assert r.path == kept and kept.exists()
    cli(edusim_bin, "run", BASELINE, "-o", tmp_path / "cli.h5", "--seed", "3", "--years", "1",
        "--threads", "1", "--quiet")
    assert h5_differences(kept, tmp_path / "cli.h5") == []


def test_load_reads_back_what_run_gave(edusim, rotation_run, tmp_path):
    path = rotation_run.save(tmp_path / "run.h5")
    loaded = edusim.load(path)
    pd.testing.assert_frame_equal(loaded.district, rotation_run.district)
    pd.testing.assert_frame_equal(loaded.schools, rotation_run.schools)
    assert loaded.events.keys() == rotation_run.events.keys()
    for name, table in loaded.events.items():
        pd.testing.assert_frame_equal(table, rotation_run.events[name])
    assert loaded.attrs == rotation_run.attrs and loaded.units == rotation_run.units
    assert "seed 1" in repr(loaded)


def test_load_of_a_command_line_file(edusim, rotation_cli, rotation_run):
    loaded = edusim.load(rotation_cli)
    pd.testing.assert_frame_equal(loaded.district, rotation_run.district)


def test_load_refuses_what_is_not_a_run_file(edusim, tmp_path):
    with pytest.raises(edusim.InputFileError, match="no such file"):
        edusim.load(tmp_path / "missing.h5")


def test_save_refuses_an_existing_file_unless_forced(edusim, rotation_run, tmp_path):
    target = tmp_path / "run.h5"
    target.write_text("")
    with pytest.raises(edusim.InputError, match="output file exists; use --force"):
        rotation_run.save(target)
    rotation_run.save(target, force=True)
    assert target.read_bytes() == rotation_run.path.read_bytes()


def test_the_temporary_file_goes_with_the_result(edusim):
    r = edusim.run(BASELINE, years=1, threads=1)
    folder = r.path.parent
    assert folder.exists()
    del r
    assert not folder.exists()


def test_other_python_threads_run_while_the_engine_runs(edusim):
    """The GIL is released: a thread that needs it goes on ticking during the run."""
    ticks, stop = [0], threading.Event()

    def tick():
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0.002)

    worker = threading.Thread(target=tick)
    worker.start()
    try:
        time.sleep(0.05)
        start, began = ticks[0], time.monotonic()
        # Long enough (a 40-year spin-up and 150 years, 0.5 s or more) to count the ticks.
        edusim.run(BASELINE, years=150, threads=1)
        during, seconds = ticks[0] - start, time.monotonic() - began
    finally:
        stop.set()
        worker.join()
    # Held by the engine, the GIL would allow a tick or two; released, the thread ticks
    # every few milliseconds (at least 10 times a second even on a busy machine).
    assert seconds > 0.2 and during > 10 * seconds, (during, seconds)


class Stop(Exception):
    pass


def test_a_signal_stops_a_run_between_years(edusim, tmp_path):
    """Ctrl-C (here SIGINT with a handler raising Stop) ends the run after the year in
    progress, with the handler's exception and no output file."""
    def raise_stop(signum, frame):
        raise Stop()

    previous = signal.signal(signal.SIGINT, raise_stop)
    # 0.1 s into a run of 500 years (more than a second even on a fast idle machine).
    timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
    finished = False
    try:
        with pytest.raises(Stop):
            timer.start()
            edusim.run(BASELINE, years=500, threads=1, output=tmp_path / "stopped.h5")
            finished = True
            time.sleep(5)  # a signal after the run: Stop here rather than in pytest
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert not finished
    assert list(tmp_path.iterdir()) == []


def test_threads_give_the_same_numbers(edusim, rotation_run):
    one = edusim.run(BASELINE, **{**ROTATION, "threads": 1})
    pd.testing.assert_frame_equal(one.district, rotation_run.district)
