"""The report commands: the run report (:mod:`.run`, ``python3 -m analysis.report``), the sweep
report (:mod:`.sweep`), the scenario comparison (:mod:`.compare`), the calibration report
(:mod:`.calibration`); the HTML page (:mod:`.html`) and what the entry points share
(:mod:`.cli`: the headless backend, one-line errors). Each module also runs as
``python3 -m analysis.reports.<name>``; the old names (``analysis.report``, ...) are aliases."""
