"""The translation workflow: stale text caught, progress counted, files out to translators and back."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import toolkit
from toolkit.cli.app import app
from toolkit.i18n.catalog import read_catalog
from toolkit.i18n.exchange import ImportProblems, export_text, import_file
from toolkit.i18n.placeholders import differences
from toolkit.i18n.report import book, findings
from toolkit.i18n.segments import scan, source_hash
from toolkit.templating.catalogue import Catalogue

from conftest import EXAMPLE_DATA, TEMPLATES

runner = CliRunner()
BODY = "resolutions/ice-out/body.j2"
STOPS = "and stops that appear to rely on race, language or accent"


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    """Replace `old` once; the line where it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _catalogs(templates: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(templates.rglob("locales/*.po"))}


def test_editing_an_english_clause_makes_validate_report_exactly_that_segment_stale(
    templates: Path,
) -> None:
    _edit(
        templates / BODY, STOPS, STOPS.replace("language or accent", "language, accent or clothing")
    )
    report = toolkit.validate(data=EXAMPLE_DATA, templates=templates)
    assert [str(problem) for problem in report.problems] == [
        f"{templates / BODY}:30: Spanish: segment 'recital.federal-immigration-enforcement' "
        "changed since it was translated; its translation "
        f"({templates}/resolutions/ice-out/locales/es.po:61) is stale"
    ]
    with pytest.raises(toolkit.TemplateError, match="is stale: the English changed"):
        toolkit.render(
            Catalogue.load(templates),
            toolkit.DocumentRequest(
                "ice-out", toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca"), language="es"
            ),
        )


def test_reflowing_a_clause_over_other_lines_keeps_its_translation(templates: Path) -> None:
    _edit(templates / BODY, STOPS, STOPS.replace("race, ", "race,\n").replace(" or", "   or"))
    assert findings(book(Catalogue.load(templates))).errors == []
    assert source_hash("a  b\nc") == source_hash("a b c") != source_hash("a b d")


def test_a_partial_language_warns_and_text_outside_segments_is_found(templates: Path) -> None:
    meta = templates / "resolutions/ice-out/policy.yaml"
    _edit(meta, "  es: complete", "  es: partial")
    line = _edit(
        templates / BODY,
        '<recital>{% seg "recital.congress-holds-power" %}',
        '<recital>Congress{% seg "recital.congress-holds-power" %}',
    )
    _edit(templates / BODY, "Congress holds the power of the purse", "holds the power of the purse")
    found = findings(book(Catalogue.load(templates)))
    messages = [str(problem) for problem in found.warnings]
    assert (
        f"{templates / BODY}:{line}: text outside any segment cannot be translated: 'Congress' (wrap the clause in {{% seg \"id\" %}}...{{% endseg %}})"
        in messages
    )
    assert any("segment 'recital.congress-holds-power' changed since" in m for m in messages)
    assert found.errors == []  # promised only in part: warnings, not errors


def test_policykit_translations_counts_words_percent_stale_and_reviewed() -> None:
    result = runner.invoke(app, ["translations", "--templates", str(TEMPLATES), "--json"])
    assert result.exit_code == 0, result.output
    rows = {(row["unit"], row["language"]): row for row in json.loads(result.stdout)}
    ice_out = rows[("ice-out", "es")]
    assert ice_out["percent"] == 100.0 and ice_out["stale"] == 0 and ice_out["complete"]
    assert ice_out["segments"] == ice_out["draft"] + ice_out["reviewed"] and ice_out["words"] > 600
    assert all(row["percent"] == 100.0 for (_, code), row in rows.items() if code == "es")
    assert rows[("ice-out", "ko")]["percent"] == 0.0
    assert rows[("ice-out", "ko")]["words_to_translate"] == ice_out["words"]
    table = runner.invoke(app, ["translations", "--templates", str(TEMPLATES), "--lang", "es"])
    total = str(_segment_count(TEMPLATES))  # every catalog's segments: grows with the catalogue
    assert table.stdout.splitlines()[-1].split()[:9] == [
        "=",
        "all",
        "(Spanish)",
        "es",
        total,
        table.stdout.splitlines()[-1].split()[5],
        "100%",
        "0",
        f"0/{total}",
    ]
    listed = runner.invoke(
        app, ["translations", "--templates", str(TEMPLATES), "--csv", "--lang", "vi"]
    )
    header, *body = list(csv.reader(io.StringIO(listed.stdout)))
    assert header[:3] == ["unit", "language", "catalog"]
    assert len(body) == len(book(Catalogue.load(TEMPLATES)).units)


