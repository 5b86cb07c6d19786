#!/usr/bin/env python3
"""Each reply with in_reply_to twice: a wrong string first, the right integer last.

Maelstrom: valid. Jackson keeps the last of duplicate keys, so the client sees the integer.
glomers: valid, lint duplicate-key.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    text = encode(reply)
    return text.replace(b"\"in_reply_to\":", b"\"in_reply_to\":\"no\",\"in_reply_to\":", 1) + b"\n"


run(echo_ok)
