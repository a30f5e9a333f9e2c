"""The command line: parses options, calls the library, prints in Russian. Nothing else.

Heavy modules (pandas, openpyxl) are imported inside the commands so that
``proforient --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from proforient_cli import __version__
from proforient_cli.core.errors import CannotStart
from proforient_cli.cli import click_russian, console

click_russian.install()

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[ПАРАМЕТРЫ]"


class _Group(click.Group):
    """Where every failure becomes Russian text: a run that cannot start (:class:`CannotStart`)
    is one line «Ошибка: …» and exit code 2; anything else is a bug of the program, said as such,
    and ``--debug`` shows its traceback."""

    def main(self, *args, **kwargs):
        console.install()  # before anything is printed, usage errors included
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Прервано.", err=True)
            sys.exit(130)
        except CannotStart as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _cannot_start(error)
        except Exception as error:  # the last line of defence: no traceback for a user
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Ошибка: {error.__class__.__name__}: {error}", err=True)
            click.echo("Это ошибка программы. Запустите команду с --debug и пришлите вывод разработчикам.",
                       err=True)
            sys.exit(EXIT_USAGE)


def _cannot_start(error: CannotStart) -> None:
    from proforient_cli.methodology.diagnostics import MethodologyError

    if isinstance(error, MethodologyError):
        click.echo(f"Ошибка: файл методики {error.path} содержит ошибки:", err=True)
        click.echo(str(error), err=True)
        click.echo("Проверьте его командой «proforient check».", err=True)
    else:
        click.echo(f"Ошибка: {error}", err=True)
    sys.exit(EXIT_USAGE)


def _fail(message: str) -> None:
    """Bad usage: one Russian line on stderr and exit code 2."""
    click.echo(f"Ошибка: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS, options_metavar=OPTIONS,
             subcommand_metavar="КОМАНДА [АРГУМЕНТЫ]...")
@click.version_option(__version__, "--version", message="proforient %(version)s")
@click.option("--debug", is_flag=True, help="Показывать полный текст ошибок программы (traceback).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Мониторинг профориентационной работы: шаблоны для сбора данных, расчёт показателей
    и аналитическая справка.

    \b
    Обычный порядок работы:
      proforient template --roster реестр.xlsx   # шаблоны для организаций
      proforient compute данные/2024             # справка по заполненным файлам
      proforient check indicators.yaml           # проверка файла методики
      proforient describe                        # методика таблицей для приказа
      proforient rollup справки/*                # свод муниципалитетов по региону
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _methodology_option(function=None, *, help: str = ""):
    def decorate(function):
        return click.option(
            "-m", "--methodology", "methodology", type=click.Path(dir_okay=False), default=None,
            help=help or "Файл методики (по умолчанию ./indicators.yaml, а если его нет — встроенная методика).",
        )(function)

    return decorate(function) if function is not None else decorate


def _load_methodology(option: str | None):
    from proforient_cli.methodology.load import methodology_of

    return methodology_of(option)


def _load_roster(option: str | None, methodology):
    from proforient_cli.intake.roster import roster_of

    return roster_of(option, methodology)


def _load_earlier(paths: tuple[str, ...], methodology):
    """Earlier periods' results, oldest first; a methodology mismatch is said, not fatal."""
    from proforient_cli.report.folder import read_period

    periods = sorted((read_period(Path(p)) for p in paths), key=lambda p: p.label)
    current = (methodology.id, methodology.version)
    for period in periods:
        if period.methodology is not None and period.methodology != current:
            click.echo(f"Внимание: {period.source} рассчитан по методике «{period.methodology[0]}», версия "
                       f"{period.methodology[1]}, а текущая — «{current[0]}», версия {current[1]}; "
                       f"сравнивайте с осторожностью.", err=True)
    return periods


# -- check --------------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT_SETTINGS, options_metavar=OPTIONS)
@click.argument("files", nargs=-1, type=click.Path(), metavar="[ФАЙЛ]...")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Вид вывода: текст, как у компилятора, или JSON для программ.")
@click.option("--schema", is_flag=True,
              help="Напечатать JSON Schema формата методики (для подсказок в редакторе) и выйти.")
