"""Helpers of the Python API's tests: the runs they make and how they compare files."""
import pathlib
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[3]
BASELINE = "scenarios/baseline.yaml"
TINY_SWEEP = "tests/data/sweeps/tiny.yaml"
# The run the equality tests make twice, in process and with the command line.
ROTATION = {"seed": 1, "years": 3, "set": {"rotation.enabled": True}, "threads": 2}
ROTATION_CLI = ["--seed", "1", "--years", "3", "--set", "rotation.enabled=true", "--threads", "2"]


def cli(edusim_bin, *args, check=True):
    """`edusim ARGS...` from the repository root: the completed process (text output)."""
    return subprocess.run([str(edusim_bin), *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, check=check)


def cli_error(edusim_bin, *args) -> str:
    """The message of a failing `edusim ARGS...`: stderr without 'edusim: error: '."""
    done = cli(edusim_bin, *args, check=False)
    assert done.returncode == 2, done.stderr
    prefix = "edusim: error: "
    assert done.stderr.startswith(prefix), done.stderr
    return done.stderr[len(prefix):].rstrip("\n")


# Root attributes that legitimately differ between two runs of one scenario: when and how the
# file was made, and how many threads the scheduler happened to use.
PROVENANCE_OF_THE_CALL = {"command_line", "created_utc", "worker_threads"}


def h5_differences(a: pathlib.Path, b: pathlib.Path, ignore=PROVENANCE_OF_THE_CALL) -> list[str]:
    """Every dataset, group and attribute that differs between two HDF5 files (values compared
    bit for bit, NaN equal to NaN), except the root attributes in `ignore`."""
    import h5py
    import numpy as np

    def same(x, y) -> bool:
        x, y = np.asarray(x), np.asarray(y)
        if x.dtype.kind == "f" and y.dtype.kind == "f":
            return x.shape == y.shape and np.array_equal(x, y, equal_nan=True)
        return x.shape == y.shape and x.dtype == y.dtype and bool(np.all(x == y))

    problems = []
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        def objects(f):
            found = {"/": f}
            f.visititems(lambda name, obj: found.__setitem__("/" + name, obj))
            return found
        oa, ob = objects(fa), objects(fb)
        problems += [f"{n}: only in {a.name}" for n in sorted(oa.keys() - ob.keys())]
        problems += [f"{n}: only in {b.name}" for n in sorted(ob.keys() - oa.keys())]
        for name in sorted(oa.keys() & ob.keys()):
            x, y = oa[name], ob[name]
            skip = ignore if name == "/" else set()
            for key in sorted((set(x.attrs) | set(y.attrs)) - skip):
                if key not in x.attrs or key not in y.attrs or not same(x.attrs[key],
                                                                        y.attrs[key]):
                    problems.append(f"{name}: attribute {key} differs")
            if isinstance(x, h5py.Dataset) and not same(x[()], y[()]):
                problems.append(f"{name}: values differ")
    return problems
