"""Our own entry points for the Rasa server and the action server (bot/servers.py starts them).

They read every secret from the environment or the data folder, never from the command line,
and keep message text, chat ids and tokens out of the logs (logs.py).
"""
