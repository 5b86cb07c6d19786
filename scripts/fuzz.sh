#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) in build-fuzz and
# runs each for a bounded time. Any crash, sanitizer report, leak, timeout or violated invariant
# fails the run and leaves the input in build-fuzz/artifacts/<target>/; a fixed one belongs in
# fuzz/regressions/<target>/ (docs/reliability.md).
#
#   scripts/fuzz.sh                      # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=600 scripts/fuzz.sh node_line
#
# Environment: FUZZ_SECONDS (per target), FUZZ_SEED (libFuzzer's -seed; default random, printed),
# FUZZ_JOBS (targets at once; default the number of cores), BUILD_DIR (default build-fuzz). New
# inputs accumulate in $BUILD_DIR/corpus/<target>/, so later runs start where earlier ones
# stopped; the seed corpus in fuzz/corpus/ is only read.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ${1:-} in
  -h | --help)
    cat <<'TXT'
usage: [FUZZ_SECONDS=N] [FUZZ_SEED=S] [FUZZ_JOBS=J] scripts/fuzz.sh [TARGET...]

Builds the libFuzzer targets with clang (ASan+UBSan) in $BUILD_DIR (default build-fuzz/) and
runs each TARGET (message, node_line, decode_id; default all) for FUZZ_SECONDS (default 60),
FUZZ_JOBS at once (default: one per core).
A crash, sanitizer report, leak or violated invariant fails the run (exit 1) and leaves the
input in build-fuzz/artifacts/TARGET/.
TXT
    exit 0
    ;;
esac
targets=("$@")
((${#targets[@]})) || targets=(message node_line decode_id)
for t in "${targets[@]}"; do
  case $t in
    message | node_line | decode_id) ;;
    *) echo "fuzz: no target '$t' (message, node_line, decode_id); see --help" >&2; exit 2 ;;
  esac
done
scripts/setup.sh --deps-only

# clang with libFuzzer and the sanitizer runtimes, and llvm-symbolizer for readable stacks.
packages=(clang libclang-rt-14-dev llvm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}" >&2
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi

seconds=${FUZZ_SECONDS:-60}
dir=${BUILD_DIR:-build-fuzz}

# UndefinedBehaviorSanitizer's checks but `function`: with coroutines and the coverage
# instrumentation, clang 14 fails to compile it ("Cannot represent a difference across sections").
ubsan=alignment,bool,builtin,bounds,enum,float-cast-overflow,integer-divide-by-zero,nonnull-attribute
ubsan+=,null,object-size,pointer-overflow,return,returns-nonnull-attribute,shift
ubsan+=,signed-integer-overflow,unreachable,vla-bound,vptr
echo "== fuzz: building in $dir" >&2
CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLOMERS_FUZZ=ON \
  -DGLOMERS_TESTS=OFF -DGLOMERS_BENCHMARKS=OFF \
  -DGLOMERS_SANITIZE="address,fuzzer-no-link,$ubsan" >&2
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >&2

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
# Each fuzzer is one process on one core: they run side by side, as many at once as there are
# cores (FUZZ_JOBS), so each still has a core to itself for its FUZZ_SECONDS and three take two
# minutes on two cores, not three.
max_jobs=${FUZZ_JOBS:-$(nproc)}
run_fuzzer() {
  local t=$1 dict=fuzz/maelstrom.dict seed_args=()
  [ "$t" = decode_id ] && dict=fuzz/decode_id.dict
  [ -n "${FUZZ_SEED:-}" ] && seed_args=(-seed="$FUZZ_SEED")
  local status=0
  "$dir/bin/fuzz_$t" "${seed_args[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -dict="$dict" -artifact_prefix="$dir/artifacts/$t/" \
    "$dir/corpus/$t" "fuzz/corpus/$t" "fuzz/regressions/$t" >"$dir/fuzz-$t.log" 2>&1 || status=$?
  echo "$status" >"$dir/fuzz-$t.status"
}
for t in "${targets[@]}"; do
  mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t" "fuzz/regressions/$t"
  rm -f "$dir/fuzz-$t.status"
  while (($(jobs -rp | wc -l) >= max_jobs)); do wait -n || true; done
  echo "== fuzz: $t for ${seconds}s (log: $dir/fuzz-$t.log)" >&2
  run_fuzzer "$t" &
done
wait
failed=()
summary=()
for t in "${targets[@]}"; do
  corpus=$dir/corpus/$t
  artifacts=$dir/artifacts/$t
  log=$dir/fuzz-$t.log
  status=$(cat "$dir/fuzz-$t.status" 2>/dev/null || echo "?")
  grep -m1 '^INFO: Seed:' "$log" >&2 || true
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p' <<<"$done_line")
  if [ "$status" != 0 ]; then
    failed+=("$t")
    summary+=("$t: FAILED (exit $status) - see $log and $artifacts/")
    grep -E 'ERROR|invariant violated|SUMMARY|Test unit written' "$log" | head -20 >&2 || true
  else
    summary+=("$t: ok, ${execs:-?} inputs in ${seconds}s (${rate:-?}/s), coverage ${cov:-?}, corpus $(ls "$corpus" | wc -l) files")
  fi
done

echo >&2
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