def check(files: tuple[str, ...], output_format: str, schema: bool) -> None:
    """Проверить файл методики (indicators.yaml).

    Без аргументов проверяется ./indicators.yaml, а если его нет — встроенная методика.
    Каждая находка — строка вида «файл:строка:столбец: ошибка КОД: …»; в JSON — список
    объектов с полями code, severity, file, line, column, message.
    Код выхода: 0 — ошибок нет (предупреждения допустимы), 1 — есть ошибки,
    2 — файл не найден или не читается.

    \b
    Пример:
      proforient check indicators.yaml
      proforient check --format json examples/*/indicators.yaml
      proforient check --schema > indicators.schema.json
    """
    if schema:
        from proforient_cli.methodology.schema import methodology_schema

        click.echo(console.dumps(methodology_schema()))
        return
    from proforient_cli.core.patterns import expand
    from proforient_cli.methodology.diagnostics import ERROR
    from proforient_cli.methodology.load import read_methodology
    from proforient_cli.core.resources import resolve_methodology

    if files:
        # Patterns are expanded here too: the Windows shell leaves «examples/*/indicators.yaml» as is.
        paths = [path for f in files for path in expand(f) or [Path(f)]]
    else:
        # shown relative to the current folder when it is there, like a compiler would
        path = resolve_methodology(None)
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
        paths = [path]
    findings, unreadable = [], False
    for path in paths:
        if path.is_dir():
            click.echo(f"Ошибка: {path} — папка, а не файл методики; укажите файл, например "
                       f"{path / 'indicators.yaml'}", err=True)
            unreadable = True
            continue
        try:
            _, diagnostics = read_methodology(path)
        except FileNotFoundError:
            click.echo(f"Ошибка: файл не найден: {path}", err=True)
            unreadable = True
            continue
        except OSError as error:
            click.echo(f"Ошибка: не удалось прочитать файл {path}: {error.strerror or error}", err=True)
            unreadable = True
            continue
        findings.extend(diagnostics)
        if output_format == "text":
            for diagnostic in diagnostics:
                click.echo(diagnostic.as_text())
            errors = sum(d.severity == ERROR for d in diagnostics)
            warnings = len(diagnostics) - errors
            verdict = "ошибок нет" if not errors else f"ошибок: {errors}"
            click.echo(f"{path}: {verdict}, предупреждений: {warnings}")
    if output_format == "json":
        click.echo(console.dumps([d.as_dict() for d in findings]))
    if unreadable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_PROBLEMS if any(d.severity == ERROR for d in findings) else EXIT_OK)


# -- template -----------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT_SETTINGS, options_metavar=OPTIONS)
@_methodology_option
@click.option("--roster", type=click.Path(dir_okay=False), default=None,
              help="Реестр организаций (.xlsx или .csv с колонками «Код», «Наименование», «Тип»).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="proforient-templates",
              show_default=True, help="Папка для шаблонов.")
@click.option("--period", default=None, metavar="ПЕРИОД",
              help="Отчётный период в шапке шаблона, например «2024» или «2023/2024 учебный год».")
def template(methodology: str | None, roster: str | None, out_dir: str, period: str | None) -> None:
    """Создать шаблоны для сбора данных: по одному на организацию из реестра,
    а без реестра — один пустой шаблон, шапку которого заполняет сама организация.

    \b
    Пример:
      proforient template --roster examples/roster.csv --out шаблоны
    """
    from proforient_cli.template.workbook import write_templates

    loaded = _load_methodology(methodology)
    organizations = _load_roster(roster, loaded)
    written = write_templates(loaded, organizations, Path(out_dir), period=period)
    click.echo(f"Создано шаблонов: {len(written)}, папка: {out_dir}")


# -- compute ------------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT_SETTINGS, options_metavar=OPTIONS)
@click.argument("inputs", nargs=-1, required=True, metavar="ФАЙЛ|ПАПКА|ШАБЛОН...")
@_methodology_option
@click.option("--roster", type=click.Path(dir_okay=False), default=None,
              help="Реестр организаций: с ним справка называет тех, кто не прислал данные.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="proforient-report",
              show_default=True, help="Папка для справки и таблиц результатов.")
@click.option("--period", default=None, metavar="ПЕРИОД", help="Отчётный период, если он не указан в шаблонах.")
@click.option("--previous", "previous", multiple=True, type=click.Path(),
              help="Результаты прошлого периода: папка справки или её results.csv (можно несколько раз). "
                   "Справка покажет изменения, а показатели «нарастающим итогом» сложатся.")
@click.option("--strict", is_flag=True,
              help="Завершиться с кодом 1, если в данных найдены ошибки (для сценариев и проверок).")
@click.option("--conclusions", type=click.Path(dir_okay=False), default=None, metavar="ФАЙЛ",
              help="Текст методиста для раздела «Выводы и рекомендации» (.txt или .md): вставляется как написан.")
@click.option("--executor", default="", metavar="ТЕКСТ",
              help="Исполнитель справки: «ФИО, должность, телефон».")
@click.option("--docx-template", "docx_template", type=click.Path(dir_okay=False), default=None, metavar="ФАЙЛ",
              help="Свой шаблон Word для report.docx (например, на бланке отдела); по умолчанию — встроенный.")
@click.option("--feedback", is_flag=True,
              help="Подготовить обратную связь: страницу результатов для каждой организации (папка «организации»), "
                   "файлы с замечаниями на доработку (папка «на доработку») и список для рассылки письма.csv.")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход обработки.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="ЧИСЛО",
              help="Сколько процессов читают файлы (по умолчанию — по числу ядер процессора; "
                   "1 — читать в одном процессе).")
