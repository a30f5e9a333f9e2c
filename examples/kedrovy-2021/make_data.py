"""Regenerate the example data of МО «Город Кедровый» in ``data/`` from the tool's own templates.

    python examples/kedrovy-2021/make_data.py

A small town: two secondary schools, a basic school, two kindergartens, a centre of additional
education and the department. The fictional values come from ``generate()`` of
``examples/make_examples.py``; ``values_for`` below makes them fit a town of this size (a few
dozen pupils per level) and keeps each frequency near the project's one («3 раза в год»), so that
some organizations meet it and some do not. The typical mistakes are in MISTAKES.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import make_examples  # noqa: E402  (the shared generator beside this folder)

METHODOLOGY = HERE / "indicators.yaml"
PERIOD = "2024"
NOT_SENT = ("7005",)  # the village kindergarten sent nothing: the report names it
MISTAKES = {
    "7002": {"basic_excursions": "3 раза"},  # words instead of a number
    "7003": {"covered[ooo]": 40},  # more pupils reached than the school has in grades 8–9
}
# Pupils by level (the breakdown «level»: one row per level the organization has) and specialists,
# as in a town of this size.
CONTINGENT = {
    "7001": {"pupils_total": 262, "pupils[noo]": 96, "pupils[ooo]": 52, "pupils[soo]": 38, "specialists": 24},
    "7002": {"pupils_total": 74, "pupils[noo]": 28, "pupils[ooo]": 15, "pupils[soo]": 9, "specialists": 9},
    "7003": {"pupils_total": 33, "pupils[noo]": 12, "pupils[ooo]": 7, "specialists": 6},
    "7004": {"pupils[doo]": 118, "specialists": 12},
    "7006": {"pupils_total": 240, "extra_pupils": 240, "specialists": 14},
}
# Frequencies the golden test names: the secondary school meets «3 раза в год», the basic one not.
FIXED = {"7001": {"basic_excursions": 3}, "7003": {"basic_excursions": 2}}
CLASSES = ("basic_preprofile_classes", "secondary_profile_classes")  # a small school has 0–2


def values_for_town(methodology):
    """Contingents from CONTINGENT, each part a random fraction of its smallest bound, frequencies
    near the project's."""
    bounds = make_examples.upper_bounds(methodology)
    frequencies = {}
    for indicator in methodology.indicators:
        target = indicator.target.for_period(PERIOD) if indicator.target else None
        if target and target.per_organization and indicator.kind == "sum":
            frequencies[indicator.expression.text] = int(target.at_least)

    def values_for(organization, values):
        rng = random.Random(int(organization.code))
        adjusted = dict(values)
        for key, pupils in CONTINGENT.get(organization.code, {}).items():
            if key.startswith("pupils["):  # the level's pupils, and those its forms reached
                adjusted[key] = pupils
                adjusted["covered" + key[len("pupils"):]] = int(pupils * rng.uniform(0.5, 1))
        for element_id in values:  # in the methodology's order: a whole comes before its parts
            wholes = [b.id for b in bounds.get(element_id, []) if isinstance(b, make_examples.Name)]
            if element_id in CONTINGENT.get(organization.code, {}):
                adjusted[element_id] = CONTINGENT[organization.code][element_id]
            elif wholes and all(w in adjusted for w in wholes):
                adjusted[element_id] = int(min(adjusted[w] for w in wholes) * rng.uniform(0.5, 1))
            elif element_id in frequencies:
                adjusted[element_id] = max(0, frequencies[element_id] + rng.choice((-1, 0, 0, 1, 1, 2)))
            elif element_id in CLASSES:
                adjusted[element_id] = rng.randint(0, 2)
        adjusted.update(FIXED.get(organization.code, {}))
        return adjusted

    return values_for


def main() -> None:
    methodology = make_examples.load_methodology(METHODOLOGY)
    for path in make_examples.generate(METHODOLOGY, HERE / "roster.csv", HERE / "data", PERIOD,
                                       not_sent=NOT_SENT, mistakes=MISTAKES,
                                       values_for=values_for_town(methodology)):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
