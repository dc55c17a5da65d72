"""The `policykit` command: a thin Typer layer over the library API."""

from toolkit.cli.app import main

__all__ = ["main"]
