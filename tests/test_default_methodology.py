"""The default methodology encodes order No 124 of 07.06.2021 (Мосальский район) faithfully.

A methodist opens ``indicators.yaml`` and expects to find in it every indicator of
Приложение 2 «Методика расчета показателей» with the document's own wording, unit and source,
and every item monitored under section 10 of the Порядок (Приложение 1) as a row of the
template. The literals below are copied from the document.
"""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import proforient_cli as pf
from proforient_cli.cli import main
from proforient_cli.core.organization import Organization
from proforient_cli.methodology.expressions import names
from proforient_cli.methodology.load import load_methodology, read_methodology

DEFAULT = Path(__file__).resolve().parent.parent / "indicators.yaml"


def normalized(text: str) -> str:
    """Whitespace collapsed, and the hyphen/en dash of «5-11» made one sign."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(\d)\s*[-–]\s*(\d)", r"\1-\2", text)


@pytest.fixture(scope="module")
def methodology():
    return load_methodology(DEFAULT)


# -- Приложение 2: the eight directions and their 13 rows -------------------------------------

DIRECTIONS = [
    "Выявление предпочтений обучающихся в области профессиональной ориентации",
    "Сопровождение профессионального самоопределения обучающихся",
    "Учет обучающихся, выбравших для сдачи государственной итоговой аттестации по образовательным "
    "программам среднего общего образования учебные предметы, изучавшиеся на углубленном уровне "
    "(соответствующие профилю обучения)",
    "Учет обучающихся, поступивших в профессиональные образовательные организации и образовательные "
    "организации высшего образования по профилю обучения",
    "Проведение ранней профориентации обучающихся",
    "Проведение профориентации обучающихся с ОВЗ",
    "Осуществление взаимодействия образовательных организаций с учреждениями/предприятиями",
    "Учет обучающихся, участвующих в конкурсах профориентационной направленности.",
]

# (Показатель, Метод расчета, Единица измерения, Источник данных), as in the document. The
# fourth row's source cell is empty there: it takes the source of the row above.
APPENDIX_2 = [
    (
        "Доля обучающихся 5-11 классов, прошедших анкетирование и опросы по выявлению предпочтений "
        "в области профессиональной ориентации",
        "Отношение количества обучающихся 5-11 классов, прошедших анкетирование и опросы по выявлению "
        "предпочтений в области профессиональной ориентации (через профориентационные проекты «Билет в "
        "будущее», \"Проектория\", Центр занятости населения, Центры психолого-педагогической помощи, "
        "школьными педагогами, школьными психологами), к общему количеству обучающихся 5-11 классов",
        "%", "Данные ОО",
    ),
    (
        "Количество профильных классов (за исключением универсального) на уровне среднего общего "
        "образования, классов с углубленным изучением предметов",
        "Количество профильных классов (за исключением универсального) на уровне среднего общего "
        "образования, классов с углубленным изучением предметов",
        "ед.", "Статистический отчет ОО-1",
    ),
    (
        "Наличие в ОО программы (плана работы) по сопровождению профессионального самоопределения и "
        "профессиональной ориентации обучающихся",
        "Количество ОО, имеющих программу (план работы) по сопровождению профессионального "
        "самоопределения и профессиональной ориентации обучающихся, в том числе в рамках реализации "
        "Программы воспитания ОО",
        "ед.", "Данные ОО",
    ),
    (
        "Доля педагогических и руководящих работников ОО, прошедших повышение квалификации по вопросам "
        "сопровождения профессионального самоопределения и профессиональной ориентации обучающихся",
        "Отношение числа педагогических и руководящих работников ОО, прошедших повышение квалификации "
        "по вопросам сопровождения профессионального самоопределения и профессиональной ориентации "
        "обучающихся, к общему количеству педагогических и руководящих работников ОО",
        "%", "Данные ОО",
    ),
    (
        "Доля выпускников 11-х классов, выбравших предметы, соответствующие профилю обучения, для сдачи "
        "государственной итоговой аттестации",
        "Отношение количества выпускников 11 классов, выбравших предметы, соответствующие профилю "
        "обучения, для сдачи государственной итоговой аттестации, к общему количеству выпускников "
        "данного профиля обучения",
        "%", "РИС ГИА",
    ),
    (
        "Доля выпускников 9 и 11 классов, поступивших в профессиональные образовательные организации и "
        "организации высшего образования по профилю обучения",
        "Отношение количества выпускников 9 и 11 классов, поступивших в профессиональные образовательные "
        "организации и организации высшего образования по профилю обучения, к общему количеству "
        "выпускников 9 и 11 классов",
        "%", "Данные ОО",
    ),
    (
        "Доля выпускников 9 классов, продолживших обучение в профессиональных образовательных "
        "организациях",
        "Отношение количества выпускников 9 классов, продолживших обучение в профессиональных "
        "образовательных организациях, к общему количеству выпускников 9 классов",
        "%", "Данные ОО",
    ),
    (
        "Доля выпускников 11 классов, поступивших в профессиональные образовательные организации и "
        "образовательные организации высшего образования",
        "Отношение количества выпускников 11 классов, поступивших в профессиональные образовательные "
        "организации и образовательные организации высшего образования, к общему количеству выпускников "
        "11 классов",
        "%", "Данные ОО",
    ),
    (
        "Доля обучающихся, принявших участие в открытых онлайн-уроках, реализуемых с учетом цикла "
        "открытых уроков «Проектория»",
        "Отношение количества обучающихся, принявших участие в открытых онлайн-уроках, реализуемых с "
        "учетом цикла открытых уроков «Проектория», к общему количеству обучающихся",
        "%", "Данные ОО",
    ),
    (
        "Количество обучающихся, принявших участие в мероприятиях профориентационной направленности",
        "Количество обучающихся, принявших участие в мероприятиях профориентационной направленности "
        "(чемпионатное движение «JuniorSkills», «WorldSkills», стажерские площадки и т.д.)",
        "ед.", "Данные ОО",
    ),
    (
        "Доля обучающихся с ОВЗ, охваченных профориентационными мероприятиями",
        "Отношение количества обучающихся с ОВЗ, охваченных профориентационными мероприятиями, к общей "
        "численности обучающихся с ОВЗ",
        "%", "Данные ОО",
    ),
    (
        "Количество договоров/соглашений о взаимодействии по вопросам профессиональной ориентации, "
        "заключенных ОО с учреждениями/предприятиями",
        "Количество договоров / соглашений о взаимодействии по вопросам профессиональной ориентации, "
        "заключенных ОО с учреждениями/предприятиями",
        "ед.", "Данные ОО",
    ),
    (
        "Доля обучающихся, участвующих в конкурсах профориентационной направленности",
        "Отношение количества обучающихся, участвующих в конкурсах профориентационной направленности, к "
        "общему количеству обучающихся",
        "%", "Данные ОО",
    ),
]

# -- Приложение 1, п. 10: a key phrase of every monitored item ---------------------------------
# A tuple means: all its fragments in one label or title (the document's «___/___» blanks and
# «из них …» sub-items become rows of their own).

SECTION_10 = {
    "10.1": [
        "ответственное лицо за организацию профориентационной работы",
        "организаций дополнительного образования детей",
        ("организаций дополнительного образования детей", "направления работы"),
        "дошкольных образовательных организаций, реализующих программы ранней профессиональной ориентации",
        "муниципальных программ (планов мероприятий)",
        ("муниципальные программы (планы мероприятий)", "указать реквизиты"),
        "пакета нормативных правовых документов",
        ("федерального уровня", "перечислить"),
        ("регионального уровня", "перечислить"),
        ("муниципального уровня", "перечислить"),
        "по презентации и распространению передового опыта",
        ("школьного уровня", "передового опыта"),
        ("муниципального уровня", "передового опыта"),
        ("регионального уровня", "передового опыта"),
        "педагогов-наставников (тьюторов)",
        "программ профориентации в структуре программ воспитания",
        "межпредметных программ профориентации",
        "сквозную тематику классных часов по профориентации с 1 по 11 классы",
        "сквозную тематику родительских собраний по профориентации с 1 по 11 классы",
        "годовой план работы по профориентации",
        "уголок профориентации",
        "кабинет профориентации",
        "методик для профдиагностики",
        "страницы «Профориентация обучающихся» на официальном сайте",
        "публикаций в СМИ",
        "районных СМИ",
        "региональных СМИ",
        "федеральных СМИ",
    ],
    "10.2": [
        "положительного имиджа рабочих и инженерно-технических профессий",
        "шефской помощи при проведении профессиональной ориентации",
        "в том числе в области робототехники",
        "предприятий/организаций, предоставивших места для прохождения производственной практики",
        ("мест", "производственной практики"),
        "профориентационных экскурсий на предприятия и в организации Калужской области",
        "встреч с передовиками и новаторами производства",
    ],
    "10.3": [
        "формированию трудовых умений и элементарных представлений о труде взрослых",
        "профориентационных экскурсий для ознакомления с особенностями социально-производственной",
        "профориентационных игровых занятий",
        "встреч с представителями различных профессий",
    ],
    "10.4": [
        "мероприятий профориентационной направленности, проведенных для учащихся с ОВЗ",
        "семинаров, консультаций, форумов, конференций",
        "созданы условия для получения профориентационных услуг и дополнительного образования детям с ОВЗ",
    ],
    "10.5": [
        "педагогических работников, включенных в работу по самоопределению",
        "прошедших курсовую подготовку",
        "педагогов-психологов",
        "психодиагностический инструментарий",
        "участвующих в мероприятиях по рассмотрению вопросов психолого-педагогического сопровождения",
        ("педагогических работников", "школьного уровня", "психолого-педагогического сопровождения"),
        ("педагогических работников", "муниципального уровня", "психолого-педагогического сопровождения"),
        ("педагогических работников", "регионального уровня", "психолого-педагогического сопровождения"),
        "программ профориентации в структуре программ воспитания",
        "межпредметных программ профориентации",
        "сквозную тематику классных часов",
        "сквозную тематику родительских собраний",
        "трудовых объединений школьников",
        ("трудовых объединений школьников", "по направлениям деятельности", "перечислить"),
    ],
    "10.6": [
        "участников дней открытых дверей в ПОО и ОО ВО",
        "выпускников, поступивших в ПОО",
        ("поступивших в ПОО", "на территории Калужской области"),
        "выпускников, поступивших в ОО ВО",
        ("поступивших в ОО ВО", "на территории Калужской области"),
        "закончивших ПОО и трудоустроившихся на предприятия и в организации Калужской области",
        "закончивших ОО ВО и трудоустроившихся на предприятия и в организации Калужской области",
        "сетевого взаимодействия ПОО, ОО ВО по организации профессиональной ориентации",
    ],
    "10.7": [
        "в рамках целевой подготовки",
        "по информированию учащихся ОО и их родителей (законных представителей)",
        "посвященных профессиональным праздникам",
        ("обучающихся", "профессиональным праздникам"),
        ("педагогических работников", "профессиональным праздникам"),
        ("родителей/законных представителей", "профессиональным праздникам"),
        "дополнительных общеразвивающих и предпрофессиональных программ",
    ],
}


def test_the_file_checks_clean():
    methodology, diagnostics = read_methodology(DEFAULT)
    assert methodology is not None
    assert [d.as_text() for d in diagnostics] == []


def test_header_names_the_order_and_the_reporting_date(methodology):
    assert methodology.id == "mosalsk-2021"
    assert "№ 124" in methodology.basis
    assert "07.06.2021" in methodology.basis
    assert methodology.period == "по состоянию на 31 мая"


def test_the_eight_directions_of_appendix_2_come_first_in_the_documents_order(methodology):
    titles = [normalized(s.title) for s in methodology.sections]
    expected = [normalized(d).rstrip(".") for d in DIRECTIONS]
    assert titles[: len(expected)] == expected
    # Section 10 directions without a counterpart in Приложение 2 follow.
    assert "Взаимодействие с ПОО и ОО ВО" in titles
    assert "Учет выявленных потребностей рынка труда Калужской области" in titles


@pytest.mark.parametrize("title, method, unit, source", APPENDIX_2,
                         ids=[f"row-{number}" for number in range(1, len(APPENDIX_2) + 1)])
def test_every_row_of_appendix_2_is_an_indicator(methodology, title, method, unit, source):
    by_title = {normalized(i.title): i for i in methodology.indicators}
    indicator = by_title.get(normalized(title))
    assert indicator is not None, f"нет показателя «{title}»"
    assert indicator.display_unit == unit
    assert indicator.source == source
    assert normalized(indicator.method) == normalized(method)
    assert (indicator.kind == "share") == (unit == "%")


def test_appendix_2_rows_keep_the_documents_order_within_their_directions(methodology):
    order = [normalized(i.title) for i in methodology.indicators]
    positions = [order.index(normalized(row[0])) for row in APPENDIX_2]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "item, phrase",
    [(item, phrase) for item, phrases in SECTION_10.items() for phrase in phrases],
    ids=[f"{item}-{number}" for item, phrases in SECTION_10.items() for number in range(1, len(phrases) + 1)],
)
def test_every_item_of_section_10_is_in_the_template_or_the_report(methodology, item, phrase):
    fragments = (phrase,) if isinstance(phrase, str) else phrase
    texts = [e.label for e in methodology.elements] + [i.title for i in methodology.indicators]
    assert any(all(f.lower() in t.lower() for f in fragments) for t in texts), \
        f"п. {item}: не найдено «{' … '.join(fragments)}»"


def test_every_monitored_quantity_is_a_row_schools_fill_in(methodology):
    labels = [e.label.lower() for e in methodology.elements]
    for phrase in ("публикаций в сми", "районных сми", "педагогов-психологов",
                   "уголка профориентации", "кабинета профориентации", "реквизиты"):
        assert any(phrase in label for label in labels), phrase


def _ancestors(methodology, element_id):
    seen = []
    current = methodology.element(element_id)
    while current is not None and current.part_of and current.part_of not in seen:
        seen.append(current.part_of)
        current = methodology.element(current.part_of)
    return seen


def test_every_share_numerator_is_tied_to_its_denominator(methodology):
    rule_names = [set(r.check.names) for r in methodology.rules]
    for indicator in methodology.indicators:
        if indicator.kind != "share":
            continue
        numerator = names(indicator.numerator.node)
        denominator = set(names(indicator.denominator.node))
        assert numerator and denominator, indicator.id
        for name in numerator:
            tied = bool(denominator & set(_ancestors(methodology, name)))
            tied = tied or any(name in used and used & denominator for used in rule_names)
            assert tied, f"{indicator.id}: «{name}» не связан со знаменателем ни part_of, ни правилом"


def test_parts_are_of_the_same_kind_and_reported_by_the_same_organizations(methodology):
    for element in methodology.elements:
        if element.part_of:
            whole = methodology.element(element.part_of)
            assert whole is not None and whole.type == element.type, element.id
            assert set(element.applies_to) == set(whole.applies_to), element.id


def test_organization_types_are_known_and_each_is_used(methodology):
    known = set(methodology.organization_types)
    assert known == {"ОО", "ДОО", "УДО", "МОУО"}
    used = set()
    for element in methodology.elements:
        assert set(element.applies_to) <= known, element.id
        used |= set(element.applies_to)
    assert used == known


def test_the_department_answers_the_municipal_items_itself(methodology):
    department = {e.id for e in methodology.elements if e.applies_to == ("МОУО",)}
    labels = " ".join(methodology.element(i).label for i in department)
    assert "муниципальных программ" in labels
    assert "нормативных правовых документов" in labels
    assert any(methodology.element(i).type == "text" for i in department)


def test_kindergartens_report_early_career_guidance(methodology):
    early = [e for e in methodology.elements if e.section == "early" and "ДОО" in e.applies_to]
    assert len(early) == 4
    assert all("ОО" in e.applies_to for e in early)
    flag = [e for e in methodology.elements if e.applies_to == ("ДОО",) and e.type == "flag"]
    assert flag and "ранней профессиональной ориентации" in flag[0].label


def test_items_repeated_in_10_5_and_10_1_are_one_row_each(methodology):
    for phrase in ("программ профориентации в структуре программ воспитания",
                   "межпредметных программ профориентации",
                   "сквозной тематики классных часов",
                   "сквозной тематики родительских собраний"):
        rows = [e for e in methodology.elements if phrase in e.label.lower()]
        assert len(rows) == 1, phrase


def test_no_section_is_empty_and_every_number_is_reported(methodology):
    for section in methodology.sections:
        assert any(i.section == section.id for i in methodology.indicators), section.id
    used = {n for i in methodology.indicators for n in i.references()}
    used |= {n for r in methodology.rules for n in r.check.names}
    unused = [e.id for e in methodology.elements if e.type != "text" and e.id not in used]
    assert unused == []


def test_units_are_the_documents(methodology):
    for element in methodology.elements:
        if element.type in ("count", "number"):
            assert element.unit in ("чел.", "ед.", "шт."), element.id
    for indicator in methodology.indicators:
        assert indicator.display_unit in ("%", "чел.", "ед.", "шт."), indicator.id


def test_parts_read_as_the_orders_print_them_under_their_whole():
    """«Количество мероприятий …», then «в том числе: … школьного уровня», «… муниципального уровня»."""
    from pathlib import Path

    import proforient_cli as pf
    from proforient_cli.report.view import build_view

    root = Path(__file__).resolve().parent.parent
    methodology = pf.load_methodology(root / "indicators.yaml")
    assert methodology.parts["best_practice_events_school_total"] == "best_practice_events_total"
    assert "best_practice_events_total" not in methodology.parts  # a whole is no part
    run = pf.compute_files(root / "examples" / "data", roster=root / "examples" / "roster.csv")
    lines = {line.key: line for line in build_view(run.report).lines}
    assert lines["best_practice_events_school_total"].title.startswith("в том числе: количество мероприятий школьного")
    assert lines["best_practice_events_total"].title.startswith("Количество мероприятий (семинаров")
    # results.csv keeps the methodology's own title
    titles = dict(zip(run.results["indicator"], run.results["title"]))
    assert titles["best_practice_events_school_total"].startswith("Количество мероприятий школьного")


# -- What a reading of the document against the file found (issue 14, § 4) --------------------

def test_rows_3_and_4_are_reported_by_every_educational_organization(methodology):
    """Rows 3–4 are of «ОО», which п. 3 defines as «…образовательных организаций, находящихся на
    территории МР «Мосальский район» (далее – ОО)»: kindergartens and the УДО too, not the department."""
    for indicator_id in ("orgs_with_guidance_program", "staff_trained_share"):
        for name in methodology.indicator(indicator_id).references():
            assert set(methodology.element(name).applies_to) == {"ОО", "ДОО", "УДО"}, name
    assert methodology.applies("staff_total", "ДОО") and not methodology.applies("staff_total", "МОУО")



def test_the_other_rows_of_oo_follow_the_same_definition_unless_their_words_exclude_kindergartens(methodology):
    """«программ, реализуемых в ОО» and «сетевого взаимодействия ОО» are every organization's;
    «учащихся ОО» are a school's pupils — a kindergarten has «воспитанники» — so it is not asked."""
    for name in ("extra_programs", "robotics_agreements"):
        assert methodology.applies(name, "ДОО"), name
    assert not methodology.applies("informing_events", "ДОО")


