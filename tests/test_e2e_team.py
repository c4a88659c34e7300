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
        noted = texts(rest(first, "anna", "vi har alt for travlt op til jul"))
        assert "arbejdsmængde" in noted
    finally:
        assert first.interrupt() == 0

    second = RunningCli(tmp_path)
    try:
        assert texts(rest(second, "anna", "hej")).startswith("Velkommen tilbage, Værkstedet.")
        assert "koden" in texts(rest(second, "bo-paa-telefonen", "/join_team"))
        wrong = texts(rest(second, "bo-paa-telefonen", "sol hest mark 00"))
        assert "kender jeg ikke" in wrong
        joined = texts(rest(second, "bo-paa-telefonen", code.replace("-", " ").upper()))
        assert joined.startswith("Velkommen i Værkstedet.")
        status = texts(rest(second, "bo-paa-telefonen", "/status"))
        assert "Værkstedet er nået til kortlægning." in status
        assert "Arbejdsmængde og tidspres: vi har alt for travlt op til jul" in status
    finally:
        assert second.interrupt() == 0
