#!/usr/bin/env bash
# bench/runner_latency.sh [--time-limit S]
# The unique-ids node under the glomers runner, two ways:
#   10,000 ops/s against 5 nodes, 50 clients (target: every op ok, p99 <= 2 ms), and
#   the challenge's own line, 1,000 ops/s on 3 nodes with partitions (target: p99 <= 1 ms);
# prints the achieved rate, p50/p90/p99/max latency, ok count and CPU per operation for each
# (bench/runner_latency.py says where each number comes from). --time-limit (default 30) shortens
# both for a quick run. Builds what it needs first ($BUILD_DIR, default build/); results go to a
# fresh directory under $BUILD_DIR/bench-work/. Exit 0 when measured, whatever the targets say;
# 1 when a test is not valid or glomers fails; 2 on bad usage.
set -euo pipefail
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: bench/runner_latency.sh [--time-limit SECONDS]"
time_limit=30
while (($#)); do
  case $1 in
    -h | --help)
      echo "$usage"
      exit 0
      ;;
    --time-limit)
      (($# >= 2)) || die "--time-limit takes a number of seconds"$'\n'"$usage"
      time_limit=$2
      shift
      ;;
    --time-limit=*) time_limit=${1#*=} ;;
    *) die "unexpected argument: '$1'"$'\n'"$usage" ;;
  esac
  shift
done
if [[ ! $time_limit =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] || [[ $time_limit =~ ^0*\.?0*$ ]]; then
  die "--time-limit takes a positive number of seconds, not '$time_limit'"
fi
command -v python3 >/dev/null || die "python3 is needed to read the results (apt-get install python3)"

build_targets glomers unique-ids
describe_run
mkdir -p "$build_dir/bench-work"
work=$(mktemp -d "$build_dir/bench-work/latency-XXXXXX")
echo "results: $work/"
glomers=$build_dir/bin/glomers
node=$bench_root/$build_dir/bin/unique-ids
[[ $build_dir = /* ]] && node=$build_dir/bin/unique-ids

status=0
echo
echo "== 10,000 ops/s, 5 nodes, 50 clients, $time_limit s"
python3 bench/runner_latency.py --glomers "$glomers" --store "$work/rate10000" \
  --rate 10000 --p99-ms 2 -- \
  -w unique-ids --bin "$node" --node-count 5 --concurrency 10n --rate 10000 \
  --time-limit "$time_limit" || status=1
echo
echo "== the challenge's line: 1,000 ops/s, 3 nodes, partitions, $time_limit s"
python3 bench/runner_latency.py --glomers "$glomers" --store "$work/rate1000" \
  --rate 1000 --p99-ms 1 -- \
  -w unique-ids --bin "$node" --time-limit "$time_limit" --rate 1000 --node-count 3 \
  --availability total --nemesis partition || status=1
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
