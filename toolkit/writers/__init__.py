"""Writers turn a `Document` into bytes of one format; they know nothing of Jinja or YAML."""

from __future__ import annotations

from collections.abc import Callable

from toolkit.document import Document

FORMATS: tuple[str, ...] = ("docx", "pdf", "html")


def writer_for(fmt: str) -> Callable[[Document], bytes]:
    """The function that writes `fmt`; imported lazily so `list` never loads WeasyPrint."""
    if fmt == "docx":
        from toolkit.writers.docx import write_docx

        return write_docx
    if fmt == "pdf":
        from toolkit.writers.pdf import write_pdf

        return write_pdf
    if fmt == "html":
        from toolkit.writers.html import write_html

        return write_html
    raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
