#!/usr/bin/env python3
"""Each reply written as an array of [key, value] pairs instead of an object.

Maelstrom: valid. keywordize-keys-1 reduces any sequence of pairs into a map, so the array
passes the envelope schema.
glomers: valid, lint envelope-array.
"""
from quirk import encode, run

run(lambda request, reply, me, peer: encode(list(reply.items())) + b"\n")
