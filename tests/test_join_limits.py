"""The limits on guessing join codes (bot/channels/join_limits.py), in one process's memory;
tests/test_cluster.py holds them across two replicas with Redis."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sanic.compat import Header

from bot.channels import join_limits
from bot.channels.join_limits import JoinLimits, client_address
from bot.config import load_settings

KNOWN = "sol-hest-mark-42"


@pytest.fixture
def limits(tmp_path, monkeypatch):
    from bot.coach import service

    monkeypatch.setattr(service, "code_exists", lambda code: code == KNOWN)
    join_limits.counts_for.cache_clear()  # every test from no attempts
    settings = replace(load_settings(), data_dir=tmp_path, join_failures=3,
                       join_failures_total=5, sessions_per_hour=2)  # fmt: skip
    return JoinLimits(settings)


def said(limits, client, text):
    return asyncio.run(limits.refusal(client, text))


def test_a_client_is_refused_after_its_wrong_codes_even_with_the_right_one(limits):
    for n in range(3):
        assert said(limits, "1.2.3.4", f"sol-hest-mark-{n:02d}") is None  # "ukendt kode" next
    assert said(limits, "1.2.3.4", KNOWN) == join_limits.TOO_MANY_TRIES
    assert said(limits, "5.6.7.8", KNOWN) is None  # another client is not
    assert said(limits, "1.2.3.4", "hvor er vi?") is None  # and no code is no guess


def test_the_right_code_and_other_text_are_never_counted(limits):
    for _ in range(10):
        assert said(limits, "1.2.3.4", f"koden er {KNOWN}") is None
        assert said(limits, "1.2.3.4", "vi er 12 mand") is None


def test_guesses_from_many_addresses_stop_at_the_installation_s_limit(limits):
    for n in range(5):
        assert said(limits, f"10.0.0.{n}", "sol-hest-mark-00") is None
    assert said(limits, "10.0.1.1", KNOWN) == join_limits.TOO_MANY_OVERALL


def test_new_sessions_per_address(limits):
    assert asyncio.run(limits.new_session("1.2.3.4")) is None
    assert asyncio.run(limits.new_session("1.2.3.4")) is None
    assert asyncio.run(limits.new_session("1.2.3.4")) == join_limits.TOO_MANY_SESSIONS
    assert asyncio.run(limits.new_session("5.6.7.8")) is None


def test_the_channels_of_one_process_share_the_installation_s_limit(limits):
    telegram = JoinLimits(limits.settings)  # another channel, made the same way
    for n in range(5):
        assert said(limits, f"10.0.0.{n}", "sol-hest-mark-00") is None
    assert said(telegram, "telegram:77", KNOWN) == join_limits.TOO_MANY_OVERALL


def test_addresses_are_kept_only_as_hmacs(limits):
    said(limits, "192.168.17.23", "sol-hest-mark-00")
    assert not any("192.168.17.23" in key for key in limits.counts._memory)


class Request:
    def __init__(self, ip, *forwarded):
        self.ip = ip
        self.headers = Header([("x-forwarded-for", f) for f in forwarded])


def test_the_address_is_the_proxy_s_last_entry_never_the_client_s_claim():
    assert client_address(Request("127.0.0.1", "1.2.3.4, 9.9.9.9", "203.0.113.7")) == (
        "203.0.113.7"  # haproxy's own header comes last
    )
    assert client_address(Request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"  # no proxy
    assert client_address(Request("127.0.0.1")) == "127.0.0.1"
