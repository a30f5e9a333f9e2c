"""Regenerate the example self-report of МБОУ «СОШ № 150 г. Челябинска» in ``data/``.

    python examples/school-150-2021/make_data.py

The school collects its roadmap report from its own units: the administration, the library and
the three grade groups (see the header of ``indicators.yaml``), each filling the tool's template
for the 2023/2024 school year. The fictional values come from ``generate()`` of
``examples/make_examples.py``; ``values_for`` below gives the grade groups the head counts of a
large city school (and each part a share of its whole). Two typical mistakes are in MISTAKES.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import make_examples  # noqa: E402  (the shared generator beside this folder)

METHODOLOGY = HERE / "indicators.yaml"
PERIOD = "2023/2024"
MISTAKES = {
    "15004": {"portfolio_pupils": "все"},  # a word instead of a number
    "15005": {"bilet_pupils": 95},  # «Билет в будущее» counted apart: more than all contest participants
}
# Head counts of the units; every other count of pupils, teachers or parents is a part of these.
CONTINGENT = {
    "15001": {"teachers": 72, "mentors": 14},
    "15003": {"pupils": 724, "pupils_gifted": 58, "pupils_low": 41, "parent_mentors": 9},
    "15004": {"pupils": 206, "pupils_gifted": 23, "pupils_low": 19, "parent_mentors": 6},
    "15005": {"pupils": 131, "pupils_gifted": 17, "pupils_low": 6, "parent_mentors": 4, "contest_pupils": 38},
}


def values_for_school(methodology):
    bounds = make_examples.upper_bounds(methodology)

    def values_for(organization, values):
        rng = random.Random(int(organization.code))
        fixed = CONTINGENT.get(organization.code, {})
        adjusted = dict(values)
        for element_id in values:  # in the methodology's order: a whole comes before its parts
            wholes = [b.id for b in bounds.get(element_id, []) if isinstance(b, make_examples.Name)]
            if element_id in fixed:
                adjusted[element_id] = fixed[element_id]
            elif wholes and all(w in adjusted for w in wholes):
                adjusted[element_id] = int(min(adjusted[w] for w in wholes) * rng.uniform(0.3, 1))
        return adjusted

    return values_for


def main() -> None:
    methodology = make_examples.load_methodology(METHODOLOGY)
    for path in make_examples.generate(METHODOLOGY, HERE / "roster.csv", HERE / "data", PERIOD,
                                       mistakes=MISTAKES, values_for=values_for_school(methodology)):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
