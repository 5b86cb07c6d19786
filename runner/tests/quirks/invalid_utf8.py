#!/usr/bin/env python3
"""A byte that is not UTF-8 (0xFF) inside a string of a message to another node.

Maelstrom: valid. Java's UTF-8 reader turns the byte into U+FFFD; the line is read.
glomers: valid, lint invalid-utf8.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    gossip = encode({"src": me, "dest": peer, "body": {"type": "gossip", "text": "a|b"}})
    return gossip.replace(b"|", b"\xff") + b"\n" + encode(reply) + b"\n"


run(echo_ok)
