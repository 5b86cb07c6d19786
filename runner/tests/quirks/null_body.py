#!/usr/bin/env python3
"""A message to another node whose body is null.

Maelstrom: valid. keywordize-keys-1 makes {} of nil, and {} is routed.
glomers: valid, lint body-not-object and typeless-body.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    return encode({"src": me, "dest": peer, "body": None}) + b"\n" + encode(reply) + b"\n"


run(echo_ok)
