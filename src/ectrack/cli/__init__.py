"""The ``ectrack`` command line. Kept light: heavy modules load inside commands."""

from ectrack.cli.app import app, main

__all__ = ["app", "main"]
