"""Regenerate the example data of the Kaliningrad roadmap (2023) in ``data/``.

    python examples/kaliningrad-2023/make_data.py

Seven schools and the education committee of a fictional part of the city (``roster.csv``) fill
the templates `proforient template --period 2023` would send them; the values are fictional,
fixed by a seed, and sized like a city school's (the generic generator's are not). One school
never sends its file, two make the mistakes methodists meet every year (MISTAKES). After a
change, regenerate the golden report too:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py -k kaliningrad
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import make_examples  # noqa: E402  (the shared generator beside this folder)

PERIOD = "2023"
NOT_SENT = ("3907",)
MISTAKES = {
    "3904": {"has_roadmap": "утверждена"},  # a word instead of «да»
    "3905": {"early_guidance_bilet": 1250},  # «Билет в будущее» above its whole
}
BASIC_SCHOOL = "3906"  # no grades 10–11: its secondary-education counts are a real 0
NO_ROADMAP = "3902"


def school_values(organization, values: dict) -> dict:
    """Head counts in proportion to the school's size; the committee reports one figure."""
    rng = random.Random(f"kaliningrad-{organization.code}")
    if organization.type == "МОУО":
        return {"dop_enrolled": 4870}
    pupils = rng.randint(180, 320) if organization.code == BASIC_SCHOOL else rng.randint(420, 1150)
    early = round(pupils * rng.uniform(0.6, 0.95))
    grade_9 = pupils // 7
    grade_11 = 0 if organization.code == BASIC_SCHOOL else pupils // 15
    graduates = grade_9 + grade_11
    has_roadmap = organization.code != NO_ROADMAP
    return {
        "has_roadmap": "да" if has_roadmap else "нет",
        "roadmap_order": f"Приказ от {rng.randint(15, 31)}.05.2023 № {rng.randint(40, 180)}-о" if has_roadmap else None,
        "gia_9_profile": round(grade_9 * rng.uniform(0.3, 0.8)),
        "gia_11_profile": round(grade_11 * rng.uniform(0.4, 0.9)),
        "enterprise_visits": rng.randint(60, 320),
        "pupils_basic_secondary": pupils,
        "early_guidance": early,
        # the two projects overlap: together they may exceed the whole, each one may not
        "early_guidance_bilet": round(early * rng.uniform(0.35, 0.6)),
        "early_guidance_proektoria": round(early * rng.uniform(0.3, 0.7)),
        "ovz_participants": rng.randint(4, 35),
        "intentions_monitoring": round(pupils * rng.uniform(0.2, 0.5)),
        "poo_vo_events": rng.randint(50, 280),
        "counselled": rng.randint(30, 190),
        "contest_participants": rng.randint(10, 110),
        "job_fairs": rng.randint(20, 150),
        "joint_events_spo_vo": rng.randint(40, 240),
        "graduates_profile": round(graduates * rng.uniform(0.2, 0.45)),
        "graduates_spo_region": round(grade_9 * rng.uniform(0.25, 0.5)),
        "graduates_vo_region": round(grade_11 * rng.uniform(0.4, 0.7)),
        "ped_applications_spo": rng.randint(0, 6),
        "ped_applications_vo": 0 if organization.code == BASIC_SCHOOL else rng.randint(0, 9),
    }


def main() -> None:
    for path in make_examples.generate(HERE / "indicators.yaml", HERE / "roster.csv", HERE / "data", PERIOD,
                                       not_sent=NOT_SENT, mistakes=MISTAKES, values_for=school_values):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
