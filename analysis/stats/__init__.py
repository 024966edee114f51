"""Statistics of the reports: Sobol indices (:mod:`.sobol`), Morris screening (:mod:`.morris`)
and effects against a baseline with paired or Welch intervals (:mod:`.paired`)."""
