#!/usr/bin/env python3
"""Run one glomers test and report its achieved rate, latency, ok count and CPU per operation,
with PASS/MISS against targets. Used by bench/runner_latency.sh.

usage: runner_latency.py --glomers PATH --store DIR --rate R --p99-ms MS [--min-rate-fraction F]
                         -- GLOMERS TEST ARGS...

Where each number comes from:
  ok, failed, unknown, valid?   results.json (stats)
  latency p50/p90/p99/max       history.jsonl: ok completion time - invoke time, per process,
                                nearest rank (as glomers' own summary computes it)
  achieved rate                 history.jsonl: completed operations / time of the last completion
  runner CPU per op             glomers' summary line "Runner CPU" (the run phase, glomers only);
                                results.json does not carry it
  glomers + nodes CPU per op    getrusage(RUSAGE_CHILDREN) around the whole glomers process
Exit status: 0 measured (whatever the targets say), 1 glomers failed or the test was not valid,
2 bad usage."""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time

from glomers_history import quantile, read_history


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--glomers", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--rate", type=float, required=True)
    ap.add_argument("--p99-ms", type=float, required=True)
    ap.add_argument("--min-rate-fraction", type=float, default=0.95)
    ap.add_argument("args", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    args = a.args[1:] if a.args[:1] == ["--"] else a.args
    if not args:
        ap.error("the glomers test arguments are missing (after --)")

    command = [a.glomers, "test", *args, "--store", a.store]
    print("$ " + " ".join(command), flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in proc.stdout:
        output.append(line)
        sys.stdout.write("  | " + line)
        sys.stdout.flush()
    status = proc.wait()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if status != 0:
        print(f"FAILED: glomers exited with status {status} (0 valid, 1 invalid, 2 unknown, "
              f"254 bad command line, 255 aborted)")
        return 1

    run_dir = os.path.realpath(os.path.join(a.store, "latest"))
    with open(os.path.join(run_dir, "results.json")) as f:
        results = json.load(f)
    stats = results["stats"]

    latencies, _, completed, last = read_history(os.path.join(run_dir, "history.jsonl"))
    if not latencies or last == 0:
        print("FAILED: no ok operations in history.jsonl")
        return 1
    achieved = completed / (last / 1e9)
    p50, p90, p99 = (quantile(latencies, p) / 1e6 for p in (0.50, 0.90, 0.99))
    worst = latencies[-1] / 1e6

    runner_cpu = None
    m = re.search(r"Runner CPU:\s+([0-9.]+) s, ([0-9.]+) us per operation", "".join(output))
    if m:
        runner_cpu = (float(m.group(1)), float(m.group(2)))

    every_ok = stats["ok-count"] == stats["count"] and stats["count"] > 0
    print(f"\nresult ({run_dir}):")
    print(f"  achieved rate   {achieved:.1f} ops/s of {a.rate:g} asked "
          f"({completed} operations, the last done at {last / 1e9:.2f} s)")
    print(f"  operations      {stats['count']}: {stats['ok-count']} ok, {stats['fail-count']} "
          f"failed, {stats['info-count']} unknown; valid? {results['valid?']}")
    print(f"  latency (ok)    p50 {p50:.3f} ms, p90 {p90:.3f} ms, p99 {p99:.3f} ms, "
          f"max {worst:.3f} ms")
    if runner_cpu:
        print(f"  runner CPU      {runner_cpu[0]:.2f} s, {runner_cpu[1]:.2f} us per operation "
              f"(glomers' own, run phase)")
    else:
        print("  runner CPU      not found in glomers' summary")
    print(f"  all CPU         {children_cpu:.2f} s, {children_cpu * 1e6 / completed:.2f} us per "
          f"operation (glomers and its nodes, whole process, {wall:.1f} s wall)")

    def verdict(ok):
        return "PASS" if ok else "MISS"

    print(f"  {verdict(achieved >= a.min_rate_fraction * a.rate)}  achieved rate at least "
          f"{a.min_rate_fraction:.0%} of {a.rate:g}/s: {achieved:.1f}/s")
    print(f"  {verdict(every_ok)}  every operation ok: {stats['ok-count']} of {stats['count']}")
    print(f"  {verdict(p99 <= a.p99_ms)}  p99 at most {a.p99_ms:g} ms: {p99:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
