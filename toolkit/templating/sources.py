"""Fingerprint what a policy is made of, so a batch can tell when an output is stale."""

from __future__ import annotations

import hashlib

from toolkit.templating.catalogue import Catalogue
from toolkit.templating.files import LAYOUTS, SHARED
from toolkit.templating.policies import Policy
from toolkit.templating.sandbox import refuse_outside


def policy_source_hash(catalogue: Catalogue, policy: Policy) -> str:
    """SHA-256 over the policy's folder, the shared layouts and the shared data, in name order.

    Editing one policy re-renders only that policy; editing a layout or shared data re-renders all.
    """
    digest = hashlib.sha256()
    roots = [policy.folder, catalogue.templates / LAYOUTS, catalogue.templates / SHARED]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            refuse_outside(catalogue.templates, path)  # a link to /dev/zero would never end
            digest.update(path.relative_to(catalogue.templates).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
