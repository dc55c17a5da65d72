"""Stage 3: the rendered markup parsed and assembled into the one `Document` every writer reads."""

from toolkit.document.model import Block, Document, Provenance, Run

__all__ = ["Block", "Document", "Provenance", "Run"]
