#!/usr/bin/env python3
"""A message to another node whose body is a number (7), then the reply.

Maelstrom: invalid. keywordize-keys-1 cannot make a map of 7: the exception ends the reading of
the node, so its replies are never read and every echo times out.
glomers: invalid, every node silenced at its first such line, no lint.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    return encode({"src": me, "dest": peer, "body": 7}) + b"\n" + encode(reply) + b"\n"


run(echo_ok)
