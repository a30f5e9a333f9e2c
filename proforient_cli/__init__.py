"""proforient: the yearly career-guidance monitoring of a municipal education department."""

__version__ = "0.1.0"