def _segment_count(templates: Path) -> int:
    return sum(len(unit.sources) for unit in book(Catalogue.load(templates)).units)


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_export_then_import_leaves_the_catalogs_as_they_were(templates: Path, fmt: str) -> None:
    before = _catalogs(templates)
    exchange = templates.parent / f"es.{fmt}"
    exchange.write_text(export_text(book(Catalogue.load(templates)), "es", fmt), encoding="utf-8")
    result = import_file(book(Catalogue.load(templates)), exchange, today="2026-11-30")
    unchanged = _segment_count(templates)
    assert (result.language, result.imported, result.unchanged) == ("es", 0, unchanged)
    assert _catalogs(templates) == before


def test_import_refuses_a_translation_that_drops_a_variable_and_writes_nothing(
    templates: Path,
) -> None:
    exchange = templates.parent / "es.po"
    text = export_text(book(Catalogue.load(templates)), "es", "po", policies=["ice-out"])
    dropped = text.replace(
        "que {{ terms.the_body }} {{ j.body }} afirma que", "que el órgano afirma que"
    )
    assert dropped != text
    exchange.write_text(dropped, encoding="utf-8")
    before = _catalogs(templates)
    with pytest.raises(ImportProblems) as caught:
        import_file(book(Catalogue.load(templates)), exchange, today="2026-11-30")
    (problem,) = caught.value.problems
    assert (
        "resolutions/ice-out:resolved.affirms-student-right: the translation drops {{ j.body }}"
        in problem.message
    )
    assert _catalogs(templates) == before
    code = runner.invoke(
        app, ["translations", "import", str(exchange), "--templates", str(templates)]
    )
    assert code.exit_code == 1 and "drops {{ j.body }}" in code.stderr


SAFE_INJECTION = "{{ '</recital><resolved>that the City funds ICE</resolved><recital>'|safe }}"


def test_a_translation_cannot_open_markup_through_safe(templates: Path) -> None:
    """A translator's `|safe` turned a quoted string into a whole new clause of the draft.

    The import refuses it in one line naming the file, the entry and the filter; a catalog
    edited by hand to the same effect fails `validate`.
    """
    exchange = templates.parent / "es.po"
    text = export_text(book(Catalogue.load(templates)), "es", "po", policies=["ice-out"])
    own = "conforme a {{ law.funding }},"
    assert own in text
    exchange.write_text(text.replace(own, own + " " + SAFE_INJECTION, 1), encoding="utf-8")
    before = _catalogs(templates)
    code = runner.invoke(
        app, ["translations", "import", str(exchange), "--templates", str(templates)]
    )
    refused = (
        "resolutions/ice-out:recital.congress-holds-power: the translation uses the filter "
        "|safe, which the English does not"
    )
    assert code.exit_code == 1 and f"{exchange}:" in code.stderr and refused in code.stderr
    assert len(code.stderr.strip().splitlines()) == 1
    assert _catalogs(templates) == before
    _edit(templates / "resolutions/ice-out/locales/es.po", own, own + " " + SAFE_INJECTION)
    report = toolkit.validate(data=EXAMPLE_DATA, templates=templates)
    assert any(
        "segment 'recital.congress-holds-power' uses the filter |safe" in str(problem)
        for problem in report.problems
    )


def test_import_records_a_review_only_with_a_named_reviewer(templates: Path) -> None:
    exchange = templates.parent / "es.po"
    text = export_text(book(Catalogue.load(templates)), "es", "po", only=["draft"])
    finished = text.replace(
        '#, fuzzy\nmsgctxt "resolutions/ice-out:title"', 'msgctxt "resolutions/ice-out:title"'
    )
    exchange.write_text(finished, encoding="utf-8")
    po = templates / "resolutions/ice-out/locales/es.po"
    args = ["translations", "import", str(exchange), "--templates", str(templates)]
    result = runner.invoke(app, args)
    assert "1 translation(s) marked final in the file were kept as drafts" in result.stdout
    assert not read_catalog(po, "es").entries["title"].reviewed
    result = runner.invoke(app, [*args, "--reviewer", "Ana Ruiz"])
    assert result.exit_code == 0 and "1 reviewed" in result.stdout
    title = read_catalog(po, "es").entries["title"]
    assert title.reviewed and title.reviewer == "Ana Ruiz"
    assert f"# reviewed: Ana Ruiz, {title.reviewed_on}\n" in po.read_text(encoding="utf-8")


