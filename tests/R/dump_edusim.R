# Reads a run file and a sweep file with analysis/R/edusim.R and writes what it read as CSV, with
# every double in 17 significant digits (exact) and NA as an empty cell, for
# tests/python/test_r_reader.py to compare with the Python reader.
#   Rscript tests/R/dump_edusim.R REPO_ROOT RUN.h5 SWEEP.h5 OUT_DIR
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 4)
# Written as UTF-8 whatever the caller's locale (in the C locale write.csv would escape the
# Chinese text of the attributes as <U+4F4E>).
invisible(Sys.setlocale("LC_CTYPE", "C.UTF-8"))
source(file.path(args[1], "analysis", "R", "edusim.R"))
run <- args[2]
sweep <- args[3]
out <- args[4]

exact <- function(df) {
  for (col in names(df)) {
    x <- df[[col]]
    if (inherits(x, "integer64")) {
      df[[col]] <- as.character(x)
    } else if (is.double(x)) {
      df[[col]] <- ifelse(is.na(x), "", sprintf("%.17g", x))
    }
  }
  df
}

dump <- function(df, name) {
  write.csv(exact(df), file.path(out, name), row.names = FALSE, na = "", fileEncoding = "UTF-8")
}

district <- edusim_read_district(run)
described <- attr(district, "description")
stopifnot(all(Encoding(described[grepl("[^ -~]", described, useBytes = TRUE)]) == "UTF-8"))
dump(district, "district.csv")
dump(data.frame(metric = names(attr(district, "units")), units = attr(district, "units"),
                description = attr(district, "description")), "district_units.csv")
dump(edusim_read_schools(run), "schools.csv")
for (table in c("rotations", "leader_rotations", "consolidations"))
  dump(edusim_read_events(run, table), paste0("events_", table, ".csv"))
dump(edusim_read_params(sweep), "params.csv")
dump(edusim_read_sweep_district(sweep), "sweep_district.csv")
refused <- tryCatch({
  edusim_read_district(sweep)
  "not refused"
}, error = function(e) conditionMessage(e))
writeLines(refused, file.path(out, "refusal.txt"), useBytes = TRUE)
