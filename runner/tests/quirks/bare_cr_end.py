#!/usr/bin/env python3
r"""Every line ended by a bare \r.

Maelstrom: valid. readLine ends a line at a bare \r as well.
glomers: valid, lint bare-cr.
"""
from quirk import encode, run

run(lambda request, reply, me, peer: encode(reply) + b"\r", line_end=b"\r")
