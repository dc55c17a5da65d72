"""`policykit translations`: how far each language has come, and files for translators.

policykit translations                       per policy and language: words, %, stale, reviewed
policykit translations --json | --csv        the same for scripts and spreadsheets
policykit translations --segments --lang es  every segment with its status, as file:line
policykit translations export es --format po|xliff [--only missing,stale] [--out FILE]
policykit translations import FILE [--reviewer NAME] [--dry-run]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from toolkit import api
from toolkit.cli.common import LANGUAGE_CODES, TemplatesOption, say, user_errors
from toolkit.errors import Problem, TemplateError
from toolkit.i18n.exchange import EXCHANGE_FORMATS, export_text, import_file
from toolkit.i18n.report import Book, Coverage, book, coverage, translation_languages
from toolkit.i18n.status import STATUSES
from toolkit.languages import ENGLISH, LANGUAGES, get_language

translations_app = typer.Typer(
    help="Translation progress per policy and language, and files for translators.",
    rich_markup_mode=None,
)

LangOption = Annotated[
    list[str] | None,
    typer.Option(
        "--lang", metavar=LANGUAGE_CODES, help="Only this language; repeatable. Default: all."
    ),
]


def _book(templates: Path | None) -> Book:
    return book(api.load_catalogue(templates or api.default_templates()))


@translations_app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    templates: TemplatesOption = None,
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV for a spreadsheet.")] = False,
    segments: Annotated[
        bool, typer.Option("--segments", help="List every segment with its status (file:line).")
    ] = False,
) -> None:
    """Per policy and language: words, percent translated, stale and reviewed counts."""
    if ctx.invoked_subcommand is not None:
        return
    with user_errors():
        for code in lang or []:
            get_language(code)
        found = _book(templates)
        rows = coverage(found, lang)
    if segments:
        _print_segments(found, lang)
    elif as_json:
        typer.echo(json.dumps([_row(row) for row in rows], indent=2, ensure_ascii=False))
    elif as_csv:
        _print_csv(rows)
    else:
        _print_table(rows)


def _row(row: Coverage) -> dict[str, object]:
    return {**asdict(row), "percent": round(row.percent, 1)}


def _print_csv(rows: list[Coverage]) -> None:
    buffer = io.StringIO()
    data = [_row(row) for row in rows]
    writer = csv.DictWriter(buffer, fieldnames=list(data[0]) if data else ["unit"])
    writer.writeheader()
    writer.writerows(data)
    typer.echo(buffer.getvalue(), nl=False)


def _print_table(rows: list[Coverage]) -> None:
    header = (
        f"{'policy':<30} {'lang':<8} {'segments':>8} {'words':>7} {'translated':>10} "
        f"{'stale':>5} {'reviewed':>9} {'words to do':>11}"
    )
    typer.echo(header)
    for language in dict.fromkeys(row.language for row in rows):
        own = [row for row in rows if row.language == language]
        for row in [*own, _total(own)]:
            promise = " (promised)" if row.complete else ""
            typer.echo(
                f"{row.unit:<30} {row.language:<8} {row.segments:>8} {row.words:>7} "
                f"{row.percent:>9.0f}% {row.stale:>5} {row.reviewed:>4}/{row.segments:<4} "
                f"{row.words_to_translate:>11}{promise}"
            )


def _total(rows: list[Coverage]) -> Coverage:
    first = rows[0]
    sums = {
        name: sum(getattr(row, name) for row in rows)
        for name in (
            "segments",
            "words",
            "translated",
            "reviewed",
            "draft",
            "stale",
            "missing",
            "words_to_translate",
        )
    }
    name = f"= all ({LANGUAGES[first.language].name})"
    return Coverage(unit=name, language=first.language, catalog="", complete=False, **sums)


def _print_segments(found: Book, languages: list[str] | None) -> None:
    for language in translation_languages(languages):
        for unit in found.units:
            for state in found.states(unit, language).values():
                say(f"{state.source.where}: {language} {state.status:<8} {state.source.id}")


@translations_app.command("export")
def export_command(
    language: Annotated[str, typer.Argument(metavar="LANG", help="Language to translate into.")],
    fmt: Annotated[
        str, typer.Option("--format", metavar="|".join(EXCHANGE_FORMATS), help="File format.")
    ] = "po",
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", metavar="ID", help="Only this policy (and the shared texts)."),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            metavar="|".join(STATUSES),
            help="Only segments of these statuses, comma-separated: what to send a vendor.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write here. Default: translations.LANG.FMT."),
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Write one PO or XLIFF file with every segment of a language, for translators."""
    statuses = [part.strip() for part in (only or "").split(",") if part.strip()]
    with user_errors():
        text = export_text(
            _book(templates),
            language,
            fmt,
            policies=policy or [],
            only=statuses,  # type: ignore[arg-type]
        )
        target = out or Path(f"translations.{language}.{'xlf' if fmt == 'xliff' else fmt}")
        target.write_text(text, encoding="utf-8")
    say(str(target))


