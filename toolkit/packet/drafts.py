"""The draft each part of a packet names, rendered once per thread, not once per part.

A staff report, a brief and a letter all read the draft they accompany (its number, what it
cites); rendering it again for each would double the cost of a packet and of `validate`. The last
draft rendered on each thread is kept, keyed by everything it is made from; the web app's render
threads and the batch's workers each keep their own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping

from toolkit.data.models import JurisdictionBase
from toolkit.document.model import Document
from toolkit.templating.policies import Policy

_LAST = threading.local()


def key(
    owner: object,
    policy: Policy,
    jurisdiction: JurisdictionBase,
    options: Mapping[str, bool],
    language: str,
    fallback_english: bool,
) -> tuple[object, ...]:
    """Everything a draft is made from (`owner`: the catalogue that renders it)."""
    return (
        id(owner),
        policy.id,
        jurisdiction.model_dump_json(),
        json.dumps(dict(options), sort_keys=True),
        language,
        fallback_english,
    )


def remember(draft_key: tuple[object, ...], document: Document) -> None:
    """Keep `document` as this thread's last draft."""
    _LAST.entry = (draft_key, document)


def recall(draft_key: tuple[object, ...]) -> Document | None:
    """The last draft of the calling thread, if it was made from exactly these inputs."""
    entry = getattr(_LAST, "entry", None)
    if entry is not None and entry[0] == draft_key:
        document: Document = entry[1]
        return document
    return None
