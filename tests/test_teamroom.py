"""The web team room in headless Chromium against the running assistant."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from tests.browser import Browser

pytestmark = pytest.mark.servers
ENTER = "\ue007"


@pytest.fixture(scope="module")
def assistant(shared_assistant):
    return shared_assistant


@pytest.fixture()
def browser():
    opened = Browser(1400, 900)
    yield opened
    opened.quit()


def room_url(assistant) -> str:
    return f"{assistant.settings.rasa_url}/webhooks/teamroom/"


def bot_texts(browser: Browser) -> list[str]:
    return browser.texts(".msg.bot .bubble")


def say(browser: Browser, text: str) -> str:
    """Type a message, press Enter, and return the coach's newest reply."""
    before = len(bot_texts(browser))
    browser.type("#input", text + ENTER)
    return browser.wait_for(
        lambda: len(bot_texts(browser)) > before and bot_texts(browser)[-1],
        message=f"intet svar på {text!r}",
    )


def press(browser: Browser, title: str) -> str:
    before = len(bot_texts(browser))
    browser.click_button(title)
    return browser.wait_for(
        lambda: len(bot_texts(browser)) > before and bot_texts(browser)[-1],
        message=f"intet svar på knappen {title!r}",
    )


def test_meeting_in_the_team_room(assistant, browser):
    browser.get(room_url(assistant))
    greeting = browser.wait_for(lambda: bot_texts(browser), message="ingen hilsen")[0]
    assert "Jeg er Trivselscoach" in greeting
    assert browser.execute_script("return document.documentElement.lang") == "da"
    assert browser.texts("#steps li[aria-current='step']") == []

    assert "hedde" in press(browser, "Opret et team")
    assert browser.texts(".msg.user .bubble")[-1] == "Opret et team"
    hostile = "<script>pwned=1</script><img src=x onerror=pwned=2>"  # 51 characters
    created = say(browser, hostile)
    assert hostile in created  # shown as text, exactly as typed
    assert browser.execute_script("return window.pwned === undefined")
    assert (
        browser.execute_script(
            "return document.querySelectorAll('#messages script, #messages img').length"
        )
        == 0
    )
    panel_name = browser.wait_for(lambda: browser.texts("#team-name")[0])
    assert panel_name == hostile
    code = browser.texts("#team-code")[0]
    assert code.count("-") == 3
    assert "kortlægning" in browser.texts("#steps li[aria-current='step']")[0].lower()

    # The buttons of the earlier turn are disabled once the conversation moves on.
    assert (
        browser.execute_script(
            "return document.querySelectorAll('.msg .buttons button:disabled').length"
        )
        >= 1
    )

    noted = say(browser, "vi har alt for travlt op til jul")
    assert "arbejdsmængde" in noted.lower()
    browser.wait_for(lambda: browser.texts("#problems li"), message="panelet viser ikke problemet")
    assert "travlt op til jul" in browser.texts("#problems li")[0]

    # Reloading keeps the conversation and the panel: the session is the server's cookie.
    shown = bot_texts(browser)
    browser.refresh()
    browser.wait_for(lambda: len(bot_texts(browser)) >= len(shown), message="samtalen forsvandt")
    assert bot_texts(browser)[: len(shown)] == shown
    assert hostile in browser.texts(".msg.user .bubble")
    browser.wait_for(lambda: browser.texts("#team-name") == [hostile])
    assert (
        browser.execute_script("return document.cookie") == ""
    )  # HttpOnly: scripts cannot read it

    browser.find_element(By.CSS_SELECTOR, "#large-text").click()
    assert browser.execute_script(
        "return document.documentElement.classList.contains('large-text')"
    )
    assert (
        browser.execute_script(
            "return document.getElementById('large-text').getAttribute('aria-pressed')"
        )
        == "true"
    )


def test_a_colleague_joins_by_code_in_another_browser(assistant, browser):
    browser.get(room_url(assistant))
    browser.wait_for(lambda: bot_texts(browser), message="ingen hilsen")
    press(browser, "Opret et team")
    say(browser, "Lageret")
    code = browser.wait_for(lambda: browser.texts("#team-code") and browser.texts("#team-code")[0])

    colleague = Browser(390, 844, mobile=True)
    try:
        colleague.get(room_url(assistant))
        colleague.wait_for(lambda: bot_texts(colleague), message="ingen hilsen")
        assert "koden" in press(colleague, "Jeg har en kode")
        assert say(colleague, code.upper().replace("-", " ")).startswith("Velkommen i Lageret.")
        colleague.wait_for(lambda: colleague.texts("#team-name") == ["Lageret"])
    finally:
        colleague.quit()


