"""Debian's headless Chromium through its chromedriver, driven by Selenium, with the few
helpers the team-room tests share. CHROMIUM and CHROMEDRIVER override the binaries; with both
given, Selenium looks nothing up on the network."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

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
            "chromium-driver (make test gør det som root)."
        )
    return chromium, driver


class Browser(webdriver.Chrome):
    """A headless Chromium on a wide screen, or a phone (mobile emulation)."""

    def __init__(self, width: int = 1280, height: int = 900, mobile: bool = False) -> None:
        chromium, driver = binaries()
        self.profile = tempfile.mkdtemp(prefix="teamroom-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={self.profile}"]:
            options.add_argument(flag)
        if mobile:
            metrics = {"width": width, "height": height, "pixelRatio": 2}
            options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
        else:
            options.add_argument(f"--window-size={width},{height}")
        super().__init__(service=Service(driver), options=options)

    def texts(self, css: str) -> list[str]:
        return self.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText);", css
        )

    def click_button(self, title: str) -> None:
        """Click the last enabled button in the conversation with this title."""
        buttons = self.find_elements(By.CSS_SELECTOR, ".msg .buttons button:not([disabled])")
        for element in reversed(buttons):
            if element.text == title:
                element.click()
                return
        raise AssertionError(f"Ingen aktiv knap {title!r}; knapper: {self.texts('.msg button')}")

    def type(self, css: str, text: str) -> None:
        self.find_element(By.CSS_SELECTOR, css).send_keys(text)

    def wait_for(self, what: Callable[[], T], timeout: float = 60, message: str = "") -> T:
        """Poll until `what()` is truthy; return it."""
        wait = WebDriverWait(self, timeout, poll_frequency=0.2)
        return wait.until(lambda _: what(), message or "ventede forgæves")

    def quit(self) -> None:
        try:
            super().quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
