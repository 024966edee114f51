# edusim.R: read edusim HDF5 run and sweep files into data.frames with hdf5r.
#
# Debian 12: apt-get install r-base-core r-cran-hdf5r (install-deps.sh installs both). Use:
#
#   source("analysis/R/edusim.R")
#   district <- edusim_read_district("out/baseline.h5")   # one row per year
#   schools  <- edusim_read_schools("out/baseline.h5")    # one row per (year, school)
#   moves    <- edusim_read_events("out/baseline.h5", "rotations")
#   params   <- edusim_read_params("out/sweep.h5")         # one row per run of a sweep
#   runs     <- edusim_read_sweep_district("out/sweep.h5") # one row per (run, year)
#
# The tables have the columns and row order of analysis.readers (Python) and of
# `edusim export-csv`; tests/python/test_r_reader.py checks every value against the Python
# reader. Layout: docs/output-schema.md. Every function checks the file first (an edusim file of
# the expected kind, schema version 1, complete) and stops with a message naming the file.

library(hdf5r)

EDUSIM_SCHEMA_VERSIONS <- 1L

# Opens `path` read-only and checks it is a complete edusim file of `kind` ("run" or "sweep");
# the caller closes it with f$close_all().
edusim_open <- function(path, kind = "run") {
  if (!file.exists(path)) stop(path, ": no such file", call. = FALSE)
  f <- tryCatch(H5File$new(path, mode = "r"), error = function(e)
    stop(path, ": not a readable HDF5 file (", conditionMessage(e), ")", call. = FALSE))
  ok <- FALSE
  on.exit(if (!ok) f$close_all())
  attrs <- h5attr_names(f)
  found <- if ("file_kind" %in% attrs) h5attr(f, "file_kind") else "run"
  if (!("schema_version" %in% attrs))
    stop(path, ": no schema_version attribute (not an edusim file?)", call. = FALSE)
  if (found != kind)
    stop(path, ": is a '", found, "' file, expected a '", kind, "' file", call. = FALSE)
  version <- h5attr(f, "schema_version")
  if (!(version %in% EDUSIM_SCHEMA_VERSIONS))
    stop(path, ": schema_version ", version, " is not supported (supported: ",
         paste(EDUSIM_SCHEMA_VERSIONS, collapse = ", "), ")", call. = FALSE)
  if (!("complete" %in% attrs) || h5attr(f, "complete") != 1L)
    stop(path, ": incomplete file (root attribute complete is not 1: the run did not finish)",
         call. = FALSE)
  ok <- TRUE
  f
}

# The datasets of a group in the order they were written (hdf5r's names() sorts them).
edusim_members <- function(group) {
  group$ls(index_type = h5const$H5_INDEX_CRT_ORDER, order = h5const$H5_ITER_INC)$name
}

# Strings in edusim files are UTF-8: marked so, they print and write right in any locale.
edusim_utf8 <- function(x) {
  if (is.character(x)) Encoding(x) <- "UTF-8"
  x
}

# The named character vector of one attribute of each dataset of `group` (units, description).
edusim_dataset_attrs <- function(group, members, attribute) {
  values <- vapply(members, function(m) {
    ds <- group[[m]]
    if (attribute %in% h5attr_names(ds)) h5attr(ds, attribute) else ""
  }, character(1))
  setNames(edusim_utf8(values), members)
}

# `out` with a column per dataset of `group` but `skip`: each an array of R dimensions `dims`
# (hdf5r's reversed order), as.vector() running over the first dimension fastest.
edusim_add_series <- function(out, group, skip, dims) {
  for (m in setdiff(edusim_members(group), skip)) {
    x <- group[[m]]$read(drop = FALSE)
    if (!identical(dim(x), as.integer(dims)))
      stop(group$get_obj_name(), "/", m, ": dimensions ", paste(dim(x), collapse = " x "),
           ", expected ", paste(dims, collapse = " x "), call. = FALSE)
    out[[m]] <- as.vector(x)
  }
  out
}

