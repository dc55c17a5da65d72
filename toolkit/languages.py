"""The languages a document can be rendered in, defined once for every stage that needs one.

The code (`es`) names translated template files (`body.es.j2`, `phrases.es.yaml`) and output files
(`riverbend-ca_ice-out.es.pdf`) and is the HTML `lang` (hence the PDF's /Lang); the locale drives
Babel's dates; the tag goes into Word's `w:lang`.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.errors import UsageError


@dataclass(frozen=True)
class Language:
    """One language policykit can write."""

    code: str
    name: str
    """In English, for messages: 'Spanish'."""
    locale: str
    """Babel's locale for dates and numbers: US usage, since the readers are US residents."""
    tag: str
    """BCP 47 tag for Word's proofing language."""


ENGLISH = Language(code="en", name="English", locale="en_US", tag="en-US")
"""The source language: every template exists in English; translations fall back to it."""

LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (ENGLISH, Language(code="es", name="Spanish", locale="es_US", tag="es-US"))
}


def get_language(code: str) -> Language:
    """The language with this code, or an error listing the known codes."""
    try:
        return LANGUAGES[code]
    except KeyError:
        known = ", ".join(f"{c} ({language.name})" for c, language in LANGUAGES.items())
        raise UsageError(f"unknown language '{code}'; expected one of: {known}") from None
