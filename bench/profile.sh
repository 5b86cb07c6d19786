#!/usr/bin/env bash
# bench/profile.sh [N] [--no-perf]
# Where a request's time goes, for unique-ids and echo (and the floor, for scale):
#  1. callgrind on an N-request stream (default 100000) minus callgrind on the init line alone:
#     instructions per request, per function (self cost). Instruction counts repeat run to run,
#     whatever else the machine does.
#  2. perf record (cpu-clock sampling) on a 1,000,000-request stream: the share of time per
#     function, kernel and vDSO included, which callgrind does not see (valgrind runs
#     clock_gettime as a system call, and counts no kernel instructions). Skipped with --no-perf
#     or when perf cannot record here.
# (Pipelines here read to the end, no `head`: under pipefail, a writer cut off by SIGPIPE would
# fail the script.) Builds what it needs first ($BUILD_DIR, default build/); the profiles stay in a fresh directory
# under $BUILD_DIR/bench-work/ for callgrind_annotate and perf report. Exit 0 when profiled, 1
# when a program fails, 2 on bad usage or a missing tool.
set -euo pipefail
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: bench/profile.sh [N] [--no-perf]"
n=100000
perf=1
positional=0
while (($#)); do
  case $1 in
    -h | --help)
      echo "$usage"
      exit 0
      ;;
    --no-perf) perf=0 ;;
    *)
      [[ $1 =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: '$1'"$'\n'"$usage"
      ((positional == 0)) || die "too many arguments"$'\n'"$usage"
      n=$1
      positional=1
      ;;
  esac
  shift
done
command -v valgrind >/dev/null || die "valgrind is needed (apt-get install valgrind)"
command -v callgrind_annotate >/dev/null || die "callgrind_annotate is needed (valgrind)"
command -v python3 >/dev/null || die "python3 is needed (apt-get install python3)"
if ((perf)); then
  if ! command -v perf >/dev/null; then
    echo "note: no perf here (apt-get install linux-perf); skipping the perf profile"
    perf=0
  elif ! perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    echo "note: perf cannot record here (kernel.perf_event_paranoid?); skipping the perf profile"
    perf=0
  fi
fi

build_targets floor unique-ids echo bench_requests
describe_run
bin=$bench_root/$build_dir/bin
[[ $build_dir = /* ]] && bin=$build_dir/bin
mkdir -p "$build_dir/bench-work"
work=$(cd "$(mktemp -d "$build_dir/bench-work/profile-XXXXXX")" && pwd)
echo "profiles: $work/"

"$bin/bench_requests" 0 >"$work/init-only.jsonl"
"$bin/bench_requests" "$n" --workload unique-ids >"$work/generate.jsonl"
"$bin/bench_requests" "$n" --workload echo >"$work/echo.jsonl"

# callgrind PROGRAM STREAM NAME: callgrind in a fresh directory (unique-ids keeps its mark in
# its working directory); stdout to /dev/null, valgrind's and the program's stderr to NAME.log.
callgrind() {
  local program=$1 stream=$2 name=$3
  mkdir -p "$work/run-$name"
  if ! (cd "$work/run-$name" && valgrind --tool=callgrind --callgrind-out-file="$work/$name.cg" \
    "$bin/$program" <"$stream" >/dev/null 2>"$work/$name.log"); then
    echo "profile.sh: $program failed under callgrind; see $work/$name.log" >&2
    exit 1
  fi
}

echo "callgrind: $n requests per stream, each program also on the init line alone"
for program in floor unique-ids echo; do
  callgrind "$program" "$work/init-only.jsonl" "$program-init-only"
done
callgrind floor "$work/generate.jsonl" floor-generate
callgrind unique-ids "$work/generate.jsonl" unique-ids-generate
callgrind floor "$work/echo.jsonl" floor-echo
callgrind echo "$work/echo.jsonl" echo-echo

echo
echo "== instructions per request (callgrind, self cost per function, start-up subtracted)"
# The node library's stages, by the functions that own them (inclusive costs; a stage whose
# function is renamed says so instead of printing a number). Reading and writing stdin/stdout
# are system calls: the kernel's instructions are not counted, see perf below.
stages=(
  --stage "handle a line, all of it=^maelstrom::internal::NodeCore::HandleLine\("
  --stage "parse a line into a Message=^maelstrom::Message::Parse\("
  --stage "  of which the one-pass reader=^maelstrom::internal::ScanCompactMessage\("
  --stage "  of which the full JSON parser=^maelstrom::internal::Tape::Parse\("
  --stage "dispatch to the handler and run it=^maelstrom::internal::NodeCore::Dispatch\("
  --stage "  of which Reply (serialize, queue)=^maelstrom::Node::Reply(Unsigned|Signed)?\("
  --stage "  of which the ID=^idgen::IdGenerator::NextFlake\("
)
python3 bench/profile_report.py --requests "$n" "${stages[@]}" \
  "floor on the generate stream=$work/floor-generate.cg,$work/floor-init-only.cg" \
  "unique-ids on the generate stream=$work/unique-ids-generate.cg,$work/unique-ids-init-only.cg"
python3 bench/profile_report.py --requests "$n" "${stages[@]}" \
  "floor on the echo stream=$work/floor-echo.cg,$work/floor-init-only.cg" \
  "echo on the echo stream=$work/echo-echo.cg,$work/echo-init-only.cg"

if ((perf)); then
  perf_n=1000000
  "$bin/bench_requests" "$perf_n" --workload unique-ids >"$work/generate-perf.jsonl"
  "$bin/bench_requests" "$perf_n" --workload echo >"$work/echo-perf.jsonl"
  for run in "unique-ids generate" "echo echo"; do
    read -r program stream <<<"$run"
    mkdir -p "$work/perf-$program"
    if ! (cd "$work/perf-$program" && perf record -q -e cpu-clock -F 10000 \
      -o "$work/$program.perf.data" "$bin/$program" <"$work/$stream-perf.jsonl" \
      >/dev/null 2>"$work/$program-perf.log"); then
      echo "profile.sh: $program failed under perf; see $work/$program-perf.log" >&2
      exit 1
    fi
    echo
    echo "== $program on a $perf_n-request $stream stream: share of cpu-clock samples (perf)"
    perf report -i "$work/$program.perf.data" --no-children --sort dso --stdio 2>/dev/null |
      awk '/^ +[0-9.]+%/ && n++ < 6 { print "  " $0 }'
    echo "  --"
    perf report -i "$work/$program.perf.data" --no-children --sort dso,sym --stdio 2>/dev/null |
      awk '/^ +[0-9.]+%/ && n++ < 15 { print "  " substr($0, 1, 150) }'
  done
fi
echo
echo "dig in: callgrind_annotate $work/unique-ids-generate.cg | less"
if ((perf)); then echo "        perf report -i $work/unique-ids.perf.data"; fi
