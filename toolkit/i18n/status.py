"""Where each translation stands: reviewed, draft, stale or missing.

- missing: no entry, or an empty translation;
- stale: the English changed since the translation was made (its recorded hash differs);
- draft: translated from the current English, not yet reviewed (machine or human draft);
- reviewed: translated from the current English and approved by a named reviewer.

Only `reviewed` text may appear in a document without the "not yet reviewed" notice; `missing` and
`stale` text never appears at all, unless English is asked for in its place, marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toolkit.i18n.catalog import Catalog, Entry
from toolkit.i18n.segments import source_hash
from toolkit.i18n.sources import Source, Unit

Status = Literal["reviewed", "draft", "stale", "missing"]
STATUSES: tuple[Status, ...] = ("reviewed", "draft", "stale", "missing")


@dataclass(frozen=True)
class State:
    """One source in one language: its English, its catalog entry (if any) and its status."""

    source: Source
    entry: Entry | None
    status: Status

    @property
    def usable(self) -> bool:
        """Whether the translation may stand in the document (possibly as a draft)."""
        return self.status in ("reviewed", "draft")


def status_of(source: Source, entry: Entry | None) -> Status:
    """The status of `entry` as a translation of `source`."""
    if entry is None or not entry.translation.strip():
        return "missing"
    recorded = entry.source_hash or source_hash(entry.english)
    if recorded != source.hash:
        return "stale"
    return "reviewed" if entry.reviewed else "draft"


def states(unit: Unit, catalog: Catalog) -> dict[str, State]:
    """Every source of the unit with its status in the catalog's language, in source order."""
    return {
        seg_id: State(
            source, catalog.entries.get(seg_id), status_of(source, catalog.entries.get(seg_id))
        )
        for seg_id, source in unit.sources.items()
    }


def obsolete(unit: Unit, catalog: Catalog) -> list[Entry]:
    """Entries for segments that no longer exist in the English."""
    return [entry for seg_id, entry in catalog.entries.items() if seg_id not in unit.sources]
