"""Stage 1, the methodology: indicators.yaml read with positions, built into frozen dataclasses,
checked (structure while building, cross-references after), its expressions parsed by the
program's own grammar, its JSON Schema, and its description as the order's table."""
