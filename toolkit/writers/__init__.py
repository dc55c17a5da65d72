"""Writers turn a `Document` into bytes of one format; they know nothing of Jinja or YAML."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from toolkit.document.model import Document
from toolkit.errors import PolicykitError, UsageError
from toolkit.limits import RenderLimitError, render_limits

FORMATS: tuple[str, ...] = ("docx", "pdf", "html")
"""Every output format, in the order menus list them."""


def check_formats(formats: Sequence[str]) -> list[str]:
    """The requested formats de-duplicated in the user's order; an unknown one is an error."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'; expected one of: {', '.join(FORMATS)}")
    if not formats:
        raise UsageError(f"no format requested; expected one or more of: {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def writer_for(fmt: str) -> Callable[[Document], bytes]:
    """The function that writes `fmt`; imported lazily so `list` never loads WeasyPrint."""
    check_formats([fmt])
    if fmt == "docx":
        from toolkit.writers.docx import write_docx

        return write_docx
    if fmt == "pdf":
        from toolkit.writers.pdf import write_pdf

        return write_pdf
    from toolkit.writers.html import write_html

    return write_html


def to_bytes(document: Document, fmt: str) -> bytes:
    """`document` written as `fmt` (docx, pdf or html), in memory, within the render limits.

    A template decides how much text the layout must place, so the layout gets the same time
    and memory limits as the template itself, on whichever thread or process runs it.
    """
    write = writer_for(fmt)
    try:
        with render_limits():
            return write(document)
    except RenderLimitError as exc:
        p = document.provenance
        raise PolicykitError(
            f"writing {fmt.upper()} for '{p.jurisdiction_id}' ({p.policy_id}) stopped: it {exc}"
        ) from None
