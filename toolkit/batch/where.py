"""`--where FIELD=VALUE` filters: which jurisdictions of a file a batch takes."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from toolkit.data.models import KINDS, JurisdictionBase
from toolkit.errors import UsageError
from toolkit.templating.variables import jurisdiction_variables


def parse_where(pairs: Sequence[tuple[str, str]]) -> Callable[[JurisdictionBase], bool]:
    """A filter from `(field, value)` pairs, compared without regard to case.

    Different fields must all match; the same field given twice matches either value
    (kind=city, kind=county). A list field matches when it contains the value; a field the
    jurisdiction does not have never matches.
    """
    known = {v.path.removeprefix("j.") for kind in KINDS for v in jurisdiction_variables(kind)}
    wanted: dict[str, set[str]] = {}
    for dotted, value in pairs:
        if dotted not in known:
            raise UsageError(f"filter on '{dotted}': no such field")
        wanted.setdefault(dotted, set()).add(value.casefold())

    def matches(jurisdiction: JurisdictionBase) -> bool:
        data = jurisdiction.model_dump(mode="json")
        return all(_field_values(data, dotted) & values for dotted, values in wanted.items())

    return matches


def _field_values(data: dict[str, Any], dotted: str) -> set[str]:
    value: Any = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    items = value if isinstance(value, list) else [value]
    return {
        json.dumps(item) if isinstance(item, bool) else str(item).casefold()
        for item in items
        if item is not None
    }
