"""An organization of the district: a school, a kindergarten, an additional-education centre."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Organization:
    code: str
    name: str
    type: str = ""  # as the methodology names it: ОО, ДОО, УДО
    municipality: str = ""

    @property
    def sort_key(self) -> tuple:
        """Alphabetical, never by any value: §12 of the procedure forbids rankings."""
        return (self.name.casefold().replace("ё", "е"), self.code)
