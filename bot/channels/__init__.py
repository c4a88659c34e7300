"""Rasa input and output channels of our own: the web team room and Telegram."""
