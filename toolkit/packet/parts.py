"""The parts of the aide's packet: names, layouts and what each part needs."""

from __future__ import annotations

from typing import Literal, get_args

from toolkit.errors import UsageError
from toolkit.output.paths import DRAFT
from toolkit.templating.files import LAYOUTS

Part = Literal["draft", "brief", "staff-report", "press-release", "comment-letter", "cover-letter"]
PARTS: tuple[Part, ...] = get_args(Part)
"""Every part, in the order the packet lists them."""
PACKET = "packet"
"""Not a document: the zip of every part, named `<id>_<policy>_packet.zip`."""
LETTER = "cover-letter"
"""The one part made once per recipient."""

LAYOUT_OF: dict[str, str] = {
    "brief": f"{LAYOUTS}/brief.j2",
    "staff-report": f"{LAYOUTS}/staff_report.j2",
    "press-release": f"{LAYOUTS}/press_release.j2",
    "comment-letter": f"{LAYOUTS}/comment_letter.j2",
    LETTER: f"{LAYOUTS}/cover_letter.j2",
}
"""The layout each part other than the draft renders through."""

assert set(LAYOUT_OF) == set(PARTS) - {DRAFT}


def check_part(part: str, recipient: str | None) -> None:
    """Refuse an unknown part, and a recipient on a part that is not a letter."""
    if part not in PARTS:
        raise UsageError(f"unknown part '{part}' (parts: {', '.join(PARTS)})")
    if recipient is not None and part != LETTER:
        raise UsageError(f"only a {LETTER} has a recipient, not a {part}")
