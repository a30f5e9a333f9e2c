"""The command line: Click commands that parse options, call the library and print in Russian."""

from proforient_cli.cli.commands import main

__all__ = ["main"]
