"""The `policykit` command: a thin Typer layer over the library API.

Each command parses its arguments, calls one library function and prints the result. User errors
become one line each on stderr and exit code 1, with a hint naming the flag that fixes them (the
library itself never names a flag); tracebacks are for bugs only.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from toolkit import api
from toolkit.batch.run import run_batch
from toolkit.cli.common import (
    LANGUAGE_CODES,
    DataOption,
    FormatOption,
    OutOption,
    TemplatesOption,
    interrupted_before_start,
    parse_pair_list,
    parse_pairs,
    parse_switches,
    say,
    stderr,
    user_errors,
    warn,
)
from toolkit.cli.preview import PreviewResult, render_preview, watch
from toolkit.cli.progress import print_batch_summary, progress_display
from toolkit.cli.serve import serve
from toolkit.cli.translations import (
    fallback_hint,
    language_notes,
    translation_summary,
    translations_app,
)
from toolkit.data.models import KINDS
from toolkit.languages import ENGLISH
from toolkit.packet.parts import PARTS
from toolkit.templating.scaffold import new_policy
from toolkit.templating.variables import describe
from toolkit.version import __version__

app = typer.Typer(
    help="Turn the network's model policies into documents a council or board can adopt.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: value forms (PATH, NAME=on|off) instead of <str>, <bool>
)


def _paths(data: Path | None, templates: Path | None) -> tuple[Path, Path]:
    return (data or api.default_data(), templates or api.default_templates())


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"policykit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn the network's model policies into documents a council or board can adopt."""


