#!/usr/bin/env python3
"""The runner at scale: many nodes, millions of operations, CPU by rate, memory.

Many nodes under partitions, millions of operations, CPU per operation at low and high rates,
memory per node and per operation. Used by bench/runner_scale.sh; each
scenario prints its numbers and PASS/MISS against docs/performance.md's targets.

usage: runner_scale.py --glomers PATH --node PATH --wakeup-floor PATH --store DIR [--many-node PATH]
                       [--scenario NAME]... [--repeat K] [--nodes N] [--node-rate R] [--ops N]
                       [--rate R] [--time-limit S] [--seed N]

Scenarios (all by default):
  nodes     N nodes (default 1024) of --many-node at --node-rate (default 10,000 ops/s), with --nemesis
            partition --nemesis-interval 1 and without faults: achieved rate, p50/p99/max
            latency of ok operations; and the machine's floor, wakeup_floor sending at that rate
            to N processes that only echo; the three in turn, --repeat times. Target: p99 <= 2 ms
            under partitions (the median of the runs).
  ops       at least 3,000,000 operations (--ops) at --rate (default 125,000/s) on 5 nodes, for
            --ops / (0.85 x --rate) s (one core sustains 105,000-125,000 ops/s here): the
            longest stall seen (the largest ok latency, and the largest gap between two
            consecutive history events), and the analysis time (from the last progress line,
            printed when the run phase ends, to glomers' exit: checkers, files, tear-down).
            Targets: no stall over 50 ms, analysis under 3 s.
  cpu       the runner's own CPU per operation (glomers' summary line) at 1,000 and 100,000
            ops/s on 5 nodes with 50 clients, --time-limit each; then the same for wakeup_floor,
            the loop with nothing in it, and the CPU of one bare sleep and wake-up; the four in
            turn, --repeat times. Targets: the first at most twice the second (the issue's, on
            medians); and, since no loop that sleeps meets that here, at most 1.5x the floor's
            at 1,000/s (the median of the rounds' ratios).
  memory    memory per node process (RSS and PSS of every node, read from /proc while the test
            runs, 64 nodes) and the runner's peak RSS per operation (two runs of different
            lengths: the difference of peaks over the difference of operation counts).

Where each number comes from: latencies from history.jsonl (ok completion minus invocation, per
process, nearest rank); runner CPU from glomers' "Runner CPU" summary line; peak RSS from
glomers' VmHWM, read every 10 ms while it runs (wait4's ru_maxrss would report this script's own
peak: Linux carries it over fork and exec); node
memory from /proc/PID/smaps_rollup of glomers' children.
Exit status: 0 measured (whatever the targets say), 1 a test failed or was not valid, 2 usage."""
import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

from glomers_history import quantile, read_history


