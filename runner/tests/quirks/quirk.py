"""The smallest echo node, shared by glomers's quirk corpus (runner/tests/quirks/README.md).

It answers init and echo as any echo node does and ignores everything else; each quirk node
passes `run` the one thing it writes differently.
"""
import json
import sys


def encode(message):
    """A message as compact JSON bytes, without a line break."""
    return json.dumps(message, separators=(",", ":")).encode()


def run(echo_ok, line_end=b"\n"):
    """echo_ok(request, reply, me, peer) returns the bytes written for an echo request, where
    reply is the proper echo_ok message (a dict) and peer another node (or me, alone)."""
    out = sys.stdout.buffer
    me = peer = None
    for raw in sys.stdin.buffer:
        request = json.loads(raw)
        body = request["body"]
        reply = {"src": request["dest"], "dest": request["src"],
                 "body": {"in_reply_to": body.get("msg_id")}}
        if body.get("type") == "init":
            me = body["node_id"]
            peer = next((n for n in body["node_ids"] if n != me), me)
            reply["body"]["type"] = "init_ok"
            out.write(encode(reply) + line_end)
        elif body.get("type") == "echo":
            reply["body"].update(type="echo_ok", echo=body["echo"])
            out.write(echo_ok(request, reply, me, peer))
        out.flush()