# /district: one row per calendar year, columns year and one per metric (in file order).
# attr(, "units") and attr(, "description") name each metric's units and description.
edusim_read_district <- function(path) {
  f <- edusim_open(path, "run")
  on.exit(f$close_all())
  g <- f[["district"]]
  metrics <- setdiff(edusim_members(g), "year")
  out <- data.frame(year = g[["year"]][])
  for (m in metrics) out[[m]] <- g[[m]][]
  attr(out, "units") <- edusim_dataset_attrs(g, metrics, "units")
  attr(out, "description") <- edusim_dataset_attrs(g, metrics, "description")
  out
}

# /schools/info: one row per school (school = the 0-based index), character columns.
edusim_read_school_info <- function(path) {
  f <- edusim_open(path, "run")
  on.exit(f$close_all())
  edusim_info_frame(f)
}

edusim_info_frame <- function(f) {
  info <- f[["schools/info"]][]
  names(info)[names(info) == "index"] <- "school"
  for (col in names(info)) info[[col]] <- edusim_utf8(info[[col]])
  info
}

# /schools in long form: one row per (year, school), ordered by year then school: year, the
# school's /schools/info fields (school, name, level, zone, ...), then one column per metric.
# hdf5r reverses the dimensions: a [year, school] dataset arrives as a [school, year] matrix,
# whose as.vector() runs over schools fastest.
edusim_read_schools <- function(path) {
  f <- edusim_open(path, "run")
  on.exit(f$close_all())
  year <- f[["district/year"]][]
  info <- edusim_info_frame(f)
  rows <- rep(seq_len(nrow(info)), times = length(year))
  out <- cbind(data.frame(year = rep(year, each = nrow(info))), info[rows, , drop = FALSE])
  rownames(out) <- NULL
  edusim_add_series(out, f[["schools"]], "info", c(nrow(info), length(year)))
}

# /events/<table> (rotations, leader_rotations, consolidations): one row per event, one column
# per dataset (year, teacher or leader, from_school, to_school, kind, ...); attr(, "kind_names")
# is the group's code list. School indices are 0-based.
edusim_read_events <- function(path, table = "rotations") {
  f <- edusim_open(path, "run")
  on.exit(f$close_all())
  if (!f$exists(paste0("events/", table))) stop(path, ": has no /events/", table, call. = FALSE)
  g <- f[[paste0("events/", table)]]
  columns <- edusim_members(g)
  out <- as.data.frame(setNames(lapply(columns, function(k) g[[k]][]), columns))
  if ("kind_names" %in% h5attr_names(g))
    attr(out, "kind_names") <- edusim_utf8(h5attr(g, "kind_names"))
  out
}

# A sweep's /params: one row per run: run_index, point, replicate, seed, any design columns,
# then one column per axis (character for choice axes). Seeds are bit64::integer64 (they use
# the whole 64-bit range; as.character() keeps every digit).
edusim_read_params <- function(path) {
  f <- edusim_open(path, "sweep")
  on.exit(f$close_all())
  g <- f[["params"]]
  columns <- edusim_members(g)
  out <- data.frame(row.names = seq_len(g[["run_index"]]$dims))
  for (k in columns) out[[k]] <- edusim_utf8(g[[k]][])
  rownames(out) <- NULL
  out
}

# A sweep's /district in long form: one row per (run, year), ordered by run then year:
# run_index, year, one column per metric. hdf5r delivers [run, year] as [year, run].
edusim_read_sweep_district <- function(path) {
  f <- edusim_open(path, "sweep")
  on.exit(f$close_all())
  year <- f[["district/year"]][]
  run <- f[["params/run_index"]][]
  out <- data.frame(run_index = rep(run, each = length(year)),
                    year = rep(year, times = length(run)))
  edusim_add_series(out, f[["district"]], "year", c(length(year), length(run)))
}
