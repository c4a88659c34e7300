"""Rasa's own checks: training data without warnings, and the test stories with the model."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.config import PROJECT_DIR

MODEL = PROJECT_DIR / "models" / "current.tar.gz"


def rasa(*args: str, tmp_path=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_training_data_validates_without_warnings():
    result = rasa("data", "validate", "--domain", "domain", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.servers
def test_stories_pass_with_the_trained_model(tmp_path):
    assert MODEL.exists(), "kør 'make train' først"
    result = rasa(
        "test", "core",
        "--model", str(MODEL),
        "--stories", "tests/stories",
        "--out", str(tmp_path / "results"),
        "--fail-on-prediction-errors",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
