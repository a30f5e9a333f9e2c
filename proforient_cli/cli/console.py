"""Printing on any console: a Russian Windows console (cp1251, cp866) cannot show «≥» or «−»,
and output redirected to a file takes the console's encoding. Nothing printed may crash the run.
"""

from __future__ import annotations

import codecs
import json
import sys

# Characters of the program's messages that the Russian code pages lack, and what stands for them.
SUBSTITUTES = {
    "≥": ">=", "≤": "<=", "−": "-", "×": "x", "÷": "/", "Σ": "сумма ", "…": "...", "→": "->", "²": "2",
    "⁵": "5", "³": "3", "\u202f": " ", "\u2009": " ", "„": "\"", "“": "\"", "”": "\"", "‑": "-", "‐": "-",
}
ERRORS = "proforient-substitute"


def _substitute(error: UnicodeError):
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(SUBSTITUTES.get(char, "?") for char in text), error.end


codecs.register_error(ERRORS, _substitute)


def _is_unicode(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").replace("-", "").replace("_", "").lower()
    return encoding in ("utf8", "utf8sig", "utf16", "utf32")


def install() -> None:
    """Let stdout and stderr degrade what their encoding cannot show instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        if not _is_unicode(stream) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=ERRORS)
            except (ValueError, OSError):  # a detached or closed stream: nothing to configure
                pass


def dumps(data) -> str:
    """JSON for stdout: readable Cyrillic where the console is Unicode, ``\\uXXXX`` escapes where it
    is not — the same data either way for any JSON reader."""
    return json.dumps(data, ensure_ascii=not _is_unicode(sys.stdout), indent=2)
