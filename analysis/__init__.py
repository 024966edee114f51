"""edusim analysis: readers, figures and reports for edusim HDF5 run and sweep files.

Run with Debian's Python (/usr/bin/python3) and its packages (python3-h5py, numpy, pandas,
matplotlib, scipy); nothing comes from PyPI.
"""