def compute(inputs: tuple[str, ...], methodology: str | None, roster: str | None, out_dir: str,
            period: str | None, previous: tuple[str, ...], strict: bool, conclusions: str | None, executor: str,
            docx_template: str | None, feedback: bool, quiet: bool, jobs: int | None) -> None:
    """Рассчитать показатели по заполненным файлам и подготовить аналитическую справку.

    Принимает файлы, папки (все .xlsx, .xls, .ods в них) и шаблоны имён вида
    «данные/*.xlsx» (раскрываются самой программой, в том числе в Windows).
    В папку --out пишутся аналитическая справка report.docx (и её копии report.md,
    report.xlsx), results.csv и problems.csv, а также run.json и sums.csv — для сравнения
    в следующем году и для свода по региону.

    Код выхода: 0 — справка готова (даже если в данных есть ошибки: они перечислены в ней);
    1 — с --strict, если в данных найдены ошибки; 2 — неверный вызов или нет ни одного
    читаемого файла.

    \b
    Пример:
      proforient compute examples/data --roster examples/roster.csv
      proforient compute данные/2024 --period 2024 --previous справка-2023
      proforient compute данные/2024 --executor "Иванова М. П., методист, 2-13-45"
    """
    from proforient_cli import pipeline
    from proforient_cli.intake.collect import gather
    from proforient_cli.report.docx import check_template
    from proforient_cli.report.folder import refuse_replacing_previous

    loaded = _load_methodology(methodology)
    own_text = pipeline.read_conclusions(Path(conclusions)) if conclusions else ""
    if docx_template:
        check_template(Path(docx_template))
    organizations = _load_roster(roster, loaded)
    earlier = _load_earlier(previous, loaded)
    out = Path(out_dir)
    refuse_replacing_previous(out, earlier)  # before the work, not after it
    collected = gather(inputs, skip=[out])
    show_progress = not quiet and sys.stderr.isatty()
    with click.progressbar(length=len(collected.files), label="Чтение файлов", file=sys.stderr,
                           hidden=not show_progress) as bar:
        run = pipeline.compute_checked(loaded, collected, organizations, period, earlier, jobs=jobs,
                                       progress=bar.update, conclusions=own_text, executor=executor,
                                       feedback=feedback)
    run.write(out, docx_template)
    click.echo(run.summary(out))
    if run.readable == 0:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_PROBLEMS if strict and run.report.problems else EXIT_OK)


# -- rollup -------------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT_SETTINGS, options_metavar=OPTIONS)
@click.argument("folders", nargs=-1, required=True, metavar="ПАПКА_СПРАВКИ...")
@_methodology_option(help="Файл методики (по умолчанию — тот, по которому рассчитаны справки муниципалитетов: "
                          "их methodology.yaml).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="proforient-rollup",
              show_default=True, help="Папка для сводной справки.")
@click.option("--period", default=None, metavar="ПЕРИОД", help="Отчётный период, если он не указан в справках муниципалитетов.")
def rollup(folders: tuple[str, ...], methodology: str | None, out_dir: str, period: str | None) -> None:
    """Свести результаты муниципалитетов в региональную справку.

    Принимает папки справок, сформированных командой compute (или их results.csv).
    Региональные значения считаются по суммам, как если бы все организации рассчитывались
    вместе, а не как среднее долей муниципалитетов. Муниципалитеты перечислены по алфавиту.

    \b
    Пример:
      proforient rollup справки/мосальский справки/юхновский --out регион
    """
    from proforient_cli.core.patterns import expand
    from proforient_cli.pipeline import roll_up_folders
    from proforient_cli.report.folder import methodology_of_folders

    paths = []
    for argument in folders:
        found = expand(argument)
        if not found:
            _fail(f"по шаблону «{argument}» не найдено ни одной папки")
        paths.extend(found)
    # Without -m: the methodology the municipalities' reports were computed with (methodology.yaml).
    loaded = _load_methodology(methodology or methodology_of_folders(paths))
    written = roll_up_folders(loaded, paths, period=period).write(Path(out_dir))
    click.echo(f"Сведено муниципалитетов: {len(paths)}. Справка: {written[0]}")


# -- describe -----------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT_SETTINGS, options_metavar=OPTIONS)
@_methodology_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="proforient-describe",
              show_default=True, help="Папка для описания методики.")
def describe(methodology: str | None, out_dir: str) -> None:
    """Описать методику таблицей «Показатель | Метод расчета | Единица измерения |
    Источник данных» — для приложения к приказу о проведении мониторинга.

    В папку --out пишутся methodology.docx (приложение к приказу), methodology.xlsx и
    methodology.md.

    \b
    Пример:
      proforient describe -m indicators.yaml --out приказ
    """
    from proforient_cli.core.atomic import write_text
    from proforient_cli.core.atomic import together
    from proforient_cli.report.describe import render_markdown, write_docx, write_xlsx

    loaded = _load_methodology(methodology)
    out = Path(out_dir)
    with together():
        write_text(out / "methodology.md", render_markdown(loaded))
        write_xlsx(loaded, out / "methodology.xlsx")
        write_docx(loaded, out / "methodology.docx")
    click.echo(f"Описание методики: {out / 'methodology.docx'}, {out / 'methodology.xlsx'}, {out / 'methodology.md'}")

