"""Every piece of text the web app shows, in one place per language.

A Spanish interface is one more mapping in `MESSAGES` with the same keys: no code changes. A key
missing from a translation falls back to English, so a partial translation is usable. Values are
`str.format` templates (`{name}`); pages escape them, so they hold plain text, never markup.

Field help: `help.<field>` overrides the model's own description of a field, so that the text a
page shows can be translated too; fields the models do not describe are described here.
"""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH_UI: dict[str, str] = {
    # page frame
    "app.name": "policykit",
    "app.tagline": "Model policies, tailored for your council or board",
    "skip": "Skip to the form",
    "footer.disclaimer": (
        "The drafts are model language, not legal advice: counsel should review every draft "
        "before it is introduced."
    ),
    "footer.local": "This app runs on your own computer; nothing you type leaves it.",
    # the workspace
    "page.title": "Draft a policy",
    "page.heading": "Draft a policy for your jurisdiction",
    "page.lede": (
        "Pick a policy and a jurisdiction, then download the draft. Tailor it below and watch "
        "the preview change; the downloads have the same text."
    ),
    "step.choose": "1. Choose",
    "step.details": "2. The jurisdiction",
    "step.tailor": "3. Tailor",
    "step.preview": "4. Preview",
    "step.more": "5. More downloads",
    "step.keep": "6. Keep your answers",
    "policy.label": "Policy",
    "policy.about": "{summary} ({type}, version {version}; for: {kinds})",
    "policy.all": "About every policy",
    "policy.other_group": "Other policies",
    "policy.facts": "{type}, version {version}; for: {kinds}",
    "jurisdiction.label": "Jurisdiction",
    "jurisdiction.from_file": "In the data file ({file})",
    "jurisdiction.new_group": "Not in the data file: fill in its details",
    "jurisdiction.new": "Another {kind}",
    "jurisdiction.option": "{name} ({state})",
    "language.label": "Language of the document",
    "choose.hint": (
        "Changing the policy or the jurisdiction reloads the form below. Without JavaScript, "
        "press Preview after changing them."
    ),
    "button.preview": "Preview",
    "button.docx": "Download Word (DOCX)",
    "button.pdf": "Download PDF",
    "button.brief_docx": "Download the brief as Word",
    "button.brief_pdf": "Download the brief as a PDF",
    "button.zip": "Download everything (zip)",
    "button.answers": "Download answers",
    "button.save": "Save to data file",
    "button.load": "Load answers",
    "more.hint": (
        "The brief is one page of talking points for the official carrying the policy. The zip "
        "holds the draft and the brief in both formats, and your answers."
    ),
    # tailoring
    "options.legend": "Clauses",
    "options.hint": "Untick a clause to leave it out of the draft.",
    "options.none": "This policy has no optional clauses.",
    "number.help": "The document number, e.g. 2026-41; otherwise a blank for the clerk.",
    "facts.legend": "local_facts",
    "facts.hint": (
        "A local figure with its source and year becomes an extra WHEREAS clause. Fill in the "
        "empty one to add a fact; clear all three boxes to remove one."
    ),
    "facts.one": "Local fact {number}",
    "facts.new": "New local fact",
    # the details
    "details.summary_new": "Details of the new {kind}",
    "details.summary": "Details of {name}",
    "details.hint": (
        "Each box is named as in a jurisdictions file. Required boxes are marked; leave the "
        "others empty for the defaults."
    ),
    "details.kind": "kind: {kind}",
    "field.required": "Required.",
    "field.lines": "One per line.",
    "field.date": "A date: YYYY-MM-DD or MM/DD/YYYY.",
    # preview
    "preview.blanks": "still blank, for the clerk to fill in: {blanks}",
    "preview.no_blanks": "Nothing is left blank.",
    "preview.legal": "Legal review",
    "preview.fallback": "no {language} translation of {files}: the English text was used",
    "preview.needs": "To see the preview, fill in: {fields}",
    "preview.fix": "To see the preview, fix the problems marked in the form.",
    "preview.failed": "The preview could not be made:",
    "preview.document": "Preview of the draft",
    "preview.updated": "Preview updated.",
    "preview.updated_blanks": "Preview updated; {count} blank(s) left.",
    "preview.not_updated": "The preview is waiting for the form to be completed.",
    # keeping answers
    "keep.hint": (
        "Download your answers to keep them or to use them with policykit generate --data "
        "FILE, and load them back here later."
    ),
    "keep.file_label": "Answers file",
    "keep.file_help": "A .yaml file downloaded with Download answers.",
    "keep.save_hint": "Adds this jurisdiction to {file}, or replaces the entry with its id.",
    "keep.save_bundled": (
        "The example data bundled with policykit cannot be changed here: start the app with "
        "--data FILE to save into your own jurisdictions file."
    ),
    "keep.save_csv": (
        "{file} is a spreadsheet (CSV): edit it in the spreadsheet, or start the app with a "
        "YAML file (--data FILE) to save from here."
    ),
    "answers.header": (
        "policykit answers: one jurisdiction, in the format of a jurisdictions file.\n"
        'Load it back with "Load answers" in policykit serve, or use it on the command line:\n'
        "  policykit generate {policy} {id} --data {file}"
    ),
    "answers.incomplete": "Incomplete: fill in what is missing before generating from it.",
    # outcomes
    "summary.heading": "There is a problem",
    "summary.heading_many": "There are {count} problems",
    "summary.intro": "Nothing you typed was lost. Fix these and try again:",
    "saved": "Saved {id} to {file}.",
    "saved.backup": "Saved {id} to {file}; the previous file is kept as {backup}.",
    "loaded": "Loaded the answers for {id}.",
    "loaded.no_id": "Loaded the answers from the file.",
    "load.failed": "The answers file could not be loaded: {reason}",
    "load.missing": "Choose an answers file first.",
    "save.refused": "Nothing was saved: {reason}",
    "stale": (
        "This page is older than the server, which has been restarted since, so nothing was "
        "done. Your answers are all below: press the button again."
    ),
    "stale.load": (
        "This page is older than the server, which has been restarted since, so the file was "
        "not loaded: choose it again and press Load answers."
    ),
    "data.problems": "The data file has problems; those entries are left out of the menu:",
    "data.missing": "{file} does not exist yet: the first save creates it.",
    "unknown.policy": "unknown policy '{id}'",
    "unknown.language": "unknown language '{code}'",
    # kinds, as menus name them
    "kind.city": "city",
    "kind.county": "county",
    "kind.city_county": "city and county",
    "kind.school_board": "school board",
    # error pages
    "error.title": "Something went wrong",
    "error.400": (
        "This server answers only at its own address, such as http://127.0.0.1:8000/ (a page "
        "elsewhere tried to reach it under another name)."
    ),
    "error.403": (
        "This form has expired (the server was restarted, or the page came from another "
        "site), so nothing was done."
    ),
    "error.404": "There is no page at this address.",
    "error.405": "This address does not take that kind of request.",
    "error.413": "That was too much data for one request (an answers file is a few kilobytes).",
    "error.500": "The server failed to handle this request; the details are in its terminal.",
    "error.back": "Back to the start",
    # help for fields the models do not describe
    "help.id": (
        "Letters a-z, digits and hyphens, used in file names, e.g. san-jose-ca. Leave it empty "
        "to make one from the name and state."
    ),
    "help.name": 'The official name as printed after "the": City of San José.',
    "help.state": "The two-letter USPS code: CA.",
    "help.body": "The legislative body: City Council, Board of Supervisors, Board of Education.",
    "help.presiding_officer": "Who signs: the mayor, chair or board president.",
    "help.clerk": "Who attests the signature and certifies the vote.",
    "help.page": "Page setup.",
    "help.page.margin_in": "Page margins in inches, from 0.5 to 2; 1 if empty.",
    "help.officer.title": "The office, e.g. Mayor, Chair of the Board of Supervisors, City Clerk.",
    "help.officer.name": "The person's name as it is to be printed.",
    "help.local_facts.text": "The fact, as the clause will state it.",
    "help.local_facts.source": "Where it comes from, so the draft can be checked.",
    "help.local_facts.year": "The year of the figure, e.g. 2024.",
}

MESSAGES: dict[str, Mapping[str, str]] = {"en": ENGLISH_UI}
"""Interface text per language code; English is complete, others may be partial."""


def message(ui: str, key: str, /, **values: object) -> str:
    """The text for `key` in interface language `ui` (or English), with `values` filled in."""
    text = MESSAGES.get(ui, ENGLISH_UI).get(key)
    if text is None:
        text = ENGLISH_UI[key]
    return text.format(**values) if values else text


def has_message(ui: str, key: str, /) -> bool:
    """Whether `key` has text in interface language `ui` or in English."""
    return key in MESSAGES.get(ui, {}) or key in ENGLISH_UI


def ui_language(accept_language: str | None) -> str:
    """The interface language a browser asks for, among those with messages; else English."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in MESSAGES:
            return code
    return "en"
