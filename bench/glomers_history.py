"""Reading a glomers history.jsonl, for the benchmarks (runner_latency.py, runner_scale.py)."""
import json
import math


def quantile(sorted_values, p):
    """Nearest rank, as glomers' own summary computes it."""
    rank = math.ceil(p * len(sorted_values))
    return sorted_values[min(len(sorted_values) - 1, max(rank, 1) - 1)]


def read_history(path):
    """(ok latencies in ns, sorted; the largest gap in ns between two consecutive client events;
    completed client operations; the time of the last completion)."""
    pending, latencies, times = {}, [], []
    completed = last = 0
    with open(path) as f:
        for line in f:
            op = json.loads(line)
            if op["process"] == "nemesis":
                continue
            times.append(op["time"])
            if op["type"] == "invoke":
                pending[op["process"]] = op["time"]
                continue
            start = pending.pop(op["process"], None)
            if start is None:
                continue
            completed += 1
            last = max(last, op["time"])
            if op["type"] == "ok":
                latencies.append(op["time"] - start)
    times.sort()
    gap = max((b - a for a, b in zip(times, times[1:])), default=0)
    latencies.sort()
    return latencies, gap, completed, last
