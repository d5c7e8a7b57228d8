"""The command-line interface (typer). Each command lives in its own module."""