class Run:
    """One glomers test: its exit status, output, stderr line times, and files."""

    def _watch_hwm(self, pid):
        """Reads /proc/PID/status's VmHWM every 10 ms until the process has exited (a zombie
        has no VmHWM), keeping the last value: the peak, but for growth in its last 10 ms. Also
        the main thread's voluntary context switches (its sleeps: the event loop's waits, and a
        few at start and end), as last read."""
        while True:
            try:
                with open(f"/proc/{pid}/status") as f:
                    fields = dict(l.split(":", 1) for l in f if ":" in l)
            except OSError:
                return
            if "VmHWM" not in fields:
                return
            self.maxrss_kib = max(self.maxrss_kib, int(fields["VmHWM"].split()[0]))
            self.sleeps = int(fields.get("voluntary_ctxt_switches", "0"))
            time.sleep(0.01)

    def __init__(self, glomers, store, args, sample_children=None):
        self.command = [glomers, "test", *args, "--store", store, "--seed", str(SEED)]
        print("$ " + " ".join(self.command), flush=True)
        started = time.monotonic()
        proc = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        self.err_lines = []  # (seconds since start, line)
        out = []
        reader = threading.Thread(target=lambda: out.extend(proc.stdout))
        reader.start()
        sampler = None
        self.samples = None
        if sample_children:
            self.samples = []
            sampler = threading.Thread(target=sample_children, args=(proc.pid, self.samples))
            sampler.start()
        # glomers' peak RSS: VmHWM, read while it runs. Not wait4's ru_maxrss: a child exec'd
        # from this process starts with this process's peak (Linux carries maxrss over fork and
        # exec), and this one holds the parsed history of the runs before.
        self.maxrss_kib = 0
        self.sleeps = 0
        hwm = threading.Thread(target=self._watch_hwm, args=(proc.pid,))
        hwm.start()
        for line in proc.stderr:
            self.err_lines.append((time.monotonic() - started, line.rstrip("\n")))
        hwm.join()
        _, wait_status, _ = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        self.status = proc.returncode
        self.wall = time.monotonic() - started
        reader.join()
        if sampler:
            sampler.join()
        self.out = "".join(out)
        self.dir = os.path.realpath(os.path.join(store, "latest"))
        if self.status not in (0, 1, 2):
            sys.stdout.write(self.out)
            for _, line in self.err_lines[-20:]:
                print("  | " + line)

    def results(self):
        with open(os.path.join(self.dir, "results.json")) as f:
            return json.load(f)

    def history(self):
        """Ok latencies (ns, sorted), the largest gap between consecutive client events (ns),
        completed count, time of the last completion."""
        return read_history(os.path.join(self.dir, "history.jsonl"))

    def runner_cpu_us(self):
        m = re.search(r"Runner CPU:\s+([0-9.]+) s, ([0-9.]+) us per operation", self.out)
        return float(m.group(2)) if m else None

    def analysis_seconds(self):
        """From the last progress line (written as the run phase ends) to the exit."""
        progress = [t for t, line in self.err_lines if line.startswith("[")]
        return self.wall - progress[-1] if progress else None


def verdict(ok):
    return "PASS" if ok else "MISS"


