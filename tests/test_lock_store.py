"""The lock store of a cluster (bot/lock_store.py) against a real Redis: replicas that take
messages of one conversation at the same moment get different tickets and serve one at a
time."""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from bot.launch.stores import Redis
from tests.servers import free_port

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def redis_url():
    redis = Redis(Path(tempfile.mkdtemp(prefix="trivsel-redis-")) / "redis", free_port())
    redis.prepare()
    process = subprocess.Popen(redis.args(), stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    import redis as client

    while True:
        try:
            client.Redis.from_url(redis.url).ping()
            break
        except client.ConnectionError:
            assert time.monotonic() < deadline, "Redis startede ikke"
            time.sleep(0.2)
    yield redis.url
    process.terminate()
    process.wait(10)


def store(url: str):
    from urllib.parse import urlsplit

    from rasa.utils.endpoints import EndpointConfig

    from bot.lock_store import AtomicRedisLockStore

    parts = urlsplit(url)
    config = EndpointConfig(
        url=parts.hostname, port=parts.port, password=parts.password, db=0, key_prefix="test"
    )
    return AtomicRedisLockStore(config)


def test_tickets_issued_at_once_by_many_replicas_are_all_different(redis_url):
    stores = [store(redis_url) for _ in range(8)]  # each its own connection, as a replica
    tickets: list[int] = []
    start = threading.Barrier(len(stores))

    def issue(one):
        start.wait()
        for _ in range(25):
            tickets.append(one.issue_ticket("samtidig"))

    threads = [threading.Thread(target=issue, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(200))
    lock = stores[0].get_lock("samtidig")
    assert len(lock.tickets) == 200  # none overwritten


def test_one_conversation_is_served_one_message_at_a_time(redis_url):
    inside, most, order = [0], [0], []

    async def message(one, n):
        async with one.lock("en-samtale"):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            await asyncio.sleep(0.02)
            order.append(n)
            inside[0] -= 1

    async def main():
        stores = [store(redis_url) for _ in range(4)]
        await asyncio.gather(*(message(stores[n % 4], n) for n in range(12)))

    asyncio.run(main())
    assert most[0] == 1 and sorted(order) == list(range(12))
    assert store(redis_url).get_lock("en-samtale") is None  # gone when no one waits
