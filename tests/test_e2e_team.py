"""End to end: a team is created, maps a problem, both servers restart, and a colleague joins
by code from another sender id and sees the same team."""

from __future__ import annotations

import re

import pytest

from tests.servers import RunningCli, rest, texts

pytestmark = pytest.mark.servers


def test_team_survives_restart_and_is_joined_by_code(tmp_path):
    first = RunningCli(tmp_path)
    try:
        assert "Opret et team" in [b["title"] for b in rest(first, "anna", "hej")[0]["buttons"]]
        assert "hedde" in texts(rest(first, "anna", "/create_team"))
        created = texts(rest(first, "anna", "Værkstedet"))
        code = re.search(r"Jeres kode er ([a-z]+-[a-z]+-[a-z]+-\d\d)\.", created).group(1)
        answers = ["vi er 8", "Byggeri", "Nej", "BAMBUS eller TekSam", "Under en time",
                   "Ingen", "Meget"]  # fmt: skip
        assert "Hvor mange er I" in texts(rest(first, "anna", "/give_context"))
        for answer in answers:
            reply = texts(rest(first, "anna", answer))
        assert reply.startswith("Tak. I er 1-9 ansatte i byggeriet uden arbejdsmiljørepræsentant.")
        noted = texts(rest(first, "anna", "vi har alt for travlt op til jul"))
        assert "arbejdsmængde" in noted
        offered = rest(first, "anna", "ja")
        assert "Jeg har taget højde for, at I er" in texts(offered)
        choose = next(b["payload"] for r in offered for b in r.get("buttons", [])
                      if b["payload"].startswith("/choose_intervention"))  # fmt: skip
        assert "fire korte spørgsmål" in texts(rest(first, "anna", choose))
        for answer in ["Ja", "Ja", "Delvist"]:
            rest(first, "anna", answer)
        verdict = rest(first, "anna", "Nej")
        assert "love mere, end I kan holde" in texts(verdict)
        as_experiment = verdict[-1]["buttons"][0]["payload"]
        assert "Hvad vil I konkret gøre" in texts(rest(first, "anna", as_experiment))
        for answer in ["Fast frokostpause kl. 12", "formanden", "om fire uger",
                       "Alle holder pause hver dag", "Vi finder løsninger sammen"]:  # fmt: skip
            rest(first, "anna", answer)
        saved = texts(rest(first, "anna", "Travlhed før jul"))
        assert saved.startswith("Gemt: Fast frokostpause kl. 12. Ansvarlig: formanden. Frist: ")
    finally:
        assert first.interrupt() == 0

    second = RunningCli(tmp_path)
    try:
        assert texts(rest(second, "anna", "hej")).startswith("Velkommen tilbage, Værkstedet.")
        assert "koden" in texts(rest(second, "bo-paa-telefonen", "/join_team"))
        wrong = texts(rest(second, "bo-paa-telefonen", "sol hest mark 00"))
        assert "kender jeg ikke" in wrong
        joined = texts(rest(second, "bo-paa-telefonen", code.replace("-", " ").upper()))
        # By default the owner approves who joins: until then the newcomer sees nothing.
        assert "så snart den, der ejer teamet, har godkendt dig" in joined
        assert "Værkstedet er nået" not in texts(rest(second, "bo-paa-telefonen", "/status"))
        waiting = texts(rest(second, "anna", "hvem er med?"))
        assert "Venter på din godkendelse" in waiting
        approve = '/members{"member_action":"godkend_alle"}'
        assert "Godkendt." in texts(rest(second, "anna", approve))
        status = texts(rest(second, "bo-paa-telefonen", "/status"))
        assert "Værkstedet er nået til handlingsplanen." in status
        assert "Arbejdsmængde og tidspres: vi har alt for travlt op til jul" in status
        plan = texts(rest(second, "bo-paa-telefonen", "vis planen"))
        assert "1. Fast frokostpause kl. 12" in plan and "Køres som et kort forsøg." in plan
    finally:
        assert second.interrupt() == 0
