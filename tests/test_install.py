"""`pip install .` outside the checkout gives a working assistant: the wheel holds the code,
the team room's files, the knowledge base and what the model is trained from, and the
installed `trivselscoach run` serves the team room and answers, started far from the checkout.

The wheel is installed without its dependencies into a fresh venv that borrows them from this
one (installing Rasa and TensorFlow again would take minutes and prove nothing about us); the
trained model is copied in, so that the test does not train for five minutes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_DIR
from tests.servers import RunningCli, rest, texts

pytestmark = pytest.mark.servers
MODEL = PROJECT_DIR / "models" / "current.tar.gz"
BUILT = (
    ".git",
    ".venv",
    ".rasa",
    "build",
    "models",
    "var",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
)


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel of this checkout installed in it, not editable."""
    assert MODEL.exists(), "kør 'make train' først"
    root = tmp_path_factory.mktemp("install")
    # Built from a copy of the sources: setuptools' build/ folder in the checkout may hold
    # files that are gone from it.
    source = root / "source"
    shutil.copytree(PROJECT_DIR, source, ignore=shutil.ignore_patterns(*BUILT))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), ".",
        cwd=source)  # fmt: skip
    wheel = next((root / "dist").glob("trivselscoach-*.whl"))
    venv = root / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = venv / "bin" / "python"
    run(str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel))
    site = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    # The dependencies come from this venv's site-packages, after the wheel's own files; its
    # .pth files (our editable install among them) are not read from there.
    borrowed = sysconfig.get_paths()["purelib"]
    (Path(site.stdout.strip()) / "borrowed.pth").write_text(borrowed + "\n")
    share = venv / "share" / "trivselscoach"
    (share / "models").mkdir(parents=True)
    shutil.copy(MODEL, share / "models" / "current.tar.gz")
    return venv, root


def test_the_wheel_holds_what_the_assistant_reads(installed):
    venv, _ = installed
    share = venv / "share" / "trivselscoach"
    for name in ("config.yml", "credentials.yml", "domain/core.yml", "data/stories/journey.yml"):
        assert (share / name).is_file(), name
    assert len(list((share / "knowledge").glob("*.yaml"))) >= 9
    where = run(str(venv / "bin" / "python"), "-c",
                "import bot, bot.config as c; print(bot.__file__); print(c.PROJECT_DIR)",
                cwd=venv)  # fmt: skip
    code, project = where.stdout.split()
    assert code.startswith(str(venv)) and project == str(share)


def test_installed_assistant_serves_the_team_room_and_answers(installed):
    venv, root = installed
    cli = RunningCli(root / "var", command=[str(venv / "bin" / "trivselscoach"), "run"], cwd=root)
    try:
        with urllib.request.urlopen(f"{cli.rasa_url}/webhooks/teamroom/", timeout=30) as page:
            html = page.read().decode("utf-8")
        assert page.status == 200 and "app.js" in html
        with urllib.request.urlopen(
            f"{cli.rasa_url}/webhooks/teamroom/static/app.js", timeout=30
        ) as js:
            assert js.status == 200
        reply = texts(rest(cli, "rest:install", "hej"))
        assert "Trivselscoach" in reply, reply
        answer = texts(rest(cli, "rest:install", "hvad er en apv"))
        assert "arbejdspladsvurdering" in answer.lower(), answer
    finally:
        assert cli.interrupt() == 0
