"""Regenerate the example data of the Mosalsk roadmap 2021–2023: 2021 in ``data/``, 2022 in ``data-2022/``.

    python examples/mosalsk-roadmap-2021/make_data.py

Six rural schools, the district's centre of additional education and the education department
of a fictional district (``roster.csv``) fill the templates `proforient template --period 2021`
would send them; the values are fictional, fixed by a seed, and sized like small rural schools.
One school never sends its file, two make the mistakes methodists meet every year (MISTAKES).
2021 is the roadmap's first year, so its «нарастающим итогом» indicator is the year's own value;
the 2022 report (computed with ``--previous`` of the 2021 one) shows the changes and sums it.
After a change, regenerate the golden report too:

    PROFORIENT_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_methodologies.py tests/test_example_two_years.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import make_examples  # noqa: E402  (the shared generator beside this folder)

PERIOD = "2021"
NOT_SENT = ("2106",)
MISTAKES = {
    "2104": {"proektoria_pupils": "около 80"},  # words instead of a number
    "2105": {"bilet_recommendations": 95},  # more than the pupils who took part in the project
}
NO_PARTNER_LIST = "2103"  # has the normative provision, but no list of partner organizations
INTERNSHIP_SITE = "2101"  # the district's one internship site
PARTNERS = {
    "2101": "ООО «Мосальский хлебокомбинат», СПК «Заря», ГБУ КО «Мосальское лесничество»",
    "2102": "СПК «Заря», администрация сельского поселения «Село Липово»",
    "2104": "КФХ «Дубрава», отделение почтовой связи с. Дубравино",
    "2105": "СПК «Ольховский», ГБУЗ КО «ЦМБ № 3» (фельдшерско-акушерский пункт)",
}


def district_values(organization, values: dict, year: str = PERIOD) -> dict:
    """Rural schools of 60–400 pupils; the department answers its own presence items."""
    rng = random.Random(f"mosalsk-roadmap-{organization.code}" + ("" if year == PERIOD else f"-{year}"))
    if organization.type == "МОУО":
        return {"has_network_programs_bank": "да", "has_ovz_recommendations": "нет",
                "ovz_recommendations_details": None, "municipal_day_held": "да"}
    if organization.type == "УДО":
        return {"teachers_trained": 2, "is_internship_site": "нет"}
    pupils = rng.randint(60, 400)
    rooms = rng.randint(0, 3)
    participants = round(pupils * rng.uniform(0.15, 0.3))
    partner_list = organization.code != NO_PARTNER_LIST
    return {
        "has_labour_regulations": "да",
        "has_labour_partner_list": "да" if partner_list else "нет",
        "labour_partner_list": PARTNERS.get(organization.code) if partner_list else None,
        "pupils_total": pupils,
        "proektoria_pupils": round(pupils * rng.uniform(0.3, 0.6)),
        "bilet_participants": participants,
        "bilet_recommendations": rng.randint(3, min(12, participants)),
        "guidance_rooms": rooms,
        "guidance_rooms_tochka": min(rooms, rng.randint(0, 1)),
        "teachers_trained": 0 if organization.code == NO_PARTNER_LIST else rng.randint(1, 4),
        "is_internship_site": "да" if organization.code == INTERNSHIP_SITE else "нет",
        "municipal_day_participants": round(pupils * rng.uniform(0.2, 0.5)),
    }


def main() -> None:
    for path in make_examples.generate(HERE / "indicators.yaml", HERE / "roster.csv", HERE / "data", PERIOD,
                                       not_sent=NOT_SENT, mistakes=MISTAKES, values_for=district_values):
        print(path.relative_to(HERE))
    # The second year: every school sends its file, one of last year's mistakes is corrected.
    for path in make_examples.generate(HERE / "indicators.yaml", HERE / "roster.csv", HERE / "data-2022", "2022",
                                       mistakes={"2105": {"bilet_recommendations": 60}},
                                       values_for=lambda org, values: district_values(org, values, "2022")):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