def test_graduates_in_the_kaluga_region_are_worded_as_the_document(methodology):
    """«количество выпускников, поступивших в ПОО, из них находящихся на территории КО»: «находящихся»,
    the «из них» being the part's own «из них:» in the template and «в том числе:» in the report."""
    texts = [e.label for e in methodology.elements] + [i.title for i in methodology.indicators]
    assert not [t for t in texts if "находящиеся" in t]
    for whole, institution in (("graduates_to_poo", "ПОО"), ("graduates_to_vo", "ОО ВО")):
        part = methodology.element(f"{whole}_ko")
        assert part.part_of == whole
        assert part.label == f"Количество выпускников, поступивших в {institution}, находящихся на территории Калужской области"


def test_professional_holidays_have_the_documents_three_counts_and_no_invented_total(methodology):
    """10.7: «…: обучающихся ___ чел., педагогических работников ___ чел., родителей/законных
    представителей ___ чел.» — three blanks, no total of participants."""
    holidays = [e for e in methodology.elements if "профессиональным праздникам" in e.label]
    assert [e.id for e in holidays] == ["holiday_participants_pupils", "holiday_participants_teachers",
                                        "holiday_participants_parents"]
    assert not any(e.part_of for e in holidays)
    assert methodology.element("holiday_participants") is None
    assert methodology.indicator("holiday_participants_total") is None


