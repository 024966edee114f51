#!/usr/bin/env bash
# Sanitizer and fuzzing checks (docs/reliability.md):
#   1. ASan+UBSan: one clang build (AddressSanitizer, UndefinedBehaviorSanitizer, libFuzzer
#      coverage) of edusim, the two test binaries and the fuzz targets; the whole GoogleTest
#      suite under it (the CLI tests run the sanitized edusim binary too).
#   2. TSan: a gcc ThreadSanitizer build; the unit tests and the tests that run threads
#      (reproducibility across thread counts, sweeps, restarts, scenarios).
#   3. Fuzzing: fuzz_scenario for $FUZZ_SECONDS (default 45) and fuzz_sweep for
#      $FUZZ_SWEEP_SECONDS (default 15), from the seed corpus, the bad-input catalogs and the
#      fuzz regressions, with libFuzzer's seed $FUZZ_SEED (default 1; 0 draws one); prints
#      libFuzzer's execution count and summary.
# Exits non-zero if any build, test, sanitizer report or fuzz finding fails. Usage:
#   tools/ci-sanitizers.sh [asan] [tsan] [fuzz]      (default: all three; fuzz needs asan's build)
# Environment: BUILD_ROOT (default build/), JOBS (default nproc), FUZZ_SECONDS,
# FUZZ_SWEEP_SECONDS, ASAN_FILTER / TSAN_FILTER (gtest filters, applied to both test binaries).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_ROOT=${BUILD_ROOT:-$ROOT/build}
ASAN_DIR=$BUILD_ROOT/ci-asan
TSAN_DIR=$BUILD_ROOT/ci-tsan
JOBS=${JOBS:-$(nproc)}
mkdir -p "$BUILD_ROOT"
FUZZ_SECONDS=${FUZZ_SECONDS:-45}
FUZZ_SWEEP_SECONDS=${FUZZ_SWEEP_SECONDS:-15}
# libFuzzer's seed: fixed by default, so that CI explores the same inputs from one run to the
# next and a finding does not come and go with the clock; FUZZ_SEED=0 draws a random seed
# (exploratory fuzzing before a submission, with longer FUZZ_SECONDS).
FUZZ_SEED=${FUZZ_SEED:-1}
# The whole suite, less the pytest wrapper (not a gtest), the MPI tests, *.TwoMpiRanks* (OpenMPI's own
# unsanitized runtime reports leaks and races of its own), and the stationarity test (20
# replicates of whole runs whose code the scenario tests already run under ASan; half a
# minute of the step).
ASAN_FILTER=${ASAN_FILTER:-'*:-*.TwoMpiRanks*:Stationarity*'}
# Every unit test (the phases' parallel loops) and the scenario tests that run threads (one
# against two threads, restarts, sweeps over threads and shards, national runs, the seed
# scenarios). Left to the ASan run: the bad-input catalogs and the command-line, crash,
# signal and resume tests, which start many single-threaded processes (under TSan they
# took 3 of the 5 minutes).
TSAN_FILTER=${TSAN_FILTER:-'-BadScenario*:BadSweep*:BadTable*:BadInput*:SweepOutput*:Docs*:DataExample*:Fuzz*:FuzzRegressions*:CrashSafety*:Cli.*:BenchCli*:CalibrateCli.Sigkills*:CalibrateCli.BadCalibration*:CalibrateCli.Refuses*:*.TwoMpiRanks*:Stationarity*:SeedScenarios.EveryFileRunsThreeYears*:SweepCli.ResumeAfterSigkill*:SweepCli.Merge*:SweepCli.ARunReRun*:SweepCli.Sigint*:SweepCli.Writes*:SweepCli.Resuming*:SweepCli.ShardAuto*:SweepCli.RunSet*'}
SAN_FLAGS="-fno-omit-frame-pointer"
# The Python module (EDUSIM_PYTHON) is not built: no test here loads it, and a sanitized
# module would need the sanitizer's runtime preloaded into python3.
# Unity builds of the engine (16 sources a translation unit) halve the sanitizer builds'
# compile time on 2 cores; UNITY=OFF compiles every source on its own.
UNITY_FLAGS=(-DCMAKE_UNITY_BUILD="${UNITY:-ON}" -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)
# The test files at -O0 (the engine stays at -O1): they are most of each sanitizer build, and
# compile in about 0.6 of the time at -O0, while the time of the tests is the engine's.
TEST_FLAGS=(-DEDUSIM_TEST_COMPILE_OPTIONS=-O0)
# The GoogleTest binaries (tests/CMakeLists.txt): the unit tests (tests/core ... tests/national)
# and the scenario tests (tests/app, tests/scenario). Each runs with the step's filter.
TEST_BINARIES=(edusim_unit_tests edusim_scenario_tests)
STEPS=("${@:-asan tsan fuzz}")
STEPS=(${STEPS[*]})

