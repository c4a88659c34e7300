"""The printable plan (APV action plan): content, sources, anonymity, escaping, filename, the
PDF beside the HTML, and how the team room and Telegram offer them."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from bot.coach import export, plan, pulse
from bot.coach.export import plan_document, plan_filename, plan_pdf, plan_pdf_filename
from bot.coach.teams import add_problem, create_team
from bot.coach.themes import label
from bot.db.models import CheckIn, CheckInItem, FollowUp
from bot.kb.loader import read_from_db

TODAY = date(2026, 11, 28)
SECRET = b"test-secret"
HOSTILE = "<script>alert(1)</script>"
CHOSEN = "leder_egen_trivsel"  # an indsats; one of its sources has no DOI/URL
ACTION_KB = "apv"  # its source has no year: "u.å."


class Collector(HTMLParser):
    """Start tags, attributes, all text, and each table's rows as lists of cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        self._in_style = False
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_style:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def table_with(self, header: str) -> list[list[str]]:
        return next(t for t in self.tables if t and header in t[0])


def parse(document: str) -> Collector:
    collector = Collector()
    collector.feed(document)
    collector.close()
    return collector


@pytest.fixture()
def team(loaded_db, session):
    team = create_team(session, "rest:anna", HOSTILE)
    first = add_problem(
        session, team, "arbejdsmaengde", "Vi når aldrig <b>fyraften</b>", 3, "dialog"
    )
    add_problem(session, team, "samarbejde", "Beskeder går tabt mellem holdene", 1, "dialog")
    add_problem(session, team, "ledelse", "", 2, "puls")
    first.chosen_kb_id = CHOSEN
    plan.add_action(
        session, team, "Ti minutters morgenmøde om mandagen", "formanden", date(2026, 12, 14),
        success="Alle ved, hvad ugen byder på", involvement="faelles_loesninger",
        pro={"circumstances": "Travlt i december & januar"}, kb_id=ACTION_KB,
        problem_id=first.id, experiment=True,
    )  # fmt: skip
    plan.add_action(session, team, "Fælles tavle med <marquee>opgaver</marquee>", "lærlingen", None)
    session.refresh(team)
    plan.drop(team, 2)

    round_ = pulse.open_round(session, team)
    for person, score in zip("abcd", (2, 2, 3, 3), strict=True):
        pulse.answer(session, round_, SECRET, person, "arbejdsmaengde", score)
    for person, score in zip(
        "ab", (1, 2), strict=True
    ):  # mean 1,5 from two answers: must not be shown
        pulse.answer(session, round_, SECRET, person, "samarbejde", score)
    pulse.close_round(session, round_)

    finished = datetime(2026, 12, 15, 9, 30, tzinfo=timezone.utc)
    checkin = CheckIn(
        team_id=team.id, stage="done", helped="Fast tidspunkt", hindered="Sygdom i <i>uge 50</i>",
        learned="At tage det op med det samme", finished_at=finished,
    )  # fmt: skip
    checkin.items = [
        CheckInItem(action_id=team.plan[0].id, status="i_gang", decision="juster",
                    note="Flyt mødet til 7.15"),
        CheckInItem(action_id=team.plan[1].id, status="droppet", decision="stop", note=""),
    ]  # fmt: skip
    session.add(checkin)
    session.add(CheckIn(team_id=team.id, helped="Ikke færdig endnu"))  # unfinished: left out
    base = datetime(2027, 1, 12, 8, 0, tzinfo=timezone.utc)
    session.add_all(
        [
            FollowUp(team_id=team.id, due_at=base + timedelta(days=30), status="pending"),
            FollowUp(team_id=team.id, due_at=base, status="pending"),
            FollowUp(team_id=team.id, due_at=base - timedelta(days=30), status="done"),
        ]
    )
    session.flush()
    session.refresh(team)
    return team


