"""A headless Chromium driven over the Chrome DevTools protocol (websocket-client), for tests of
the review page: load a file, evaluate JavaScript, click, reload, take a screenshot.

Only what the tests need; the browser is the machine's (Debian's `chromium`, installed by .ci/run),
started with a fresh profile and no network services of its own.
"""
from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import websocket

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--remote-debugging-port=0", "--remote-allow-origins=*",
)


def browser_path() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


class Page:
    """One browser tab; every call waits for its reply and keeps the events that came before it."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        self.timeout = timeout
        self.socket = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        call = next(self.ids)
        self.socket.send(json.dumps({"id": call, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == call:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_for(self, expression: str) -> None:
        deadline = time.monotonic() + self.timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.05)

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the element (scrolled into view first)."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path, width: int = 1280, height: int = 900, scroll_top: bool = True) -> Path:
        """A PNG of the viewport (`width` x `height`), from the top of the page or where it is."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        if scroll_top:
            self.evaluate("window.scrollTo(0, 0)")
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))
        return path


class Browser:
    """`with Browser() as browser: page = browser.open(url)`; the process is ended on exit."""

    def __init__(self, timeout: float = 30) -> None:
        binary = browser_path()
        if binary is None:
            raise RuntimeError("no chromium on PATH: .ci/run installs it (apt-get install chromium)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="wavemod-chromium-")
        self.process = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.endpoint = self._endpoint()

    def _endpoint(self) -> str:
        """The DevTools socket the browser announces on stderr; stderr is drained from then on
        (a full pipe would stall the browser)."""
        assert self.process.stderr is not None
        found: list[str] = []
        seen: list[str] = []

        def read() -> None:
            for line in self.process.stderr:  # type: ignore[union-attr]
                seen.append(line)
                match = re.search(r"DevTools listening on (ws://\S+)", line)
                if match and not found:
                    found.append(match.group(1))

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + self.timeout
        while not found and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if found:
            return found[0]
        self.close()
        raise RuntimeError("chromium did not open its DevTools port: " + "".join(seen[-20:]))

    def open(self, url: str) -> Page:
        """A new tab on `url`, with network events recorded from the first request on."""
        browser = Page(self.endpoint, self.timeout)
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        browser.socket.close()
        page = Page(self.endpoint.split("/devtools/")[0] + f"/devtools/page/{target}", self.timeout)
        page.send("Network.enable")
        page.send("Page.enable")
        page.send("Page.navigate", url=url)
        return page

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def requested_urls(page: Page) -> list[str]:
    """Every URL the page asked the network for so far (events kept by Page.send)."""
    return [e["params"]["request"]["url"] for e in page.events if e.get("method") == "Network.requestWillBeSent"]