declare -a SUMMARY=()
FAILED=0
section() { printf '\n======== %s ========\n' "$*"; }
# record NAME STATUS SECONDS [DETAIL]
record() {
  SUMMARY+=("$(printf '%-34s %-5s %5ss  %s' "$1" "$2" "$3" "${4:-}")")
  [ "$2" = ok ] || FAILED=1
}
# timed NAME COMMAND...: runs COMMAND, records ok/FAIL with its wall time.
timed() {
  local name=$1 start=$SECONDS status
  shift
  "$@"
  status=$?
  if [ $status -eq 0 ]; then record "$name" ok $((SECONDS - start)); else record "$name" FAIL $((SECONDS - start)); fi
  return $status
}
wants() { [[ " ${STEPS[*]} " == *" $1 "* ]]; }

ensure_clang() {
  # clang and its runtimes (libFuzzer, sanitizers) from Debian: clang, libclang-rt-14-dev.
  if command -v clang++ >/dev/null &&
    [ -f "$(clang++ -print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a" ]; then
    return 0
  fi
  echo "clang or libclang-rt missing: installing clang libclang-rt-14-dev"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
}

# Runs the gtest binary $1 in two shards at once (the machine has 2 cores; TBB inside each
# test still uses every core), with filter $2; log $3. Fails if either shard fails.
run_sharded() {
  local bin=$1 filter=$2 log=$3 shards=${SHARDS:-2} pids=() status=0
  for ((i = 0; i < shards; i++)); do
    rm -f "$log.$i.json"
    GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$i "$bin" --gtest_filter="$filter" \
      --gtest_brief=1 --gtest_output="json:$log.$i.json" >"$log.$i" 2>&1 &
    pids+=($!)
  done
  for ((i = 0; i < shards; i++)); do
    wait "${pids[$i]}" || status=1
    grep -E '\[  (PASSED|FAILED) |tests? ran|^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY:)' "$log.$i" | sort -u
  done
  # Sanitizer reports inside child processes (edusim runs) surface as test failures; any
  # report in the test process itself fails here too.
  if grep -lE '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer)|runtime error:' "$log".* >/dev/null; then
    echo "sanitizer reports in $log.*:"
    grep -hE -A30 '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer)|runtime error:' "$log".* | head -200
    status=1
  fi
  [ $status -eq 0 ] || grep -ho '\[  FAILED  \].*' "$log".* | sort -u
  slowest "$log".*.json
  return $status
}

# slowest JSON...: the 8 slowest tests of GoogleTest's JSON reports, so that a CI log shows
# where the sanitizer steps' time goes (the CI budget is tight: docs/reliability.md#ci-time).
slowest() {
  /usr/bin/python3 - "$@" <<'PY' 2>/dev/null || true
import json, sys
times = []
for path in sys.argv[1:]:
    with open(path) as f:
        for suite in json.load(f).get("testsuites", []):
            for t in suite.get("testsuite", []):
                times.append((float(t.get("time", "0s").rstrip("s")), suite["name"] + "." + t["name"]))
times.sort(reverse=True)
total = sum(t for t, _ in times)
print(f"   slowest of {len(times)} tests ({total:.0f} s in all, both shards):")
for t, name in times[:8]:
    print(f"   {t:7.1f} s  {name}")
PY
}

# run_suite BUILD_DIR FILTER: runs every test binary of BUILD_DIR with FILTER (run_sharded),
# logs in BUILD_DIR/BINARY.log.*; fails if any binary is missing or fails.
run_suite() {
  local dir=$1 filter=$2 bin status=0
  for bin in "${TEST_BINARIES[@]}"; do
    echo "-- $bin"
    if [ ! -x "$dir/tests/$bin" ]; then
      echo "$dir/tests/$bin is missing (build failed?)"
      status=1
      continue
    fi
    run_sharded "$dir/tests/$bin" "$filter" "$dir/$bin.log" || status=1
  done
  return $status
}
# has_tests BUILD_DIR: true if the build made any test binary.
has_tests() {
  local bin
  for bin in "${TEST_BINARIES[@]}"; do [ -x "$1/tests/$bin" ] && return 0; done
  return 1
}

