#!/usr/bin/env python3
"""Instructions per request from callgrind, per function. Used by bench/profile.sh.

usage: profile_report.py --requests N [--top K] [--stage NAME=REGEX]... LABEL=RUN.cg,BASELINE.cg ...

RUN.cg is callgrind's output for a program on an N-request stream, BASELINE.cg for the same
program on the init line alone; a function's cost per request is (its self Ir in RUN - its self Ir
in BASELINE) / N, so start-up (loading, init, the exit path) drops out. The first LABEL is the
yardstick the others' totals are compared with, in order, on the same stream. Each --stage prints
the inclusive cost per request (the function and all it calls) of the first function whose name
matches REGEX, where the program has one."""
import argparse
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$")

SHORT = [
    ("std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >",
     "std::string"),
    ("std::basic_string_view<char, std::char_traits<char> >", "std::string_view"),
    ("(anonymous namespace)", "(anon)"),
]


def self_costs(path, inclusive=False):
    """{function: self (or inclusive) Ir} and the program total, from callgrind_annotate."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100",
                           f"--inclusive={'yes' if inclusive else 'no'}", path], check=True,
                          capture_output=True, text=True).stdout
    costs, total, in_table = {}, None, False
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            if line.strip().startswith("Ir") and "file:function" in line:
                in_table = True
            continue
        ir, what = int(m.group(1).replace(",", "")), m.group(2)
        if what.startswith("PROGRAM TOTALS"):
            total = ir
            continue
        if not in_table:
            continue
        name, obj = what, ""
        om = re.match(r"^(.*) \[([^\]]*)\]$", what)
        if om:
            name, obj = om.group(1), om.group(2).rsplit("/", 1)[-1]
        fm = re.match(r"^(\?\?\?|[./][^ :]*):(.*)$", name)
        if fm:
            name = fm.group(2)
        for long, short in SHORT:
            name = name.replace(long, short)
        key = f"{name}  [{obj}]" if obj else name
        costs[key] = costs.get(key, 0) + ir
    if total is None:
        sys.exit(f"profile_report: no PROGRAM TOTALS in callgrind_annotate {path}")
    return costs, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, required=True)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--stage", action="append", default=[], metavar="NAME=REGEX")
    ap.add_argument("runs", nargs="+", metavar="LABEL=RUN.cg,BASELINE.cg")
    a = ap.parse_args()
    if a.requests <= 0:
        ap.error("--requests must be positive")
    n = a.requests
    totals = []
    for spec in a.runs:
        label, _, files = spec.partition("=")
        run, _, base = files.partition(",")
        if not label or not run or not base:
            ap.error(f"expected LABEL=RUN.cg,BASELINE.cg, not {spec!r}")
        costs, total = self_costs(run)
        base_costs, base_total = self_costs(base)
        per = (total - base_total) / n
        totals.append((label, per))
        print(f"\n{label}: {per:,.0f} instructions per request "
              f"({total:,} in the run - {base_total:,} for start-up and init alone, / {n:,})")
        if len(totals) > 1:
            print(f"  {per / totals[0][1]:.2f}x the {totals[0][0]}")
        rows = sorted(((c - base_costs.get(f, 0)) / n, f) for f, c in costs.items())
        rows.reverse()
        shown = 0.0
        print(f"  {'Ir/req':>8} {'share':>6}  function (self cost)  [object]")
        for cost, f in [r for r in rows if r[0] >= 0.05][:a.top]:
            shown += cost
            name = f if len(f) <= 150 else f[:147] + "..."
            print(f"  {cost:8.1f} {cost / per:6.1%}  {name}")
        print(f"  {per - shown:8.1f} {(per - shown) / per:6.1%}  (everything else)")
        if a.stage and len(totals) > 1:  # not for the yardstick
            inclusive, _ = self_costs(run, inclusive=True)
            base_inclusive, _ = self_costs(base, inclusive=True)
            print(f"  {'Ir/req':>8} {'share':>6}  stage (inclusive cost: the function and all it calls)")
            for stage in a.stage:
                name, _, pattern = stage.partition("=")
                match = next((f for f, _ in sorted(inclusive.items(), key=lambda kv: -kv[1])
                              if re.search(pattern, f)), None)
                if match is None:
                    print(f"  {'-':>8} {'':>6}  {name}: (no function here matches {pattern})")
                    continue
                cost = (inclusive[match] - base_inclusive.get(match, 0)) / n
                short = match if len(match) <= 90 else match[:87] + "..."
                print(f"  {cost:8.1f} {cost / per:6.1%}  {name}: {short}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
