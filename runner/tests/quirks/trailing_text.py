#!/usr/bin/env python3
"""Text after the message on its line (here " // ok").

Maelstrom: valid. cheshire reads the first JSON value of a line and ignores the rest.
glomers: valid, lint trailing-text.
"""
from quirk import encode, run

run(lambda request, reply, me, peer: encode(reply) + b" // ok\n")