def test_document_is_self_contained_printable_html(session, team):
    document = plan_document(session, team, TODAY)
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="da">' in document and '<meta charset="utf-8">' in document
    assert re.search(r"@page \{\s*size: A4;\s*margin: 2cm;", document)  # the style sheet, inlined
    parsed = parse(document)
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    assert not [attrs for _, attrs in parsed.tags if "src" in attrs or "style" in attrs]
    assert not [a for tag, a in parsed.tags if tag == "a" and a["href"].startswith("javascript")]
    text = parsed.all_text
    assert "Handlingsplan for det psykiske arbejdsmiljø" in text
    assert "Udskrevet 28. november 2026" in text
    assert "APV" in text
    assert "Lavet med Trivselscoach." in text
    assert "NECTO (Hjorth, D. & Ladegaard, Y.) (2025)" in text


def test_team_text_is_escaped(session, team):
    document = plan_document(session, team, TODAY)
    parsed = parse(document)
    assert HOSTILE in parsed.all_text  # shown as text ...
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document  # ... because it was escaped
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "marquee", "b", "i"}
    assert "Vi når aldrig <b>fyraften</b>" in parsed.all_text
    assert "Sygdom i <i>uge 50</i>" in parsed.all_text
    assert "<title>Handlingsplan for det psykiske arbejdsmiljø: &lt;script&gt;" in document


def test_every_free_text_field_is_escaped(loaded_db, session):
    """The template autoescapes: whatever the team typed, wherever it lands, stays text."""
    team = create_team(session, "rest:anna", "Smedjen")
    problem = add_problem(session, team, "arbejdsmaengde", HOSTILE, 3, "dialog")
    problem.chosen_kb_id = CHOSEN
    plan.add_action(
        session, team, HOSTILE, f"{HOSTILE} & co", None, success=HOSTILE,
        pro={"process": HOSTILE, "roles": '"><img src=x onerror=alert(1)>'},
    )  # fmt: skip
    session.refresh(team)
    checkin = CheckIn(team_id=team.id, stage="done", helped=HOSTILE, hindered=HOSTILE,
                      learned=HOSTILE, finished_at=datetime(2026, 12, 15, tzinfo=timezone.utc))  # fmt: skip
    checkin.items = [CheckInItem(action_id=team.plan[0].id, status="i_gang", note=HOSTILE)]
    session.add(checkin)
    session.flush()
    document = plan_document(session, team, TODAY)
    parsed = parse(document)
    assert not {tag for tag, _ in parsed.tags} & {"script", "img"}
    assert not [attrs for _, attrs in parsed.tags if "onerror" in attrs or "src" in attrs]
    assert "<script>" not in document.lower()
    # Description, action, owner, success, two PRO notes, and the check-in's five fields.
    assert parsed.all_text.count(HOSTILE) >= 10
    assert f"{HOSTILE} & co" in parsed.all_text


