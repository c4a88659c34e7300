"""Bring a database up to the newest schema with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Create the database if needed and apply every migration not yet applied."""
    from bot.db.session import get_engine

    get_engine(url)  # creates the SQLite folder where needed
    command.upgrade(alembic_config(url), "head")
