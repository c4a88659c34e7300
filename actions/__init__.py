"""Thin rasa-sdk actions, one module per concern; the logic lives in bot/."""
