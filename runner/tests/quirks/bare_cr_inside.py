#!/usr/bin/env python3
r"""A bare \r between two tokens of the reply.

Maelstrom: invalid. readLine ends the line at the \r; its first half is not JSON, so the reading
of the node ends there and every echo times out.
glomers: invalid, the node silenced (it was valid before glomers read \r as Maelstrom does).
"""
from quirk import encode, run

run(lambda request, reply, me, peer: encode(reply).replace(b",", b",\r", 1) + b"\n")
