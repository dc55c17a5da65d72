"""What changes with the language besides the words: dates, numbers, money, lists and names.

Dates, numbers, currency and lists go through Babel in the language's US locale (`es_US`:
"9 de diciembre de 2026", "1.234,5"... as US Spanish writes them). Names of the jurisdiction, its
body and its officers come from the data: a jurisdiction's `translations:` gives them; without it
they stay as written, as proper names. Its own prose (local facts, extra recitals) without a
translation stays in English too, but marked, and the document says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup

from toolkit.data.models import TRANSLATABLE_NAMES, JurisdictionBase
from toolkit.languages import ENGLISH, Language

FALLBACK_START = "\x0e"
FALLBACK_END = "\x0f"
"""Around English standing in for a translation: control characters, which data and template
output can never hold, so the document model can mark exactly that text."""

_ENGLISH_LANGUAGE_NAMES = {
    name.casefold(): code for code, name in Locale.parse("en").languages.items() if "_" not in code
}


def marked(text: str) -> str:
    """English text standing in for a translation, marked for the document model."""
    return f"{FALLBACK_START}{text}{FALLBACK_END}"


def unmarked(text: str) -> str:
    """The text without fallback markers, for places that cannot show them (a lead, a footer)."""
    return text.replace(FALLBACK_START, "").replace(FALLBACK_END, "")


def long_date(value: dt.date | str | None, language: Language) -> str | None:
    """Dates as a clerk writes them ('December 9, 2026'), in the document's language (Babel)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if value is None:
        return None
    return str(format_date(value, format="long", locale=language.locale))


_SPANISH_CONTRACTION = re.compile(r"\b([Dd]e|[Aa]) el\b")


def contractions(text: str, language: Language) -> str:
    """Spanish text with "de el" and "a el" contracted to "del" and "al".

    A slot's article after a preposition needs it ("de {the_body}": "del Concejo Municipal").
    Only the article "el" in lower case: "de El Salvador" and "a él" are left alone. Other
    languages are unchanged; markup stays markup.
    """
    if language.code != "es":
        return text
    result = _SPANISH_CONTRACTION.sub(r"\1l", str(text))  # de el -> del, A el -> Al
    return Markup(result) if isinstance(text, Markup) else result


def filters(language: Language) -> dict[str, Callable[..., Any]]:
    """The locale-aware filters every template has.

    long_date, number, currency, and_list, and contractions (Spanish "de el" as "del").
    """

    def number(value: int | float | str) -> str:
        return str(format_decimal(Decimal(str(value)), locale=language.locale))

    def currency(value: int | float | str, code: str = "USD") -> str:
        return str(format_currency(Decimal(str(value)), code, locale=language.locale))

    def and_list(items: Iterable[object]) -> str:
        words = [str(item) for item in items]
        if language == ENGLISH and len(words) > 2:  # house style, as the templates write lists:
            return f"{', '.join(words[:-1])} and {words[-1]}"  # no serial comma
        return str(format_list(words, locale=language.locale))

    return {
        "long_date": lambda value: long_date(value, language),
        "number": number,
        "currency": currency,
        "and_list": and_list,
        "contractions": lambda text: contractions(text, language),
    }


def localized_jurisdiction(
    data: dict[str, Any], jurisdiction: JurisdictionBase, language: Language
) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """The jurisdiction's fields in `language`, its own word overrides, and what stays English.

    `data` is the model dumped for templates; the result is a new mapping. The third value lists
    the fields of the entry's own prose that had no translation and are shown marked.
    """
    if language == ENGLISH:
        return data, {}, []
    given = jurisdiction.translations.get(language.code, {})
    result = {**data}
    for path in TRANSLATABLE_NAMES:
        text = given.get(path)
        if isinstance(text, str):
            _set(result, path, text)
    if "short_name" not in given and isinstance(given.get("name"), str):
        result["short_name"] = jurisdiction.short_name or given["name"]
    delegation = given.get("congressional_delegation")
    if isinstance(delegation, list):
        result["congressional_delegation"] = list(delegation)
    languages = given.get("languages")
    result["languages"] = (
        list(languages)
        if isinstance(languages, list)
        else [_language_name(name, language) for name in jurisdiction.languages]
    )
    kept: list[str] = []
    facts = given.get("local_facts")
    result["local_facts"] = [
        {**fact, "text": facts[index] if isinstance(facts, list) else marked(fact["text"])}
        for index, fact in enumerate(data["local_facts"])
    ]
    if not isinstance(facts, list):
        kept += [f"local_facts[{index}]" for index in range(len(data["local_facts"]))]
    recitals = given.get("extra_recitals")
    if isinstance(recitals, list):
        result["extra_recitals"] = list(recitals)
    else:
        result["extra_recitals"] = [marked(text) for text in data["extra_recitals"]]
        kept += [f"extra_recitals[{index}]" for index in range(len(data["extra_recitals"]))]
    clause = data.get("enacting_clause")
    if clause and not isinstance(given.get("enacting_clause"), str):  # the charter's own words
        result["enacting_clause"] = marked(clause)
        kept.append("enacting_clause")
    terms = {
        path.removeprefix("terms."): text
        for path, text in given.items()
        if path.startswith("terms.") and isinstance(text, str)
    }
    return result, terms, kept


def _set(data: dict[str, Any], path: str, text: str) -> None:
    first, _, rest = path.partition(".")
    if not rest:
        if first in data:
            data[first] = text
        return
    inner = data.get(first)
    if isinstance(inner, dict):
        data[first] = {**inner, rest: text}


def _language_name(name: str, language: Language) -> str:
    """'Spanish' as the language calls it ('español'), when Babel knows the English name."""
    code = _ENGLISH_LANGUAGE_NAMES.get(name.strip().casefold())
    if code is None:
        return name
    return str(Locale.parse(language.locale).languages.get(code, name))
