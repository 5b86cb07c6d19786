#!/usr/bin/env bash
# The soak: unique-ids on glomers under partitions, kills and pauses for ten minutes (or the
# duration given: 600, 600s, 10m, 1h), sampling the memory (VmRSS) of the running unique-ids
# processes every SOAK_SAMPLE_SECONDS (default 10). Prints the operations, the duplicates (must be
# 0) and a table of memory over time (must stay flat); exits 0 only if the ids were unique, no
# node crashed or wrote an invalid line, and no node's memory grew. Not part of CI: it is long.
#
#   scripts/soak.sh            # ten minutes
#   scripts/soak.sh 2m --seed 7   # arguments after the duration go to glomers
#
# Results, the samples (rss.tsv) and glomers' output stay in SOAK_STORE (default: a new
# directory under /tmp, printed). Builds into BUILD_DIR (default build) first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ${1:-} in
  -h | --help)
    cat <<'TXT'
usage: scripts/soak.sh [DURATION] [GLOMERS-OPTION...]

Runs unique-ids on glomers under partitions, kills and pauses for DURATION (600, 600s, 10m,
1h; default ten minutes) and samples the nodes' memory every SOAK_SAMPLE_SECONDS (default 10).
Exit 0 only if the ids were unique, no node crashed or wrote an invalid line, and no node's
memory grew. Results stay in SOAK_STORE (default: a new directory under /tmp).
TXT
    exit 0
    ;;
esac

duration=600
if (($#)) && [[ $1 =~ ^([0-9]+)([smh]?)$ ]]; then
  case ${BASH_REMATCH[2]} in
    m) duration=$((BASH_REMATCH[1] * 60)) ;;
    h) duration=$((BASH_REMATCH[1] * 3600)) ;;
    *) duration=${BASH_REMATCH[1]} ;;
  esac
  shift
fi
every=${SOAK_SAMPLE_SECONDS:-10}

scripts/setup.sh
bin=$(realpath "${BUILD_DIR:-build}/bin")
store=${SOAK_STORE:-$(mktemp -d /tmp/glomers-soak-XXXXXX)}
mkdir -p "$store"
samples=$store/rss.tsv
command=("$bin/glomers" test -w unique-ids --bin "$bin/unique-ids" --time-limit "$duration"
  --rate 1000 --node-count 3 --nemesis partition,kill,pause --store "$store" "$@")
echo "soak: ${command[*]}" >&2
echo "soak: ${duration}s, memory sampled every ${every}s; results in $store" >&2

"${command[@]}" >"$store/glomers.out" 2>&1 &
glomers=$!
sleep 1
if ! kill -0 "$glomers" 2>/dev/null; then
  set +e
  wait "$glomers"
  status=$?
  set -e
  if ((status == 254)); then  # a bad command line: glomers said what is wrong
    cat "$store/glomers.out" >&2
    exit 254
  fi
fi
start=$SECONDS
printf 'elapsed_s\tpid\tvmrss_kb\n' >"$samples"

