"""The languages a document can be rendered in, defined once for every stage that needs one.

The code (`es`) names catalogs (`locales/es.po`) and output files (`riverbend-ca_ice-out.es.pdf`)
and is the HTML `lang` (hence the PDF's /Lang); the locale drives Babel's dates, numbers and lists;
the tag goes into Word's `w:lang`.
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
    native: str = ""
    """The language's own name, for a bilingual document's column heading: 'Español'."""


ENGLISH = Language(code="en", name="English", locale="en_US", tag="en-US", native="English")
"""The source language: every template exists in English; translations fall back to it."""

LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        ENGLISH,
        Language(code="es", name="Spanish", locale="es_US", tag="es-US", native="Español"),
        Language(
            code="zh-Hant",
            name="Traditional Chinese",
            locale="zh_Hant_TW",
            tag="zh-TW",
            native="繁體中文",
        ),
        Language(code="tl", name="Tagalog", locale="fil_PH", tag="fil-PH", native="Tagalog"),
        Language(code="vi", name="Vietnamese", locale="vi_VN", tag="vi-VN", native="Tiếng Việt"),
        Language(code="ko", name="Korean", locale="ko_KR", tag="ko-KR", native="한국어"),
    )
}
"""Spanish is translated in full; the others are prepared (empty catalogs, fonts, dates) and wait
for translators: `policykit translations` reports them at 0%."""


def get_language(code: str) -> Language:
    """The language with this code, or an error listing the known codes."""
    try:
        return LANGUAGES[code]
    except KeyError:
        known = ", ".join(f"{c} ({language.name})" for c, language in LANGUAGES.items())
        raise UsageError(f"unknown language '{code}'; expected one of: {known}") from None
