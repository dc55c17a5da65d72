"""American spelling in the English sources: a draft for a US council must not read "honoured".

`validate` reads every English source (bodies, layouts, policy.yaml, the shared data) for the
British spellings a writer is most likely to type, and names each as `file:line`, with the
American form. Translations are not read: they are in other languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from toolkit.errors import Problem

AMERICAN: dict[str, str] = {
    r"model(l)(ed|ing)": "model{2}",
    r"travel(l)(ed|ing|er|ers)": "travel{2}",
    r"cancel(l)(ed|ing)": "cancel{2}",
    r"counsel(l)(ed|ing|or|ors)": "counsel{2}",
    r"label(l)(ed|ing)": "label{2}",
    r"(hon|lab|fav|neighb|col|behavi|harb|rum|endeav)our(s|ed|ing|able|hood|hoods)?": "{1}or{2}",
    r"(organ|recogn|author|priorit|critic|emphas|minim|maxim|util|summar|apolog|final|real|categor)"
    r"is(e|ed|es|ing|ation|ations)": "{1}iz{2}",
    r"(cent|met|theat)re(s)?": "{1}er{2}",
    r"licence(s)?": "license{1}",
    r"defence(s)?": "defense{1}",
    r"offence(s)?": "offense{1}",
    r"programme(s)?": "program{1}",
    r"enrolment(s)?": "enrollment{1}",
    r"judgement(s)?": "judgment{1}",
    r"fulfil(s|ment)?": "fulfill{1}",
    r"analys(e|ed|es|ing)": "analyz{1}",
    r"per cent": "percent",
    r"whilst": "while",
}
"""British spellings (regular expressions over whole words) and their American forms."""

_PATTERN = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in AMERICAN) + r")\b", re.IGNORECASE)


def american(word: str) -> str:
    """The American spelling of a British one that `_PATTERN` found."""
    for pattern, template in AMERICAN.items():
        found = re.fullmatch(pattern, word, re.IGNORECASE)
        if found:
            groups = [found[0], *(group or "" for group in found.groups())]
            return template.format(*groups)
    return word


MESSAGING_KEYS = ("talking_points", "questions")
"""Keys of policy.yaml written for the messaging brief, which another workflow maintains: their
British spellings are reported as warnings, the rest of the file's as errors."""


def british_spellings(
    paths: Iterable[Path], *, keys: tuple[str, ...] | None = None
) -> Iterator[Problem]:
    """Each British spelling in the files, as `file:line: 'honoured': use American spelling ...`.

    With `keys`, only lines under those top-level YAML keys; without, every line except those
    under `MESSAGING_KEYS` of a policy.yaml.
    """
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        top = ""
        for number, line in enumerate(lines, start=1):
            if line[:1].isalpha() and ":" in line:
                top = line.split(":", 1)[0]
            wanted = top in keys if keys is not None else top not in MESSAGING_KEYS
            if not wanted:
                continue
            for found in _PATTERN.finditer(line):
                word = found[0]
                message = f"'{word}': use American spelling, '{american(word)}'"
                yield Problem(str(path), message, number)