configure_asan() {
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all $SAN_FLAGS" \
    -DCMAKE_C_FLAGS="-fsanitize=address,undefined $SAN_FLAGS" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DEDUSIM_FUZZ=ON -DEDUSIM_PYTHON=OFF \
    "${UNITY_FLAGS[@]}" "${TEST_FLAGS[@]}" \
    >"$ASAN_DIR.configure.log" 2>&1 ||
    { cat "$ASAN_DIR.configure.log"; return 1; }
}
build() { cmake --build "$1" -j "$JOBS" -- -k 0 >"$1.build.log" 2>&1 || { grep -B2 -A20 -m5 'error' "$1.build.log"; tail -5 "$1.build.log"; return 1; }; }

asan_tests() {
  # hard_rss_limit_mb: no address-space limit is possible under ASan, so input that the
  # loader wrongly accepts cannot take the machine's memory; UBSan stops at the first report.
  ASAN_OPTIONS="hard_rss_limit_mb=4096:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    run_suite "$ASAN_DIR" "$ASAN_FILTER"
}

# oneTBB built with -fsanitize=thread. Debian's libtbb is not instrumented: TSan cannot see
# the synchronisation inside it (task spawn and steal, the workers' wake-up), so it would
# report every parallel_for body as racing with the code before it (170 reports for the
# Learning tests alone), and a suppression broad enough to hide those (race:tbb::detail)
# would hide real races in edusim's loop bodies too. So the TSan build uses oneTBB built from
# Debian's own source package of the installed version (apt-get source, with a private list
# of deb-src entries: the system's apt configuration is not changed). Cached in $TBB_DIR.
TBB_DIR=$BUILD_ROOT/ci-tbb-tsan
build_tbb_tsan() {
  [ -f "$TBB_DIR/install/lib/cmake/TBB/TBBConfig.cmake" ] && { echo "instrumented oneTBB cached in $TBB_DIR"; return 0; }
  local version apt
  version=$(dpkg-query -W -f='${source:Version}' libtbb-dev) || return 1
  rm -rf "$TBB_DIR" && mkdir -p "$TBB_DIR/apt/parts" "$TBB_DIR/apt/lists/partial" "$TBB_DIR/src"
  # The system's Debian sources, as deb-src.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" >"$TBB_DIR/apt/parts/$(basename "$f")"
  done
  [ -f /etc/apt/sources.list ] && sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$TBB_DIR/apt/parts/system.list"
  apt=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$TBB_DIR/apt/parts"
    -o "Dir::State::Lists=$TBB_DIR/apt/lists")
  echo "fetching Debian's source of onetbb $version"
  apt-get "${apt[@]}" update -qq && (cd "$TBB_DIR/src" && apt-get "${apt[@]}" source --download-only "onetbb=$version" 2>&1 | tail -2) || return 1
  tar -xf "$TBB_DIR"/src/onetbb_*.orig.tar.* -C "$TBB_DIR/src" || return 1
  cmake -S "$(ls -d "$TBB_DIR"/src/oneTBB-*)" -B "$TBB_DIR/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF \
    -DTBBMALLOC_BUILD=OFF -DTBB_STRICT=OFF -DTBB_DISABLE_HWLOC_AUTOMATIC_SEARCH=ON \
    -DCMAKE_INSTALL_PREFIX="$TBB_DIR/install" >"$TBB_DIR/configure.log" 2>&1 &&
    cmake --build "$TBB_DIR/build" -j "$JOBS" >"$TBB_DIR/build.log" 2>&1 &&
    cmake --install "$TBB_DIR/build" >"$TBB_DIR/install.log" 2>&1 ||
    { tail -20 "$TBB_DIR"/*.log; return 1; }
}

configure_tsan() {
  cmake -S "$ROOT" -B "$TSAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTBB_DIR="$TBB_DIR/install/lib/cmake/TBB" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread $SAN_FLAGS" -DCMAKE_C_FLAGS="-fsanitize=thread" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DEDUSIM_PYTHON=OFF "${UNITY_FLAGS[@]}" "${TEST_FLAGS[@]}" \
    >"$TSAN_DIR.configure.log" 2>&1 ||
    { cat "$TSAN_DIR.configure.log"; return 1; }
}

tsan_tests() {
  TSAN_OPTIONS="suppressions=$ROOT/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1:history_size=4" \
    run_suite "$TSAN_DIR" "$TSAN_FILTER"
}

# fuzz TARGET SECONDS SEED_DIRS...: runs a fuzz target from a fresh working corpus (the
# repository's seeds are read, never written); prints libFuzzer's final statistics.
fuzz() {
  local target=$1 seconds=$2
  shift 2
  local work=$ASAN_DIR/fuzz-$target
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts" "$work/input"
  EDUSIM_FUZZ_DIR="$work/input" ASAN_OPTIONS="detect_leaks=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$ASAN_DIR/tests/fuzz/$target" -max_total_time="$seconds" -seed="$FUZZ_SEED" -timeout=10 -rss_limit_mb=2048 \
    -dict="$ROOT/tests/fuzz/dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
    "$work/corpus" "$@" >"$work.log" 2>&1
  local status=$?
  grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|SUMMARY|==[0-9]+==ERROR)' "$work.log"
  FUZZ_EXECS[$target]=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work.log" | grep -oE '[0-9]+$')
  if [ $status -ne 0 ]; then
    echo "$target found a problem (exit $status); input(s) saved in $work/artifacts:"
    ls -l "$work/artifacts"
    grep -A40 -m1 -E '==[0-9]+==ERROR|ERROR: libFuzzer' "$work.log" | head -60
    echo "Make each a regression: copy it to tests/data/fuzz_regressions/ (see its README.md)."
  fi
  return $status
}

declare -A FUZZ_EXECS=()
TOTAL_START=$SECONDS
echo "ci-sanitizers: steps: ${STEPS[*]}; builds in $BUILD_ROOT; $JOBS jobs"

if wants asan || wants fuzz; then
  section "ASan+UBSan: clang build (edusim, tests, fuzz targets)"
  timed "toolchain (clang, libclang-rt)" ensure_clang
  timed "asan: configure" configure_asan && timed "asan: build" build "$ASAN_DIR"
fi
if wants asan && has_tests "$ASAN_DIR"; then
  section "ASan+UBSan: GoogleTest suite ($ASAN_FILTER)"
  timed "asan: tests" asan_tests
fi
if wants tsan; then
  section "TSan: oneTBB from Debian's source with -fsanitize=thread; gcc build (edusim, tests)"
  timed "tsan: instrumented oneTBB" build_tbb_tsan &&
    timed "tsan: configure" configure_tsan && timed "tsan: build" build "$TSAN_DIR"
  if has_tests "$TSAN_DIR"; then
    section "TSan: unit tests and threaded scenario tests"
    timed "tsan: tests" tsan_tests
  fi
fi
if wants fuzz && [ -x "$ASAN_DIR/tests/fuzz/fuzz_scenario" ]; then
  section "Fuzzing: fuzz_scenario, ${FUZZ_SECONDS} s"
  timed "fuzz: fuzz_scenario" fuzz fuzz_scenario "$FUZZ_SECONDS" "$ROOT/tests/fuzz/corpus/scenario" \
    "$ROOT/tests/data/bad_scenarios" "$ROOT/tests/data/fuzz_regressions"
  section "Fuzzing: fuzz_sweep, ${FUZZ_SWEEP_SECONDS} s"
  timed "fuzz: fuzz_sweep" fuzz fuzz_sweep "$FUZZ_SWEEP_SECONDS" "$ROOT/tests/fuzz/corpus/sweep" \
    "$ROOT/tests/data/bad_sweeps" "$ROOT/tests/data/fuzz_regressions"
fi

section "Summary"
printf '%s\n' "${SUMMARY[@]}"
for t in "${!FUZZ_EXECS[@]}"; do echo "$t: ${FUZZ_EXECS[$t]:-?} executions"; done
echo "total: $((SECONDS - TOTAL_START)) s"
if [ $FAILED -ne 0 ]; then
  echo "ci-sanitizers: FAILED"
  exit 1
fi
echo "ci-sanitizers: all clean"