@translations_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A PO or XLIFF file from export.")],
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar="NAME",
            help="Record the translations the file marks as final as reviewed by NAME, today.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and say what would change.")
    ] = False,
    templates: TemplatesOption = None,
) -> None:
    """Check a translated file (variables, tags, placeholders) and merge it into the catalogs."""
    with user_errors():
        result = import_file(
            _book(templates),
            file,
            reviewer=reviewer or "",
            today=dt.date.today().isoformat(),
            dry_run=dry_run,
        )
    name = LANGUAGES[result.language].name
    typer.echo(
        f"{name}: {result.imported} translation(s) imported, {result.unchanged} unchanged, "
        f"{result.reviewed} reviewed"
    )
    if result.approved_without_reviewer:
        typer.echo(
            f"note: {result.approved_without_reviewer} translation(s) marked final in the file "
            "were kept as drafts: pass --reviewer NAME to record who reviewed them"
        )
    if result.still_stale:
        typer.echo(
            f"note: {result.still_stale} translation(s) were made from older English and stay "
            "stale: export again for the current text"
        )
    if result.dropped:
        typer.echo(f"note: {result.dropped} entry(ies) for segments that no longer exist dropped")
    for path in result.written:
        say(str(path))
    if dry_run:
        typer.echo("dry run: nothing was written")


def translation_summary(rows: list[Coverage]) -> list[str]:
    """One line per language for `validate`: how much is translated, stale and reviewed."""
    lines = []
    for language in dict.fromkeys(row.language for row in rows):
        total = _total([row for row in rows if row.language == language])
        lines.append(
            f"translations: {LANGUAGES[language].name} ({language}) {total.percent:.0f}% of "
            f"{total.segments} segments, {total.stale} stale, {total.reviewed} reviewed"
        )
    return lines


@contextmanager
def fallback_hint() -> Iterator[None]:
    """After a missing or stale translation, say how to get the document anyway."""
    try:
        yield
    except TemplateError as exc:
        if not any("ask for the English in its place" in p.message for p in exc.problems):
            raise
        hint = Problem("", "pass --fallback-english to show the English there, marked")
        raise TemplateError([*exc.problems, hint]) from None


def language_notes(templates: Path, languages: list[str]) -> list[str]:
    """What `batch` says about the translations its documents use, per language asked for."""
    found = book(api.load_catalogue(templates))
    notes = []
    for language in dict.fromkeys(languages):
        if language == ENGLISH.code:
            continue
        rows = coverage(found, [language])
        unfinished = sum(row.draft + row.stale + row.missing for row in rows)
        if not unfinished:
            continue
        values = {"file": f"*.{language.lower()}.*", "n": str(unfinished)}
        notes.append(found.catalogue.message(language, "message_unreviewed", values))
    return notes
