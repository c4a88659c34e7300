"""Every form of the team room answered by its buttons, in headless Chromium.

The page sends {text: title, payload: payload} for every button; answer buttons carry the
answer itself ("1-9", "Byggeri", "Spring over"), intent buttons "/intent". A refused button
shows "Ikke sendt" in the page: none may.
"""

from __future__ import annotations

import pytest

from tests.browser import Browser
from tests.test_teamroom import ENTER, bot_texts, room_url

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def assistant(shared_assistant):
    return shared_assistant


@pytest.fixture()
def browser():
    opened = Browser(1400, 900)
    yield opened
    opened.quit()


def idle(browser: Browser) -> None:
    browser.wait_for(
        lambda: not browser.execute_script("return document.getElementById('send').disabled")
    )


def answered(browser: Browser, before: int, what: str) -> str:
    browser.wait_for(
        lambda: len(bot_texts(browser)) > before or browser.texts(".failed-note"),
        message=f"intet svar på {what!r}",
    )
    idle(browser)
    assert browser.texts(".failed-note") == [], browser.texts("#status")  # nothing refused
    return "\n".join(bot_texts(browser)[before:])


def press(browser: Browser, title: str) -> str:
    """Press a button of the conversation; everything the coach answered, as one text."""
    idle(browser)
    before = len(bot_texts(browser))
    browser.click_button(title)
    return answered(browser, before, title)


def say(browser: Browser, text: str) -> str:
    idle(browser)
    before = len(bot_texts(browser))
    browser.type("#input", text + ENTER)
    return answered(browser, before, text)


def buttons(browser: Browser) -> list[str]:
    return browser.texts(".msg .buttons button:not([disabled])")


def test_every_form_by_its_buttons(assistant, browser):
    browser.get(room_url(assistant))
    browser.wait_for(lambda: bot_texts(browser), message="ingen hilsen")
    press(browser, "Opret et team")
    assert say(browser, "Værkstedet").startswith("Teamet Værkstedet er oprettet.")

    # The context form: a button for each of its seven questions.
    assert "Hvor mange er I" in press(browser, "Fortæl om jer (2 min.)")
    assert "branche" in press(browser, "10-49")
    assert "arbejdsmiljørepræsentant" in press(browser, "Byggeri")
    assert "hjælp udefra" in press(browser, "Ja")
    assert "tid" in press(browser, "BFA")
    assert "forandringer" in press(browser, "1-2 timer")
    assert "presset" in press(browser, "Spring over")
    saved = press(browser, "En del")
    assert "Tak. I er 10-49 ansatte i byggeriet med arbejdsmiljørepræsentant." in saved
    assert "Noteret" not in saved  # a pressed button needs no echo

    # The mapping, theme by theme: a rating, own words skipped, a rating, stop.
    assert "tema for tema" in press(browser, "Start kortlægning")
    assert "Tema 1 af 9" in press(browser, "Gå tema for tema")
    assert "egne ord" in press(browser, "Meget")
    assert "Tema 2 af 9" in press(browser, "Spring over")
    assert "egne ord" in press(browser, "Lidt")
    assert "Tema 3 af 9" in press(browser, "Spring over")
    done = press(browser, "Stop kortlægningen")
    assert "Jeres kortlægning, vigtigste først" in done

    # Suggestions for the first problem, a choice by its button, the FIT check by buttons.
    offered = press(browser, "Arbejdsmængde og tidspres")
    assert offered.startswith("Her er")
    assert "I har valgt:" in press(browser, "Vælg")
    assert "kerneopgaven" in press(browser, "Ja")
    assert "timingen" in press(browser, "Delvist")
    assert "tid og folk" in press(browser, "Ja")
    assert "Den passer ikke helt." in press(browser, "Nej")

    # The plan form: typed what and who, the buttons where it has them.
    assert "konkret" in press(browser, "Lav den som et kort forsøg")
    assert "Hvem står for det" in say(browser, "Ti minutters morgenmøde om mandagen")
    assert "Hvornår" in say(browser, "formanden")
    assert "Hvordan ved I" in say(browser, "om fire uger")
    assert "inddrager" in press(browser, "Spring over")
    assert "komme i vejen" in press(browser, "Vi finder løsninger sammen")
    saved = press(browser, "Spring over")
    assert saved.startswith(
        "Gemt: Ti minutters morgenmøde om mandagen. Ansvarlig: formanden. Frist:"
    )
    week = next(t for t in buttons(browser) if t.startswith("Om 1 uge"))
    assert press(browser, week).startswith("Aftalt: jeg vender tilbage")

    # The anonymous pulse: every score button and "Spring over".
    say(browser, "start en anonym puls")
    assert "1 af 9" in press(browser, "Svar nu")
    for number, title in enumerate(["1", "2", "3", "4", "5", "Spring over", "4", "3"], 2):
        assert f"{number} af 9" in press(browser, title)
    assert "ingen i teamet kan se dem" in press(browser, "2")
