"""``python -m safari``: the same command line as ``safari``."""

from safari.cli import app

app(prog_name="safari")
