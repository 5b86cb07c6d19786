#!/usr/bin/env bash
# bench/runner_scale.sh [runner_scale.py options: --scenario NAME ... --nodes N --ops N ...]
# The runner at scale (bench/runner_scale.py says what each scenario measures and where each
# number comes from): 1,024 nodes under partitions every second at 10,000 ops/s (target p99 <=
# 2 ms); 3,000,000 operations (no stall over 50 ms; analysis under 3 s); the runner's CPU per
# operation at 1,000 and 100,000 ops/s (the first at most twice the second, and at most 1.5x
# the floor's at 1,000 ops/s); memory per node process and per operation. Builds what it needs first ($BUILD_DIR, default build/); results go
# to a fresh directory under $BUILD_DIR/bench-work/. Exit 0 when measured, whatever the targets
# say; 1 when a test is not valid or glomers fails; 2 on bad usage.
# The 1,024-node scenario runs testnode-unique-ids (a counter, runner/tests/nodes/unique_ids.cc):
# build/bin/unique-ids keeps its mark lease with ten durable writes a second (two fsyncs each),
# and 1,024 of them would make 20,000 fsyncs a second: that would measure the disk, not the
# runner.
set -euo pipefail
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for arg in "$@"; do
  if [[ $arg == -h || $arg == --help ]]; then
    python3 "$bench_root/bench/runner_scale.py" --help
    exit 0
  fi
done
command -v python3 >/dev/null || die "python3 is needed to run and read the tests (apt-get install python3)"

# Refuse a bad command line before building anything.
python3 "$bench_root/bench/runner_scale.py" --glomers - --node - --wakeup-floor - --store - \
  --check-arguments "$@" >/dev/null || exit 2
build_targets glomers unique-ids testnode-unique-ids wakeup_floor
describe_run
mkdir -p "$build_dir/bench-work"
work=$(mktemp -d "$build_dir/bench-work/scale-XXXXXX")
echo "results: $work/"
node=$bench_root/$build_dir/bin/unique-ids
many_node=$bench_root/$build_dir/bin/testnode-unique-ids
[[ $build_dir = /* ]] && node=$build_dir/bin/unique-ids && many_node=$build_dir/bin/testnode-unique-ids
status=0
python3 bench/runner_scale.py --glomers "$build_dir/bin/glomers" --node "$node" \
  --wakeup-floor "$build_dir/bin/wakeup_floor" --many-node "$many_node" --store "$work" "$@" ||
  status=$?
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
