#!/usr/bin/env bash
# Builds everything and runs every test. Installs what it needs first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ${1:-} in
  -h | --help)
    cat <<'TXT'
usage: scripts/test.sh [CTEST-OPTION...]

Installs the Debian packages the build needs, builds everything into $BUILD_DIR (default
build/; one line per step, the build's output in build/setup.log) and runs every test with
ctest. Options go to ctest, e.g. -R runner. to run the runner's tests only, or
--repeat until-fail:5 to hunt for a flaky test.

Exit status: 0 when every test passed; non-zero when the build or a test failed.
TXT
    exit 0
    ;;
esac

# ctest ignores options it does not know, so a typo would run the whole suite: refuse it here,
# before building, against the options ctest --help lists.
known=$(ctest --help | sed -n 's/^  \(-[^=]*\).*/\1/p' | grep -oE -- '--?[A-Za-z][A-Za-z-]*' | sort -u)
for arg in "$@"; do
  [[ $arg == -* ]] || continue
  name=${arg%%=*}
  [[ $name =~ ^-j[0-9]*$ ]] && name=-j
  if ! grep -qxF -- "$name" <<<"$known"; then
    echo "test.sh: $arg is not a ctest option (see ctest --help; scripts/test.sh --help)" >&2
    exit 2
  fi
done

scripts/setup.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" "$@"