def test_the_plausibility_rules_say_they_are_the_tools_own():
    text = DEFAULT.read_text(encoding="utf-8")
    comment = text[:text.index("\nrules:")].rsplit("\n\n", 1)[-1]
    assert comment.startswith("# Plausibility rules: the tool's own, not the document's.")


def _make_examples():
    spec = importlib.util.spec_from_file_location("make_examples", DEFAULT.parent / "examples" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BASIC = "МКОУ «Каменская основная общеобразовательная школа»"
# code → (what the basic school typed against its consistent numbers, the rule's message)
IMPOSSIBLE = {
    "9001": ({"graduates_11": 5, "graduates_11_profile": 5, "graduates_11_profile_gia": 3},
             "Указаны выпускники 11 классов профильного обучения, но нет ни одного профильного класса на уровне "
             "среднего общего образования"),
    "9002": ({"graduates_9": 60}, "Выпускников 9 и 11 классов вместе больше, чем всего обучающихся 5–11 классов"),
    "9003": ({"graduates_to_poo": 30},
             "Выпускников, поступивших в ПОО и ОО ВО, больше, чем выпускников 9 классов, продолживших обучение в "
             "ПОО, и выпускников 11 классов, поступивших в ПОО и ОО ВО, вместе"),
    "9004": ({"mentors": 40}, "Педагогов-наставников (тьюторов) больше, чем всего педагогических и руководящих "
                              "работников ОО"),
    "9005": ({"holiday_participants_teachers": 30},
             "Педагогических работников, участвовавших в мероприятиях, посвященных профессиональным праздникам, "
             "больше, чем всего педагогических и руководящих работников ОО"),
    "9006": ({"holiday_participants_pupils": 200},
             "Обучающихся, участвовавших в мероприятиях, посвященных профессиональным праздникам, больше, чем "
             "всего обучающихся"),
}


def test_the_plausibility_rules_flag_an_impossible_basic_school(methodology, tmp_path):
    """The example's basic school as it reports (9000), and six copies, each with one impossible number."""
    script = _make_examples()
    school = Organization("4004", BASIC, "ОО")
    consistent = script.plausible(school, script.fictional_values(
        methodology, methodology.elements_for("ОО"), random.Random(4004)))
    assert consistent["graduates_11"] == consistent["profile_classes"] == 0
    roster = tmp_path / "реестр.csv"
    codes = ["9000", *IMPOSSIBLE]
    roster.write_text("Код;Наименование;Тип\n" + "".join(f"{code};{BASIC[:-1]} № {code}»;ОО\n" for code in codes),
                      encoding="utf-8-sig")
    result = CliRunner().invoke(main, ["template", "-m", str(DEFAULT), "--roster", str(roster),
                                       "--out", str(tmp_path / "шаблоны"), "--period", "2024"])
    assert result.exit_code == 0, result.output
    inbox = tmp_path / "входящие"
    inbox.mkdir()
    for template in (tmp_path / "шаблоны").glob("*.xlsx"):
        code = template.name.split("_")[0]
        script.fill_template(template, {**consistent, **IMPOSSIBLE.get(code, ({},))[0]}, inbox / template.name)
    run = pf.compute_files([inbox], methodology=DEFAULT, roster=roster)
    failed = run.problems[run.problems["code"] == "rule-failed"]
    by_code = {code: [m for f, m in zip(failed["file"], failed["message"]) if f.startswith(code)] for code in codes}
    assert by_code.pop("9000") == []
    for code, messages in by_code.items():
        assert len(messages) == 1 and IMPOSSIBLE[code][1] in messages[0], (code, messages)
    assert len(run.problems) == len(failed)  # nothing else is wrong with these schools
