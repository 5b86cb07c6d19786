#!/usr/bin/env bash
# bench/micro.sh [REPETITIONS]
# The Google Benchmark micro-benchmarks that exist: build/bin/maelstrom_bench (parse, dispatch,
# serialize), build/bin/idgen_bench (ns per ID) and build/bin/json_choice_bench (where CMake found
# a JSON library to compare with). Each runs REPETITIONS times (default 5); the median of each
# benchmark is printed. Builds what it needs first ($BUILD_DIR, default build/). Exit 0 when
# measured, 1 when a benchmark fails, 2 on bad usage.
set -euo pipefail
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: bench/micro.sh [REPETITIONS]"
repetitions=5
if (($# > 1)); then die "too many arguments"$'\n'"$usage"; fi
if (($# == 1)); then
  [[ $1 = -h || $1 = --help ]] && { echo "$usage"; exit 0; }
  [[ $1 =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: '$1'"$'\n'"$usage"
  repetitions=$1
fi

cd "$bench_root"
targets=(maelstrom_bench idgen_bench)
# json_choice_bench exists only where CMake found simdjson, RapidJSON or nlohmann_json.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null 2>&1 || true
if [[ $(cmake --build "$build_dir" --target help 2>/dev/null || true) = *json_choice_bench* ]]; then
  targets+=(json_choice_bench)
fi
build_targets "${targets[@]}"
describe_run
for target in "${targets[@]}"; do
  echo
  echo "== $target (median of $repetitions repetitions)"
  "$build_dir/bin/$target" --benchmark_repetitions="$repetitions" \
    --benchmark_report_aggregates_only=true --benchmark_display_aggregates_only=true 2>&1 |
    grep -Ev '_(mean|stddev|cv)( |$)'
done