def test_session_ids_come_from_the_server(assistant):
    base = room_url(assistant)
    request = urllib.request.Request(
        base + "message",
        data=json.dumps({"text": "hej"}).encode(),
        headers={"Content-Type": "application/json", "Cookie": "trivsel_teamroom=mit-eget-id.0"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401
    assert json.loads(refused.value.read())["code"] == "no_session"
    with urllib.request.urlopen(base + "static/app.js", timeout=30) as script:
        assert script.headers["Content-Type"].startswith("application/javascript")
    with urllib.request.urlopen(base, timeout=30) as page:
        html = page.read().decode()
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "http" not in html.replace('xmlns="http', "")  # every asset is our own


def test_due_followup_trend_chart_and_export_in_the_room(assistant, browser):
    from datetime import date, timedelta

    from bot.coach import followups, plan, pulse
    from bot.coach.teams import team_of
    from bot.db.models import utcnow
    from bot.db.session import session_scope

    browser.get(room_url(assistant))
    browser.wait_for(lambda: bot_texts(browser), message="ingen hilsen")
    press(browser, "Opret et team")
    say(browser, "Kontoret")
    cookie = browser.get_cookie("trivsel_teamroom")["value"]
    member = "teamroom:" + cookie.split(".")[0]
    with session_scope(assistant.settings.db_url) as session:
        team = team_of(session, member)
        plan.add_action(session, team, "Stille time hver formiddag", "kontorchefen", None)
        for week, scores in enumerate([(2, 3, 3, 3), (3, 4, 4, 3)]):  # means shown: 2,8 and 3,5
            round_ = pulse.open_round(session, team)
            for person, score in enumerate(scores):
                pulse.answer(session, round_, b"k", f"p{person}", "arbejdsmaengde", score)
            pulse.close_round(session, round_)
            round_.closed_at = utcnow() - timedelta(weeks=2 - week)
        due = followups.schedule_checkin(session, team, date.today())
        due.due_at = utcnow()  # falls due after our last message

    browser.refresh()  # the follow-up fell due since we last wrote: the coach brings it up
    browser.wait_for(lambda: any("tid til at følge op" in t for t in bot_texts(browser)))
    assert browser.texts("#next-followup")[0].startswith("nu (siden ")

    trend = say(browser, "vis udviklingen")
    assert "Arbejdsmængde og tidspres: fra 2,8 til 3,5" in trend and "(bedre)" in trend
    width = browser.wait_for(
        lambda: browser.execute_script(
            "const i = document.querySelector('img.msg-image'); return i && i.naturalWidth"
        )
    )
    assert width >= 900

    say(browser, "eksportér planen")
    link = browser.wait_for(
        lambda: browser.execute_script(
            "const a = document.querySelector('a.msg-file'); return a && a.href"
        )
    )
    html = browser.execute_script(
        "const r = await fetch(arguments[0]); return r.status + ' ' + await r.text();", link
    )
    assert html.startswith("200 <!") and "Stille time hver formiddag" in html and "Kontoret" in html

    # The PDF beside it: a second download, the same plan for the firm's APV folder.
    links = browser.execute_script(
        "return [...document.querySelectorAll('a.msg-file')].map(a => [a.textContent, a.href]);"
    )
    assert [title for title, _ in links[-2:]] == [
        "Hent handlingsplanen (HTML, kan printes)",
        "Hent handlingsplanen (PDF, til APV-mappen)",
    ]
    pdf = browser.execute_script(
        "const r = await fetch(arguments[0]);"
        "const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);"
        "return [r.status, r.headers.get('Content-Type'), r.headers.get('Content-Disposition'),"
        " r.headers.get('Cache-Control'), String.fromCharCode(...head)];",
        links[-1][1],
    )
    assert pdf[0] == 200 and pdf[1] == "application/pdf" and pdf[3] == "no-store"
    assert pdf[2].startswith('attachment; filename="handlingsplan-kontoret-') and pdf[4] == "%PDF-"


def test_the_pdf_export_needs_a_session(assistant):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(room_url(assistant) + "export/handlingsplan.pdf", timeout=30)
    assert refused.value.code == 401
