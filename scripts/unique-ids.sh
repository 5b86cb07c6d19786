#!/usr/bin/env bash
# The main job: Gossip Glomers challenge 2 (unique-ids) on the local runner, with the
# challenge's own command line. Installs what it needs and builds the runner and the node first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ${1:-} in
  -h | --help)
    cat <<'TXT'
usage: scripts/unique-ids.sh [GLOMERS-OPTION...]

Runs the Gossip Glomers unique-ids challenge on glomers, the local runner:

  glomers test -w unique-ids --bin build/bin/unique-ids --time-limit 30 --rate 1000 \
    --node-count 3 --availability total --nemesis partition [GLOMERS-OPTION...]

after installing the Debian packages it needs and building build/bin/glomers and
build/bin/unique-ids (one line per step; the build's output goes to build/setup.log).
Options are passed to glomers and override the ones above, e.g. --seed 42, --time-limit 10,
--nemesis partition,kill,pause (see build/bin/glomers test --help).

Exit status is Maelstrom's: 0 valid, 1 invalid, 2 unknown; 254 a bad command line,
255 aborted; 1 also when the build fails.
TXT
    exit 0
    ;;
esac

scripts/setup.sh glomers unique-ids
set +e
build/bin/glomers test -w unique-ids --bin build/bin/unique-ids --time-limit 30 --rate 1000 \
  --node-count 3 --availability total --nemesis partition "$@"
status=$?
set -e
# 254: glomers refused the command line and has said why; there is no run to point to.
if ((status <= 2)); then
  echo
  echo "Results: store/latest/results.json   history: store/latest/history.jsonl"
  echo "Plots:   store/latest/latency-raw.svg, rate.svg, timeline.html, messages.svg (open in a browser)"
  echo "Logs:    store/latest/node-logs/   Browse every run: build/bin/glomers serve"
fi
exit $status
