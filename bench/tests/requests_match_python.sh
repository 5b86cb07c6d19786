#!/usr/bin/env bash
# bench_requests writes the same bytes as requests.py, for several sizes, workloads, client counts
# and node names.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BENCH_REQUESTS REQUESTS_PY" >&2
  exit 2
fi
cxx=$1 py=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=0
for n in 0 1 2 7 1000 30000; do  # 30000 lines: more than one 1 MiB write
  for workload in unique-ids echo; do
    for args in "" "--clients 1" "--clients 5 --node n7"; do
      # shellcheck disable=SC2086
      python3 "$py" "$n" --workload "$workload" $args > "$tmp/py.jsonl"
      # shellcheck disable=SC2086
      "$cxx" "$n" --workload "$workload" $args > "$tmp/cxx.jsonl"
      if ! cmp "$tmp/py.jsonl" "$tmp/cxx.jsonl"; then
        echo "FAIL: bench_requests $n --workload $workload $args differs from requests.py" >&2
        exit 1
      fi
      checked=$((checked + 1))
    done
  done
done
echo "bench_requests matches requests.py byte for byte in $checked cases"