def median(values):
    """The middle of the values (the upper one of an even count); nan for none."""
    return sorted(values)[len(values) // 2] if values else float("nan")


def ms(ns):
    return ns / 1e6


def require_valid(run):
    if run.status != 0:
        print(f"FAILED: glomers exited with status {run.status}")
        return False
    return True


def floor(a, children, rates, window, seconds):
    """wakeup_floor's lines: {rate: (cpu us per op, p99 ms, max ms, sleeps per op)}, and under
    "sleep" the CPU (us) of one bare 1 ms sleep and its wake-up."""
    command = [a.wakeup_floor, "--children", str(children), "--window", str(window),
               "--seconds", f"{seconds:g}", "--rates", ",".join(str(r) for r in rates)]
    print("$ " + " ".join(command), flush=True)
    out = subprocess.run(command, capture_output=True, text=True).stdout
    found = {}
    for m in re.finditer(r"(\d+) ops/s:\s+([0-9.]+) us of CPU per operation; \d+ ops/s achieved, "
                         r"latency p99 ([0-9.]+) ms, max ([0-9.]+) ms; ([0-9.]+) sleeps", out):
        found[int(m.group(1))] = tuple(float(m.group(g)) for g in range(2, 6))
    m = re.search(r"one 1 ms sleep and its wake-up, nothing else: ([0-9.]+) us of CPU", out)
    if m:
        found["sleep"] = float(m.group(1))
    return found


def scenario_nodes(a, store):
    """--repeat rounds, each a run under partitions, one without faults and the floor, in turn so
    that all three see the same machine; judged on the median p99 under partitions, every run's
    printed (on this shared 2-core machine one run's tail is mostly the machine's)."""
    p99s = {True: [], False: []}
    floors = []
    for k in range(a.repeat):
        for nemesis in (True, False):
            args = ["-w", "unique-ids", "--bin", a.many_node or a.node, "--node-count",
                    str(a.nodes), "--rate", str(a.node_rate), "--time-limit", str(a.time_limit)]
            if nemesis:
                args += ["--nemesis", "partition", "--nemesis-interval", "1"]
            run = Run(a.glomers, f"{store}/{k}-{'partition' if nemesis else 'none'}", args)
            if not require_valid(run):
                return False
            lat, gap, completed, last = run.history()
            r = run.results()
            faults = sum(1 for line in open(os.path.join(run.dir, "history.jsonl"))
                         if '"process":"nemesis"' in line) // 2
            p50, p99 = quantile(lat, 0.5), quantile(lat, 0.99)
            p99s[nemesis].append(ms(p99))
            print(f"  {'partitions every second' if nemesis else 'no faults'}: {a.nodes} nodes, "
                  f"{faults} fault operations, achieved {completed / (last / 1e9):.0f} ops/s of "
                  f"{a.node_rate:g}, {r['stats']['ok-count']} ok of {r['stats']['count']}")
            print(f"    latency (ok) p50 {ms(p50):.3f} ms, p99 {ms(p99):.3f} ms, max "
                  f"{ms(lat[-1]):.3f} ms; runner CPU {run.runner_cpu_us()} us per operation; peak "
                  f"RSS of glomers {run.maxrss_kib / 1024:.0f} MiB")
        base = floor(a, a.nodes, [int(a.node_rate)], a.nodes, a.time_limit).get(int(a.node_rate))
        if base:
            floors.append(base[1])
            print(f"  the machine's floor, the same rate to {a.nodes} processes that only echo "
                  f"(wakeup_floor): p99 {base[1]:.3f} ms, max {base[2]:.3f} ms")

    def listed(values):
        return ", ".join(f"{v:.3f}" for v in values)

    print(f"  p99 under partitions, run by run: {listed(p99s[True])} ms; without faults: "
          f"{listed(p99s[False])} ms; the floor: {listed(floors)} ms")
    print(f"  {verdict(median(p99s[True]) <= 2)}  p99 at most 2 ms under partitions: "
          f"{median(p99s[True]):.3f} ms (median of {a.repeat}; without faults "
          f"{median(p99s[False]):.3f} ms, the floor {median(floors):.3f} ms)")
    return True


def scenario_ops(a, store):
    # Long enough for --ops when the runner achieves 85% of the rate asked: one core sustains
    # 105,000-125,000 ops/s here, so at exactly --ops / --rate s a run fell short of 3 million
    # as often as not (2.68-2.95 million at 125,000 asked for 24 s).
    time_limit = a.ops / (0.85 * a.rate)
    run = Run(a.glomers, store, [
        "-w", "unique-ids", "--bin", a.node, "--node-count", "5", "--concurrency", "10n",
        "--rate", str(a.rate), "--time-limit", f"{time_limit:g}"])
    if not require_valid(run):
        return False
    lat, gap, completed, last = run.history()
    stall = max(lat[-1], gap)
    analysis = run.analysis_seconds()
    print(f"  {completed} operations in {last / 1e9:.2f} s ({completed / (last / 1e9):.0f} ops/s)")
    print(f"  latency (ok) p50 {ms(quantile(lat, 0.5)):.3f} ms, p99 {ms(quantile(lat, 0.99)):.3f} "
          f"ms, max {ms(lat[-1]):.3f} ms; longest gap between client events {ms(gap):.3f} ms")
    print(f"  analysis (last progress line to exit) {analysis:.2f} s; peak RSS of glomers "
          f"{run.maxrss_kib / 1024:.0f} MiB ({run.maxrss_kib * 1024 / completed:.0f} bytes per "
          f"operation, all of glomers' memory)")
    print(f"  {verdict(completed >= a.ops)}  at least {a.ops} operations: {completed}")
    print(f"  {verdict(ms(stall) <= 50)}  no stall over 50 ms: {ms(stall):.3f} ms")
    print(f"  {verdict(analysis < 3)}  analysis under 3 s: {analysis:.2f} s")
    return True


def cpu_ratios(glomers, floor_cpu):
    """What the cpu scenario judges, from CPU per operation by rate (1000, 100000), each a list
    in the order of the rounds, of glomers and of the floor: the issue's ratio (glomers' median
    at 1,000/s over its median at 100,000/s) and each round's, sorted; and against the floor,
    the median of the rounds' ratios at 1,000/s (a round's glomers over that round's floor),
    and those, sorted."""
    ratio = median(glomers[1000]) / median(glomers[100000])
    ratios = sorted(lo / hi for lo, hi in zip(glomers[1000], glomers[100000]))
    overs = sorted(g / f for g, f in zip(glomers[1000], floor_cpu[1000]))
    return ratio, ratios, median(overs), overs


def scenario_cpu(a, store):
    """The issue's target (CPU per operation at 1,000/s at most twice that at 100,000/s), and
    beside it the machine's: one sleep costs 11-53 us of CPU on the machines measured here, and
    at 1,000/s every loop sleeps one to two times per operation; so glomers is judged also against wakeup_floor,
    the loop with nothing in it, at the same rate: at most 1.5x its CPU per operation. Each round
    runs glomers at both rates and then the floor at both, so that a round's three see the same
    machine: this machine's floor moved from 28 to 63 us per operation between two runs a minute
    apart, and a floor measured once beside three rounds of glomers gave whatever that one run
    gave. Both verdicts are on medians: of the rates' figures, and of the rounds' ratios."""
    per_op = {1000: [], 100000: []}
    sleeps = {1000: [], 100000: []}
    floor_cpu = {1000: [], 100000: []}  # the floor's CPU per operation, by rate, round by round
    floor_sleeps, bare_sleeps = [], []  # its sleeps per operation at 1,000/s; a bare sleep's CPU
    for k in range(a.repeat):
        for rate in per_op:  # the two rates in turn, so that both see the same machine
            run = Run(a.glomers, f"{store}/{rate}-{k}", [
                "-w", "unique-ids", "--bin", a.node, "--node-count", "5", "--concurrency", "10n",
                "--rate", str(rate), "--time-limit", str(a.time_limit)])
            if not require_valid(run):
                return False
            lat, _, completed, last = run.history()
            per_op[rate].append(run.runner_cpu_us())
            sleeps[rate].append(run.sleeps / completed)
            print(f"    {rate} ops/s asked, {completed / (last / 1e9):.0f} achieved: runner CPU "
                  f"{per_op[rate][-1]:.2f} us per operation, {sleeps[rate][-1]:.2f} sleeps per "
                  f"operation")
        base = floor(a, 5, [1000, 100000], 50, a.time_limit)
        if not all(key in base for key in (1000, 100000, "sleep")):
            print("FAILED: wakeup_floor printed no figure for 1,000/s, 100,000/s or a bare sleep")
            return False
        for rate in floor_cpu:
            floor_cpu[rate].append(base[rate][0])
        floor_sleeps.append(base[1000][3])
        bare_sleeps.append(base["sleep"])
        print(f"    the floor (wakeup_floor, the loop with nothing in it, 5 children): "
              f"{base[1000][0]:.2f} us at 1,000/s ({base[1000][3]:.2f} sleeps per operation), "
              f"{base[100000][0]:.2f} us at 100,000/s; a bare sleep {base['sleep']:.2f} us")
    medians = {rate: median(values) for rate, values in per_op.items()}
    for rate, values in per_op.items():
        print(f"  {rate} ops/s: runner CPU per operation "
              f"{', '.join(f'{v:.2f}' for v in sorted(values))} us (median {medians[rate]:.2f}); "
              f"sleeps per operation {median(sleeps[rate]):.2f} (median)")
    floor_1000, floor_100000 = median(floor_cpu[1000]), median(floor_cpu[100000])
    print(f"  the floor: {floor_1000:.2f} us at 1,000/s ({median(floor_sleeps):.2f} sleeps per "
          f"operation), {floor_100000:.2f} us at 100,000/s: {floor_1000 / floor_100000:.2f}x "
          f"(medians)")
    # At 1,000/s the loop waits between operations, so each one costs at least one wake-up (for
    # its send time; its reply is a second unless both come in one). Under the target an
    # operation at 1,000/s may cost twice the 100,000/s figure.
    allowed = 2 * medians[100000]
    sleep = median(bare_sleeps)
    print(f"  one bare 1 ms sleep and wake-up costs {sleep:.2f} us of CPU here (median); the "
          f"target allows {allowed:.2f} us per operation at 1,000/s, "
          f"{allowed / sleep:.2f} wake-ups' worth")
    ratio, ratios, over, overs = cpu_ratios(per_op, floor_cpu)
    print(f"  {verdict(ratio <= 2)}  CPU per operation at 1,000/s at most twice that at "
          f"100,000/s: {ratio:.2f}x (medians; run by run {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"  {verdict(over <= 1.5)}  CPU per operation at 1,000/s at most 1.5x the floor's "
          f"at that rate: {over:.2f}x (median of the rounds: "
          f"{', '.join(f'{r:.2f}' for r in overs)})")
    return True


def node_memory(pid, samples):
    """Every half second while glomers runs: RSS and PSS (KiB) of each of its children."""
    while True:
        time.sleep(0.5)
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                children = f.read().split()
        except OSError:
            return
        rows = []
        for child in children:
            try:
                with open(f"/proc/{child}/smaps_rollup") as f:
                    text = f.read()
            except OSError:
                continue
            rss = re.search(r"^Rss:\s+(\d+) kB", text, re.M)
            pss = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
            if rss and pss:
                rows.append((int(rss.group(1)), int(pss.group(1))))
        if rows:
            samples.append(rows)


def scenario_memory(a, store):
    run = Run(a.glomers, f"{store}/nodes", [
        "-w", "unique-ids", "--bin", a.node, "--node-count", "64", "--rate", "1000",
        "--time-limit", "4"], sample_children=node_memory)
    if not require_valid(run) or not run.samples:
        print("FAILED: no node memory was sampled")
        return False
    rows = max(run.samples, key=len)  # a sample with every node in it, late in the run
    rows = run.samples[-1] if len(run.samples[-1]) == len(rows) else rows
    rss = sorted(r for r, _ in rows)
    pss = sorted(p for _, p in rows)
    print(f"  per node process ({len(rows)} nodes): RSS median {median(rss)} KiB "
          f"(max {rss[-1]}), PSS median {median(pss)} KiB (max {pss[-1]})")
    peaks = []
    for ops in (a.ops // 3, a.ops):
        rate = a.rate
        runs = Run(a.glomers, f"{store}/ops-{ops}", [
            "-w", "unique-ids", "--bin", a.node, "--node-count", "5", "--concurrency", "10n",
            "--rate", str(rate), "--time-limit", f"{ops / rate:g}"])
        if not require_valid(runs):
            return False
        completed = runs.history()[2]
        peaks.append((completed, runs.maxrss_kib))
        print(f"  {completed} operations: peak RSS of glomers {runs.maxrss_kib / 1024:.1f} MiB")
    (n1, r1), (n2, r2) = peaks
    print(f"  runner memory per operation: ({r2} - {r1}) KiB / ({n2} - {n1}) = "
          f"{(r2 - r1) * 1024 / (n2 - n1):.0f} bytes")
    return True


SEED = 1  # every run replays the same schedule of operations and faults (--seed)

SCENARIOS = {"nodes": scenario_nodes, "ops": scenario_ops, "cpu": scenario_cpu,
             "memory": scenario_memory}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--glomers", required=True)
    ap.add_argument("--node", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    ap.add_argument("--repeat", type=int, default=3, help="runs of each nodes and cpu measurement")
    ap.add_argument("--nodes", type=int, default=1024)
    ap.add_argument("--node-rate", type=float, default=10000, help="for the nodes scenario")
    ap.add_argument("--wakeup-floor", required=True, help="build/bin/wakeup_floor")
    ap.add_argument("--many-node", help="the node for the nodes scenario (default: --node)")
    ap.add_argument("--ops", type=int, default=3000000)
    ap.add_argument("--rate", type=float, default=125000, help="for the ops scenario")
    ap.add_argument("--time-limit", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1, help="glomers' --seed for every run")
    ap.add_argument("--check-arguments", action="store_true",
                    help="check the command line and exit (runner_scale.sh, before building)")
    a = ap.parse_args()
    global SEED
    SEED = a.seed
    if a.repeat < 1 or a.nodes < 1 or a.ops < 1000 or a.rate <= 0 or a.time_limit <= 0:
        ap.error("--repeat, --nodes, --rate and --time-limit must be positive, --ops >= 1000")
    if a.check_arguments:
        return 0
    status = 0
    for name in a.scenario or list(SCENARIOS):
        print(f"\n== {name}", flush=True)
        if not SCENARIOS[name](a, os.path.join(a.store, name)):
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
