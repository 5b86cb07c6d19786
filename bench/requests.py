#!/usr/bin/env python3
# The project's yardstick, copied byte for byte from shared/bench/requests.py (only this line added).
"""Write a Maelstrom request stream for throughput benchmarks: one init, then N requests from
C synchronous-looking clients (each client numbers its own msg_ids from 1), as Maelstrom shapes them.
usage: requests.py N [--workload unique-ids|echo] [--clients C] [--node n0] > requests.jsonl"""
import argparse, sys

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int)
ap.add_argument("--workload", default="unique-ids", choices=["unique-ids", "echo"])
ap.add_argument("--clients", type=int, default=3)
ap.add_argument("--node", default="n0")
a = ap.parse_args()
w = sys.stdout.write
w('{"id":0,"src":"c0","dest":"%s","body":{"type":"init","node_id":"%s","node_ids":["n0","n1","n2"],"msg_id":1}}\n' % (a.node, a.node))
for i in range(a.n):
    client, msg_id = 3 + i % a.clients, i // a.clients + 1
    if a.workload == "unique-ids":
        w('{"id":%d,"src":"c%d","dest":"%s","body":{"type":"generate","msg_id":%d}}\n' % (i + 1, client, a.node, msg_id))
    else:
        w('{"id":%d,"src":"c%d","dest":"%s","body":{"echo":"Please echo %d","type":"echo","msg_id":%d}}\n' % (i + 1, client, a.node, i % 128, msg_id))
