#!/usr/bin/env bash
# Builds the tests with AddressSanitizer + UndefinedBehaviorSanitizer, and with ThreadSanitizer,
# and runs them all. Any report fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ${1:-} in
  -h | --help)
    cat <<'TXT'
usage: scripts/sanitizers.sh

Builds every test with AddressSanitizer+UndefinedBehaviorSanitizer (build-address-undefined/)
and with ThreadSanitizer (build-thread/), and runs them all with ctest. Any sanitizer report
fails the run (exit non-zero).
TXT
    exit 0
    ;;
esac
if (($#)); then
  echo "sanitizers: takes no arguments (got '$1'); see --help" >&2
  exit 2
fi
scripts/setup.sh --deps-only

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

for sanitizer in address,undefined thread; do
  dir=build-${sanitizer//,/-}
  echo "== $sanitizer: building in $dir" >&2
  # -O1 -g1, not RelWithDebInfo's -O2 -g: the sanitizers' documentation asks for -O1 or more,
  # and line tables are all a report's stack needs. GCC 12 compiles the instrumented code in a
  # half to a third of the CPU time (address,undefined, user seconds: runner/tests/store_e2e_test.cc
  # 62 -> 29, runner/src/test_run.cc 46 -> 14), and these builds are most of this script's time.
  # The first pass's -O3 build stays the one that checks the optimised code.
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DGLOMERS_SANITIZE="$sanitizer" -DGLOMERS_BENCHMARKS=OFF >&2
  cmake --build "$dir" -j"$(nproc)" >&2
  ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
done
