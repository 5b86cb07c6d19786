#!/usr/bin/env python3
"""runner_scale.py reads every figure it judges from wakeup_floor's output: run wakeup_floor for a
moment and check that each of them is found (the CPU of a bare sleep, and per rate the CPU,
p99, max and sleeps per operation), so that a change to either side cannot silently leave a
scenario without its floor. No figure is judged: this machine's timing is not the point.

usage: floor_lines_parse.py WAKEUP_FLOOR"""
import os
import sys
from types import SimpleNamespace

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.dont_write_bytecode = True
import runner_scale  # noqa: E402


def main():
    found = runner_scale.floor(SimpleNamespace(wakeup_floor=sys.argv[1]), 2, [1000, 5000], 10, 0.2)
    problems = []
    if not isinstance(found.get("sleep"), float) or found["sleep"] <= 0:
        problems.append(f"no CPU of a bare sleep: {found.get('sleep')!r}")
    for rate in (1000, 5000):
        figures = found.get(rate)
        if figures is None or len(figures) != 4 or not all(x >= 0 for x in figures):
            problems.append(f"{rate} ops/s: expected (cpu, p99, max, sleeps), found {figures!r}")
    for p in problems:
        print("FAIL: " + p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
