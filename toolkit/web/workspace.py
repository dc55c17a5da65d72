"""One page's worth of work: a policy, a jurisdiction as typed, and what the library makes of it.

A `Workspace` is rebuilt from every request (the server keeps no sessions): from the data file when
a jurisdiction is picked, from the form when the page posts back its own fields, or from an
uploaded answers file. It is then validated by the same models as a file entry, and rendered by
the same pipeline as `policykit generate`, so the preview and the downloads have the CLI's text
and the errors the CLI's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from starlette.datastructures import FormData

from toolkit.data.entries import jurisdiction_from_mapping
from toolkit.data.models import KINDS, JurisdictionBase
from toolkit.document.model import Document
from toolkit.errors import DataError, PolicykitError, Problem, ProblemsError
from toolkit.languages import ENGLISH, LANGUAGES
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.policies import Policy
from toolkit.web.answers import saved_entry
from toolkit.web.fields import control_path, entry_from_form, flatten, is_on, suggested_id
from toolkit.web.messages import message
from toolkit.web.site import Site
from toolkit.writers.html import render_html

NEW = "new:"
"""Prefix of the Jurisdiction menu's entries for a jurisdiction not in the data file."""
BILINGUAL = f"{ENGLISH.code}-"
"""Prefix of the document language menu's bilingual entries: `en-es`, as in the file names."""
LANGUAGE_FIELD = "language"
"""Where translation problems are filed: next to the document language menu."""
FALLBACK_HINT = "ask for the English in its place"
"""How the library's translation problems end (as the CLI recognises them to add its hint)."""

@dataclass(frozen=True)
class Issue:
    """One line of the error summary, and the field it is about (to link to), if any."""

    text: str
    field: str | None = None


@dataclass
class Workspace:
    """The policy, the jurisdiction entry as typed, and what went wrong with them."""

    policy: Policy
    choice: str
    """The Jurisdiction menu's value: an id from the data file, or `new:<kind>`."""
    entry: dict[str, Any]
    language: str = ENGLISH.code
    ui: str = "en"
    bilingual: bool = False
    """English beside `language`, clause by clause."""
    fallback_english: bool = False
    """English, marked, where a translation is missing or stale, instead of an error."""
    jurisdiction: JurisdictionBase | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Issue] = field(default_factory=list)
    """Every problem in the CLI's words, for the summary at the top of the page."""
    notices: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The jurisdiction's kind, which decides its fields."""
        return str(self.entry["kind"])

    @property
    def is_new(self) -> bool:
        """Whether the jurisdiction is typed in rather than picked from the data file."""
        return self.choice.startswith(NEW)

    @property
    def language_choice(self) -> str:
        """The document language menu's value: `es`, or `en-es` for English beside Spanish."""
        return f"{BILINGUAL}{self.language}" if self.bilingual else self.language

    @property
    def names_language(self) -> str | None:
        """The language whose names of the jurisdiction the form shows, if not English."""
        return None if self.language == ENGLISH.code else self.language

    def values(self) -> dict[str, Any]:
        """The controls' values: the entry flattened to dotted names."""
        return flatten(self.entry)

    def option_values(self) -> dict[str, bool]:
        """The effective clause switches of the chosen policy: saved or typed, else defaults."""
        options = self.entry.get("options")
        chosen = options.get(self.policy.id) if isinstance(options, Mapping) else None
        chosen = chosen if isinstance(chosen, Mapping) else {}
        return {
            name: is_on(chosen[name]) if name in chosen else spec.default
            for name, spec in self.policy.meta.options.items()
        }

    def fail(self, line: str, field: str | None = None) -> None:
        """A problem shown in the summary at the top of the page."""
        self.problems.append(Issue(line, field))


def default_choice(site: Site) -> str:
    """The first jurisdiction of the data file, or a new city when it has none."""
    entries = site.data.jurisdictions()
    return entries[0].id if entries else f"{NEW}city"


def start(
    site: Site,
    *,
    policy_id: str | None = None,
    choice: str | None = None,
    language: str | None = None,
    ui: str = "en",
    fallback_english: bool = False,
) -> Workspace:
    """A workspace for a policy and a menu choice, its details taken from the data file."""
    workspace = _blank(site, policy_id, language, ui, fallback_english)
    choice = choice or default_choice(site)
    entry = _entry_for_choice(site, choice, workspace.problems)
    if entry is None:
        choice = default_choice(site)
        entry = _entry_for_choice(site, choice, workspace.problems) or {"kind": "city"}
    workspace.choice, workspace.entry = choice, entry
    return workspace


