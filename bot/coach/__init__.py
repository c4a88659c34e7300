"""The coaching journey in plain Python: what the coach says and decides."""
