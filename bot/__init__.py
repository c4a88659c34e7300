"""Trivselscoach: the application code, importable and testable without Rasa."""
