"""Screenshots of the team room on a wide screen and a phone: `make screenshots`.

Starts a fresh assistant in a temporary folder, plays the start of a meeting in headless
Chromium and writes teamroom-wide.png and teamroom-phone.png to the folder given (var/).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser import Browser
from tests.servers import start_assistant
from tests.test_teamroom import bot_texts, press, room_url, say


def meeting(browser: Browser, url: str, team: str | None = None) -> str:
    browser.get(url)
    browser.wait_for(lambda: bot_texts(browser), message="ingen hilsen")
    if team is None:
        press(browser, "Opret et team")
        say(browser, "Værkstedet")
        say(browser, "vi har alt for travlt op til jul")
        say(browser, "ja")
        return browser.texts("#team-code")[0]
    press(browser, "Jeg har en kode")
    say(browser, team)
    return team


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        assistant = start_assistant(Path(data))
        try:
            wide = Browser(1600, 1000)
            try:
                code = meeting(wide, room_url(assistant))
                wide.save_screenshot(str(out / "teamroom-wide.png"))
            finally:
                wide.quit()
            phone = Browser(390, 844, mobile=True)
            try:
                meeting(phone, room_url(assistant), code)
                phone.save_screenshot(str(out / "teamroom-phone.png"))
            finally:
                phone.quit()
        finally:
            assistant.stop()
    print(f"Skærmbilleder: {out / 'teamroom-wide.png'} og {out / 'teamroom-phone.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/screenshots")))
