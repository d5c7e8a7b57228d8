"""modellaw-check: statute compliance checker against the Chairman's Model Law on Cybercrime."""

__version__ = "0.1.0"
