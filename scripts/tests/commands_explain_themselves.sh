#!/usr/bin/env bash
# Every command a user can type answers --help and -h with its usage on stdout and exit 0,
# without reading stdin (stdin is a pipe that never ends: a command that reads it is stopped
# after 20 s and fails; a script after 180 s), and refuses an unknown flag with a non-zero exit and a message that
# names it. Run by ctest: commands_explain_themselves.sh BIN_DIR (the build's bin/).
set -uo pipefail
if [[ $# -ne 1 || ! -d $1 ]]; then
  echo "usage: $0 BIN_DIR" >&2
  exit 2
fi
bin=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
# run OUT ERR COMMAND...: stdin a pipe that stays open; sets $status. Scripts get longer: soak.sh
# builds (a no-op here) before glomers judges its arguments.
limit=20
run() {
  local out=$1 err=$2
  shift 2
  timeout "$limit" "$@" >"$out" 2>"$err" < <(exec sleep $((limit + 10)))
  status=$?
}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# check COMMAND...: --help and -h, then an unknown flag.
check() {
  local flag
  for flag in --help -h; do
    run "$out" "$err" "$@" "$flag"
    if [[ $status -ne 0 ]]; then
      fail "$* $flag -> exit $status; stderr: $(head -c 200 "$err")"
    elif ! grep -qi 'usage' "$out"; then
      fail "$* $flag -> no usage on stdout: $(head -c 200 "$out")"
    fi
  done
  run "$out" "$err" "$@" --bogus-flag
  if [[ $status -eq 0 || $status -eq 124 ]]; then
    fail "$* --bogus-flag -> exit $status"
  elif ! grep -qF -- '--bogus-flag' "$err"; then
    fail "$* --bogus-flag -> stderr does not name it: $(head -c 200 "$err")"
  elif [[ -s $out ]]; then
    fail "$* --bogus-flag -> wrote to stdout: $(head -c 200 "$out")"
  fi
}
# The nodes, the runner, the ID tool and their subcommands.
check "$bin/echo"
check "$bin/unique-ids"
check "$bin/readme_node"
check "$bin/glomers"
check "$bin/glomers" test
check "$bin/glomers" serve
check "$bin/idgen"
check "$bin/idgen" decode
check "$bin/idgen" generate
# The benchmark programs that are built (floor is the shared yardstick, kept byte for byte).
for tool in throughput_bench analysis_bench wakeup_floor partition_bench bench_requests \
  idgen_lease_bench idgen_bench maelstrom_bench; do
  [[ -x $bin/$tool ]] && check "$bin/$tool"
done
# The scripts (each answers --help before building or installing anything), on this build.
export BUILD_DIR
BUILD_DIR=$(dirname "$bin")
limit=180
for script in "$root"/scripts/*.sh "$root"/bench/*.sh; do
  [[ $(basename "$script") == lib.sh ]] && continue
  check "$script"
done
if ((failures > 0)); then
  echo "$failures commands did not explain themselves"
  exit 1
fi
echo "every command answers --help and -h with its usage and names an unknown flag"
