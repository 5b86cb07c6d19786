# shellcheck shell=bash
# Shared by bench/*.sh (sourced, not run): build targets into the build directory, describe the
# machine and the code being measured.

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# The repository root (bench/..), and the build directory: $BUILD_DIR, default build/.
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build}

# build_targets TARGET...: a Release build of just these targets, quietly; on failure, the log.
build_targets() {
  cd "$bench_root" || exit 2
  if [[ -f "$build_dir/CMakeCache.txt" ]] &&
    grep -Eq '^GLOMERS_SANITIZE:[A-Z]*=.+' "$build_dir/CMakeCache.txt"; then
    die "$build_dir is a sanitizer build; measure a plain one (BUILD_DIR=build-bench $0 ...)"
  fi
  # The Debian packages the build needs, installed if missing (README.md, "Dependencies").
  if [[ -x scripts/setup.sh ]]; then
    scripts/setup.sh --deps-only || die "scripts/setup.sh could not install the dependencies"
  fi
  mkdir -p "$build_dir"
  local log="$build_dir/bench-build.log"
  echo "building $* in $build_dir/ (log: $log)"
  if ! { cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$build_dir" -j2 --target "$@"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "$(basename "$0"): the build failed; the whole log is $log" >&2
    exit 1
  fi
}

# What is measured, on what, and how busy the machine is.
describe_run() {
  local commit dirty=""
  commit=$(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
  if ! git -C "$bench_root" diff --quiet HEAD -- maelstrom idgen nodes runner bench 2>/dev/null; then
    dirty=" + uncommitted changes in maelstrom/ idgen/ nodes/ runner/ bench/"
  fi
  echo "code: commit $commit$dirty"
  local model clocksource
  model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p')
  clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null ||
    echo unknown)
  echo "machine: ${model:-unknown CPU}, $(nproc) cores, clocksource $clocksource, kernel $(uname -r)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (above 1: other work shares the 2 cores)"
}