def test_template_is_autoescaped_and_nothing_heavy_happens_at_import():
    assert export._environment().autoescape("plan.html.j2") is True
    code = (
        "import sys, bot.coach.export as e; "
        "print('weasyprint' in sys.modules, e._environment.cache_info().currsize)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert shown == ["False", "0"]  # WeasyPrint not imported, no template environment yet


def test_mapping_in_priority_order_and_pulse_withholds_small_groups(session, team):
    parsed = parse(plan_document(session, team, TODAY))
    problems = parsed.table_with("Med jeres egne ord")
    assert [row[0] for row in problems[1:]] == ["meget", "noget", "lidt"]
    assert problems[1][1:] == [
        label("arbejdsmaengde").capitalize(), "Vi når aldrig <b>fyraften</b>", "dialog i teamet"
    ]  # fmt: skip
    assert problems[2][3] == "pulsmåling"

    result = parsed.table_with("Gennemsnit")
    # No spread below 5 answers.
    assert result[1:] == [[label("arbejdsmaengde").capitalize(), "2,5", "–", "4"]]
    text = parsed.all_text
    assert f"færre end 3 svarede: {label('samarbejde')}." in text
    assert "1,5" not in text and "1.5" not in text
    # A higher threshold withholds the other theme too, and the round then has no result.
    text = parse(plan_document(session, team, TODAY, min_answers=5)).all_text
    assert "for få svar" in text and "2,5" not in text


def test_chosen_interventions_cite_every_source(session, team):
    entries = {e.id: e for e in read_from_db(session)}
    parsed = parse(plan_document(session, team, TODAY))
    text = parsed.all_text
    links = {a["href"] for tag, a in parsed.tags if tag == "a"}
    for kb_id in (CHOSEN, ACTION_KB):
        entry = entries[kb_id]
        assert entry.title in text
        for source in entry.sources:
            assert source.authors in text
            assert f"({source.year or 'u.å.'}). {source.title}." in text
            if source.link():
                assert source.link() in text and source.link() in links
    assert "NECTO-rapporten (2025), afsnit 5.3" in text
    assert "(u.å.)" in text


def test_plan_table_and_follow_up(session, team):
    parsed = parse(plan_document(session, team, TODAY))
    rows = parsed.table_with("Sådan ved vi, at det virker")
    assert rows[0] == [
        "Nr.", "Hvad", "Hvem (rolle)", "Frist", "Sådan ved vi, at det virker", "Inddragelse",
        "Status",
    ]  # fmt: skip
    first, second = rows[1], rows[2]
    assert first[0] == "1" and first[1].startswith("Ti minutters morgenmøde om mandagen")
    assert "kort forsøg" in first[1] and "Travlt i december & januar" in first[1]
    assert first[2:] == [
        "formanden", "14. december 2026", "Alle ved, hvad ugen byder på",
        "I finder løsninger sammen", "ikke startet",
    ]  # fmt: skip
    assert second[1] == "Fælles tavle med <marquee>opgaver</marquee>"
    assert second[2:4] == ["lærlingen", "Ingen frist"] and second[6] == "droppet"

    checkin = parsed.table_with("Beslutning")
    assert checkin[1] == ["1", "Ti minutters morgenmøde om mandagen", "i gang", "justeret",
                          "Flyt mødet til 7.15"]  # fmt: skip
    assert checkin[2][2:] == ["droppet", "stoppet", "–"]
    text = parsed.all_text
    assert "15. december 2026" in text
    assert "Det hjalp Fast tidspunkt" in text and "Det kan vi nu At tage det op" in text
    assert "Ikke færdig endnu" not in text
    assert "Næste planlagte opfølgning: 12. januar 2027." in text


def test_empty_team_says_so(loaded_db, session):
    team = create_team(session, "rest:bo", "Butikken")
    text = parse(plan_document(session, team, TODAY)).all_text
    assert "ikke skrevet nogen problemer" in text
    assert "ikke afsluttet nogen pulsmåling" in text
    assert "ikke valgt nogen indsats" in text
    assert "ingen handlinger i planen" in text
    assert "ikke holdt nogen opfølgning" in text
    assert "Ingen planlagt opfølgning." in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Værkstedet", "handlingsplan-vaerkstedet-2026-11-28.html"),
        ("Øster Å & Co.", "handlingsplan-oester-aa-co-2026-11-28.html"),
        ("Café Élan", "handlingsplan-cafe-elan-2026-11-28.html"),
        (HOSTILE, "handlingsplan-script-alert-1-script-2026-11-28.html"),
        ("!!!", "handlingsplan-team-2026-11-28.html"),
    ],
)
def test_filename_is_an_ascii_slug(session, name, expected):
    team = create_team(session, "rest:anna", name)
    assert plan_filename(team, TODAY) == expected
    assert plan_pdf_filename(team, TODAY) == expected.removesuffix(".html") + ".pdf"


