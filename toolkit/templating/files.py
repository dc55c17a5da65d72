"""Where things live in a templates folder: every file name policykit reads, defined once.

templates/<resolutions|ordinances>/<policy-id>/policy.yaml   metadata
templates/<resolutions|ordinances>/<policy-id>/body.j2       the English body
templates/<resolutions|ordinances>/<policy-id>/body.es.j2    its Spanish translation
templates/_layouts/*.j2                                      shared frames and the brief
templates/_shared/*.yaml                                     states, facts, terms, phrases
templates/_scaffold/                                         what `new-policy` copies
"""

from __future__ import annotations

from toolkit.languages import ENGLISH

POLICY_FILE = "policy.yaml"
LAYOUTS = "_layouts"
SHARED = "_shared"
SCAFFOLD = "_scaffold"
BRIEF_LAYOUT = f"{LAYOUTS}/brief.j2"
"""The messaging brief's layout; every policy's talking points render through it."""
SAMPLES = f"{SHARED}/samples.yaml"
"""Sample jurisdictions of every kind that the linter renders each policy for."""
STATES = f"{SHARED}/states.yaml"
FACTS = f"{SHARED}/facts.yaml"

DOCUMENT_TYPES: dict[str, str] = {"resolution": "resolutions", "ordinance": "ordinances"}
"""Document type -> the folder under templates/ that holds policies of that type."""


def body_file(language: str = ENGLISH.code) -> str:
    """A policy's body in `language`: `body.j2` for English, `body.es.j2` for Spanish."""
    return "body.j2" if language == ENGLISH.code else f"body.{language}.j2"


def shared_file(stem: str, language: str) -> str:
    """A translatable shared file, e.g. `_shared/phrases.es.yaml`."""
    return f"{SHARED}/{stem}.{language}.yaml"