def from_form(site: Site, form: FormData, *, ui: str = "en") -> Workspace:
    """The workspace a page posted: its own fields if it shows this jurisdiction, else the file's.

    The page carries `loaded`, the menu choice its fields were filled for; when the menu now
    says something else, the user picked another jurisdiction and its details are loaded.
    """
    policy_id, language = _text(form, "policy") or None, _text(form, "language") or None
    fallback = is_on(_text(form, "fallback"))
    choice, loaded, kind = _text(form, "jurisdiction"), _text(form, "loaded"), _text(form, "kind")
    if not choice or choice != loaded or kind not in KINDS:
        return start(
            site,
            policy_id=policy_id,
            choice=choice or None,
            language=language,
            ui=ui,
            fallback_english=fallback,
        )
    workspace = _blank(site, policy_id, language, ui, fallback)
    workspace.choice = choice
    workspace.entry = entry_from_form(form, kind, site.catalogue.policies)
    return workspace


def from_answers(
    site: Site,
    entry: dict[str, Any],
    policy_id: str | None,
    ui: str,
    *,
    language: str | None = None,
    fallback_english: bool = False,
) -> Workspace:
    """The workspace for an uploaded answers file: typed-in details, whatever the data file says."""
    workspace = _blank(site, policy_id, language, ui, fallback_english)
    workspace.choice, workspace.entry = f"{NEW}{entry['kind']}", entry
    return workspace


def _blank(
    site: Site, policy_id: str | None, language: str | None, ui: str, fallback_english: bool
) -> Workspace:
    """A workspace with its policy and language checked, and no jurisdiction yet."""
    problems: list[Issue] = []
    policy = _policy(site, policy_id, problems, ui)
    code, bilingual = parse_language(language)
    if language and code is None:
        problems.append(Issue(message(ui, "unknown.language", code=language), LANGUAGE_FIELD))
    workspace = Workspace(
        policy,
        f"{NEW}city",
        {"kind": "city"},
        code or ENGLISH.code,
        ui,
        bilingual=bilingual,
        fallback_english=fallback_english,
    )
    workspace.problems.extend(problems)
    return workspace


def parse_language(value: str | None) -> tuple[str | None, bool]:
    """The document language menu's value as (language code, bilingual); (None, False) if unknown.

    `es` is a Spanish document, `en-es` English beside Spanish; English beside English is not a
    choice the menu offers, so `en-en` is unknown.
    """
    if not value:
        return None, False
    if value in LANGUAGES:
        return value, False
    other = value.removeprefix(BILINGUAL)
    if value.startswith(BILINGUAL) and other in LANGUAGES and other != ENGLISH.code:
        return other, True
    return None, False


def _policy(site: Site, policy_id: str | None, problems: list[Issue], ui: str) -> Policy:
    if policy_id and policy_id in site.catalogue.policies:
        return site.catalogue.policies[policy_id]
    if policy_id:
        problems.append(Issue(message(ui, "unknown.policy", id=policy_id)))
    return site.default_policy()


def _entry_for_choice(site: Site, choice: str, problems: list[Issue]) -> dict[str, Any] | None:
    if choice.startswith(NEW):
        kind = choice[len(NEW) :]
        return {"kind": kind} if kind in KINDS else None
    try:
        return saved_entry(site.data.load().pick(choice))
    except ProblemsError as exc:
        problems.extend(Issue(str(problem)) for problem in exc.problems)
    except PolicykitError as exc:
        problems.append(Issue(str(exc)))
    return None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def validate(workspace: Workspace, *, live: bool = False) -> None:
    """Validate the entry with the models; file each problem under its field.

    A new jurisdiction without an id gets one made from its name and state; while those are
    wrong, the missing id is not reported (fixing them fixes it). In `live` mode (the preview
    refreshing as the user types) a field not filled in yet is not an error either.
    """
    entry = workspace.entry
    derived_id = workspace.is_new and not entry.get("id")
    if derived_id:
        suggestion = suggested_id(entry)
        if suggestion:
            entry["id"] = suggestion
    try:
        workspace.jurisdiction = jurisdiction_from_mapping(entry)
    except DataError as exc:
        values = workspace.values()
        fields = {problem.field for problem in exc.problems}
        for problem in exc.problems:
            name = control_path(problem.field or "")
            if live and not _typed(values, name):
                continue
            if name == "id" and derived_id and fields & {"name", "state"}:
                continue
            workspace.field_errors.setdefault(name, []).append(problem.message)
            workspace.fail(str(problem), name or None)


