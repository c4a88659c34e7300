"""A small W3C WebDriver client for Debian's headless Chromium through chromedriver.

Plain HTTP and JSON (the protocol is that simple), so the tests need no Selenium, whose
dependencies clash with Rasa's pins. CHROMIUM and CHROMEDRIVER override the binaries.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tests.servers import free_port

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
T = TypeVar("T")
# As the machine notes say: without the background-networking flags, Chromium keeps trying
# to reach Google's hosts from this closed network.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--lang=da-DK",
]  # fmt: skip


def binaries() -> tuple[str, str]:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    driver = os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")
    missing = [p for p in (chromium, driver) if not Path(p).exists()]
    if missing:
        raise RuntimeError(
            f"Mangler {', '.join(missing)}: installér Debians pakker chromium og "
            "chromium-driver (det gør .ci/run)."
        )
    return chromium, driver


class Browser:
    def __init__(self, width: int = 1280, height: int = 900, mobile: bool = False) -> None:
        chromium, driver = binaries()
        self.profile = tempfile.mkdtemp(prefix="teamroom-chromium-")
        self.port = free_port()
        self.driver = subprocess.Popen(
            [driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_ready()
        options: dict[str, Any] = {
            "binary": chromium,
            "args": [*CHROMIUM_FLAGS, f"--user-data-dir={self.profile}"]
            + ([] if mobile else [f"--window-size={width},{height}"]),
        }
        if mobile:
            options["mobileEmulation"] = {
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}
            }
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}}
        self.session = self._raw("POST", "/session", caps)["sessionId"]

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self._raw("GET", "/status").get("ready"):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("chromedriver startede ikke")

    def _raw(self, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"WebDriver {method} {path}: {exc.read()[:500]!r}") from exc

    def call(self, method: str, path: str, body: dict | None = None) -> Any:
        return self._raw(method, f"/session/{self.session}{path}", body)

    # What the tests use ----------------------------------------------------------------

    def open(self, url: str) -> None:
        self.call("POST", "/url", {"url": url})

    def reload(self) -> None:
        self.call("POST", "/refresh")

    def js(self, script: str, *args: Any) -> Any:
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find_all(self, css: str) -> list[str]:
        found = self.call("POST", "/elements", {"using": "css selector", "value": css})
        return [item[ELEMENT] for item in found]

    def texts(self, css: str) -> list[str]:
        return self.js(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText);", css
        )

    def click(self, element: str) -> None:
        self.call("POST", f"/element/{element}/click")

    def click_button(self, title: str) -> None:
        """Click the last enabled button in the conversation with this title."""
        buttons = self.find_all(".msg .buttons button:not([disabled])")
        for element in reversed(buttons):
            if self.call("GET", f"/element/{element}/text") == title:
                self.click(element)
                return
        raise AssertionError(f"Ingen aktiv knap {title!r}; knapper: {self.texts('.msg button')}")

    def type(self, css: str, text: str) -> None:
        element = self.find_all(css)[0]
        self.call("POST", f"/element/{element}/value", {"text": text})

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.call("GET", "/screenshot")))
        return path

    def wait_for(self, what: Callable[[], T], timeout: float = 60, message: str = "") -> T:
        """Poll until `what()` is truthy; return it."""
        deadline = time.monotonic() + timeout
        while True:
            value = what()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(message or "ventede forgæves")
            time.sleep(0.2)

    def close(self) -> None:
        try:
            self._raw("DELETE", f"/session/{self.session}")
        except (OSError, RuntimeError):
            pass
        self.driver.terminate()
        try:
            self.driver.wait(10)
        except subprocess.TimeoutExpired:
            self.driver.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