@app.command("list")
def list_command(
    data: DataOption = None,
    templates: TemplatesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the model policies (by group, with titles) and the jurisdictions."""
    data_path, templates_path = _paths(data, templates)
    with user_errors():
        catalogue = api.list_catalogue(data=data_path, templates=templates_path)
    if as_json:
        typer.echo(json.dumps(catalogue, indent=2, ensure_ascii=False))
        return
    other = "Other policies"
    groups: dict[str, list[dict[str, object]]] = {}
    for policy in catalogue["policies"]:
        groups.setdefault(str(policy["group"] or other), []).append(policy)
    for group, policies in sorted(groups.items(), key=lambda item: (item[0] == other, item[0])):
        typer.echo(f"{group}:")
        for policy in policies:
            typer.echo(f"  {policy['id']:<30} {policy['title']}")
            kinds = ", ".join(str(kind) for kind in policy["kinds"])  # type: ignore[attr-defined]
            typer.echo(f"  {'':<30} {policy['type']} v{policy['version']}; for: {kinds}")
    typer.echo("Jurisdictions:")
    for item in catalogue["jurisdictions"]:
        typer.echo(f"  {item['id']:<30} {item['kind']:<13} {item['state']}  {item['name']}")


@app.command()
def generate(
    policy: Annotated[str, typer.Argument(metavar="POLICY", help="Policy id, e.g. ice-out.")],
    jurisdiction: Annotated[
        str, typer.Argument(metavar="JURISDICTION", help="Jurisdiction id, e.g. riverbend-ca.")
    ],
    data: DataOption = None,
    templates: TemplatesOption = None,
    formats: FormatOption = None,
    out: OutOption = Path("out"),
    option: Annotated[
        list[str] | None,
        typer.Option("--option", metavar="NAME=on|off", help="Switch a clause; repeatable."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FIELD=VALUE",
            help="Override a jurisdiction field for this run (dotted paths); repeatable.",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", metavar=LANGUAGE_CODES, help="Language of the document.")
    ] = ENGLISH.code,
    brief: Annotated[bool, typer.Option("--brief", help="Also write the messaging brief.")] = False,
    part: Annotated[
        list[str] | None,
        typer.Option(
            "--part",
            metavar="|".join(PARTS),
            help="Write this part of the aide's packet instead of the draft; repeatable.",
        ),
    ] = None,
    recipient: Annotated[
        str | None,
        typer.Option(
            "--recipient",
            metavar="ID",
            help="With --part cover-letter: only the letter to this recipient (house-chair, ...).",
        ),
    ] = None,
    packet: Annotated[
        bool,
        typer.Option(
            "--packet",
            help="Write the whole packet (draft, staff report, brief, letters...) as one zip.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist.")
    ] = False,
    fallback_english: Annotated[
        bool,
        typer.Option(
            "--fallback-english",
            help="Where a translation is missing or out of date, show the English, marked.",
        ),
    ] = False,
    bilingual: Annotated[
        str | None,
        typer.Option(
            "--bilingual",
            metavar=LANGUAGE_CODES,
            help="Write English | this language side by side, clause by clause, for posting.",
        ),
    ] = None,
    counsel_override: Annotated[
        bool,
        typer.Option(
            "--counsel-override",
            help="Draft a policy the state's law forbids, at counsel's request (page 1 says so).",
        ),
    ] = False,
    no_footer: Annotated[
        bool,
        typer.Option("--no-footer", help="No provenance line on pages (kept in the properties)."),
    ] = False,
) -> None:
    """Generate one tailored document for one jurisdiction, into OUT/JURISDICTION/."""
    data_path, templates_path = _paths(data, templates)
    with user_errors(set_flag="--set"), fallback_hint():
        result = api.generate(
            policy,
            jurisdiction,
            data=data_path,
            templates=templates_path,
            out_dir=out,
            formats=formats or ["docx", "pdf"],
            options=parse_switches(option),
            overrides=parse_pairs(set_, "--set"),
            language=lang,
            brief=brief,
            force=force,
            fallback_english=fallback_english,
            bilingual=bilingual,
            parts=part or (),
            recipient=recipient,
            packet=packet,
            counsel_override=counsel_override,
            footer=not no_footer,
        )
    for warning in result.warnings:
        warn(warning)
    for path in result.written:
        say(str(path))
    for path in result.up_to_date:
        say(f"{path} (already up to date)")
    if result.blanks:
        typer.echo(f"still blank, for the clerk to fill in: {', '.join(result.blanks)}")


@app.command()
def validate(data: DataOption = None, templates: TemplatesOption = None) -> None:
    """Check the jurisdictions and render every policy for each; list every problem."""
    data_path, templates_path = _paths(data, templates)
    with user_errors(), progress_display("entries") as on_progress:
        report = api.validate(data=data_path, templates=templates_path, on_progress=on_progress)
    for jid, by_policy in report.placeholders.items():
        if by_policy:
            typer.echo(f"{jid}: placeholders for the clerk to fill in")
        for policy_id, blanks in by_policy.items():
            typer.echo(f"  {policy_id}: {'; '.join(blanks)}")
    for line in translation_summary(report.translations):
        typer.echo(line)
    for problem in report.problems:
        stderr(f"error: {problem}")
    for problem in report.warnings:
        warn(str(problem))
    summary = f"{report.documents_checked} document(s) rendered, {len(report.problems)} problem(s)"
    if report.problems:
        stderr(summary)
        raise typer.Exit(1)
    typer.echo(summary)


@app.command()
def batch(
    policies: Annotated[
        list[str], typer.Argument(metavar="POLICY...", help="One or more policy ids.")
    ],
    data: DataOption = None,
    templates: TemplatesOption = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            metavar="FIELD=VALUE",
            help="Only jurisdictions whose FIELD equals VALUE; repeatable.",
        ),
    ] = None,
    out: OutOption = Path("out"),
    formats: FormatOption = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang", metavar=LANGUAGE_CODES, help="Language; repeat for several. Default: en."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes. Default: cores."),
    ] = None,
    make_zip: Annotated[
        bool, typer.Option("--zip", help="Also write one .zip per jurisdiction, ready to email.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Re-render even up-to-date files; replace hand-edited ones."),
    ] = False,
    packet: Annotated[
        bool,
        typer.Option(
            "--packet", help="Write each policy's whole packet as one zip per jurisdiction."
        ),
    ] = False,
    no_footer: Annotated[
        bool,
        typer.Option("--no-footer", help="No provenance line on pages (kept in the properties)."),
    ] = False,
) -> None:
    """Generate policies for many jurisdictions at once (YAML or CSV), resumably."""
    data_path, templates_path = _paths(data, templates)
    with user_errors(), interrupted_before_start(), progress_display() as on_progress:
        report = run_batch(
            policies,
            data=data_path,
            templates=templates_path,
            out_dir=out,
            formats=formats or ["docx", "pdf"],
            languages=lang or [ENGLISH.code],
            where=parse_pair_list(where, "--where"),
            jobs=jobs,
            make_zip=make_zip,
            force=force,
            on_progress=on_progress,
            packet=packet,
            footer=not no_footer,
        )
    print_batch_summary(report, out)
    for note in language_notes(templates_path, lang or []):
        warn(note)
    if report.interrupted:
        raise typer.Exit(130)
    if report.failures:
        raise typer.Exit(1)


@app.command("new-policy")
def new_policy_command(
    policy_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new policy's id, e.g. tenant-organizing.")
    ],
    doc_type: Annotated[
        str, typer.Option("--type", metavar="resolution|ordinance", help="Document type.")
    ],
    kinds: Annotated[
        str,
        typer.Option("--kinds", metavar="KIND,...", help="Comma-separated kinds it applies to."),
    ] = ",".join(KINDS),
    templates: TemplatesOption = None,
) -> None:
    """Scaffold a working, commented policy that validates and renders right away."""
    if templates is None and not Path("templates").is_dir():
        stderr(
            "error: no ./templates here: run new-policy in the folder that holds the "
            "templates (the repository), or pass --templates DIR"
        )
        raise typer.Exit(1)
    with user_errors():
        paths = new_policy(
            policy_id,
            doc_type=doc_type,
            kinds=[kind.strip() for kind in kinds.split(",") if kind.strip()],
            templates=templates or Path("templates"),
            today=dt.date.today(),
        )
    for path in paths:
        say(str(path))


@app.command()
def preview(
    policy: Annotated[str, typer.Argument(metavar="POLICY", help="Policy id.")],
    jurisdiction: Annotated[str, typer.Argument(metavar="JURISDICTION", help="Jurisdiction id.")],
    data: DataOption = None,
    templates: TemplatesOption = None,
    out: OutOption = Path("out"),
    watch_files: Annotated[
        bool, typer.Option("--watch", help="Re-render on every save until Ctrl-C.")
    ] = False,
) -> None:
    """Write the HTML preview; with --watch, keep it fresh as you edit."""
    data_path, templates_path = _paths(data, templates)

    def render() -> PreviewResult:
        return render_preview(
            policy,
            jurisdiction,
            data=data_path,
            templates=templates_path,
            out_dir=out,
            refresh=watch_files,
        )

    def report(result: PreviewResult) -> None:
        for error in result.errors:
            stderr(f"error: {error}")
        say(f"{'error page' if result.errors else 'preview'}: {result.path}")

    with user_errors():
        if not watch_files:
            result = render()
            report(result)
            if result.errors:
                raise typer.Exit(1)
            return
        typer.echo("Watching templates and data; open the page in a browser. Ctrl-C to stop.")
        try:
            watch(render, data=data_path, templates=templates_path, on_render=report)
        except KeyboardInterrupt:
            typer.echo("Stopped watching.")


@app.command()
def variables(
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="|".join(KINDS), help="Only this kind of jurisdiction."),
    ] = None,
) -> None:
    """Print every variable a policy template can use, per kind of jurisdiction."""
    if kind is not None and kind not in KINDS:
        stderr(f"error: --kind {kind}: expected one of: {', '.join(KINDS)}")
        raise typer.Exit(1)
    typer.echo(describe(kind), nl=False)


app.command()(serve)


app.add_typer(translations_app, name="translations")


def main() -> None:
    """Console-script entry point: command-line mistakes are one line and exit 1, like the rest."""
    try:
        code = app(standalone_mode=False, prog_name="policykit")
    except typer.Abort:
        stderr("Interrupted.")
        code = 130
    except typer.TyperException as exc:
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        if not message:  # `policykit` alone: the help was printed, nothing went wrong
            raise SystemExit(0) from None
        command = getattr(getattr(exc, "ctx", None), "command_path", "policykit")
        stderr(f"error: {command}: {message} (see {command} --help)")
        code = 1
    raise SystemExit(code or 0)
