#pragma once
// Loading, checking and writing scenarios.
#include <map>
#include <string>

#include "io/yaml_reader.hpp"
#include "scenario/scenario.hpp"

namespace edusim {

/// Reads and fully checks a scenario file; throws InputError naming the file,
/// line, key and what is allowed.
Scenario load_scenario(const std::string& file);

/// Reads a scenario from YAML text (`name` stands for the file in messages).
Scenario parse_scenario(const YAML::Node& root, const std::string& name,
                        schema::SourceMap* sources = nullptr);

/// A scenario from a document: parsed and checked, with paths resolving against
/// `base_dir` and an earlier run's snapshot picked (load_scenario without the file).
/// `set_by` names the command-line arguments that set keys (SourceMap::set_by).
Scenario scenario_from_document(const YAML::Node& root, const std::string& name,
                                const std::string& base_dir,
                                std::map<std::string, std::string> set_by = {});

/// A path of the scenario (from_data tables, from_snapshot file) resolved
/// against the scenario file's directory.
std::string resolve_path(const Scenario& scenario, const std::string& path);

/// For district.from_snapshot: picks the snapshot, checks it exists, and sets
/// run.start_year (and run.seed, run.run_index unless the file wrote them)
/// so that the run continues the original calendar and random streams.
void continue_from_snapshot(Scenario& scenario, const schema::SourceMap& sources);

/// Cross-field checks that a single key's range cannot express.
void validate_scenario(const Scenario& scenario, const schema::SourceMap& sources);

/// The resolved scenario as YAML: every key, defaults filled in.
std::string scenario_to_yaml(const Scenario& scenario);

/// Markdown tables of every key (docs/scenario-reference.md is generated from it).
std::string scenario_reference_markdown();

/// The fixed part of estimate_memory_bytes (run-time overhead, not the world).
inline constexpr double kRunOverheadBytes = 64.0 * (1 << 20);

/// Upper estimate of the peak memory of a run, in bytes (checked before allocating).
double estimate_memory_bytes(const Scenario& scenario);

/// Memory the run may use: MemAvailable of this machine.
double memory_limit_bytes();

/// Refuses a scenario whose estimated memory exceeds memory_limit_bytes();
/// call again after command-line overrides (--years).
void check_memory(const Scenario& scenario, const schema::SourceMap& sources);

}  // namespace edusim