# The unique-ids processes glomers runs now: its children whose program is the node.
sample() {
  local t=$((SECONDS - start)) dir stat ppid rss found=0
  for dir in /proc/[0-9]*; do
    stat=$(cat "$dir/stat" 2>/dev/null) || continue
    stat=${stat##*) }  # after the command name, which may hold spaces
    ppid=$(cut -d' ' -f2 <<<"$stat")
    [ "$ppid" = "$glomers" ] || continue
    [ "$(readlink "$dir/exe" 2>/dev/null)" = "$bin/unique-ids" ] || continue
    rss=$(awk '/^VmRSS:/ {print $2}' "$dir/status" 2>/dev/null) || continue
    [ -n "$rss" ] || continue
    printf '%s\t%s\t%s\n' "$t" "${dir#/proc/}" "$rss" >>"$samples"
    found=1
  done
  # Every node killed at once: a row that says so.
  ((found)) || printf '%s\t-\t-\n' "$t" >>"$samples"
  return 0
}
while sleep "$every" && kill -0 "$glomers" 2>/dev/null; do
  sample
done
set +e
wait "$glomers"
status=$?
set -e
tail -n 12 "$store/glomers.out"
echo

python3 - "$store" "$status" "$duration" "$every" <<'PY'
import collections, glob, json, os, sys

store, status, duration, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
problems = []
results = os.path.join(store, "latest", "results.json")
if not os.path.exists(results):
    print(f"soak: no results (glomers exited {status}); see {store}/glomers.out")
    sys.exit(1)
r = json.load(open(results))
w, s = r["workload"], r["stats"]
net = r.get("net", {}).get("all", {})
print("== operations")
print(f"  generate: {s['count']} completed, {s['ok-count']} ok, {s['fail-count']} failed, "
      f"{s['info-count']} unknown (timeouts while a node was killed, paused or cut off)")
print(f"  availability (ok fraction, not judged: a killed node cannot answer): "
      f"{r['availability'].get('ok-fraction')}")
print(f"  unique-ids checker: {w.get('attempted-count')} attempted, "
      f"{w.get('acknowledged-count')} acknowledged, {w.get('duplicated-count')} duplicated, "
      f"range {w.get('range')}, valid? {w.get('valid?')}")
if net:
    print(f"  messages: {net.get('msg-count')} ({r['net'].get('valid?')})")
nodes = r.get("nodes", {})
print(f"  nodes: crashed {nodes.get('crashed')}, invalid output {nodes.get('invalid-output')}")
if w.get("duplicated-count") != 0 or w.get("valid?") is not True:
    problems.append("duplicate ids or an invalid unique-ids verdict")
if nodes.get("crashed") or nodes.get("invalid-output"):
    problems.append("a node crashed or wrote an invalid line")
if s["ok-count"] == 0:
    problems.append("no operation succeeded")

# Memory: one row per sample, one column per process (processes come and go with kills).
rows = collections.OrderedDict()
for line in open(os.path.join(store, "rss.tsv")).read().splitlines()[1:]:
    t, pid, kb = line.split("\t")
    procs = rows.setdefault(int(t), {})
    if pid != "-":
        procs[pid] = int(kb)
print("\n== VmRSS of the unique-ids processes (KiB), every ~%ds" % every)
print("  %8s  %5s  %8s  %8s  %s" % ("time", "procs", "min", "max", "pid:rss ..."))
for t, procs in rows.items():
    if not procs:
        print("  %7ds  %5d  %8s  %8s  (every node killed)" % (t, 0, "-", "-"))
        continue
    v = procs.values()
    print("  %7ds  %5d  %8d  %8d  %s" % (t, len(procs), min(v), max(v),
          " ".join(f"{p}:{k}" for p, k in sorted(procs.items()))))
life = collections.defaultdict(list)
for t, procs in rows.items():
    for pid, kb in procs.items():
        life[pid].append((t, kb))
print("\n== per process: first, peak and last VmRSS (KiB) over its life")
grew = []
for pid, pts in sorted(life.items(), key=lambda x: x[1][0][0]):
    first, last = pts[0][1], pts[-1][1]
    peak = max(kb for _, kb in pts)
    # A process sampled for a minute or more must end within 20% (or 2 MiB) of its first minute's
    # peak.
    verdict = "-"
    if len(pts) >= 6:
        base = max(kb for _, kb in pts[:6])
        verdict = "flat" if last <= max(base * 1.2, base + 2048) else "GREW"
        if verdict == "GREW":
            grew.append(pid)
    print(f"  pid {pid}: {pts[0][0]}s..{pts[-1][0]}s ({len(pts)} samples) "
          f"first {first} peak {peak} last {last}  {verdict}")
if not life:
    problems.append("no memory samples (no unique-ids process found)")
if grew:
    problems.append("memory grew in " + ", ".join(grew))
print()
if problems:
    print("soak: FAILED: " + "; ".join(problems))
    sys.exit(1)
print(f"soak: passed: {duration}s, {w.get('acknowledged-count')} ids acknowledged, "
      f"0 duplicates, memory flat")
PY
