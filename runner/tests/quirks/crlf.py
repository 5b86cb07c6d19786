#!/usr/bin/env python3
r"""Every line ended by \r\n.

Maelstrom: valid. readLine takes \r\n as one line end.
glomers: valid, lint crlf.
"""
from quirk import encode, run

run(lambda request, reply, me, peer: encode(reply) + b"\r\n", line_end=b"\r\n")
