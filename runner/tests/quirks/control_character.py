#!/usr/bin/env python3
"""A raw control character (U+0001) inside a string of a message to another node.

Maelstrom: valid. cheshire allows unquoted control characters in strings.
glomers: valid, lint control-character.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    gossip = encode({"src": me, "dest": peer, "body": {"type": "gossip", "text": "a|b"}})
    return gossip.replace(b"|", b"\x01") + b"\n" + encode(reply) + b"\n"


run(echo_ok)
