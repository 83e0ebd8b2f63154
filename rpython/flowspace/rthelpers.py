"""Small RPython helpers that the flow space calls in place of Python
constructs it rewrites (e.g. print() with keyword arguments)."""

import os


def print_text(fd, text):
    """Write already-formatted print() output to a file descriptor."""
    data = text.encode("utf-8")
    while data:
        written = os.write(fd, data)
        if written <= 0:
            break
        data = data[written:]
