"""Page checks in a real browser: Debian's headless Chromium, driven over the DevTools protocol
on a pipe (--remote-debugging-pipe: JSON messages separated by NUL bytes on fds 3 and 4), with
Python's standard library only.

    with Browser() as browser:
        page = browser.load("http://127.0.0.1:8080/")
        checks = Checks()
        checks.equal("runs listed", page.eval("document.querySelectorAll('tr.run').length"), 2)
        checks.no_console_errors(page)
    sys.exit(checks.report())

A page is loaded when the network is idle after its load event; its console errors (console.error,
uncaught exceptions, failed loads, refused by the Content-Security-Policy) are collected from the
moment it starts loading, in every frame of it (an <object>'s document too).

require_chromium() exits 77 (ctest's SKIP_RETURN_CODE) when Chromium is not installed, unless
GLOMERS_REQUIRE_BROWSER is set (CI sets it: there a missing browser is a failure).
"""

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

CHROMIUM = os.environ.get("GLOMERS_CHROMIUM", "/usr/bin/chromium")
SKIP = 77
# Only so that a browser that hangs fails the test instead of stalling it; a load takes a second
# or two even on a loaded machine.
TIMEOUT_S = 90


def require_chromium():
    if os.access(CHROMIUM, os.X_OK):
        return
    if os.environ.get("GLOMERS_REQUIRE_BROWSER"):
        print(f"FAIL: {CHROMIUM} is missing and GLOMERS_REQUIRE_BROWSER is set; "
              "scripts/setup.sh installs Debian's chromium")
        sys.exit(1)
    print(f"SKIPPED: {CHROMIUM} is not installed (scripts/setup.sh installs Debian's chromium)")
    sys.exit(SKIP)


class BrowserError(RuntimeError):
    pass


class Page:
    def __init__(self, browser, session, url):
        self._browser = browser
        self.session = session
        self.url = url
        self.errors = []  # console errors, as text, in the order they came

    def eval(self, expression):
        """The value of a JavaScript expression in the page (promises awaited); raises
        BrowserError if it throws."""
        result = self._browser.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True
        }, self.session)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"{expression!r} threw: {text}")
        return result["result"].get("value")


class Browser:
    def __init__(self):
        self._profile = tempfile.mkdtemp(prefix="glomers-chromium-")
        self._log = open(os.path.join(self._profile, "chromium.log"), "wb")
        commands_r, self._commands = os.pipe()
        self._replies, replies_w = os.pipe()
        # The protocol wants fds 3 (commands in) and 4 (replies out); a shell puts them there.
        argv = [
            "/bin/sh", "-c",
            f'exec "$0" "$@" 3<&{commands_r} 4>&{replies_w} {commands_r}<&- {replies_w}>&-',
            CHROMIUM,
            "--headless",
            # As root (CI) Chromium refuses to start sandboxed, and containers often lack the
            # namespaces the sandbox needs; the pages are our own, on loopback.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={self._profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self._process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                         stderr=self._log, pass_fds=(commands_r, replies_w))
        os.close(commands_r)
        os.close(replies_w)
        self._buffer = b""
        self._next_id = 0
        self._pages = {}  # session id -> Page
        self._events = []  # (session, method, params) not yet looked at

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self._process.poll() is None:
            try:
                self._send("Browser.close", {}, None)
                self._process.wait(timeout=20)
            except (OSError, BrowserError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        for fd in (self._commands, self._replies):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def log_tail(self):
        with open(os.path.join(self._profile, "chromium.log"), "rb") as f:
            return f.read()[-3000:].decode(errors="replace")

    # The protocol.

    def _send(self, method, params, session):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._commands, data):]
        return self._next_id

    def _receive(self, deadline):
        """The next message from the browser."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"Chromium did not answer in {TIMEOUT_S} s; its log:\n"
                                   + self.log_tail())
            ready, _, _ = select.select([self._replies], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium exited; its log:\n" + self.log_tail())
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self._note(message.get("sessionId"), message["method"], message.get("params", {}))
        return message

    def _note(self, session, method, params):
        """Keeps an event for wait_for, and a console error for its page."""
        self._events.append((session, method, params))
        page = self._pages.get(session)
        if page is None:
            return
        if method == "Runtime.exceptionThrown":
            d = params["exceptionDetails"]
            page.errors.append(d.get("exception", {}).get("description") or d.get("text"))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            page.errors.append(" ".join(
                str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            page.errors.append(entry["text"] + (f" ({entry['url']})" if entry.get("url") else ""))

    def call(self, method, params=None, session=None):
        """Sends a command and returns its result; raises BrowserError on an error reply."""
        id = self._send(method, params or {}, session)
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            message = self._receive(deadline)
            if message.get("id") == id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, session, method, matches=lambda params: True):
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            for i, (s, m, p) in enumerate(self._events):
                if s == session and m == method and matches(p):
                    del self._events[: i + 1]
                    return p
            self._receive(deadline)

    def load(self, url):
        """Opens `url` in a new tab and returns its Page once the network is idle after the
        load event."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target,
                                                      "flatten": True})["sessionId"]
        page = Page(self, session, url)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", {}, session)
        self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session)
        navigated = self.call("Page.navigate", {"url": url}, session)
        if navigated.get("errorText"):
            raise BrowserError(f"{url}: {navigated['errorText']}")
        loader = navigated.get("loaderId")
        self.wait_for(session, "Page.lifecycleEvent",
                      lambda p: p["name"] == "networkIdle" and p.get("loaderId") == loader)
        return page


class Checks:
    """Named checks, each printed as it is made; report() says how many failed and returns the
    exit status."""

    def __init__(self):
        self.failed = 0

    def check(self, name, ok, detail=""):
        print(("ok    " if ok else "FAIL  ") + name + ("" if ok else f": {detail}"), flush=True)
        if not ok:
            self.failed += 1
        return ok

    def equal(self, name, got, expected):
        return self.check(name, got == expected, f"got {got!r}, expected {expected!r}")

    def true(self, name, got):
        return self.check(name, bool(got), f"got {got!r}")

    def no_console_errors(self, page):
        return self.check(f"no console errors on {page.url}", not page.errors,
                          "\n      ".join(page.errors))

    def report(self):
        print(f"{self.failed} check(s) failed" if self.failed else "every check passed")
        return 1 if self.failed else 0
