"""App database: SQLAlchemy 1.4 in 2.0 style, one session per unit of work."""
