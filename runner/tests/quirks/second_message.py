#!/usr/bin/env python3
"""Two messages on one line: a gossip to another node, then the reply.

Maelstrom: invalid. Only the first JSON value of a line is read, so every reply is lost and
every echo times out; the node is still read (its gossip arrives).
glomers: invalid, lint second-message, no node silenced.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    gossip = {"src": me, "dest": peer, "body": {"type": "gossip"}}
    return encode(gossip) + encode(reply) + b"\n"


run(echo_ok)
