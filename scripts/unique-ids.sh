#!/usr/bin/env bash
# The main job: Gossip Glomers challenge 2 (unique-ids) on the local runner, with the
# challenge's own command line. Installs what it needs and builds first. Extra arguments are
# passed to glomers (e.g. --nemesis partition,kill,pause or --seed 42).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
set +e
build/bin/glomers test -w unique-ids --bin build/bin/unique-ids --time-limit 30 --rate 1000 \
  --node-count 3 --availability total --nemesis partition "$@"
status=$?
set -e
echo
echo "Results: store/latest/results.json   history: store/latest/history.jsonl"
echo "Plots:   store/latest/latency-raw.svg and store/latest/rate.svg (open in a browser)"
echo "Logs:    store/latest/node-logs/"
exit $status
