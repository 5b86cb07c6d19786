#!/usr/bin/env python3
"""Each echo answered twice: first with in_reply_to a string, then properly.

Maelstrom: valid. The client drops a reply whose in_reply_to is not its msg_id (the string "1"
is not the integer 1) and takes the next; the node goes on being read.
glomers: valid, lint non-integer-in_reply_to, no node silenced.
"""
from quirk import encode, run


def echo_ok(request, reply, me, peer):
    wrong = dict(reply, body=dict(reply["body"], in_reply_to=str(reply["body"]["in_reply_to"])))
    return encode(wrong) + b"\n" + encode(reply) + b"\n"


run(echo_ok)
