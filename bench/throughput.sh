#!/usr/bin/env bash
# bench/throughput.sh [N [RUNS]] [-- throughput_bench options]
# N pipelined requests (default 1000000) through the floor, build/bin/unique-ids and build/bin/echo,
# alternating programs, RUNS times each (default 5); prints median wall time, the ratio to the
# floor, peak RSS and PASS/MISS per target (docs/performance.md). Builds what it needs first
# ($BUILD_DIR, default build/). Exit 0 when measured, whatever the targets say; 1 when a program
# fails or answers wrongly; 2 on bad usage.
set -euo pipefail
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: bench/throughput.sh [N [RUNS]] [-- throughput_bench options, see --help]"
n=1000000
runs=5
positional=0
extra=()
while (($#)); do
  case $1 in
    -h | --help)
      echo "$usage"
      exit 0
      ;;
    --)
      shift
      extra=("$@")
      break
      ;;
    *)
      [[ $1 =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: '$1'"$'\n'"$usage"
      case $positional in
        0) n=$1 ;;
        1) runs=$1 ;;
        *) die "too many arguments"$'\n'"$usage" ;;
      esac
      positional=$((positional + 1))
      ;;
  esac
  shift
done

build_targets floor unique-ids echo throughput_bench
describe_run
exec "$build_dir/bin/throughput_bench" "$n" --runs "$runs" ${extra[@]+"${extra[@]}"}
