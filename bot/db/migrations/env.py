"""Alembic environment: the URL comes from the caller or from TRIVSEL_DB_URL."""

from alembic import context
from sqlalchemy import create_engine

from bot.config import load_settings
from bot.db.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or load_settings().db_url


def run_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=url.startswith("sqlite"),
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
