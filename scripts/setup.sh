#!/usr/bin/env bash
# Installs the Debian packages glomers needs, if any is missing, configures the build and builds
# the targets asked for (all of them when none is named). Run by the other scripts; safe to run
# again. Prints a line per step, not the build's own output, which goes to a log file that is
# shown (its end) and named when a step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  cat <<'TXT'
usage: scripts/setup.sh [--deps-only] [TARGET...]

Installs the Debian packages the build needs (apt-get, as root or through sudo), configures
$BUILD_DIR (default build/, Release) and builds TARGET... (default: everything). Each step is
one line; the output of apt-get, CMake and the compiler goes to $BUILD_DIR/setup.log.

  --deps-only   install the packages and stop
  -h, --help    this text
TXT
}

deps_only=0
targets=()
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --deps-only) deps_only=1 ;;
    -*) echo "setup: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done

build_dir=${BUILD_DIR:-build}
mkdir -p "$build_dir"
log=$build_dir/setup.log
: >"$log"

# step TEXT COMMAND...: runs COMMAND with its output in the log and prints TEXT and how long it
# took; on a terminal, a line that shows the build's percentage meanwhile. When COMMAND fails: the
# end of the log and where the rest is.
step() {
  local text=$1 start=$SECONDS status=0 pid percent
  shift
  printf '\n==== %s\n' "$text" >>"$log"
  if [ -t 2 ]; then
    "$@" >>"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      percent=$(grep -o '^\[ *[0-9]*%\]' "$log" | tail -n 1 | tr -d '[ ]')
      printf '\r\033[Ksetup: %s ... %s %ds' "$text" "$percent" $((SECONDS - start)) >&2
      sleep 1
    done
    wait "$pid" || status=$?
    printf '\r\033[K' >&2
  else
    "$@" >>"$log" 2>&1 || status=$?
  fi
  if ((status)); then
    tail -n 40 "$log" >&2
    echo "setup: $text failed (exit $status); the whole log is $log" >&2
    exit 1
  fi
  printf 'setup: %s (%d s)\n' "$text" $((SECONDS - start)) >&2
}

# Why each package is here: README.md, "Dependencies".
packages=(g++ cmake make pkg-config libgtest-dev libgmock-dev libbenchmark-dev uuid-dev python3
  libcpp-httplib-dev chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
install_missing() {
  local as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}"
}
if ((${#missing[@]})); then step "installing ${missing[*]}" install_missing; fi

((deps_only)) && exit 0

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  step "configuring $build_dir/" cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
fi
if ((${#targets[@]})); then
  step "building ${targets[*]}" cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}"
else
  step "building everything" cmake --build "$build_dir" -j"$(nproc)"
fi