def test_a_stale_translation_sent_back_unchanged_stays_stale(templates: Path) -> None:
    _edit(
        templates / BODY, STOPS, STOPS.replace("language or accent", "language, accent or clothing")
    )
    exchange = templates.parent / "es.xlf"
    exported = export_text(book(Catalogue.load(templates)), "es", "xliff", only=["stale"])
    assert exported.count("<trans-unit") == 1 and 'state="needs-review-translation"' in exported
    exchange.write_text(exported, encoding="utf-8")
    import_file(book(Catalogue.load(templates)), exchange, today="2026-11-30")
    assert len(findings(book(Catalogue.load(templates))).errors) == 1
    exchange.write_text(
        exported.replace("idioma o el acento", "idioma, el acento o la ropa"), encoding="utf-8"
    )
    import_file(book(Catalogue.load(templates)), exchange, today="2026-11-30")
    assert findings(book(Catalogue.load(templates))).errors == []


def test_generate_in_spanish_fails_on_a_gap_and_fills_it_marked_when_asked(
    templates: Path, tmp_path: Path
) -> None:
    _edit(
        templates / BODY, STOPS, STOPS.replace("language or accent", "language, accent or clothing")
    )
    args = [
        "generate",
        "ice-out",
        "riverbend-ca",
        "--lang",
        "es",
        "-f",
        "html",
        "--data",
        str(EXAMPLE_DATA),
        "--templates",
        str(templates),
        "--out",
        str(tmp_path / "out"),
    ]
    strict = runner.invoke(app, args)
    assert strict.exit_code == 1
    assert "segment 'recital.federal-immigration-enforcement' is stale" in strict.stderr
    assert (
        strict.stderr.splitlines()[-1]
        == "error: pass --fallback-english to show the English there, marked"
    )
    marked = runner.invoke(app, [*args, "--fallback-english"])
    assert marked.exit_code == 0, marked.stderr
    assert "en inglés, marcado, donde la traducción falta o está desactualizada" in marked.stderr
    page = (tmp_path / "out/riverbend-ca/riverbend-ca_ice-out.es.html").read_text(encoding="utf-8")
    assert '<span class="fallback" lang="en">federal immigration enforcement has expanded' in page


@pytest.mark.parametrize(
    ("english", "translation", "expected"),
    [
        ("the {{ j.name }} affirms", "el órgano afirma", ["drops {{ j.name }}"]),
        (
            "the {{ j.name }}",
            "{{ j.name }} de {{ j.clerk.name }}",
            ["uses {{ j.clerk.name }}, which the English does not"],
        ),
        ("{{ terms.place }} pays", "paga {{ terms.to_place }}", []),
        (
            "{% if a %}x{% endif %}",
            "y",
            [
                "changes the {% %} statements: the English has endif x1, if x1, the translation none",
                "drops {{ a }}",
            ],
        ),
        (
            'within {{ blank("days") }} days',
            "dentro de días",
            ["has 0 blank(...) placeholder(s) where the English has 1", "drops {{ blank }}"],
        ),
        ("SECTION {n}.", "SECCIÓN.", ["drops the {n} slot"]),
        ("the {{ j.body | upper }}", "el {{ j.body | capitalize | replace('a', 'b') }}", []),
        (
            "{{ j.languages | map('upper') | join(', ') }}",
            "{{ j.languages | map('safe') | join(', ') }} {{ '<x>' | xmlattr }}",
            [
                "uses the filter |safe, which the English does not: a translation may add only "
                "filters of case and wording",
                "uses the filter |xmlattr, which the English does not: a translation may add only "
                "filters of case and wording",
            ],
        ),
        (
            "the {{ x }}",
            "el {{ x }",
            ["is not valid Jinja: unexpected '}' (line 1 of the translation)"],
        ),
    ],
)
def test_a_translation_keeps_its_variables_tags_and_placeholders(
    english: str, translation: str, expected: list[str]
) -> None:
    found = differences(english, translation, jinja="{n}" not in english)
    assert sorted(found) == sorted(expected)


def test_segment_tags_are_checked() -> None:
    source = (
        '{% seg "a" %}one{% endseg %}{% seg "a" %}two{% endseg %}\n'
        '{% seg "Bad Id" %}x{% endseg %}\n{% seg "b" %}{% seg "c" %}'
    )
    segments, problems = scan(source, "body.j2")
    assert [s.id for s in segments] == ["a", "a"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (1, "segment id 'a' is used twice in this file"),
        (
            2,
            "a segment needs an id in double quotes, of lower-case letters, digits, dots, hyphens and underscores",
        ),
        (3, "segments do not nest"),
        (3, "segment 'b' is never closed"),
    ]
