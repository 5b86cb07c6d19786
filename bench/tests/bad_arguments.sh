#!/usr/bin/env bash
# Each bad command line of the bench tools is refused with exit 2, a message naming what is
# wrong, and nothing on stdout.
set -uo pipefail
if [[ $# -ne 5 ]]; then
  echo "usage: $0 BENCH_REQUESTS THROUGHPUT_BENCH ANALYSIS_BENCH WAKEUP_FLOOR PARTITION_BENCH" >&2
  exit 2
fi
bench_requests=$1 throughput_bench=$2 analysis_bench=$3 wakeup_floor=$4 partition_bench=$5
failures=0
# expect MESSAGE PROGRAM ARGS...
expect() {
  local message=$1 out err status
  shift
  err=$(mktemp)
  out=$("$@" 2>"$err")
  status=$?
  if [[ $status -ne 2 || -n $out ]] || ! grep -qF -- "$message" "$err"; then
    echo "FAIL: $* -> exit $status, stdout '${out:0:80}', stderr: $(head -c 300 "$err")"
    failures=$((failures + 1))
  fi
  rm -f "$err"
}
expect "the number of requests N is required" "$bench_requests"
expect "unexpected argument: abc" "$bench_requests" abc
expect "unexpected argument: 12x" "$bench_requests" 12x
expect "unexpected argument: -5" "$bench_requests" -5
expect "--clients takes a positive integer" "$bench_requests" 5 --clients 0
expect "--clients takes a positive integer" "$bench_requests" 5 --clients
expect "--workload takes unique-ids or echo" "$bench_requests" 5 --workload nope
expect "--node takes a node name" "$bench_requests" 5 --node
expect "unexpected argument: 0" "$throughput_bench" 0
expect "unexpected argument: 1e6" "$throughput_bench" 1e6
expect "--runs takes a positive integer" "$throughput_bench" 10 --runs x
expect "--runs takes a positive integer" "$throughput_bench" 10 --runs 0
expect "--clients takes a positive integer" "$throughput_bench" 10 --clients -1
expect "unexpected argument: 3e6" "$analysis_bench" 3e6
expect "--runs takes a positive integer" "$analysis_bench" --runs 0
expect "--workload: unknown workload" "$analysis_bench" --workload lin-kv
expect "--dir takes a directory" "$analysis_bench" --dir
expect "--rates takes numbers > 0" "$wakeup_floor" --rates 1000,x
expect "--rates takes numbers > 0" "$wakeup_floor" --rates 0
expect "--window takes a number >= 1" "$wakeup_floor" --window 0.5
expect "unexpected argument: 5" "$wakeup_floor" 5
expect "unexpected argument: 0" "$partition_bench" 0
expect "--runs takes a positive integer" "$partition_bench" --runs
if ((failures > 0)); then
  echo "$failures bad command lines were not refused as they should be"
  exit 1
fi
echo "every bad command line refused with exit 2 and its reason"