def test_export_shows_the_five_apv_phases(session, team):
    parsed = parse(plan_document(session, team, TODAY))
    rows = parsed.table_with("Det mangler")
    assert rows[0] == ["Fase", "Hvad", "Det har I gjort", "Det mangler"]
    assert [row[1] for row in rows[1:]] == [
        "Identifikation og kortlægning", "Beskrivelse og vurdering", "Inddragelse af sygefravær",
        "Prioritering og handlingsplan", "Opfølgning",
    ]  # fmt: skip
    mapped, described, absence, planned, followed = rows[1:]
    assert mapped[2] == "I har peget på tre problemer. I har lukket en anonym pulsmåling."
    assert mapped[3] == "Intet"
    assert described[3] == "Beskriv et problem mere med jeres egne ord."
    assert absence[2] == "–" and "sygefraværet" in absence[3]  # not asked yet: missing
    assert planned[2].startswith("I har valgt en indsats til et problem. Planen har en handling")
    assert planned[3] == "Intet"
    assert followed[2] == "I har holdt en opfølgning. Næste opfølgning er 12. januar 2027."
    text = parsed.all_text
    assert "APV'en skal også dække det psykiske arbejdsmiljø." in text
    assert 'Arbejdstilsynet: "Kom i mål med APV-arbejdet"' in text

    team.sickness_absence = "nej"
    session.flush()
    rows = parse(plan_document(session, team, TODAY)).table_with("Det mangler")
    assert rows[3][2:] == ["I har vurderet, at sygefraværet peger ikke på arbejdsmiljøet.", "Intet"]


def test_export_names_the_duties_and_the_help_for_the_trade(session, team):
    from bot.coach.teams import set_context

    set_context(team, "size", "10-49")
    set_context(team, "industry", "byggeri")
    session.flush()
    parsed = parse(plan_document(session, team, TODAY))
    text = parsed.all_text
    assert "Pligter og hjælp udefra" in text
    assert "skal jeres samarbejde om arbejdsmiljøet foregå i en arbejdsmiljøorganisation" in text
    assert "Hjælp udefra, der passer til jeres branche: BFA Bygge og Anlæg og BAMBUS." in text
    assert "Når I når 35 ansatte, skal den have to niveauer." in text
    assert "På byggepladser gælder særlige regler" in text
    links = {a["href"] for tag, a in parsed.tags if tag == "a"}
    assert "https://at.dk/arbejdsmiljoearbejdet/arbejdsmiljoeorganisation/saadan-opgoeres-" \
        "antallet-af-ansatte-ved-etablering-af-amo/" in links  # fmt: skip
    assert "https://bfa-ba.dk/psykiske-paavirkninger/" in links
    assert "https://amff.dk/media/15709/faerdig-rapport-afraast.pdf" in links  # BAMBUS


def test_small_team_without_a_trade_gets_the_general_help(loaded_db, session):
    from bot.coach.teams import set_context

    team = create_team(session, "rest:bo", "Kontoret")
    set_context(team, "size", "1-9")
    session.flush()
    text = parse(plan_document(session, team, TODAY)).all_text
    assert "Med under 10 ansatte skal I ikke have en arbejdsmiljøorganisation" in text
    assert "branchefællesskabet for jeres branche (BFA)" in text


# The PDF beside the HTML -----------------------------------------------------------------


def page_texts(document) -> list[str]:
    """The text on each page WeasyPrint laid out, the footer's page numbers included."""
    return [
        " ".join(box.text for box in page._page_box.descendants() if hasattr(box, "text"))
        for page in document.pages
    ]


def test_pdf_is_the_same_document_on_a4(session, team):
    pdf = plan_pdf(session, team, TODAY)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    document = export._render(plan_document(session, team, TODAY))
    assert document.metadata.title == f"Handlingsplan for det psykiske arbejdsmiljø: {HOSTILE}"
    # A4 (210 x 297 mm) in CSS pixels, 96 to the inch.
    assert [(round(p.width / 96 * 25.4), round(p.height / 96 * 25.4)) for p in document.pages] == [
        (210, 297)
    ] * len(document.pages)
    pages = page_texts(document)
    assert len(pages) >= 2
    assert HOSTILE in pages[0]  # the team's name, as text
    assert "Handlingsplan for det psykiske arbejdsmiljø" in pages[0]
    text = " ".join(pages)
    for heading in ("APV'ens fem faser", "Kortlægning", "Valgte indsatser", "Opfølgning",
                    "Pligter og hjælp udefra", "Lavet med Trivselscoach."):  # fmt: skip
        assert heading in text
    assert "Ti minutters" in text and "Sådan ved vi, at det" in text
    for number, page in enumerate(pages, 1):
        assert f"Side {number} af {len(pages)}" in page
        assert f"{HOSTILE} · Udskrevet 28. november 2026" in page


