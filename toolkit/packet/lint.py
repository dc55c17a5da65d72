"""What `validate` renders of each policy's packet, besides its draft and brief.

The brief carries every claim, so it is rendered for every kind, as the draft is. The other parts
share their layouts across policies: each policy's are rendered for one kind, taken in turn
(city, then county, city-county, school board, as the policies come), so that every kind's
branches of the layouts are rendered by some policy while `validate` stays quick.
"""

from __future__ import annotations

from toolkit.data.models import JurisdictionBase
from toolkit.packet.officials import recipients
from toolkit.packet.parts import LETTER, PARTS
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.policies import Policy


def packet_kind(catalogue: Catalogue, policy: Policy) -> str:
    """The kind of sample this policy's staff report, letters and release are rendered for."""
    index = list(catalogue.policies).index(policy.id)
    return policy.meta.kinds[index % len(policy.meta.kinds)]


def sample_parts(
    catalogue: Catalogue, policy: Policy, sample: JurisdictionBase, *, brief: bool = False
) -> list[tuple[str, str | None]]:
    """The parts to render for `sample`, as (part, recipient); the brief only if `brief`.

    Cover letters: one to each kind of recipient, a subcommittee leader and, when the sample has
    a delegation, a member of it.
    """
    found: list[tuple[str, str | None]] = [("brief", None)] if brief else []
    if sample.kind != packet_kind(catalogue, policy):
        return found
    found += [(part, None) for part in PARTS if part not in ("draft", "brief", LETTER)]
    if policy.meta.cover_letters:
        seen: set[bool] = set()
        for recipient in recipients(catalogue.templates, sample):
            if recipient.subcommittee not in seen:
                seen.add(recipient.subcommittee)
                found.append((LETTER, recipient.id))
    return found