def missing_fields(workspace: Workspace) -> list[str]:
    """Required fields still empty, for the preview's hint (a new entry's id is made for it)."""
    if workspace.jurisdiction is not None:
        return []
    try:
        jurisdiction_from_mapping(workspace.entry)
    except DataError as exc:
        values = workspace.values()
        fields = [control_path(p.field) for p in exc.problems if p.field]
        return [
            name
            for name in dict.fromkeys(fields)
            if not _typed(values, name) and not (workspace.is_new and name == "id")
        ]
    return []


def _typed(values: Mapping[str, Any], name: str) -> bool:
    return any(key == name or key.startswith(f"{name}.") for key in values)


@dataclass(frozen=True)
class Preview:
    """What the preview panel shows."""

    html: Markup | None = None
    blanks: tuple[str, ...] = ()
    warning: str = ""
    warning_lang: str = ENGLISH.code
    """The language the warning is shown in: the interface's where it is translated."""
    fallbacks: tuple[str, ...] = ()
    language: str = ENGLISH.code
    """The document's language: the translation's, for a bilingual document."""
    document_lang: str = ENGLISH.code
    """The `lang` of the document as a whole (English for a bilingual one; its cells say more)."""
    notice: str = ""
    """The document's own "translation not yet reviewed" notice, as page 1 prints it."""
    unreviewed: int = 0
    problems: tuple[str, ...] = ()
    translation_problems: tuple[str, ...] = ()
    """Missing or stale translations, in the CLI's words: shown next to the language menu."""


def preview(site: Site, workspace: Workspace) -> Preview:
    """The document as HTML (the writer's own markup), its blanks, and the state's warning."""
    jurisdiction = workspace.jurisdiction
    if jurisdiction is None:
        return Preview()
    english = site.catalogue.legal_warning(jurisdiction, workspace.policy)
    warning = site.in_language(english, workspace.ui)
    try:
        document = render_document(site, workspace)
    except PolicykitError as exc:
        return failed_preview(site, workspace, exc)
    page = render_html(document, embed_stylesheet=False)
    body = page[page.index("<main>") + len("<main>") : page.rindex("</main>")]
    return Preview(
        html=Markup(body),  # the HTML writer escaped every piece of text already
        blanks=tuple(document.blanks()),
        warning=warning.text,
        warning_lang=warning.lang,
        fallbacks=document.fallbacks,
        language=document.parallel_language or document.language,
        document_lang=document.language,
        notice=document.notice,
        unreviewed=document.unreviewed,
    )


def failed_preview(site: Site, workspace: Workspace, exc: PolicykitError) -> Preview:
    """The preview of a render that failed: its problems, the translation ones apart."""
    assert workspace.jurisdiction is not None
    catalogue, jurisdiction = site.catalogue, workspace.jurisdiction
    # A policy the state's law forbids is refused: the refusal is the page's legal warning.
    english = catalogue.legal_warning(jurisdiction, workspace.policy) or catalogue.blocked(
        workspace.policy, jurisdiction
    )
    warning = site.in_language(english, workspace.ui)
    problems = exc.problems if isinstance(exc, ProblemsError) else ()
    lines = tuple(str(p) for p in problems) if problems else (str(exc),)
    translation = tuple(str(p) for p in problems if is_translation_problem(p))
    return Preview(
        warning=warning.text,
        warning_lang=warning.lang,
        language=workspace.language,
        problems=lines,
        translation_problems=translation,
    )


def is_translation_problem(problem: Problem) -> bool:
    """Whether a render problem is a missing or stale translation (English may stand in)."""
    return FALLBACK_HINT in problem.message


def document_request(workspace: Workspace, *, brief: bool = False) -> DocumentRequest:
    """What `policykit generate` would be asked for this workspace (validate it first)."""
    assert workspace.jurisdiction is not None, "validate the workspace first"
    return DocumentRequest(
        workspace.policy.id,
        workspace.jurisdiction,
        {},
        workspace.language,
        brief=brief,
        fallback_english=workspace.fallback_english,
        bilingual=workspace.bilingual,
    )


def render_document(site: Site, workspace: Workspace, *, brief: bool = False) -> Document:
    """The draft (or its brief) for the validated jurisdiction, as `policykit generate` makes it."""
    return render(site.catalogue, document_request(workspace, brief=brief))
