#!/usr/bin/env python3
"""runner_scale.py's cpu scenario judges glomers against the floor round by round: each round's
glomers run over the floor run of the same round, then the median of those ratios; and the
issue's ratio on the medians of the two rates. Table-driven, on made-up figures (no run, no
timing): each row is CPU per operation by rate, in the order of the rounds.

usage: cpu_ratios.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.dont_write_bytecode = True
import runner_scale  # noqa: E402

CASES = [
    # name, glomers {rate: rounds}, floor {rate: rounds},
    # expected (issue's ratio, its rounds sorted, median against the floor, those sorted)
    ("one round", {1000: [60.0], 100000: [10.0]}, {1000: [40.0], 100000: [8.0]},
     (6.0, [6.0], 1.5, [1.5])),
    # Paired, the rounds say 1.11x, 2.0x and 1.125x: 1.125x. Glomers' median over the floor's
    # median (60 / 45) would say 1.33x, pairing the second round's glomers with the first's floor.
    ("a slow round", {1000: [50.0, 60.0, 90.0], 100000: [10.0, 10.0, 10.0]},
     {1000: [45.0, 30.0, 80.0], 100000: [8.0, 8.0, 8.0]},
     (6.0, [5.0, 6.0, 9.0], 90.0 / 80.0, [50.0 / 45.0, 90.0 / 80.0, 2.0])),
    # The ratio is on medians, not on rounds: 60/10 here though the rounds say 5x and 9x.
    ("rates in different rounds", {1000: [90.0, 60.0, 45.0], 100000: [10.0, 12.0, 5.0]},
     {1000: [60.0, 60.0, 30.0], 100000: [8.0, 8.0, 8.0]},
     (6.0, [5.0, 9.0, 9.0], 1.5, [1.0, 1.5, 1.5])),
]


def close(a, b):
    return abs(a - b) < 1e-9


def main():
    failures = 0
    for name, glomers, floor_cpu, (ratio, ratios, over, overs) in CASES:
        got = runner_scale.cpu_ratios(glomers, floor_cpu)
        want = (ratio, ratios, over, overs)
        ok = (close(got[0], ratio) and len(got[1]) == len(ratios)
              and all(close(x, y) for x, y in zip(got[1], ratios)) and close(got[2], over)
              and len(got[3]) == len(overs) and all(close(x, y) for x, y in zip(got[3], overs)))
        if not ok:
            failures += 1
            print(f"FAIL {name}: expected {want}, got {got}")
        else:
            print(f"ok   {name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
