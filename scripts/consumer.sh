#!/usr/bin/env bash
# Another project using glomers's libraries, built the three ways the README shows, each node
# then judged by glomers: the installed CMake package, pkg-config, and add_subdirectory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ${1:-} in
  -h | --help)
    cat <<'TXT'
usage: scripts/consumer.sh

Builds the libraries and glomers into $BUILD_DIR (default build/), installs the libraries with
`cmake --install --component Development` into a scratch prefix, and builds
examples/consumer/ against them three ways:
  1. find_package(glomers CONFIG) from the installed package;
  2. g++ with `pkg-config --cflags --libs glomers-maelstrom glomers-idgen`;
  3. add_subdirectory of this checkout (which must build only the two libraries).
It checks that only public headers were installed, then runs each node under glomers on the
unique-ids workload (3 nodes, partitions, --availability total). Exit 0 when all of that holds.
TXT
    exit 0
    ;;
esac
if (($#)); then
  echo "consumer: takes no arguments (got '$1'); see --help" >&2
  exit 2
fi

build_dir=${BUILD_DIR:-build}
scripts/setup.sh glomers_maelstrom glomers_idgen glomers
work=$(mktemp -d /tmp/glomers-consumer-XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
log=$work/consumer.log

fail() {
  echo "consumer: $*" >&2
  [ -s "$log" ] && tail -n 30 "$log" >&2
  exit 1
}
quiet() { "$@" >>"$log" 2>&1; }

quiet cmake --install "$build_dir" --prefix "$prefix" --component Development ||
  fail "cmake --install failed"
echo "consumer: installed into a scratch prefix: $(cd "$prefix" && find . -type f | wc -l) files"

# Only the public headers: exactly the files of maelstrom/include and idgen/include.
installed=$(cd "$prefix/include" && find . -type f | sort)
public=$( (cd maelstrom/include && find . -type f) ; (cd idgen/include && find . -type f) )
public=$(sort <<<"$public")
[ "$installed" = "$public" ] ||
  fail "installed headers differ from the public ones:"$'\n'"$(diff <(echo "$public") <(echo "$installed"))"

# 1. The CMake package.
quiet cmake -S examples/consumer -B "$work/package" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" || fail "find_package(glomers CONFIG) failed"
quiet cmake --build "$work/package" || fail "the build against the installed package failed"
echo "consumer: built with find_package(glomers CONFIG)"

# 2. pkg-config, with nothing but the compiler.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
flags=$(pkg-config --cflags --libs glomers-maelstrom glomers-idgen) || fail "pkg-config failed"
mkdir -p "$work/pkg-config"
quiet g++ -std=c++20 -O2 examples/consumer/consumer_node.cc $flags -o "$work/pkg-config/unique-ids" ||
  fail "the build with pkg-config failed"
echo "consumer: built with pkg-config ($flags)"

# 3. add_subdirectory: only glomers's two libraries may come along.
quiet cmake -S examples/consumer -B "$work/subdirectory" -DCMAKE_BUILD_TYPE=Release \
  -DGLOMERS_SOURCE_DIR="$PWD" || fail "add_subdirectory configure failed"
targets=$(cmake --build "$work/subdirectory" --target help | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p' |
  grep -Ev '^(all|clean|depend|edit_cache|rebuild_cache|install|install/local|install/strip|list_install_components)$' |
  grep -v '\.o$\|\.i$\|\.s$' | sort | tr '\n' ' ')
[ "$targets" = "glomers_idgen glomers_maelstrom unique-ids " ] ||
  fail "add_subdirectory brought targets beyond the two libraries: $targets"
quiet cmake --build "$work/subdirectory" -j"$(nproc)" || fail "the add_subdirectory build failed"
echo "consumer: built with add_subdirectory (targets: $targets)"

# Each node under glomers.
for way in package pkg-config subdirectory; do
  node=$work/$way/unique-ids
  if ! quiet "$build_dir/bin/glomers" test -w unique-ids --bin "$node" --node-count 3 \
    --time-limit 5 --rate 200 --nemesis partition --nemesis-interval 1 --availability total \
    --store "$work/store"; then
    fail "the node built with $way failed glomers (its output: $log)"
  fi
  echo "consumer: the $way node passes glomers (unique-ids, 3 nodes, partitions, total availability)"
done