def test_pdf_tables_fit_the_page(session, team):
    """No column is cut off: every table and cell stays inside the page's content box."""
    document = export._render(plan_document(session, team, TODAY))
    for page in document.pages:
        box = page._page_box
        left = box.margin_left
        right = box.margin_width() - box.margin_right
        for cell in box.descendants():
            if cell.element_tag in ("table", "td", "th"):
                assert left - 1 <= cell.position_x
                assert cell.position_x + cell.margin_width() <= right + 1, cell.element_tag


def test_service_gives_the_pdf_to_the_channels(loaded_db):
    from bot.coach import followup_service, service

    assert followup_service.export_pdf("rest:ingen", TODAY) is None
    service.create_team("rest:anna", "Værkstedet")
    filename, pdf = followup_service.export_pdf("rest:anna", TODAY)
    assert filename == "handlingsplan-vaerkstedet-2026-11-28.pdf" and pdf.startswith(b"%PDF")
    html_name, html = followup_service.export_document("rest:anna", TODAY)
    assert html_name == "handlingsplan-vaerkstedet-2026-11-28.html" and "Værkstedet" in html


# How the channels offer it (without servers; tests/test_teamroom.py and test_telegram.py
# fetch it from the running assistant).


def test_team_room_offers_the_pdf_beside_the_html():
    from bot.channels.teamroom import client_message

    shown = client_message(
        {"text": "Her er jeres handlingsplan", "attachment": "export/handlingsplan.html"}
    )
    assert shown["attachments"] == [
        {"url": "export/handlingsplan.html", "title": "Hent handlingsplanen (HTML, kan printes)"},
        {"url": "export/handlingsplan.pdf", "title": "Hent handlingsplanen (PDF, til APV-mappen)"},
    ]
    assert "attachments" not in client_message({"text": "x", "attachment": "https://ondt.example"})


class FakeBot:
    def __init__(self):
        self.sent: list[tuple[str, dict]] = []

    async def send_document(self, **kwargs):
        self.sent.append(("document", kwargs))

    async def send_message(self, **kwargs):
        self.sent.append(("message", kwargs))


def test_telegram_sends_the_plan_as_a_pdf(monkeypatch):
    from bot.channels.telegram import TelegramOutput
    from bot.coach import followup_service

    asked = []
    monkeypatch.setattr(
        followup_service,
        "export_pdf",
        lambda member, today: asked.append(member) or ("p.pdf", b"%PDF-1.7"),
    )
    bot = FakeBot()
    message = {"text": "Her er jeres handlingsplan", "attachment": "export/handlingsplan.html"}
    asyncio.run(TelegramOutput(bot).send_response("42", message))
    assert asked == ["telegram:42"]
    (kind, document), (_, text) = bot.sent
    assert kind == "document" and document == {
        "chat_id": 42,
        "document": b"%PDF-1.7",
        "filename": "p.pdf",
    }
    assert text["text"] == "Her er jeres handlingsplan"


def test_telegram_sends_the_html_when_the_pdf_cannot_be_made(monkeypatch):
    from bot.channels.telegram import TelegramOutput
    from bot.coach import followup_service

    def broken(member, today):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(followup_service, "export_pdf", broken)
    monkeypatch.setattr(
        followup_service, "export_document", lambda m, t: ("p.html", "<!DOCTYPE html>")
    )
    bot = FakeBot()
    asyncio.run(
        TelegramOutput(bot).send_response("42", {"attachment": "export/handlingsplan.html"})
    )
    assert bot.sent == [
        ("document", {"chat_id": 42, "document": b"<!DOCTYPE html>", "filename": "p.html"})
    ]
