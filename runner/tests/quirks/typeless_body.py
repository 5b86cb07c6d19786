#!/usr/bin/env python3
"""A message to another node whose body has no type.

Maelstrom: valid. The envelope schema takes any body; net.clj routes it.
glomers: valid, lint typeless-body.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    note = {"src": me, "dest": peer, "body": {"seen": request["body"]["msg_id"]}}
    return encode(note) + b"\n" + encode(reply) + b"\n"


run(echo_ok)
