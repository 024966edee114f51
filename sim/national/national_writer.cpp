#include "national/national_writer.hpp"

#include "metrics/balance.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>

#include "core/error.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_provenance.hpp"
#include "io/run_writer.hpp"
#include "io/scenario_io.hpp"
#include "metrics/balance.hpp"
#include "national/national_aggregate.hpp"

namespace edusim {
namespace {

using h5::check;
using h5::checked;
using h5::Handle;
using h5::write_dataset;

void describe(hid_t ds, const SeriesDef& def, const char* dimensions, const std::string& where) {
  h5::write_string_attr(ds, "units", def.units, where);
  h5::write_string_attr(ds, "description", def.description, where);
  h5::write_string_attr(ds, "dimensions", dimensions, where);
}

/// Aggregates per year: [unit][year] -> kDistrictMetrics values, and the between-county
/// spread [unit][year].
struct Aggregates {
  std::vector<std::vector<std::vector<double>>> metrics;
  std::vector<std::vector<BetweenCounties>> between;
};

Aggregates aggregate(const std::vector<std::vector<std::size_t>>& members,
                     const NationalResult& result, std::size_t years) {
  Aggregates a;
  for (const auto& slots : members) {
    a.metrics.emplace_back();
    a.between.emplace_back();
    std::vector<const double*> rows(slots.size());
    for (std::size_t y = 0; y < years; ++y) {
      for (std::size_t i = 0; i < slots.size(); ++i)
        rows[i] = result.results[slots[i]].metrics.data() + y * kDistrictMetrics;
      a.metrics.back().push_back(aggregate_year(rows));
      a.between.back().push_back(between_counties(rows));
    }
  }
  return a;
}

struct CountyRecord {
  std::int32_t county, province;
  const char* province_name;
  std::int32_t county_in_province;
  std::int64_t students_planned, students, schools, teachers;
  double urban_share;
  std::int64_t seed;
};

struct ProvinceRecord {
  std::int32_t province;
  const char* name;
  std::int64_t counties, students, schools, teachers;
  double share, urban_share;
};

/// A compound type; `fields` are (name, offset, type) with strings as variable-length UTF-8.
template <class Record>
void write_table(hid_t group, const std::vector<Record>& records,
                 const std::vector<std::tuple<const char*, std::size_t, hid_t>>& fields,
                 const std::string& description, const std::string& where) {
  const Handle str = h5::vl_utf8_type(where);
  Handle type = checked(H5Tcreate(H5T_COMPOUND, sizeof(Record)), H5Tclose, "H5Tcreate", where);
  for (const auto& [name, offset, field_type] : fields)
    check(H5Tinsert(type.get(), name, offset, field_type < 0 ? str.get() : field_type), "H5Tinsert",
          where);
  Handle file_type = checked(H5Tcopy(type.get()), H5Tclose, "H5Tcopy", where);
  check(H5Tpack(file_type.get()), "H5Tpack", where);
  const Handle ds = write_dataset(group, "info", file_type.get(), type.get(), {records.size()},
                                  records.data(), where);
  h5::write_string_attr(ds.get(), "description", description, where);
}

void write_county_info(hid_t group, const NationalFile& n, const NationalPlan& plan,
                       const NationalResult& r, const std::string& where) {
  std::vector<CountyRecord> rows;
  for (std::size_t i = 0; i < r.counties.size(); ++i) {
    const CountyPlan& c = plan.counties[r.counties[i]];
    const CountyResult& res = r.results[i];
    rows.push_back({static_cast<std::int32_t>(r.counties[i]), c.province,
                    n.spec.provinces[static_cast<std::size_t>(c.province)].name.c_str(),
                    c.index_in_province, c.students, res.students, res.schools, res.teachers,
                    c.urban_share, c.seed});
  }
  using R = CountyRecord;
  write_table(group, rows,
              {{"county", HOFFSET(R, county), H5T_NATIVE_INT32},
               {"province", HOFFSET(R, province), H5T_NATIVE_INT32},
               {"province_name", HOFFSET(R, province_name), -1},
               {"county_in_province", HOFFSET(R, county_in_province), H5T_NATIVE_INT32},
               {"students_planned", HOFFSET(R, students_planned), H5T_NATIVE_INT64},
               {"students", HOFFSET(R, students), H5T_NATIVE_INT64},
               {"schools", HOFFSET(R, schools), H5T_NATIVE_INT64},
               {"teachers", HOFFSET(R, teachers), H5T_NATIVE_INT64},
               {"urban_share", HOFFSET(R, urban_share), H5T_NATIVE_DOUBLE},
               {"seed", HOFFSET(R, seed), H5T_NATIVE_INT64}},
              "one row per simulated county (row c is row c of /counties/<metric>): its index "
              "in the national plan, province, planned students, the generated world's "
              "students, schools and teachers, planned urban share, and run.seed",
              where + "/info");
}

void write_province_info(hid_t group, const NationalFile& n,
                         const std::vector<std::vector<std::size_t>>& members,
                         const NationalResult& r, const std::string& where) {
  std::vector<ProvinceRecord> rows;
  for (std::size_t p = 0; p < n.spec.provinces.size(); ++p) {
    const ProvinceSpec& prov = n.spec.provinces[p];
    ProvinceRecord row{static_cast<std::int32_t>(p),
                       prov.name.c_str(),
                       static_cast<std::int64_t>(members[p].size()),
                       0,
                       0,
                       0,
                       prov.share,
                       prov.urban_share};
    for (const std::size_t slot : members[p]) {
      row.students += r.results[slot].students;
      row.schools += r.results[slot].schools;
      row.teachers += r.results[slot].teachers;
    }
    rows.push_back(row);
  }
  using R = ProvinceRecord;
  write_table(group, rows,
              {{"province", HOFFSET(R, province), H5T_NATIVE_INT32},
               {"name", HOFFSET(R, name), -1},
               {"counties", HOFFSET(R, counties), H5T_NATIVE_INT64},
               {"students", HOFFSET(R, students), H5T_NATIVE_INT64},
               {"schools", HOFFSET(R, schools), H5T_NATIVE_INT64},
               {"teachers", HOFFSET(R, teachers), H5T_NATIVE_INT64},
               {"share", HOFFSET(R, share), H5T_NATIVE_DOUBLE},
               {"urban_share", HOFFSET(R, urban_share), H5T_NATIVE_DOUBLE}},
              "one row per province (row p is row p of /provinces/<metric>): simulated "
              "counties, the generated worlds' students, schools and teachers, and the "
              "national file's share and urban_share",
              where + "/info");
}

/// The groups of run files' /balance (balance_groups) but /balance/schools: cv, verdict,
/// basic_cv and misses, in CountyResult::balance order.
std::vector<SeriesGroup> county_balance_groups() {
  auto groups = balance_groups(0);
  groups.erase(groups.begin());
  return groups;
}

/// Values per county-year in CountyResult::balance.
std::size_t county_balance_width(const std::vector<SeriesGroup>& groups) {
  std::size_t width = 0;
  for (const SeriesGroup& group : groups) width += group.series.size();
  return width;
}

/// /counties/balance/cv/<level>_<indicator>, /counties/balance/verdict/<name>,
/// /counties/balance/basic_cv/<level>_<indicator> and /counties/balance/misses/<level>_<indicator>
/// [county, year]: each county's assessment under the 2017 and 2012 standards, as in run files.
void write_county_balance(hid_t counties, const NationalResult& r, std::size_t years,
                          const std::string& where) {
  const auto groups = county_balance_groups();
  const std::size_t width = county_balance_width(groups);
  const Handle balance = h5::create_group(counties, "balance", where + "/balance");
  std::vector<double> values(r.counties.size() * years);
  std::size_t column = 0;
  for (const SeriesGroup& group : groups) {
    const std::string name = group.path.substr(group.path.find('/') + 1);  // cv, verdict, ...
    const std::string at = where + "/balance/" + name;
    const Handle g = h5::create_group(balance.get(), name, at);
    for (const SeriesDef& def : group.series) {
      for (std::size_t c = 0; c < r.counties.size(); ++c)
        for (std::size_t y = 0; y < years; ++y)
          values[c * years + y] = r.results[c].balance[y * width + column];
      const Handle ds = write_dataset(g.get(), def.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                      {r.counties.size(), years}, values.data(), at);
      describe(ds.get(), def, "county, year", at);
      ++column;
    }
  }
}

/// <group>/balance/quality_share and basic_share ([unit, year], or [year] for the nation):
/// the share of the unit's simulated counties whose verdict is 1.
void write_passing_shares(hid_t group, const std::vector<std::vector<std::size_t>>& members,
                          const NationalResult& r, std::size_t years, bool national,
                          const std::string& where) {
  const auto groups = county_balance_groups();
  const std::size_t width = county_balance_width(groups);
  const std::size_t quality = groups[0].series.size();  // verdict/quality, then verdict/basic
  const std::vector<hsize_t> dims =
      national ? std::vector<hsize_t>{years} : std::vector<hsize_t>{members.size(), years};
  const std::string at = where + "/balance";
  const Handle balance = h5::create_group(group, "balance", at);
  for (const std::size_t v : {quality, quality + 1}) {
    std::vector<double> values(members.size() * years);
    for (std::size_t u = 0; u < members.size(); ++u)
      for (std::size_t y = 0; y < years; ++y) {
        double passing = 0;
        for (const std::size_t slot : members[u])
          passing += r.results[slot].balance[y * width + v] == 1.0 ? 1.0 : 0.0;
        values[u * years + y] = members[u].empty()
                                    ? std::numeric_limits<double>::quiet_NaN()
                                    : passing / static_cast<double>(members[u].size());
      }
    const bool is_quality = v == quality;
    const SeriesDef def{is_quality ? "quality_share" : "basic_share", "1",
                        is_quality ? "share of the simulated counties whose quality-balanced "
                                     "verdict is 1 (/counties/balance/verdict/quality)"
                                   : "share of the simulated counties whose basic-balance "
                                     "verdict is 1 (/counties/balance/verdict/basic)"};
    const Handle ds = write_dataset(balance.get(), def.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                    dims, values.data(), at);
    describe(ds.get(), def, national ? "year" : "province, year", at);
  }
}

/// /counties/<metric> [county, year].
void write_counties(hid_t file, const NationalFile& n, const NationalPlan& plan,
                    const NationalResult& r, std::size_t years, const std::string& path) {
  const std::string where = path + ":/counties";
  const Handle g = h5::create_group(file, "counties", where);
  write_county_info(g.get(), n, plan, r, where);
  const auto series = district_series();
  std::vector<double> values(r.counties.size() * years);
  for (std::size_t m = 0; m < series.size(); ++m) {
    for (std::size_t c = 0; c < r.counties.size(); ++c)
      for (std::size_t y = 0; y < years; ++y)
        values[c * years + y] = r.results[c].metrics[y * kDistrictMetrics + m];
    const Handle ds = write_dataset(g.get(), series[m].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                    {r.counties.size(), years}, values.data(), where);
    describe(ds.get(), series[m], "county, year", where);
  }
  write_county_balance(g.get(), r, years, where);
}

/// The aggregated series of `units` ([unit, year], or [year] for the nation).
void write_aggregates(hid_t group, const Aggregates& a, std::size_t years, bool national,
                      const std::string& where) {
  const auto series = district_series();
  const auto& rules = aggregate_rules();
  const std::size_t units = a.metrics.size();
  const std::vector<hsize_t> dims =
      national ? std::vector<hsize_t>{years} : std::vector<hsize_t>{units, years};
  const char* dimensions = national ? "year" : "province, year";
  std::vector<double> values(units * years);
  for (std::size_t m = 0; m < series.size(); ++m) {
    for (std::size_t u = 0; u < units; ++u)
      for (std::size_t y = 0; y < years; ++y) values[u * years + y] = a.metrics[u][y][m];
    const Handle ds = write_dataset(group, series[m].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims,
                                    values.data(), where);
    describe(ds.get(), series[m], dimensions, where);
    h5::write_string_attr(ds.get(), "rule", rules[m].text, where);
  }
  const Handle between = h5::create_group(group, "between", where + "/between");
  const auto between_defs = between_series();
  for (std::size_t s = 0; s < between_defs.size(); ++s) {
    for (std::size_t u = 0; u < units; ++u)
      for (std::size_t y = 0; y < years; ++y)
        values[u * years + y] = s == 0 ? a.between[u][y].cv : a.between[u][y].theil_between;
    const Handle ds = write_dataset(between.get(), between_defs[s].name, H5T_IEEE_F64LE,
                                    H5T_NATIVE_DOUBLE, dims, values.data(), where + "/between");
    describe(ds.get(), between_defs[s], dimensions, where + "/between");
  }
}

void write_timing(hid_t file, const NationalResult& r, const std::string& path) {
  const std::string where = path + ":/timing";
  const Handle g = h5::create_group(file, "timing", where);
  const Handle ds = write_dataset(g.get(), "phase_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                  {r.phase_seconds.size()}, r.phase_seconds.data(), where);
  describe(ds.get(),
           {"phase_seconds", "s",
            "wall time of each phase of the year (row p: phase_names[p]), summed over "
            "counties; with several threads these are thread-seconds"},
           "phase", where);
  // Per county (rows as /counties/info): where a county's time went, for load balance.
  std::vector<double> county(r.results.size() * 3);
  for (std::size_t c = 0; c < r.results.size(); ++c) {
    county[c * 3] = r.results[c].generation_seconds;
    county[c * 3 + 1] = r.results[c].simulation_seconds;
    county[c * 3 + 2] = r.results[c].metrics_seconds;
  }
  const Handle per_county =
      write_dataset(g.get(), "county_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                    {r.results.size(), 3}, county.data(), where);
  describe(per_county.get(),
           {"county_seconds", "s",
            "per county (row c: row c of /counties/info): seconds generating the world, "
            "stepping the years, and measuring them"},
           "county, [generation, simulation, metrics]", where);
  std::vector<const char*> names;
  for (const auto& name : r.phase_names) names.push_back(name.c_str());
  const Handle str = h5::vl_utf8_type(where);
  write_dataset(g.get(), "phase_names", str.get(), str.get(), {names.size()}, names.data(), where);
}

void write_root(hid_t file, const NationalFile& n, const NationalResult& r,
                const NationalProvenance& prov, const std::string& where) {
  h5::write_root_provenance(file, "national", this_build(), prov.command_line, where);
  h5::write_string_attr(file, "national_file", n.file, where);
  h5::write_string_attr(file, "national", national_to_yaml(n), where);
  h5::write_string_attr(file, "name", n.spec.name, where);
  h5::write_string_attr(file, "base_scenario", scenario_to_yaml(n.base), where);
  const auto int64_attr = [&](const char* name, std::int64_t value) {
    h5::write_attr(file, name, H5T_NATIVE_INT64, &value, where);
  };
  const auto real_attr = [&](const char* name, double value) {
    h5::write_attr(file, name, H5T_NATIVE_DOUBLE, &value, where);
  };
  int64_attr("master_seed", n.spec.seed);
  int64_attr("start_year", n.base.run.start_year);
  int64_attr("years", n.spec.years);
  int64_attr("counties", static_cast<std::int64_t>(r.counties.size()));
  std::int64_t planned = 0, students = 0, schools = 0, teachers = 0;
  for (const auto& p : n.spec.provinces) planned += p.counties;
  for (const auto& c : r.results)
    students += c.students, schools += c.schools, teachers += c.teachers;
  int64_attr("counties_planned", planned);
  int64_attr("provinces", static_cast<std::int64_t>(n.spec.provinces.size()));
  int64_attr("students", students);
  int64_attr("schools", schools);
  int64_attr("teachers", teachers);
  h5::write_int32_attr(file, "threads", prov.threads, where);
  if (prov.worker_threads > 0)
    h5::write_int32_attr(file, "worker_threads", prov.worker_threads, where);
  real_attr("generation_seconds", r.generation_seconds);
  real_attr("simulation_seconds", r.simulation_seconds);
  real_attr("metrics_seconds", r.metrics_seconds);
  real_attr("wall_seconds", r.wall_seconds);
  real_attr("peak_rss_bytes", prov.peak_rss_bytes);
}

void write_contents(hid_t file, const NationalFile& n, const NationalPlan& plan,
                    const NationalResult& r, const NationalProvenance& prov,
                    const std::string& path) {
  const std::size_t years = static_cast<std::size_t>(n.spec.years) + 1;
  write_root(file, n, r, prov, path);
  std::vector<std::int32_t> calendar(years);
  for (std::size_t y = 0; y < years; ++y)
    calendar[y] = n.base.run.start_year + static_cast<std::int32_t>(y);
  const Handle year = write_dataset(file, "year", H5T_STD_I32LE, H5T_NATIVE_INT32, {years},
                                    calendar.data(), path + ":");
  describe(year.get(),
           {"year", "calendar year",
            "calendar year of each column (the first is the "
            "generated world)"},
           "year", path + ":/year");
  write_counties(file, n, plan, r, years, path);
  std::vector<std::vector<std::size_t>> provinces(n.spec.provinces.size());
  std::vector<std::vector<std::size_t>> nation(1);
  for (std::size_t i = 0; i < r.counties.size(); ++i) {
    provinces[static_cast<std::size_t>(plan.counties[r.counties[i]].province)].push_back(i);
    nation[0].push_back(i);
  }
  {
    const std::string where = path + ":/provinces";
    const Handle g = h5::create_group(file, "provinces", where);
    write_province_info(g.get(), n, provinces, r, where);
    write_aggregates(g.get(), aggregate(provinces, r, years), years, false, where);
    write_passing_shares(g.get(), provinces, r, years, false, where);
  }
  {
    const std::string where = path + ":/national";
    const Handle g = h5::create_group(file, "national", where);
    write_aggregates(g.get(), aggregate(nation, r, years), years, true, where);
    write_passing_shares(g.get(), nation, r, years, true, where);
  }
  write_timing(file, r, path);
}

}  // namespace

void write_national_file(const std::string& path, const NationalFile& national,
                         const NationalPlan& plan, const NationalResult& result,
                         const NationalProvenance& provenance, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!overwrite && fs::exists(path, ec))
    throw InputError(fmt::format("{}: output file exists; use --force to overwrite", path));
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  try {
    {
      Handle file = h5::create_file(tmp);
      write_contents(file.get(), national, plan, result, provenance, tmp);
      h5::write_int32_attr(file.get(), "complete", 1, tmp);  // last: the file is whole
      if (!file.reset()) h5::throw_error("H5Fclose", tmp);
    }
    h5::fsync_file(tmp);
    if (!overwrite && fs::exists(path, ec))  // appeared during the run: never clobber it
      throw InputError(fmt::format("{}: output file exists; use --force to overwrite", path));
    fs::rename(tmp, path);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace edusim
