"""`glomers serve`'s pages in a real browser (headless Chromium, testing/browser.py): a scratch
store with a valid and an invalid run made by build/bin/glomers itself, served on a free port;
the index lists both, coloured by verdict; a run's page shows its pictures, rendered, and every
file it links is served; its timeline.html draws every operation of the history, coloured by how
it completed; no page has a console error.

usage: serve_pages.py --glomers BIN --echo BIN --duplicate-ids BIN
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", ".."))
from testing.browser import Browser, BrowserError, Checks, require_chromium  # noqa: E402

# The verdict colours of the pages' style (serve_pages.cc), as the browser computes them.
GREEN = "rgb(46, 125, 50)"
RED = "rgb(198, 40, 40)"
# timeline.html's ok colour (Jepsen's, timeline.cc), as the browser computes it.
TIMELINE_OK = "rgb(109, 182, 254)"


def make_runs(glomers, echo, duplicate_ids, store):
    """A valid echo run and an invalid unique-ids run (every node counts from 0)."""
    runs = [
        (["-w", "echo", "--bin", echo, "--node-count", "1", "--time-limit", "0.5"], 0),
        (["-w", "unique-ids", "--bin", duplicate_ids, "--node-count", "3", "--time-limit", "0.5",
          "--rate", "100"], 1),
    ]
    for args, expected in runs:
        run = subprocess.run([glomers, "test", *args, "--seed", "424242", "--store", store],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        if run.returncode != expected:
            sys.exit(f"glomers test {' '.join(args)} exited {run.returncode}, expected "
                     f"{expected}:\n{run.stdout.decode(errors='replace')}")


def start_server(glomers, store):
    server = subprocess.Popen([glomers, "serve", "--store", store, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    said = ""
    for _ in range(2):
        said += server.stdout.readline().decode()
    found = re.search(r"^open (http://127\.0\.0\.1:\d+/) in a browser", said, re.M)
    if not found:
        server.kill()
        sys.exit(f"glomers serve did not say where to point a browser:\n{said}")
    return server, found.group(1)


def fits_window(page):
    return page.eval("document.documentElement.scrollWidth <= window.innerWidth")


def check_index(browser, checks, url):
    page = browser.load(url)
    rows = page.eval("""[...document.querySelectorAll('tr.run')].map(tr => ({
        verdict: tr.className, workload: tr.cells[2].textContent, nodes: tr.cells[3].textContent,
        colour: getComputedStyle(tr.querySelector('td.verdict')).backgroundColor,
        href: tr.querySelector('a').href, figures: tr.cells[4].textContent}))""")
    checks.equal("index: two runs listed", len(rows), 2)
    by_workload = {r["workload"]: r for r in rows}
    echo, ids = by_workload.get("echo"), by_workload.get("unique-ids")
    if checks.true("index: the echo and unique-ids runs", echo and ids):
        checks.equal("index: echo valid", echo["verdict"], "run valid")
        checks.equal("index: valid is green", echo["colour"], GREEN)
        checks.equal("index: echo ran 1 node", echo["nodes"], "1")
        checks.true("index: echo's figures", "operations:" in echo["figures"])
        checks.equal("index: unique-ids invalid", ids["verdict"], "run invalid")
        checks.equal("index: invalid is red", ids["colour"], RED)
        checks.equal("index: unique-ids ran 3 nodes", ids["nodes"], "3")
        checks.true("index: says what was not valid", "not valid: workload" in ids["figures"])
    checks.true("index: fits the window (no sideways scrolling)", fits_window(page))
    checks.no_console_errors(page)
    return [r["href"] for r in rows]


def check_run_page(browser, checks, url):
    page = browser.load(url)
    checks.true("run page: heading names the workload",
                page.eval("document.querySelector('h1').textContent").startswith("echo"))
    # Each picture an <object> whose document is the SVG, drawn at a size.
    pictures = page.eval("""[...document.querySelectorAll('#pictures object')].map(o => ({
        name: o.data.split('/').pop(),
        root: o.contentDocument && o.contentDocument.documentElement.localName,
        width: o.getBoundingClientRect().width, height: o.getBoundingClientRect().height}))""")
    names = sorted(p["name"] for p in pictures)
    checks.true("run page: every picture of the store shown",
                {"latency-raw.svg", "latency-quantiles.svg", "rate.svg", "messages.svg"}
                <= set(names))
    for p in pictures:
        checks.equal(f"run page: {p['name']} is an SVG document", p["root"], "svg")
        checks.true(f"run page: {p['name']} drawn at a size", p["width"] > 100 and p["height"] > 50)
    checks.true("run page: fits the window (no sideways scrolling)", fits_window(page))
    links = page.eval("[...document.querySelectorAll('#files a')].map(a => a.href)")
    for name in ("results.json", "history.jsonl", "test.json", "node-logs/"):
        checks.true(f"run page: links {name}", any(link.endswith("/" + name) for link in links))
    # Every file one click away: each link answers 200, with a content type that fits. (Fetched
    # here, not from the page: the page's policy lets it load nothing but its pictures.)
    types = {}
    for link in links:
        name = link.rstrip("/").split("/")[-1] + ("/" if link.endswith("/") else "")
        with urllib.request.urlopen(link, timeout=60) as response:
            checks.equal(f"run page: {name} served", response.status, 200)
            types[name] = response.headers.get("Content-Type")
    checks.equal("results.json is JSON", types.get("results.json"), "application/json")
    checks.equal("history.jsonl is text", types.get("history.jsonl"), "text/plain; charset=utf-8")
    checks.equal("rate.svg is SVG", types.get("rate.svg"), "image/svg+xml")
    checks.equal("node-logs/ is a page", types.get("node-logs/"), "text/html; charset=utf-8")
    checks.no_console_errors(page)
    return links


def check_timeline(browser, checks, run_url):
    """timeline.html: a box per operation of the history (client and nemesis), each coloured
    by how it completed, drawn at a size."""
    with urllib.request.urlopen(run_url + "history.jsonl", timeout=60) as response:
        history = [json.loads(line) for line in response.read().decode().splitlines()]
    invoked = sum(1 for op in history if op["type"] == "invoke")
    completed_ok = sum(1 for op in history if op["type"] == "ok")
    page = browser.load(run_url + "timeline.html")
    ops = page.eval("""[...document.querySelectorAll('.ops div.op')].map(d => ({
        type: d.classList[1], colour: getComputedStyle(d).backgroundColor,
        width: d.getBoundingClientRect().width, height: d.getBoundingClientRect().height}))""")
    checks.true("timeline: the history has operations", invoked > 0)
    checks.equal("timeline: a box per operation", len(ops), invoked)
    ok = [op for op in ops if op["type"] == "ok"]
    checks.equal("timeline: a box per ok operation", len(ok), completed_ok)
    checks.true("timeline: ok boxes in the ok colour",
                ok and all(op["colour"] == TIMELINE_OK for op in ok))
    checks.true("timeline: boxes drawn at a size",
                ops and all(op["width"] > 10 and op["height"] > 5 for op in ops))
    checks.no_console_errors(page)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glomers", required=True)
    parser.add_argument("--echo", required=True)
    parser.add_argument("--duplicate-ids", required=True)
    args = parser.parse_args()
    require_chromium()

    scratch = tempfile.mkdtemp(prefix="glomers-browser-")
    server = None
    try:
        store = os.path.join(scratch, "store")
        make_runs(args.glomers, args.echo, args.duplicate_ids, store)
        server, url = start_server(args.glomers, store)
        checks = Checks()
        with Browser() as browser:
            hrefs = check_index(browser, checks, url)
            echo_run = [h for h in hrefs if "/echo/" in h]
            if checks.true("index links the echo run", echo_run):
                links = check_run_page(browser, checks, echo_run[0])
                if checks.true("run page: links timeline.html",
                               echo_run[0] + "timeline.html" in links):
                    check_timeline(browser, checks, echo_run[0])
        return checks.report()
    except BrowserError as e:
        print(f"FAIL  {e}")
        return 1
    finally:
        if server:
            server.kill()
            server.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
