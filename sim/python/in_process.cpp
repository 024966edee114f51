#include "python/in_process.hpp"

#include "app/run_setup.hpp"
#include "core/workers.hpp"
#include "io/scenario_io.hpp"
#include "io/switched_off.hpp"
#include "io/yaml_reader.hpp"

namespace edusim {

InProcessRun run_in_process(const RunCommandOptions& o, const std::string& command_line,
                            const std::function<void()>& between_years) {
  const Scenario scenario = run_scenario(o);
  InProcessRun done{no_effect_warnings(scenario), 0};
  check_memory(scenario, schema::SourceMap{o.scenario, {}});
  check_output_path(o.output, o.force);
  WorkerPool pool(o.threads);
  done.threads = pool.threads();
  RunRequest request = run_request(o, scenario, done.threads, command_line);
  request.progress = [&between_years](int, int) { between_years(); };
  request.worker_threads = [&pool] { return pool.threads_seen(); };
  pool.run([&] { return run_to_file(scenario, request); });
  return done;
}

LocalSweep sweep_in_process(const SweepOptions& o, const std::string& command_line) {
  WorkerPool pool(o.threads);
  return sweep_locally(o, command_line, pool);
}

InProcessValidation validate_in_process(const std::string& file) {
  const Scenario scenario = load_scenario(file);
  return {no_effect_warnings(scenario), validate_scenario(scenario, file)};
}

}  // namespace edusim
